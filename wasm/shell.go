//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/panelkey/panelkey/ui"
)

// shell is the pages' only way to the browser: globalThis.shell
// (extension/shell.js; docs/architecture.md, "Pages"). Methods that return a
// Promise block on it: call them from a goroutine (see await).
type shell struct{ v js.Value }

func theShell() shell { return shell{js.Global().Get("shell")} }

// status is the lock state shell.status() reports.
type status struct {
	Initialized     bool `json:"initialized"`
	Unlocked        bool `json:"unlocked"`
	AutoLockMinutes int  `json:"autoLockMinutes"`
}

// send posts msg (a struct or map with a "type") to the worker and returns
// its reply, or the worker's {code, message} as a *jsError.
func (s shell) send(msg any) (js.Value, error) {
	m, err := toJS(msg)
	if err != nil {
		return js.Undefined(), err
	}
	return await(s.v.Call("send", m))
}

// sendInto is send that decodes the reply into out.
func (s shell) sendInto(msg any, out any) error {
	v, err := s.send(msg)
	if err != nil {
		return err
	}
	return fromJS(v, out)
}

func (s shell) status() (status, error) {
	var st status
	v, err := await(s.v.Call("status"))
	if err != nil {
		return st, err
	}
	return st, fromJS(v, &st)
}

// clockOffsets returns the server clock offsets the worker learnt at logins
// (shell.clockOffsets()) by server id; values that are not a number of
// seconds within a year either way are left out.
func (s shell) clockOffsets() (map[string]time.Duration, error) {
	v, err := await(s.v.Call("clockOffsets"))
	if err != nil {
		return nil, err
	}
	var stored map[string]any
	if err := fromJS(v, &stored); err != nil {
		return nil, err
	}
	out := make(map[string]time.Duration, len(stored))
	for id, x := range stored {
		if sec, ok := x.(float64); ok {
			if d, err := (clock{OffsetSeconds: sec}).offset(); err == nil {
				out[id] = d
			}
		}
	}
	return out, nil
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
func (s shell) onChange(fn func()) {
	s.v.Call("onChange", js.FuncOf(func(js.Value, []js.Value) any {
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
	if err != nil || v.IsNull() || v.IsUndefined() {
		return "", "", err
	}
	var f struct {
		Name string `json:"name"`
		Text string `json:"text"`
	}
	err = fromJS(v, &f)
	return f.Name, f.Text, err
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
