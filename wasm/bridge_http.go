//go:build js && wasm

package main

import (
	"strconv"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/totp"
)

// authJSON is how a call names its credential (buildRequest's auth, apiAuth's
// answer): the method, the user, the token, hash or password, and for Basic an
// optional 2FA secret whose current code goes in X-CPANEL-OTP.
type authJSON struct {
	Method authheader.Method `json:"method"`
	User   string            `json:"user,omitempty"`
	Secret string            `json:"secret"`
	OTP    *otpJSON          `json:"otp,omitempty"`
}

// headers builds the authentication headers of the method named (authheader
// decides which header), with X-CPANEL-OTP from the 2FA secret when given,
// its code at c's time and server clock offset.
func (a authJSON) headers(c clock) (authheader.Result, error) {
	at, offset, err := c.both()
	if err != nil {
		return authheader.Result{}, err
	}
	if !a.Method.Valid() {
		return authheader.Result{}, badInput("method: expects whm-token, cpanel-token, access-hash or basic, got " + strconv.Quote(string(a.Method)))
	}
	r, err := authheader.ForMethod(a.Method, a.User, a.Secret)
	if err != nil || a.OTP == nil {
		return r, err
	}
	code, err := totp.Code(a.OTP.Secret, at, a.OTP.options(offset))
	if err != nil {
		return r, err
	}
	return r.WithOTP(code)
}

// accountCall is what a request to a server with a credential names: the
// server's base URL, the cPanel account it acts as or on, the credential, and
// the clock a 2FA code in it is computed at.
type accountCall struct {
	clock
	BaseURL string    `json:"baseURL"`
	User    string    `json:"user"`
	Auth    *authJSON `json:"auth"`
}

// authHeaders is the credential's headers: none without one.
func (a accountCall) authHeaders() ([]authheader.Header, error) {
	if a.Auth == nil {
		return nil, nil
	}
	r, err := a.Auth.headers(a.clock)
	return r.Headers, err
}

// argValue accepts a string or a number as an argument value.
func argValue(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	}
	return "", false
}

// fetchRequest is a cpapi.Request as the worker's fetch reads it.
type fetchRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	Headers     []headerJSON `json:"headers"`
	Body        string       `json:"body,omitempty"`
	ContentType string       `json:"contentType,omitempty"`
	// Redirect is fetch's redirect mode.
	Redirect string `json:"redirect,omitempty"`
}

type headerJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func toFetchRequest(r cpapi.Request, redirect string) fetchRequest {
	out := fetchRequest{Method: r.Method, URL: r.URL, Headers: make([]headerJSON, 0, len(r.Headers)),
		Body: r.Body, ContentType: r.ContentType, Redirect: redirect}
	for _, h := range r.Headers {
		out.Headers = append(out.Headers, headerJSON{h.Name, h.Value})
	}
	return out
}

func init() {
	register("buildRequest", func(in struct {
		accountCall
		Family   string  `json:"family"`
		Module   string  `json:"module"`
		Function string  `json:"function"`
		Args     [][]any `json:"args"`
		Cpsess   string  `json:"cpsess"`
	}) (any, error) {
		f, err := cpapi.ParseFamily(in.Family)
		if err != nil {
			return nil, err
		}
		call := cpapi.Call{Family: f, Module: in.Module, Function: in.Function, User: in.User, Args: make([]cpapi.Arg, len(in.Args))}
		for i, kv := range in.Args {
			k, kok := "", len(kv) == 2
			v := ""
			if kok {
				k, kok = kv[0].(string)
				var vok bool
				v, vok = argValue(kv[1])
				kok = kok && vok
			}
			if !kok {
				return nil, badInput("args." + strconv.Itoa(i) + ": expects [key, value] with a string key and a string or number value")
			}
			call.Args[i] = cpapi.Arg{Key: k, Value: v}
		}
		req, err := cpapi.BuildRequest(in.BaseURL, call, in.Cpsess)
		if err != nil {
			return nil, err
		}
		auth, err := in.authHeaders()
		if err != nil {
			return nil, err
		}
		req.Headers = append(req.Headers, auth...)
		return toFetchRequest(req, ""), nil
	})

	registerField("extractCpsess", "token", func(in struct {
		URL string `json:"url"`
	}) (string, error) {
		return cpapi.ExtractCpsess(in.URL)
	})
}
