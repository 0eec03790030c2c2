//go:build js && wasm

package main

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/importview"
	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// authState is the authenticators section's state between renders.
type authState struct {
	editing      string               // the id whose edit form is open
	paramsArmed  bool                 // a save with changed code parameters awaits a second click
	deleted      *vault.Authenticator // the last one deleted, for Undo
	deletedAfter string               // the id it was before ("" last)
	dragging     string               // the id being dragged
	focus        [2]string            // after the next render, focus this action's button of this id
	preview      *keyimport.Preview   // an import read, awaiting confirmation
}

func (o *options) renderAuthenticators() {
	if o.auth.editing != "" && o.v.Authenticator(o.auth.editing) == nil {
		o.auth.editing = ""
	}
	// An open form keeps what is typed in it: the list around it is left as it is.
	if o.auth.editing != "" && !o.p.Raw("auth-form").IsNull() {
		return
	}
	o.p.SetHTML("authenticator-list", ui.Authenticators{C: o.p.Catalog, List: o.v.Authenticators, Editing: o.auth.editing}.HTML())
	if f := o.auth.focus; f[0] != "" {
		o.auth.focus = [2]string{}
		if b := o.p.Doc.Call("querySelector", `#auth-list [data-action="`+f[0]+`"][data-id="`+ui.Escape(f[1])+`"]`); !b.IsNull() {
			if b.Get("disabled").Truthy() { // moved to an end: its other arrow
				b = b.Get("parentElement").Call("querySelector", `[data-action^="auth-"]:not([disabled])`)
			}
			b.Call("focus")
		}
	}
}

// authAction runs a button of the authenticators section.
func (o *options) authAction(action, id string) {
	list := o.v.Authenticators
	i := slices.IndexFunc(list, func(a vault.Authenticator) bool { return a.ID == id })
	if i < 0 && action != "auth-undo" {
		return
	}
	switch action {
	case "auth-pin":
		pinned := !list[i].Pinned
		o.auth.focus = [2]string{action, id}
		o.change(vault.UpdateAuthenticator{ID: id, Pinned: &pinned}, "")
	case "auth-up":
		if i > 0 {
			o.move(id, list[i-1].ID, action)
		}
	case "auth-down":
		if i < len(list)-1 {
			before := ""
			if i+2 < len(list) {
				before = list[i+2].ID
			}
			o.move(id, before, action)
		}
	case "auth-edit":
		o.auth.editing, o.auth.paramsArmed = id, false
		o.renderAuthenticatorsAnew()
		o.p.Focus("auth-issuer")
	case "auth-cancel":
		o.auth.editing = ""
		o.auth.focus = [2]string{"auth-edit", id}
		o.renderAuthenticatorsAnew()
	case "auth-delete":
		o.deleteAuthenticator(i)
	case "auth-undo":
		o.undoDelete()
	}
}

// renderAuthenticatorsAnew renders the list even with a form open.
func (o *options) renderAuthenticatorsAnew() {
	o.p.SetHTML("authenticator-list", "")
	o.renderAuthenticators()
}

func (o *options) move(id, before, action string) {
	o.auth.focus = [2]string{action, id}
	o.change(vault.MoveAuthenticator{ID: id, Before: before}, "")
}

// deleteAuthenticator deletes at once and offers Undo: the record stays in
// the page until the next delete or the page closes.
func (o *options) deleteAuthenticator(i int) {
	a := o.v.Authenticators[i]
	after := ""
	if i+1 < len(o.v.Authenticators) {
		after = o.v.Authenticators[i+1].ID
	}
	if o.auth.editing == a.ID {
		o.auth.editing = ""
	}
	name := ui.KeyName(a.Issuer, a.Account)
	pagekit.Spawn(func() {
		if _, err := o.p.Shell.Edit(vault.DeleteAuthenticator{ID: a.ID}); err != nil {
			o.message(pagekit.ProblemText(o.p, err), true)
			return
		}
		o.auth.deleted, o.auth.deletedAfter = &a, after
		o.p.ShowMessage(ui.Escape(o.p.T("authDeleted", name))+
			` <button type="button" class="small" data-action="auth-undo" id="undo-delete">`+ui.Escape(o.p.T("authUndo"))+`</button>`, false)
		o.p.Focus("undo-delete")
	})
}

