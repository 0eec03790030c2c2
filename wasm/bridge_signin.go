//go:build js && wasm

package main

import (
	"time"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
)

// signinStep is a signin.Step as the worker reads it (docs/architecture.md,
// "A sign-in step").
type signinStep struct {
	Kind          string        `json:"kind"`
	Request       *fetchRequest `json:"request,omitempty"`
	State         string        `json:"state,omitempty"`
	URL           string        `json:"url,omitempty"`
	Code          string        `json:"code,omitempty"`
	Message       string        `json:"message,omitempty"`
	Advice        string        `json:"advice,omitempty"`
	OpenURL       string        `json:"openURL,omitempty"`
	Params        []string      `json:"params,omitempty"`
	OffsetSeconds float64       `json:"offsetSeconds"`
}

func toSigninStep(s signin.Step) signinStep {
	out := signinStep{Kind: string(s.Kind), State: s.State, URL: s.URL, OffsetSeconds: s.Offset.Seconds()}
	if s.Kind == signin.Fetch {
		r := toFetchRequest(s.Request, "manual") // signin: a credential goes only where Start sent it
		out.Request = &r
	}
	if f := s.Failure; f != nil {
		out.Code, out.Message, out.Advice, out.OpenURL, out.Params = f.Code, f.Message, f.Advice, f.OpenURL, f.Params
	}
	return out
}

func init() {
	register("signinStart", func(in struct {
		clock
		Service string `json:"service"`
		Method  string `json:"method"`
		BaseURL string `json:"baseURL"`
		User    string `json:"user"`
		Secret  string `json:"secret"`
		WHMUser string `json:"whmUser"`
		Account string `json:"account"`
		App     string `json:"app"`
		GotoURI string `json:"gotoURI"`
		TOTP    *struct {
			Secret string `json:"secret"`
			otpParams
		} `json:"totp"`
	}) (any, error) {
		at, offset, err := in.both()
		if err != nil {
			return nil, err
		}
		service, err := endpoint.ParseService(in.Service)
		if err != nil {
			return nil, err
		}
		r := signin.Request{Service: service, Method: signin.Method(in.Method), Server: in.BaseURL, User: in.User,
			Secret: in.Secret, WHMUser: in.WHMUser, Account: in.Account, App: in.App, GotoURI: in.GotoURI, Offset: offset}
		if in.TOTP != nil && in.TOTP.Secret != "" {
			r.TOTP = &signin.TOTP{Secret: in.TOTP.Secret, Options: in.TOTP.options(0)}
		}
		return toSigninStep(signin.Start(r, at)), nil
	})

	registerNext("signinNext", func(state string, r signin.Response, at time.Time) any {
		return toSigninStep(signin.Next(state, r, at))
	})
}

// registerNext adds a step machine's Next (signin's, tfaenroll's) to the API
// as name: it takes the opaque state, the worker's fetched answer and the
// clock, and gives the next step.
func registerNext(name string, next func(state string, r signin.Response, at time.Time) any) {
	register(name, func(in struct {
		clock
		State    string  `json:"state"`
		Response fetched `json:"response"`
	}) (any, error) {
		at, err := in.at()
		if err != nil {
			return nil, err
		}
		return next(in.State, in.Response.response(), at), nil
	})
}

// fetched is what the worker's gated fetch (extension/net.js) hands back for
// one step of a login or an enrolment: the engine reads it and says what next.
type fetched struct {
	Status       int               `json:"status"`
	Headers      map[string]string `json:"headers"`
	Body         string            `json:"body"`
	Type         string            `json:"type"` // "opaqueredirect" when a redirect was stopped for the engine to check
	NetworkError string            `json:"networkError"`
	Truncated    bool              `json:"truncated"`
}

// response is f as the step machines read it (signin.Response, which
// tfaenroll shares).
func (f fetched) response() signin.Response {
	return signin.Response{Status: f.Status, Date: f.Headers["date"], Location: f.Headers["location"],
		Body: []byte(f.Body), Redirected: f.Type == "opaqueredirect", NetworkError: f.NetworkError, Truncated: f.Truncated}
}
