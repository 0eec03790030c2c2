//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func (o *options) importOtpauth() {
	text := o.p.Value("otpauth-import")
	if strings.TrimSpace(text) == "" {
		o.p.SetText("otpauth-import-result", "Paste one otpauth:// link per line first.")
		return
	}
	pagekit.Spawn(func() {
		var r ui.ImportResult
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			r = ui.ImportOtpauth(text, v.Authenticators, func() string { return pagekit.NewID("t") })
			if len(r.Added) == 0 {
				return false, nil
			}
			if !js.Global().Get("Array").Call("isArray", doc.Get("authenticators")).Bool() {
				doc.Set("authenticators", js.Global().Get("Array").New())
			}
			for _, a := range r.Added {
				if err := push(doc, "authenticators", a); err != nil {
					return false, err
				}
			}
			return true, nil
		})
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
	o.remove(func(doc js.Value, v *ui.Vault) (js.Value, int) {
		return doc.Get("authenticators"), indexOf(len(v.Authenticators), func(i int) bool { return v.Authenticators[i].ID == id })
	}, "")
}
