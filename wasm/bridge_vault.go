//go:build js && wasm

package main

import (
	"encoding/json"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/vaultops"
)

// The worker's decisions on vault records (vaultops). Records cross as the
// vault stores them; a value of an unexpected type reads as absent there.
func init() {
	register("listedAccounts", func(in struct {
		Status     int    `json:"status"`
		Body       string `json:"body"`
		Redirected bool   `json:"redirected"`
		Truncated  bool   `json:"truncated"`
		Origin     string `json:"origin"`
		Auth       string `json:"auth"`
	}) (any, error) {
		rows, err := vaultops.ListedAccounts(vaultops.ListAnswer{Status: in.Status, Body: []byte(in.Body), Redirected: in.Redirected,
			Truncated: in.Truncated, Origin: in.Origin, Sent: authheader.Method(in.Auth)})
		if err != nil {
			return nil, err
		}
		type row struct {
			User      string `json:"user"`
			Domain    string `json:"domain"`
			Owner     string `json:"owner"`
			Suspended bool   `json:"suspended"`
		}
		out := make([]row, len(rows))
		for i, r := range rows {
			out[i] = row(r)
		}
		return struct {
			Listed []row `json:"listed"`
		}{out}, nil
	})

	register("apiAuth", func(in struct {
		WHM json.RawMessage `json:"whm"`
	}) (any, error) {
		auth, err := vaultops.WHMAuth(vaultops.AsRecord(in.WHM))
		if err != nil {
			return nil, err
		}
		return auth, nil
	})

	register("signinInput", func(in struct {
		Server  json.RawMessage `json:"server"`
		Account json.RawMessage `json:"account"`
		Mailbox json.RawMessage `json:"mailbox"`
		Service string          `json:"service"`
		Method  string          `json:"method"`
		App     string          `json:"app"`
		GotoURI string          `json:"gotoURI"`
		Dest    string          `json:"dest"`
	}) (any, error) {
		service, err := endpoint.ParseService(in.Service)
		if err != nil {
			return nil, err
		}
		login, err := vaultops.SigninInput(vaultops.LoginChoice{Server: vaultops.AsRecord(in.Server),
			Account: vaultops.AsRecord(in.Account), Mailbox: vaultops.AsRecord(in.Mailbox),
			Service: service, Method: signin.Method(in.Method), App: in.App, GotoURI: in.GotoURI, Dest: in.Dest})
		if err != nil {
			return nil, err
		}
		return login, nil
	})
}
