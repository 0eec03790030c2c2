//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// secrets tracks the secret inputs of an open form: the stored values (kept
// in Go; the DOM gets them only when "show" is pressed) and the ones marked
// for removal.
type secrets struct {
	stored  map[string]string
	removed map[string]bool
}

func newSecrets() secrets {
	return secrets{stored: map[string]string{}, removed: map[string]bool{}}
}

// field is the secret input id as optionsform checks it.
func (s secrets) field(p *pagekit.Page, id string) optionsform.Secret {
	return optionsform.Secret{Typed: p.Value(id), Stored: s.stored[id], Removed: s.removed[id]}
}

// totpField is the 2FA input id as optionsform checks it; stored is the saved
// TOTP it stands for.
func (s secrets) totpField(p *pagekit.Page, id string, stored *vault.TOTP) optionsform.TOTPField {
	return optionsform.TOTPField{Typed: p.Value(id), StoredSecret: s.stored[id], Stored: stored, Removed: s.removed[id]}
}

// toggleShow shows or hides a secret input. Showing an empty field of a
// stored secret fills it in: the only way a stored secret reaches the DOM.
// Hiding empties it again if it still holds the stored value.
func (o *options) toggleShow(b js.Value) {
	id := pagekit.Attr(b, "data-for")
	in := o.p.Raw(id)
	if in.IsNull() {
		return
	}
	s := o.formSecrets()
	showing := in.Get("type").String() == "text"
	if showing {
		in.Set("type", "password")
		if s != nil && in.Get("value").String() == s.stored[id] {
			in.Set("value", "")
		}
		b.Set("textContent", o.p.T("formShow"))
		b.Call("setAttribute", "aria-pressed", "false")
		return
	}
	if s != nil && in.Get("value").String() == "" && !s.removed[id] {
		in.Set("value", s.stored[id])
	}
	in.Set("type", "text")
	b.Set("textContent", o.p.T("formHide"))
	b.Call("setAttribute", "aria-pressed", "true")
}

// toggleClear marks a stored secret for removal on save (or unmarks it).
func (o *options) toggleClear(b js.Value) {
	id := pagekit.Attr(b, "data-for")
	s := o.formSecrets()
	in := o.p.Raw(id)
	if s == nil || in.IsNull() {
		return
	}
	s.removed[id] = !s.removed[id]
	if s.removed[id] {
		in.Set("value", "")
		in.Set("placeholder", o.p.T("formSecretRemoved"))
		b.Set("textContent", o.p.T("formKeepSecret"))
		b.Call("setAttribute", "aria-pressed", "true")
	} else {
		in.Set("placeholder", o.p.T("authSecretKeep"))
		b.Set("textContent", o.p.T("formRemoveSecret"))
		b.Call("setAttribute", "aria-pressed", "false")
	}
}

func (o *options) formSecrets() *secrets {
	switch {
	case o.server != nil:
		return &o.server.secrets
	case o.account != nil:
		return &o.account.secrets
	}
	return nil
}
