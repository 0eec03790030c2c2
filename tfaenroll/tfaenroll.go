// Package tfaenroll sets up two-factor authentication for a cPanel account an
// admin manages, and reads which accounts have it on.
//
// Enrolment is a step machine with no I/O, like the sign-in flows: the caller
// (the extension's worker) sends each request with the server's WHM
// credential and hands back the answer. Through WHM API 1 uapi_cpanel, as the
// account, it calls UAPI TwoFactorAuth (§5;
// https://api.docs.cpanel.net/openapi/cpanel/operation/generate_user_configuration/):
//
//  1. generate_user_configuration: a new secret and its otpauth URI;
//  2. set_user_configuration with the secret and a code the engine computes
//     from it (after checking that the code verifies against the URI's
//     parameters, which must be cPanel's: SHA1, 6 digits, 30 s), at the
//     server's clock; a refused code is retried once when the server's Date
//     header shows the clocks disagree;
//  3. get_user_configuration, which must now say is_enabled.
//
// The result is the secret and URI to store in the vault. Threat model: the
// state and the requests carry the secret and the WHM credential; no Failure
// contains either.
package tfaenroll

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/totp"
)

// Request says whose 2FA to set up, on which server, with which credential.
type Request struct {
	// WHMBase is the server's WHM base URL, e.g. https://host:2087.
	WHMBase string
	// Auth holds the WHM credential's headers (root, or the reseller that
	// owns the account): vaultops.WHMAuth and authheader make them.
	Auth []authheader.Header
	// User is the cPanel account.
	User string
	// Offset is the server's clock minus ours, as learnt earlier.
	Offset time.Duration
}

// Kind says what the caller must do next.
type Kind string

// The kinds of step.
const (
	Fetch Kind = "fetch" // send Step.Request, then call Next with the answer
	Done  Kind = "done"  // 2FA is on: store Step.Result
	Fail  Kind = "fail"  // stop and show Step.Failure
)

// Step is what to do next.
type Step struct {
	Kind    Kind
	Request cpapi.Request
	// State is opaque and holds the secret: hand it back to Next, keep it in
	// memory only.
	State   string
	Result  *Result
	Failure *Failure
	// Offset is the server clock offset the flow worked with.
	Offset time.Duration
}

// Result is the enrolled secret, to store with the account.
type Result struct {
	Secret string      // base32, as cPanel made it
	URI    string      // the otpauth://totp/ URI cPanel returned
	Key    otpauth.Key // the URI read: issuer, account, secret, parameters
}

// Failure explains a failed enrolment; no field holds a secret.
type Failure struct {
	Code, Message, Advice string
	// Params are the variable parts of Message (a server's address, a user
	// name), which the pages' catalog shows in the translation of Code.
	Params []string
}

// Response is the server's answer to a Fetch step, as the browser saw it: the
// sign-in's type, so the worker hands both step machines the same thing.
// Enrolment reads Status, Date (the server's clock), Body, Redirected (never
// followed with the credential) and NetworkError.
type Response = signin.Response

type phase string

const (
	phaseGenerate phase = "generate"
	phaseSet      phase = "set"
	phaseCheck    phase = "check"
)

type state struct {
	Phase   phase   `json:"phase"`
	Request Request `json:"request"`
	Secret  string  `json:"secret,omitempty"`
	URI     string  `json:"uri,omitempty"`
	Retried bool    `json:"retried,omitempty"`
}

// Start returns the first step: generate_user_configuration for r.User.
func Start(r Request) Step {
	if len(r.Auth) == 0 {
		return fail("credentials-missing", "panelkey holds no WHM credential for this server.",
			"Add the server's WHM API token in panelkey's options.")
	}
	return call(state{Phase: phaseGenerate, Request: r}, "generate_user_configuration", nil)
}

// Next reads the answer to the previous step and returns the next one.
func Next(stateText string, resp Response, now time.Time) Step {
	var s state
	if json.Unmarshal([]byte(stateText), &s) != nil {
		return fail("state-invalid", "The 2FA set-up state was damaged.", "Start again.")
	}
	switch {
	case resp.NetworkError != "":
		return fail("unreachable", "The server did not answer at "+s.Request.WHMBase+".", "Check that the server is up, then try again.", s.Request.WHMBase)
	case resp.Redirected || resp.Status >= 300 && resp.Status < 400:
		return fail("redirected", "WHM at "+s.Request.WHMBase+" answered with a redirect; panelkey does not follow it with the server's credential.",
			"Check the server's address (WHM is on port 2087).", s.Request.WHMBase)
	}
	r, err := cpapi.ParseResponse(cpapi.UAPICPanel, resp.Status, resp.Body)
	switch s.Phase {
	case phaseGenerate:
		return afterGenerate(s, r, err, now)
	case phaseSet:
		return afterSet(s, resp, r, err, now)
	case phaseCheck:
		return afterCheck(s, r, err)
	}
	return fail("state-invalid", "The 2FA set-up state was damaged.", "Start again.")
}

