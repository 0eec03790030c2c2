//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// The fleet tools: refresh every server's accounts (the worker runs it and
// goes on if this page closes), import a server list after a preview, export
// it without secrets.

// showRefresh shows a refresh's progress: the bar (n of m), the servers under
// way, each failure with its reason and a retry; Stop while it runs.
func (o *options) showRefresh(p *ui.RefreshProgress) {
	if p == nil {
		return
	}
	o.p.Raw("refresh-progress").Set("hidden", false)
	bar := o.p.Raw("refresh-bar")
	bar.Set("max", max(p.Total, 1))
	bar.Set("value", p.Finished)
	o.p.SetText("refresh-status", ui.RefreshStatus(o.p.Catalog, *p))
	o.p.SetHTML("refresh-failures", ui.RefreshFailuresHTML(o.p.Catalog, *p))
	o.p.Raw("refresh-cancel").Set("hidden", p.Over)
	o.p.SetDisabled("refresh-all", !p.Over)
}

// refreshSend sends a refresh message and shows the progress it answers.
func (o *options) refreshSend(msg messages.Message) {
	var r struct {
		Progress *ui.RefreshProgress `json:"progress"`
	}
	if err := pagejson.SendInto(o.p.Shell, msg, &r); err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
		return
	}
	o.showRefresh(r.Progress)
}

// refreshProgress is a broadcast of the worker's run.
func (o *options) refreshProgress(msg js.Value) bool {
	var m struct {
		Op       string              `json:"op"`
		Progress *ui.RefreshProgress `json:"progress"`
	}
	if pagejson.FromJS(msg, &m) != nil || m.Op != "refresh.all" {
		return false
	}
	if o.shown {
		o.showRefresh(m.Progress)
	}
	return true
}

// previewServers reads a server list the user picked and shows the worker's
// preview; nothing is stored yet.
func (o *options) previewServers() {
	name, text, ok := o.pickFile(o.message)
	if !ok {
		return
	}
	var p messages.ServersImportPreviewResult
	if err := pagejson.SendInto(o.p.Shell, messages.ServersImportPreview{File: text}, &p); err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
		o.p.SetHTML("servers-preview", "")
		return
	}
	o.serversFile = text
	o.p.SetHTML("servers-preview", ui.ServerImportHTML(o.p.Catalog, name, p))
}

// importServers imports the previewed file's importable rows in one edit.
func (o *options) importServers() {
	if o.serversFile == "" {
		return
	}
	var r struct {
		Count int `json:"count"`
	}
	if err := pagejson.SendInto(o.p.Shell, messages.ServersImport{File: o.serversFile}, &r); err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
		return
	}
	o.dropServers()
	o.message(o.p.T("serversImported", strconv.Itoa(r.Count)), false)
}

func (o *options) dropServers() {
	o.serversFile = ""
	o.p.SetHTML("servers-preview", "")
}

// exportServers downloads the server list without any secret.
func (o *options) exportServers() {
	o.download(messages.ServersExport{}, "panelkey-servers.csv", o.p.T("exportedServers", "panelkey-servers.csv"))
}

// tfaStatus asks WHM which of the server's accounts have 2FA on and marks
// them in its account table.
func (o *options) tfaStatus(id string) {
	var r messages.TFAStatusResult
	o.cardCall(id, o.p.T("tfaAsking"), messages.TFAStatus{ServerID: id}, &r, func(c *ui.CardState) string {
		c.TFA, c.Open = r.Users, true
		n := 0
		for _, on := range r.Users {
			if on {
				n++
			}
		}
		return o.p.T("tfaCount", strconv.Itoa(n))
	})
}

// tfaEnrol sets 2FA up for an account through the server's WHM credential; the
// worker stores the new secret with the account, whose codes then show.
func (o *options) tfaEnrol(server, account string) {
	var r messages.TFAEnrolResult
	msg := messages.TFAEnrol{ServerID: server, AccountID: account}
	o.cardCall(server, o.p.T("tfaEnrolling"), msg, &r, func(c *ui.CardState) string {
		if a := o.v.Server(server).Account(account); a != nil && c.TFA != nil {
			c.TFA[a.User] = true
		}
		return o.p.T("tfaEnrolled")
	})
}
