//go:build js && wasm && !popup

package main

import (
	"encoding/json"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/serverlist"
	"github.com/panelkey/panelkey/vault"
)

// Bulk import of servers (serverlist): the worker parses the file the page
// read, shows the page a preview without any secret, and on the user's
// confirmation parses it again and applies the one edit that adds them.

// previewRow is a row as the page shows it: no credential, no 2FA secret.
type previewRow struct {
	Line     int                  `json:"line"`
	Address  string               `json:"address"`
	Host     string               `json:"host"`
	Label    string               `json:"label"`
	Tags     []string             `json:"tags"`
	User     string               `json:"user"`
	Kind     string               `json:"kind"`
	HasTOTP  bool                 `json:"hasTOTP"`
	OK       bool                 `json:"ok"`
	Errors   []serverlist.Problem `json:"errors"`
	Warnings []serverlist.Problem `json:"warnings"`
}

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
		rows := make([]previewRow, len(p.Rows))
		n := 0
		for i, r := range p.Rows {
			rows[i] = previewRow{Line: r.Line, Address: r.Address, Host: r.Host, Label: r.Label, Tags: orEmpty(r.Tags), User: r.User,
				Kind: string(r.Kind), HasTOTP: r.TOTP != "", OK: r.OK(), Errors: orEmpty(r.Errors), Warnings: orEmpty(r.Warnings)}
			if r.OK() {
				n++
			}
		}
		return struct {
			Format     string       `json:"format"`
			Columns    []string     `json:"columns"`
			Ignored    []string     `json:"ignored"`
			Rows       []previewRow `json:"rows"`
			Importable int          `json:"importable"`
		}{p.Format, orEmpty(p.Columns), orEmpty(p.Ignored), rows, n}, nil
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

	register("exportServers", func(in struct {
		Format string `json:"format"`
	}) (any, error) {
		v, err := heldVault()
		if err != nil {
			return nil, err
		}
		entries := serverlist.Entries(v.Servers)
		file := serverlist.ExportCSV(entries)
		if in.Format == "json" {
			file = serverlist.ExportJSON(entries)
		}
		return struct {
			File string `json:"file"`
		}{string(file)}, nil
	})
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
