package serverlist

import (
	"slices"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/vault"
)

// Edit is the one vault edit that imports the preview's importable rows, or,
// with lines, only those of them on these lines: a WHM credential becomes
// the server's WHM login, a cPanel one an account of a server without one.
// The import is all or nothing (vault.AddServers).
func (p Preview) Edit(lines []int) vault.AddServers {
	e := vault.AddServers{Accounts: map[int][]vault.Account{}}
	for _, r := range p.Importable() {
		if len(lines) > 0 && !slices.Contains(lines, r.Line) {
			continue
		}
		s := vault.AddServer{Name: r.Label, Address: r.Address, BaseURL: whmBase(r), Tags: r.Tags}
		var tfa *vault.TOTP
		if r.TOTP != "" {
			tfa = &vault.TOTP{Secret: r.TOTP}
		}
		switch r.Kind {
		case WHMToken:
			s.WHM = vault.WHM{User: r.User, Token: r.Secret, TOTP: tfa}
		case AccessHash:
			s.WHM = vault.WHM{User: r.User, AccessHash: r.Secret, TOTP: tfa}
		case WHMPassword:
			s.WHM = vault.WHM{User: r.User, Password: r.Secret, TOTP: tfa}
		case CPanelToken:
			e.Accounts[len(e.Servers)] = []vault.Account{{User: r.User, APIToken: r.Secret, TOTP: tfa, Mailboxes: []vault.Mailbox{}}}
		case CPanelPassword:
			e.Accounts[len(e.Servers)] = []vault.Account{{User: r.User, Password: r.Secret, TOTP: tfa, Mailboxes: []vault.Mailbox{}}}
		}
		e.Servers = append(e.Servers, s)
	}
	return e
}

// whmBase is WHM's base URL on the row's host: the vault keeps every
// server's WHM address, whatever credential it holds.
func whmBase(r Row) string {
	a, err := endpoint.For(r.Address, endpoint.WHM)
	if err != nil {
		return ""
	}
	return a.BaseURL()
}

// Entries lists the vault's servers for an export: address, name, tags, WHM
// user and which WHM credential is held (a token before a password before an
// access hash), never the credential.
func Entries(servers []vault.Server) []Entry {
	out := make([]Entry, len(servers))
	for i, s := range servers {
		e := Entry{Address: s.Address, Label: s.Name, Tags: s.Tags, User: s.WHM.User}
		switch {
		case s.WHM.Token != "":
			e.Kind = WHMToken
		case s.WHM.Password != "":
			e.Kind = WHMPassword
		case s.WHM.AccessHash != "":
			e.Kind = AccessHash
		}
		out[i] = e
	}
	return out
}