func afterGenerate(s state, r cpapi.Result, err error, now time.Time) Step {
	if err != nil {
		return serverFailure(err)
	}
	var d struct {
		URI    string `json:"otpauth_str"`
		Secret string `json:"secret"`
	}
	if json.Unmarshal(r.Data, &d) != nil {
		return fail("bad-response", "The server's new 2FA configuration could not be read.", "Try again.")
	}
	key, err := otpauth.ParseTOTP(d.URI)
	if err != nil {
		return fail("bad-response", "The server's otpauth link is not usable: "+errcode.Message(err), "Try again.")
	}
	secret, err := totp.NormalizeSecret(d.Secret)
	if err != nil || secret != key.Secret {
		return fail("bad-response", "The server's 2FA secret and its otpauth link disagree.", "Try again.")
	}
	if !cPanelParameters(key.Options()) {
		return fail("bad-response", "The server's otpauth link asks for other parameters than cPanel's (SHA1, 6 digits, 30 s).",
			"Set up 2FA in cPanel itself.")
	}
	s.Secret, s.URI = secret, d.URI
	return setCode(s, s.Request.Offset, now)
}

// cPanelParameters reports whether o is cPanel's TOTP (§5): SHA1, 6 digits,
// 30 s, which the zero values also mean.
func cPanelParameters(o totp.Options) bool {
	return (o.Algorithm == "" || o.Algorithm == totp.SHA1) && (o.Digits == 0 || o.Digits == 6) && (o.Period == 0 || o.Period == 30)
}

// setCode sends set_user_configuration with the code at now plus offset,
// checked first against the secret as the server will check it.
func setCode(s state, offset time.Duration, now time.Time) Step {
	o := totp.Options{Offset: offset}
	code, err := totp.Code(s.Secret, now, o)
	if err != nil {
		return fail("bad-response", "No code can be made from the server's secret: "+errcode.Message(err), "Try again.")
	}
	if ok, err := totp.Verify(code, s.Secret, now, totp.Options{Offset: offset, Skew: totp.NoSkew}); err != nil || !ok {
		return fail("internal", "The code panelkey computed does not verify against the secret.", "Try again.")
	}
	s.Phase = phaseSet
	step := call(s, "set_user_configuration", []cpapi.Arg{{Key: "secret", Value: s.Secret}, {Key: "tfa_token", Value: code}})
	step.Offset = offset
	return step
}

func afterSet(s state, resp Response, r cpapi.Result, err error, now time.Time) Step {
	if err != nil {
		drift, ok := signin.ServerDrift(resp.Date, now)
		if errorCode(err) == cpapi.CodeAPIFailed && !s.Retried && ok && (drift-s.Request.Offset).Abs() >= signin.DriftThreshold {
			s.Retried, s.Request.Offset = true, drift
			return setCode(s, drift, now)
		}
		f := serverFailure(err)
		f.Offset = s.Request.Offset
		return f
	}
	s.Phase = phaseCheck
	step := call(s, "get_user_configuration", nil)
	step.Offset = s.Request.Offset
	return step
}

func afterCheck(s state, r cpapi.Result, err error) Step {
	if err != nil {
		return serverFailure(err)
	}
	var d struct {
		Enabled json.RawMessage `json:"is_enabled"`
	}
	if json.Unmarshal(r.Data, &d) != nil || !truthy(d.Enabled) {
		return fail("not-enabled", "The server took the code but does not report 2FA on for "+s.Request.User+".",
			"Check the account's Two-Factor Authentication page in cPanel.", s.Request.User)
	}
	key, _ := otpauth.ParseTOTP(s.URI) // parsed once already in afterGenerate
	return Step{Kind: Done, Result: &Result{Secret: s.Secret, URI: s.URI, Key: key}, Offset: s.Request.Offset}
}

// call is the step that sends TwoFactorAuth::fn through uapi_cpanel, its
// arguments in a POST body (the secret stays out of the URL).
func call(s state, fn string, args []cpapi.Arg) Step {
	req, err := cpapi.BuildFormRequest(s.Request.WHMBase, cpapi.Call{Family: cpapi.UAPICPanel, User: s.Request.User,
		Module: "TwoFactorAuth", Function: fn, Args: args}, "")
	if err != nil {
		return fail("request-invalid", "The request cannot be built: "+errcode.Message(err), "Check the server's address and the account's user name.")
	}
	req.Headers = append(req.Headers, s.Request.Auth...)
	text, err := json.Marshal(s)
	if err != nil {
		return fail("internal", "The 2FA set-up could not be prepared.", "Try again.")
	}
	return Step{Kind: Fetch, Request: req, State: string(text), Offset: s.Request.Offset}
}

// serverFailure explains a refused call in the server's words (UAPI's
// errors and WHM's reasons never hold the secret).
func serverFailure(err error) Step {
	code, msg := errcode.Of(err)
	switch code {
	case cpapi.CodeTokenInvalid, cpapi.CodeAccessDenied:
		return fail("credentials-refused", "The server refused the WHM credential: "+msg, "Update the server's WHM API token in panelkey's options.")
	case cpapi.CodeAPIFailed:
		return fail("refused", "The server refused: "+msg, "Check the account on the server; a reseller can set up only its own accounts.", msg)
	}
	return fail(code, msg, "Check the server in panelkey's options and try again.")
}

func errorCode(err error) string {
	code, _ := errcode.Of(err)
	return code
}

func fail(code, message, advice string, params ...string) Step {
	return Step{Kind: Fail, Failure: &Failure{Code: code, Message: message, Advice: advice, Params: params}}
}

// String shows a step without its secrets (for logs and test failures).
func (s Step) String() string {
	if s.Failure != nil {
		return fmt.Sprintf("%s %s: %s", s.Kind, s.Failure.Code, s.Failure.Message)
	}
	return fmt.Sprintf("%s %s %s", s.Kind, s.Request.Method, s.Request.URL)
}
