//go:build js && wasm

package main

import (
	"math"
	"syscall/js"
	"time"

	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
)

// shell is the pages' only way to the browser: globalThis.shell
// (extension/shell.js; docs/architecture.md, "Pages"). Methods that return a
// Promise block on it: call them from a goroutine (see await).
type shell struct{ v js.Value }

func theShell() shell { return shell{js.Global().Get("shell")} }

// status is the lock state shell.status() reports.
type status struct {
	Initialized     bool
	Unlocked        bool
	AutoLockMinutes int
}

// send posts msg (with a "type") to the worker and returns its reply, or the
// worker's {code, message} as a *jsError. Messages are flat maps, built into
// a JS object by js.ValueOf; structured ones go through sendJSON.
func (s shell) send(msg map[string]any) (js.Value, error) {
	return await(s.v.Call("send", js.ValueOf(msg)))
}

func (s shell) status() (status, error) {
	v, err := await(s.v.Call("status"))
	if err != nil {
		return status{}, err
	}
	return status{
		Initialized:     field(v, "initialized").Truthy(),
		Unlocked:        field(v, "unlocked").Truthy(),
		AutoLockMinutes: int(number(field(v, "autoLockMinutes"))),
	}, nil
}

// clockOffsets returns the server clock offsets the worker learnt at logins
// (shell.clockOffsets()) by server id; values that are not a number of
// seconds within a year either way are left out.
func (s shell) clockOffsets() (map[string]time.Duration, error) {
	v, err := await(s.v.Call("clockOffsets"))
	if err != nil {
		return nil, err
	}
	out := map[string]time.Duration{}
	if v.Type() != js.TypeObject || v.IsNull() {
		return out, nil
	}
	entries := js.Global().Get("Object").Call("entries", v)
	for i := 0; i < entries.Length(); i++ {
		e := entries.Index(i)
		if sec := e.Index(1); sec.Type() == js.TypeNumber {
			if d, ok := clockOffset(sec.Float()); ok {
				out[e.Index(0).String()] = d
			}
		}
	}
	return out, nil
}

// clockOffset is sec (server clock minus local clock, in seconds) as a
// Duration; false when it is NaN or over totp.MaxOffset.
func clockOffset(sec float64) (time.Duration, bool) {
	if !(math.Abs(sec) <= totp.MaxOffset.Seconds()) {
		return 0, false
	}
	return time.Duration(sec * float64(time.Second)), true
}

// readVault returns the decrypted document both as the JS object (writes
// patch it, so fields the Go types do not know survive) and decoded; doc is
// null and v nil when the vault is locked.
func (s shell) readVault() (doc js.Value, v *ui.Vault, err error) {
	doc, err = await(s.v.Call("readVault"))
	if err != nil || doc.IsNull() || doc.IsUndefined() {
		return js.Null(), nil, err
	}
	v, err = ui.DecodeVault(jsonText(doc))
	return doc, v, err
}

// readVaultText returns the decoded vault for display only (the popup, and
// the other pages' reads that write nothing): the shell hands over the
// decrypted text itself, so there is no JSON.parse in JS and JSON.stringify
// back, as readVault's callers need. nil when locked.
func (s shell) readVaultText() (*ui.Vault, error) {
	text, err := await(s.v.Call("readVaultText"))
	if err != nil || text.Type() != js.TypeString {
		return nil, err
	}
	return ui.DecodeVault(text.String())
}

// writeVault sends the whole document to the worker, the only writer.
func (s shell) writeVault(doc js.Value) error {
	m := js.Global().Get("Object").New()
	m.Set("type", "vault.write")
	m.Set("data", doc)
	_, err := await(s.v.Call("send", m))
	return err
}

func (s shell) copy(text string) error {
	_, err := await(s.v.Call("copy", text))
	return err
}

// requestHost asks for the host permission origin. Chrome grants it only
// during a user gesture, so call it synchronously in the click handler and
// await the returned Promise (of a boolean) from a goroutine.
func (s shell) requestHost(origin string) js.Value {
	return s.v.Call("requestHost", origin)
}

func (s shell) openPage(name string) { s.v.Call("openPage", name) }

// onChange calls fn in a new goroutine whenever the vault or the lock state
// changes (fn may await).
func (s shell) onChange(fn func()) { s.watch("onChange", fn) }

// onSessionsChange calls fn in a new goroutine whenever the worker remembers
// or forgets a browser session (a login tab opened, from any page).
func (s shell) onSessionsChange(fn func()) { s.watch("onSessionsChange", fn) }

// watch registers fn with the shell's listener method name, to run in a new
// goroutine at each call (fn may await).
func (s shell) watch(name string, fn func()) {
	s.v.Call(name, js.FuncOf(func(js.Value, []js.Value) any {
		spawn(fn)
		return nil
	}))
}

func (s shell) download(name, text string) error {
	_, err := await(s.v.Call("download", name, text))
	return err
}

// pickFile lets the user choose a file and returns its name and text
// (both "" when the choice was cancelled).
func (s shell) pickFile() (name, text string, err error) {
	v, err := await(s.v.Call("pickFile"))
	if err != nil || v.Type() != js.TypeObject || v.IsNull() {
		return "", "", err
	}
	return stringField(v, "name"), stringField(v, "text"), nil
}

// onProgress calls fn with each {type:'progress', …} message the worker
// broadcasts (fn runs in the event handler: it must not block).
func (s shell) onProgress(fn func(msg js.Value)) {
	s.v.Call("onProgress", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer recoverUI()
		fn(arg0(args))
		return nil
	}))
}
