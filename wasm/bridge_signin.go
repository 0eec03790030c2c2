//go:build js && wasm

package main

import (
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
)

// stepJSON is what a step of either step machine (signin, tfaenroll) tells
// the worker: what to do next, the request to send for a fetch, the opaque
// state to hand back, a failure's words and the server clock offset the flow
// worked with.
type stepJSON struct {
	Kind          string        `json:"kind"`
	Request       *fetchRequest `json:"request,omitempty"`
	State         string        `json:"state,omitempty"`
	Code          string        `json:"code,omitempty"`
	Message       string        `json:"message,omitempty"`
	Advice        string        `json:"advice,omitempty"`
	Params        []string      `json:"params,omitempty"` // a failure's variable parts, for the catalog's message
	OffsetSeconds float64       `json:"offsetSeconds"`
}

// newStep is a step of kind; req goes to the worker only for a fetch, with
// redirects not followed: it carries a credential, which goes only where the
// flow sent it.
func newStep(kind string, fetch bool, req cpapi.Request, state string, offset time.Duration) stepJSON {
	out := stepJSON{Kind: kind, State: state, OffsetSeconds: offset.Seconds()}
	if fetch {
		r := toFetchRequest(req, "manual")
		out.Request = &r
	}
	return out
}

// signinStep is a signin.Step as the worker reads it (docs/architecture.md,
// "A sign-in step").
type signinStep struct {
	stepJSON
	URL     string `json:"url,omitempty"`
	OpenURL string `json:"openURL,omitempty"`
}

func toSigninStep(s signin.Step) signinStep {
	out := signinStep{stepJSON: newStep(string(s.Kind), s.Kind == signin.Fetch, s.Request, s.State, s.Offset), URL: s.URL}
	if f := s.Failure; f != nil {
		out.Code, out.Message, out.Advice, out.OpenURL, out.Params = f.Code, f.Message, f.Advice, f.OpenURL, f.Params
	}
	return out
}

func init() {
	register("signinStart", func(in struct {
		clock
		loginJSON
	}) (any, error) {
		at, offset, err := in.both()
		if err != nil {
			return nil, err
		}
		service, err := endpoint.ParseService(string(in.Service))
		if err != nil {
			return nil, err
		}
		r := signin.Request{Service: service, Method: in.Method, Server: in.BaseURL, User: in.User,
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
