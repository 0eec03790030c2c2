//go:build js && wasm

package main

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func (o *options) importOtpauth() {
	text := o.p.Value("otpauth-import")
	if strings.TrimSpace(text) == "" {
		o.p.SetText("otpauth-import-result", "Paste one otpauth:// link per line first.")
		return
	}
	pagekit.Spawn(func() {
		r := ui.ImportOtpauth(text, o.v.Authenticators)
		var err error
		if len(r.Added) > 0 {
			_, err = o.p.Shell.Edit(vault.AddAuthenticators{Authenticators: r.Added})
		}
		if err != nil {
			o.p.SetText("otpauth-import-result", pagekit.ErrorText(err))
			return
		}
		lines := []string{strconv.Itoa(len(r.Added)) + " imported."}
		for _, le := range r.Errors {
			lines = append(lines, "Line "+strconv.Itoa(le.Line)+": "+le.Message)
		}
		o.p.SetText("otpauth-import-result", strings.Join(lines, "\n"))
		if len(r.Errors) == 0 {
			o.p.SetValue("otpauth-import", "")
		}
	})
}

func (o *options) removeAuthenticator(id string) {
	if o.armedTOT != id {
		o.disarm()
		o.armedTOT = id
		o.renderAuthenticators()
		return
	}
	o.armedTOT = ""
	o.change(vault.DeleteAuthenticator{ID: id}, "")
}
