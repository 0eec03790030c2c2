//go:build js && wasm && enginetest

package main

import (
	"encoding/json"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
)

// Engine functions only tests call (tests/wasm): authentication headers and
// response envelopes, which the worker gets inside buildRequest and signin.
func init() {
	register("authHeaders", func(in struct {
		authJSON
		clock
	}) (any, error) {
		r, err := in.authJSON.headers(in.clock)
		if err != nil {
			return nil, err
		}
		return struct {
			Headers    []headerJSON `json:"headers"`
			Deprecated bool         `json:"deprecated"`
		}{headersJSON(r.Headers), r.Deprecated}, nil
	})

	type paging struct {
		StartResult    int `json:"startResult"`
		CurrentPage    int `json:"currentPage"`
		ResultsPerPage int `json:"resultsPerPage"`
		TotalPages     int `json:"totalPages"`
		TotalResults   int `json:"totalResults"`
	}
	register("parseResponse", func(in struct {
		Family string `json:"family"`
		Status int    `json:"status"`
		Body   string `json:"body"`
		// Auth is the credential the request carried (an authheader method or "session"), to read a refusal by.
		Auth string `json:"auth"`
	}) (any, error) {
		f, err := cpapi.ParseFamily(in.Family)
		if err != nil {
			return nil, err
		}
		r, perr := cpapi.ParseResponse(f, in.Status, []byte(in.Body))
		perr = cpapi.ForCredential(perr, authheader.Method(in.Auth))
		out := struct {
			OK         bool            `json:"ok"`
			Family     string          `json:"family"`
			Data       json.RawMessage `json:"data"`
			Errors     []string        `json:"errors"`
			Messages   []string        `json:"messages"`
			Warnings   []string        `json:"warnings"`
			Reason     string          `json:"reason"`
			Paging     *paging         `json:"paging"`
			Records    *int            `json:"recordsBeforeFilter,omitempty"`
			Metadata   map[string]any  `json:"metadata"`
			HTTPStatus int             `json:"httpStatus"`
			Error      *codeError      `json:"error,omitempty"`
		}{OK: r.OK, Family: string(r.Family), Data: r.Data, Errors: nonNil(r.Errors), Messages: nonNil(r.Messages),
			Warnings: nonNil(r.Warnings), Reason: r.Reason, Metadata: r.Metadata, HTTPStatus: r.HTTPStatus}
		if p := r.Paging; p != nil {
			out.Paging = &paging{p.StartResult, p.CurrentPage, p.ResultsPerPage, p.TotalPages, p.TotalResults}
		}
		if r.Filter != nil {
			out.Records = &r.Filter.RecordsBeforeFilter
		}
		if perr != nil {
			c, m := errcode.Of(perr)
			out.Error = &codeError{c, m}
		}
		return out, nil
	})

}

func headersJSON(hs []authheader.Header) []headerJSON {
	out := make([]headerJSON, len(hs))
	for i, h := range hs {
		out[i] = headerJSON{h.Name, h.Value}
	}
	return out
}

// nonNil makes an absent list an empty one, so callers can always iterate.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
