//go:build js && wasm

package main

import (
	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/vaultops"
)

// The worker's decisions with the vault's contents (vaultops). The server,
// account and mailbox are taken by id from the vault the engine holds for
// the worker (bridge_vaultstate.go): no record crosses the bridge, only the
// credential chosen. A call that needs an account's page not loaded answers
// {need} (the worker loads it and calls again: onVault).

// ref names a server and, optionally, an account (page: where the sender saw
// it) and one of its mailboxes.
type ref struct {
	ServerID  string `json:"serverId"`
	AccountID string `json:"accountId"`
	Page      string `json:"page"`
	Mailbox   string `json:"mailbox"`
}

// resolve finds what r names in the held vault, or says which chunks to load
// first (need non-nil).
func (r ref) resolve() (s *vault.Server, a *vault.Account, m *vault.Mailbox, need *needReply, err error) {
	v, err := heldVault()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	vr := vault.Ref{ServerID: r.ServerID, AccountID: r.AccountID, Page: r.Page, Mailbox: r.Mailbox}
	if ids := v.RefNeeds(vr); len(ids) > 0 {
		return nil, nil, nil, &needReply{ids}, nil
	}
	s, a, m, err = v.Resolve(vr)
	return s, a, m, nil, err
}

func toOTPJSON(t *vault.TOTP) *otpJSON {
	if t == nil {
		return nil
	}
	return &otpJSON{t.Secret, otpParams{t.Algorithm, t.Digits, t.Period}}
}

// loginJSON is a one-click login's choice (signinInput's answer): signinStart's
// input without the clock.
type loginJSON struct {
	Service endpoint.Service `json:"service"`
	Method  signin.Method    `json:"method"`
	BaseURL string           `json:"baseURL,omitempty"`
	User    string           `json:"user,omitempty"`
	Secret  string           `json:"secret"`
	WHMUser string           `json:"whmUser,omitempty"`
	Account string           `json:"account,omitempty"`
	TOTP    *otpJSON         `json:"totp,omitempty"`
	App     string           `json:"app,omitempty"`
	GotoURI string           `json:"gotoURI,omitempty"`
}

// signinArgs is signinInput's input: what to log into, by id, and how.
type signinArgs struct {
	ref
	Service string `json:"service"`
	Method  string `json:"method"`
	App     string `json:"app"`
	GotoURI string `json:"gotoURI"`
	Dest    string `json:"dest"`
}

// signinInputIn chooses a login's credential from v's contents (s, a, m: what
// the input names, resolved).
func signinInputIn(s *vault.Server, a *vault.Account, m *vault.Mailbox, in signinArgs) (any, error) {
	service, err := endpoint.ParseService(in.Service)
	if err != nil {
		return nil, err
	}
	l, err := vaultops.SigninInput(vaultops.LoginChoice{Server: s, Account: a, Mailbox: m,
		Service: service, Method: signin.Method(in.Method), App: in.App, GotoURI: in.GotoURI, Dest: in.Dest})
	if err != nil {
		return nil, err
	}
	return loginJSON{Service: l.Service, Method: l.Method, BaseURL: l.BaseURL, User: l.User, Secret: l.Secret,
		WHMUser: l.WHMUser, Account: l.Account, TOTP: toOTPJSON(l.TOTP), App: l.App, GotoURI: l.GotoURI}, nil
}

func init() {
	// listedAccounts reads WHM's listaccts answer as the accounts.merge edit takes it.
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

	// vaultServer gives what a request for a server needs besides its credential, none of it secret: the server's
	// address as the gate reads it, and with accountId the account's user name.
	register("vaultServer", func(in ref) (any, error) {
		s, a, _, need, err := in.resolve()
		if need != nil || err != nil {
			return need, err
		}
		type server struct {
			BaseURL string `json:"baseURL"`
			Address string `json:"address"`
		}
		type account struct {
			User string `json:"user"`
		}
		out := struct {
			Server  server   `json:"server"`
			Account *account `json:"account,omitempty"`
		}{Server: server{s.BaseURL, s.Address}}
		if a != nil {
			out.Account = &account{a.User}
		}
		return out, nil
	})

	// apiAuth chooses the credential of a WHM API call on the server (vaultops.WHMAuth).
	register("apiAuth", func(in struct {
		ServerID string `json:"serverId"`
	}) (any, error) {
		s, _, _, _, err := ref{ServerID: in.ServerID}.resolve()
		if err != nil {
			return nil, err
		}
		auth, err := vaultops.WHMAuth(s.WHM)
		if err != nil {
			return nil, err
		}
		return authJSON{Method: auth.Method, User: auth.User, Secret: auth.Secret, OTP: toOTPJSON(auth.OTP)}, nil
	})

	// signinInput chooses a one-click login's credential and address (vaultops.SigninInput).
	register("signinInput", func(in signinArgs) (any, error) {
		s, a, m, need, err := in.ref.resolve()
		if need != nil || err != nil {
			return need, err
		}
		return signinInputIn(s, a, m, in)
	})
}
