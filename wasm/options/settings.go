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
	n, err := optionsform.AutoLockMinutes(o.p.Catalog, o.p.Value("autolock-minutes"))
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
	old, ok := p.Required("password-old", "password-error", p.T("passwordOldMissing"))
	if !ok {
		return
	}
	pw, ok := p.NewPassword("password-new", "password-confirm", "password-error")
	if !ok {
		return
	}
	p.Submit("password-submit", func() error {
		_, err := p.Shell.Send(messages.ChangePassword{Old: old, New: pw})
		return err
	}, p.ProblemIn("password-error"), func() {
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
	name, text, ok := o.pickFile(o.importMessage)
	if !ok {
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
	if o.importing {
		return
	}
	o.importing = true
	o.p.SetDisabled("import-submit", true)
	pagekit.Spawn(func() {
		_, err := o.p.Shell.Send(messages.Import{File: o.file, Password: pw})
		o.importing = false
		o.p.SetDisabled("import-submit", false)
		o.p.SetText("import-progress", "")
		o.p.SetHidden("import-bar", true)
		if err != nil {
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

// importProgress shows the worker's {type:'progress', op:'import', stage,
// done?, total?} broadcasts under the import form while this page's import
// runs (an import of 100,000 accounts takes seconds). It reports whether msg
// was an import's.
func (o *options) importProgress(msg js.Value) bool {
	var m struct {
		Op    string `json:"op"`
		Stage string `json:"stage"`
		Done  int    `json:"done"`
		Total int    `json:"total"`
	}
	if pagejson.FromJS(msg, &m) != nil || m.Op != "import" {
		return false
	}
	text := ui.ImportProgressText(o.p.Catalog, m.Stage, m.Done, m.Total)
	if text == "" || !o.importing {
		return true
	}
	o.p.SetText("import-progress", text)
	if bar := o.p.Raw("import-bar"); !bar.IsNull() {
		if m.Total > 0 {
			bar.Set("max", m.Total)
			bar.Set("value", m.Done)
		} else {
			bar.Call("removeAttribute", "value") // indeterminate: a stage without a count
		}
	}
	o.p.SetHidden("import-bar", false)
	return true
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

// reset erases the vault in two presses: the first asks the worker what is stored and shows what erasing loses
// (with a button that saves an encrypted copy first); the second erases that vault, and only that one: the worker
// refuses (vault-changed) when the vault changed since, and the page shows what is stored now. The page then shows
// the first-run form.
func (o *options) reset(b js.Value) {
	shown := o.erasing
	o.erasing = nil
	pagekit.Spawn(func() {
		if shown == nil {
			o.describeForReset(b)
			return
		}
		_, err := o.p.Shell.Send(messages.Reset{Confirm: "erase", Gen: shown.Gen, Parts: shown.Parts})
		if err == nil {
			return
		}
		o.describeForReset(b)
		if code, _ := errcode.Of(err); code == "vault-changed" {
			o.p.SetText("reset-what", pagekit.ProblemText(o.p, err)+" "+o.eraseWarning)
			return
		}
		b.Set("textContent", pagekit.ProblemText(o.p, err))
	})
}

// describeForReset shows what erasing loses and arms the erase button; nothing stored: says so, unarmed.
func (o *options) describeForReset(b js.Value) {
	var d messages.VaultDescribeResult
	if err := pagejson.SendInto(o.p.Shell, messages.VaultDescribe{}, &d); err != nil {
		b.Set("textContent", pagekit.ProblemText(o.p, err))
		return
	}
	warning := ui.EraseWarning(o.p.Catalog, d)
	o.eraseWarning = warning
	o.p.SetHidden("reset-what", false)
	o.p.SetHidden("reset-save", warning == "")
	if warning == "" {
		o.p.SetText("reset-what", o.p.T("resetNothing"))
		return
	}
	o.p.SetText("reset-what", warning)
	b.Set("textContent", o.p.T("resetConfirm"))
	o.erasing = &d
}

// saveBeforeReset downloads every stored vault part, still encrypted (the worker's vault.backup).
func (o *options) saveBeforeReset() {
	const name = "panelkey-vault-copy.json"
	var r messages.ExportResult
	err := pagejson.SendInto(o.p.Shell, messages.VaultBackup{}, &r)
	if err == nil {
		err = o.p.Shell.Download(name, r.File)
	}
	if err != nil {
		o.p.SetText("reset-what", pagekit.ProblemText(o.p, err))
		return
	}
	o.p.SetText("reset-what", o.p.T("resetSaved", name)+" "+o.eraseWarning)
}
