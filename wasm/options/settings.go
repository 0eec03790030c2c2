//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func (o *options) saveAutoLock() {
	n, err := optionsform.AutoLockMinutes(o.p.Value("autolock-minutes"))
	if err != nil {
		o.message(errcode.Message(err), true)
		return
	}
	pagekit.Spawn(func() {
		if _, err := o.send(messages.SettingsSet{AutoLockMinutes: n}); err == nil {
			o.message(o.p.T("autoLockSet", strconv.Itoa(n)), false)
		}
	})
}

func (o *options) changePassword() {
	p := o.p
	old, pw, confirm := p.Value("password-old"), p.Value("password-new"), p.Value("password-confirm")
	if old == "" {
		p.SetText("password-error", p.T("passwordOldMissing"))
		return
	}
	if msg := ui.CheckNewPassword(p.Catalog, pw, confirm); msg != "" {
		p.SetText("password-error", msg)
		return
	}
	p.SetText("password-error", "")
	p.SetDisabled("password-submit", true)
	pagekit.Spawn(func() {
		defer p.SetDisabled("password-submit", false)
		_, err := p.Shell.Send(messages.ChangePassword{Old: old, New: pw})
		if err != nil {
			p.SetText("password-error", pagekit.ProblemText(o.p, err))
			return
		}
		for _, id := range []string{"password-old", "password-new", "password-confirm"} {
			p.SetValue(id, "")
		}
		o.message(o.p.T("passwordChanged"), false)
	})
}

func (o *options) export() {
	o.download(messages.Export{}, "panelkey-vault.json", o.p.T("exportedVault", "panelkey-vault.json"))
}

// download saves the file the worker answers msg with ({file}) as name, and
// says done.
func (o *options) download(msg messages.Message, name, done string) {
	var r messages.ExportResult
	if err := pagejson.SendInto(o.p.Shell, msg, &r); err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
		return
	}
	if err := o.p.Shell.Download(name, r.File); err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
		return
	}
	o.message(done, false)
}

func (o *options) pickImport() {
	name, text, err := o.p.Shell.PickFile()
	if err != nil {
		o.importMessage(pagekit.ProblemText(o.p, err), true)
		return
	}
	if text == "" {
		return
	}
	o.file = text
	o.p.SetText("import-file-name", o.p.T("vaultImportFile", name))
	o.p.SetHidden("import-form", false)
	o.p.Focus("import-password")
}

func (o *options) importVault() {
	pw := o.p.Value("import-password")
	if o.file == "" || pw == "" {
		o.importMessage(o.p.T("vaultImportMissing"), true)
		return
	}
	pagekit.Spawn(func() {
		if _, err := o.p.Shell.Send(messages.Import{File: o.file, Password: pw}); err != nil {
			o.importMessage(pagekit.ProblemText(o.p, err), true)
			return
		}
		o.file = ""
		o.p.SetValue("import-password", "")
		// The form may be gone: a storage change's refresh may have shown another view meanwhile.
		o.p.SetHidden("import-form", true)
		if !o.shown {
			// Restored from the lock screen, which has no #message: the options page that the vault's change
			// brings shows it (the worker's reply and that change race).
			o.notice = o.p.T("vaultImported")
			return
		}
		o.message(o.p.T("vaultImported"), false)
	})
}

// importMessage reports on an import: in #message on the options page, in
// the form's own line on the lock screen (which has no #message).
func (o *options) importMessage(text string, isErr bool) {
	if o.shown {
		o.message(text, isErr)
		return
	}
	o.p.SetText("import-file-name", text)
}

// reset erases the vault on the second click (the worker's reset, confirm
// "erase"); the page then shows the first-run form.
func (o *options) reset(b js.Value) {
	if !o.armedReset {
		o.armedReset = true
		b.Set("textContent", o.p.T("resetConfirm"))
		return
	}
	o.armedReset = false
	pagekit.Spawn(func() {
		if _, err := o.p.Shell.Send(messages.Reset{Confirm: "erase"}); err != nil {
			b.Set("textContent", pagekit.ProblemText(o.p, err))
		}
	})
}
