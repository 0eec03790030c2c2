//go:build js && wasm

package pagekit

import (
	"syscall/js"
	"time"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// Shell is the pages' only way to the browser: globalThis.shell
// (extension/shell.js; docs/architecture.md, "Pages"). Methods that return a
// Promise block on it: call them from a goroutine (see jsvalue.Await).
type Shell struct{ V js.Value }

func TheShell() Shell { return Shell{js.Global().Get("shell")} }

// LockState is the lock state shell.status() reports.
type LockState struct {
	Initialized     bool
	Unlocked        bool
	AutoLockMinutes int
}

// Send posts msg (with a "type") to the worker and returns its reply, or the
// worker's {code, message} as a *jsvalue.Error. Messages are flat maps, built into
// a JS object by js.ValueOf; structured ones go through pagejson.Send.
func (s Shell) Send(msg messages.Flat) (js.Value, error) {
	return jsvalue.Await(s.V.Call("send", js.ValueOf(msg.Fields())))
}

func (s Shell) Status() (LockState, error) {
	v, err := jsvalue.Await(s.V.Call("status"))
	if err != nil {
		return LockState{}, err
	}
	return LockState{
		Initialized:     jsvalue.Field(v, "initialized").Truthy(),
		Unlocked:        jsvalue.Field(v, "unlocked").Truthy(),
		AutoLockMinutes: int(jsvalue.Number(jsvalue.Field(v, "autoLockMinutes"))),
	}, nil
}

// ClockOffsets returns the server clock offsets the worker learnt at logins
// (shell.clockOffsets()) by server id; values that are not a number of
// seconds within a year either way are left out.
func (s Shell) ClockOffsets() (map[string]time.Duration, error) {
	v, err := jsvalue.Await(s.V.Call("clockOffsets"))
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
			if d, ok := totp.OffsetFromSeconds(sec.Float()); ok {
				out[e.Index(0).String()] = d
			}
		}
	}
	return out, nil
}

// ReadVault returns the decrypted document both as the JS object (writes
// patch it, so fields the Go types do not know survive) and decoded; doc is
// null and v nil when the vault is locked.
func (s Shell) ReadVault() (doc js.Value, v *ui.Vault, err error) {
	doc, err = jsvalue.Await(s.V.Call("readVault"))
	if err != nil || doc.IsNull() || doc.IsUndefined() {
		return js.Null(), nil, err
	}
	v, err = ui.DecodeVault(jsvalue.JSONText(doc))
	return doc, v, err
}

// ReadVaultText returns the decoded vault for display only (the popup, and
// the other pages' reads that write nothing): the shell hands over the
// decrypted text itself, so there is no JSON.parse in JS and JSON.stringify
// back, as readVault's callers need. nil when locked.
func (s Shell) ReadVaultText() (*ui.Vault, error) {
	text, err := jsvalue.Await(s.V.Call("readVaultText"))
	if err != nil || text.Type() != js.TypeString {
		return nil, err
	}
	return ui.DecodeVault(text.String())
}

// WriteVault sends the whole document to the worker, the only writer.
func (s Shell) WriteVault(doc js.Value) error {
	m := js.Global().Get("Object").New()
	m.Set("type", messages.VaultWrite{}.MessageType())
	m.Set("data", doc)
	_, err := jsvalue.Await(s.V.Call("send", m))
	return err
}

func (s Shell) Copy(text string) error {
	_, err := jsvalue.Await(s.V.Call("copy", text))
	return err
}

// RequestHost asks for the host permission origin. Chrome grants it only
// during a user gesture, so call it synchronously in the click handler and
// await the returned Promise (of a boolean) from a goroutine.
func (s Shell) RequestHost(origin string) js.Value {
	return s.V.Call("requestHost", origin)
}

func (s Shell) OpenPage(name string) { s.V.Call("openPage", name) }

// OnChange calls fn in a new goroutine whenever the vault or the lock state
// changes (fn may await).
func (s Shell) OnChange(fn func()) { s.watch("onChange", fn) }

// OnSessionsChange calls fn in a new goroutine whenever the worker remembers
// or forgets a browser session (a login tab opened, from any page).
func (s Shell) OnSessionsChange(fn func()) { s.watch("onSessionsChange", fn) }

// watch registers fn with the shell's listener method name, to run in a new
// goroutine at each call (fn may await).
func (s Shell) watch(name string, fn func()) {
	s.V.Call(name, js.FuncOf(func(js.Value, []js.Value) any {
		Spawn(fn)
		return nil
	}))
}

func (s Shell) Download(name, text string) error {
	_, err := jsvalue.Await(s.V.Call("download", name, text))
	return err
}

// PickFile lets the user choose a file and returns its name and text
// (both "" when the choice was cancelled).
func (s Shell) PickFile() (name, text string, err error) {
	v, err := jsvalue.Await(s.V.Call("pickFile"))
	if err != nil || v.Type() != js.TypeObject || v.IsNull() {
		return "", "", err
	}
	return jsvalue.StringField(v, "name"), jsvalue.StringField(v, "text"), nil
}

// OnProgress calls fn with each {type:'progress', …} message the worker
// broadcasts (fn runs in the event handler: it must not block).
func (s Shell) OnProgress(fn func(msg js.Value)) {
	s.V.Call("onProgress", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer RecoverUI()
		fn(jsvalue.Arg0(args))
		return nil
	}))
}