func (o *options) undoDelete() {
	a := o.auth.deleted
	if a == nil {
		return
	}
	o.auth.deleted = nil
	name := ui.KeyName(a.Issuer, a.Account)
	o.auth.focus = [2]string{"auth-delete", a.ID}
	o.change(vault.RestoreAuthenticator{Authenticator: *a, Before: o.auth.deletedAfter}, o.p.T("authRestored", name))
}

// saveAuthenticator sends the open form's changes: names, a new secret when
// one is typed, and the code's parameters, which must be confirmed by a
// second save when they change (a wrong one makes every code wrong).
func (o *options) saveAuthenticator() {
	id := pagekit.Attr(o.p.Raw("auth-form"), "data-id")
	a := o.v.Authenticator(id)
	if a == nil {
		return
	}
	e := vault.UpdateAuthenticator{ID: id}
	issuer, account := strings.TrimSpace(o.p.Value("auth-issuer")), strings.TrimSpace(o.p.Value("auth-account"))
	e.Issuer, e.Account = &issuer, &account
	if secret := strings.TrimSpace(o.p.Value("auth-secret")); secret != "" {
		e.Secret = &secret
	}
	typ, alg := o.p.Value("auth-type"), o.p.Value("auth-algorithm")
	digits, err := strconv.Atoi(o.p.Value("auth-digits"))
	if err != nil {
		return
	}
	changed := typ != kindOf(a) || alg != algorithmOf(a) || digits != digitsOf(a)
	e.Type, e.Algorithm, e.Digits = &typ, &alg, &digits
	if typ == vault.TypeHOTP {
		counter, err := strconv.ParseInt(o.p.Value("auth-counter"), 10, 64)
		if err != nil {
			o.p.SetText("auth-error", o.p.T("authNumber", o.p.T("authCounter")))
			return
		}
		changed = changed || counter != a.Counter
		e.Counter = &counter
	} else {
		period, err := strconv.Atoi(o.p.Value("auth-period"))
		if err != nil {
			o.p.SetText("auth-error", o.p.T("authNumber", o.p.T("authPeriod")))
			return
		}
		changed = changed || period != periodOf(a)
		e.Period = &period
	}
	if changed && !o.auth.paramsArmed {
		o.auth.paramsArmed = true
		o.p.SetText("auth-error", o.p.T("authParamsConfirm"))
		o.p.Raw("auth-params-warning").Get("classList").Call("add", "armed")
		return
	}
	o.p.Submit("auth-save", func() error {
		_, err := o.p.Shell.Edit(e)
		return err
	}, o.p.ProblemIn("auth-error"), func() {
		o.auth.editing, o.auth.paramsArmed = "", false
		o.auth.focus = [2]string{"auth-edit", id}
		o.renderAuthenticatorsAnew()
		o.message(o.p.T("authSaved"), false)
	})
}

// The stored parameters as the form shows them (zero values are cPanel's).
func kindOf(a *vault.Authenticator) string {
	if a.IsHOTP() {
		return vault.TypeHOTP
	}
	return vault.TypeTOTP
}

func algorithmOf(a *vault.Authenticator) string {
	if a.Algorithm == "" {
		return "SHA1"
	}
	return strings.ToUpper(strings.ReplaceAll(a.Algorithm, "-", ""))
}

func digitsOf(a *vault.Authenticator) int { return cmp.Or(a.Digits, totp.DefaultDigits) }
func periodOf(a *vault.Authenticator) int { return cmp.Or(a.Period, totp.DefaultPeriod) }

// authKeydown: Alt+↑ and Alt+↓ move the authenticator whose row has the
// focus.
func (o *options) authKeydown(ev *dom.BasicEvent) {
	key := ev.Get("key").String()
	if !o.shown || !ev.Get("altKey").Truthy() || (key != "ArrowUp" && key != "ArrowDown") {
		return
	}
	item := pagekit.Closest(o.p.Doc.Get("activeElement"), ".auth-item")
	if item.IsNull() || !pagekit.Closest(o.p.Doc.Get("activeElement"), "#auth-form").IsNull() {
		return
	}
	ev.PreventDefault()
	action := "auth-up"
	if key == "ArrowDown" {
		action = "auth-down"
	}
	o.authAction(action, pagekit.Attr(item, "data-id"))
}

