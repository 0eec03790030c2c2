//go:build js && wasm

package main

import (
	"time"

	"github.com/panelkey/panelkey/tfaenroll"
)

// Two-factor set-up for a managed account (tfaenroll): a step machine like the sign-in's, its requests sent by the
// worker with the server's WHM credential; the result is the secret the worker stores with the account.

// tfaStep is a tfaenroll.Step as the worker reads it.
type tfaStep struct {
	stepJSON
	Secret string `json:"secret,omitempty"` // done: the account's new 2FA secret
	Issuer string `json:"issuer,omitempty"`
}

func toTFAStep(s tfaenroll.Step) tfaStep {
	out := tfaStep{stepJSON: newStep(string(s.Kind), s.Kind == tfaenroll.Fetch, s.Request, s.State, s.Offset)}
	switch {
	case s.Result != nil:
		out.Secret, out.Issuer = s.Result.Secret, s.Result.Key.Issuer
	case s.Failure != nil:
		out.Code, out.Message, out.Advice, out.Params = s.Failure.Code, s.Failure.Message, s.Failure.Advice, s.Failure.Params
	}
	return out
}

func init() {
	register("tfaStart", func(in accountCall) (any, error) {
		_, offset, err := in.both() // checks now too
		if err != nil {
			return nil, err
		}
		auth, err := in.authHeaders()
		if err != nil {
			return nil, err
		}
		return toTFAStep(tfaenroll.Start(tfaenroll.Request{WHMBase: in.BaseURL, User: in.User, Offset: offset, Auth: auth})), nil
	})

	registerNext("tfaNext", func(state string, r tfaenroll.Response, at time.Time) any {
		return toTFAStep(tfaenroll.Next(state, r, at))
	})

	registerField("tfaListCall", "function", func(struct{}) (string, error) {
		return tfaenroll.ListCall().Function, nil
	})

	registerField("tfaList", "users", func(in struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}) (map[string]bool, error) {
		return tfaenroll.ParseList(in.Status, []byte(in.Body))
	})
}
