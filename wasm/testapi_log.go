//go:build js && wasm && enginetest

package main

import (
	"strings"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/sessionlog"
)

// Engine functions only tests call (tests/wasm): preflight checks and the session log, which the console page
// reads in its own program.
func init() {
	type problem struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Severity string `json:"severity"`
	}
	registerField("checkRequest", "problems", func(in struct {
		BaseURL string `json:"baseURL"`
		Family  string `json:"family"`
		Auth    string `json:"auth"`
		Path    string `json:"path"`
	}) ([]problem, error) {
		a, err := endpoint.Parse(in.BaseURL)
		if err != nil {
			return nil, err
		}
		// An unknown family is one of the problems preflight reports, not a failure of the call.
		f := cpapi.Family(strings.TrimSpace(in.Family))
		if pf, err := cpapi.ParseFamily(in.Family); err == nil {
			f = pf
		}
		ps := preflight.Check(preflight.Target{Address: a, Family: f, Auth: authheader.Method(in.Auth), Path: in.Path})
		out := make([]problem, len(ps))
		for i, p := range ps {
			out[i] = problem{p.Code, p.Message, p.Severity}
		}
		return out, nil
	})

	type entry struct {
		Line       int               `json:"line"`
		Address    string            `json:"address"`
		Time       int64             `json:"time"` // ms since the epoch
		Event      string            `json:"event"`
		User       string            `json:"user"`
		SessionID  string            `json:"sessionId"`
		Fields     map[string]string `json:"fields"`
		Reason     string            `json:"reason"`
		ReasonText string            `json:"reasonText"`
		Process    string            `json:"process"`
		Detail     string            `json:"detail"`
	}
	type lineError struct {
		Line    int    `json:"line"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	register("parseSessionLog", func(in struct {
		Text string `json:"text"`
	}) (any, error) {
		entries, errs := sessionlog.Parse(in.Text)
		out := struct {
			Entries []entry     `json:"entries"`
			Errors  []lineError `json:"errors"`
		}{make([]entry, len(entries)), make([]lineError, len(errs))}
		for i, e := range entries {
			fields := e.Fields
			if fields == nil {
				fields = map[string]string{}
			}
			out.Entries[i] = entry{e.Line, e.Address, e.Time.UnixMilli(), e.Event, e.User, e.SessionID, fields,
				e.Reason, e.ReasonText, e.Process, e.Detail}
		}
		for i, err := range errs {
			le := lineError{Code: "internal", Message: err.Error()}
			if se, ok := err.(*sessionlog.Error); ok {
				le = lineError{se.Line, se.Code, se.Message}
			}
			out.Errors[i] = le
		}
		return out, nil
	})
}