// authDrag handles dragging an authenticator onto another: it goes to that
// one's place (before it when moved up, after it when moved down).
func (o *options) authDrag(ev *dom.BasicEvent, target js.Value) {
	item := pagekit.Closest(target, ".auth-item")
	if item.IsNull() {
		return
	}
	id := pagekit.Attr(item, "data-id")
	switch ev.Get("type").String() {
	case "dragstart":
		o.auth.dragging = id
		if dt := ev.Get("dataTransfer"); dt.Truthy() {
			dt.Set("effectAllowed", "move")
			dt.Call("setData", "text/plain", id)
		}
	case "dragover":
		if o.auth.dragging != "" {
			ev.PreventDefault() // allows the drop
		}
	case "drop":
		ev.PreventDefault()
		from, to := o.auth.dragging, id
		o.auth.dragging = ""
		list := o.v.Authenticators
		i := slices.IndexFunc(list, func(a vault.Authenticator) bool { return a.ID == from })
		j := slices.IndexFunc(list, func(a vault.Authenticator) bool { return a.ID == to })
		if i < 0 || j < 0 || i == j {
			return
		}
		before := to
		if i < j { // moving down: after the one dropped on
			before = ""
			if j+1 < len(list) {
				before = list[j+1].ID
			}
		}
		o.change(vault.MoveAuthenticator{ID: from, Before: before}, "")
	case "dragend":
		o.auth.dragging = ""
	}
}

// ---- Import: pasted text, a picture of QR codes (chosen or pasted), then a preview to confirm.

// importRead reads the pasted text: otpauth:// links and exports, one a line.
func (o *options) importRead() {
	texts := keyimport.Lines(o.p.Value("otpauth-import"))
	o.showPreview(keyimport.Build(texts, o.v.Authenticators), locale.Key("importSourceLine"))
}

// importImage scans a picture (a file chosen, an image pasted) for QR codes.
func (o *options) importImage(blob js.Value) {
	o.p.SetText("otpauth-import-result", o.p.T("importScanning"))
	pagekit.Spawn(func() {
		texts, err := o.p.Shell.ScanImage(blob)
		if err != nil {
			o.p.SetText("otpauth-import-result", pagekit.ProblemText(o.p, err))
			return
		}
		o.p.SetText("otpauth-import-result", "")
		o.showPreview(keyimport.Build(texts, o.v.Authenticators), locale.Key("importSourceQR"))
	})
}

// showPreview shows what an import would add, for the user to confirm.
// sourceKey names a text by its number ("line 3", "QR code 2").
func (o *options) showPreview(p keyimport.Preview, sourceKey string) {
	o.auth.preview = &p
	html := importview.HTML(o.p.Catalog, p, func(n int) string { return o.p.T(sourceKey, strconv.Itoa(n)) })
	o.p.SetHTML("auth-import-preview", html)
	o.p.Raw("auth-import-confirm-box").Set("hidden", len(p.Items) == 0)
	o.p.SetText("otpauth-import-result", "")
	if len(p.Items) > 0 {
		o.p.Focus("auth-import-confirm")
	}
}

// importConfirm adds the items left ticked, in one edit.
func (o *options) importConfirm() {
	p := o.auth.preview
	if p == nil {
		return
	}
	keys := make([]vault.Authenticator, len(p.Items))
	for i, it := range p.Items {
		keys[i] = vault.FromKey(it.Key)
	}
	show := func(text string, _ bool) { o.p.SetText("otpauth-import-result", text) }
	o.p.AddTicked("auth-import-preview", "auth-import-confirm", keys, show, o.p.ProblemIn("otpauth-import-result"), func() {
		o.importCancel()
		if len(p.Problems) == 0 { // else the text stays, for correcting what was not read
			o.p.SetValue("otpauth-import", "")
		}
	})
}

func (o *options) importCancel() {
	o.auth.preview = nil
	o.p.SetHTML("auth-import-preview", "")
	o.p.Raw("auth-import-confirm-box").Set("hidden", true)
}

// importPaste takes a pasted image anywhere on the page (text pastes into
// the field the focus is in, as usual).
func (o *options) importPaste(ev *dom.BasicEvent) {
	if !o.shown {
		return
	}
	items := ev.Get("clipboardData").Get("items")
	if !items.Truthy() {
		return
	}
	for k := 0; k < items.Length(); k++ {
		it := items.Index(k)
		if it.Get("kind").String() == "file" && strings.HasPrefix(it.Get("type").String(), "image/") {
			ev.PreventDefault()
			o.importImage(it.Call("getAsFile"))
			return
		}
	}
}
