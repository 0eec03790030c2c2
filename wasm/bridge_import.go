//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/serverlist"
	"github.com/panelkey/panelkey/vault"
)

// Bulk import of servers (serverlist): the worker parses the file the page
// read, shows the page a preview without any secret, and on the user's
// confirmation parses it again and applies the one edit that adds them.

// existing reports whether the held vault has a server on host (canonical, as a preview row's) for user.
func existing(v *vault.Vault) func(host, user string) bool {
	return func(host, user string) bool {
		for _, s := range v.Servers {
			a, err := endpoint.Parse(s.Address)
			if err != nil {
				continue
			}
			h := a.Host
			if a.ViaSubdomain {
				h = strings.TrimPrefix(h, a.Service.Subdomain())
			}
			if h == host && s.WHM.User == user {
				return true
			}
		}
		return false
	}
}

func init() {
	register("importPreview", func(in struct {
		Text string `json:"text"`
	}) (any, error) {
		o := serverlist.Options{}
		if v, err := heldVault(); err == nil {
			o.Exists = existing(v)
		}
		p, err := serverlist.Parse([]byte(in.Text), o)
		if err != nil {
			return nil, err
		}
		r := messages.ServersImportPreviewResult{Format: p.Format, Columns: orEmpty(p.Columns), Ignored: orEmpty(p.Ignored),
			Rows: make([]messages.ServerImportRow, len(p.Rows))}
		for i, row := range p.Rows {
			r.Rows[i] = messages.ServerImportRow{Line: row.Line, Address: row.Address, Host: row.Host, Label: row.Label,
				Tags: orEmpty(row.Tags), User: row.User, Kind: string(row.Kind), HasTOTP: row.TOTP != "", OK: row.OK(),
				Errors: problems(row.Errors), Warnings: problems(row.Warnings)}
			if row.OK() {
				r.Importable++
			}
		}
		return r, nil
	})

	// importEdit is the one vault edit (servers.add, as vault.edit takes it) that adds the importable rows, or
	// those of lines.
	register("importEdit", func(in struct {
		Text  string `json:"text"`
		Lines []int  `json:"lines"`
	}) (any, error) {
		p, err := serverlist.Parse([]byte(in.Text), serverlist.Options{})
		if err != nil {
			return nil, err
		}
		e := p.Edit(in.Lines)
		if len(e.Servers) == 0 {
			return nil, &errcode.Error{Code: "import-nothing", Message: "No row of the file can be imported."}
		}
		return struct {
			Edit  json.RawMessage `json:"edit"`
			Count int             `json:"count"`
		}{json.RawMessage(vault.EncodeEdit(e)), len(e.Servers)}, nil
	})

	registerField("exportServers", "file", func(in struct {
		Format string `json:"format"`
	}) (string, error) {
		v, err := heldVault()
		if err != nil {
			return "", err
		}
		entries := serverlist.Entries(v.Servers)
		file := serverlist.ExportCSV(entries)
		if in.Format == "json" {
			file = serverlist.ExportJSON(entries)
		}
		return string(file), nil
	})
}

func problems(ps []serverlist.Problem) []messages.ImportProblem {
	out := make([]messages.ImportProblem, len(ps))
	for i, p := range ps {
		out[i] = messages.ImportProblem(p)
	}
	return out
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
