//go:build js && wasm

package pagekit

import (
	"syscall/js"
	"time"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
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

// OpenVault reads the vault the page shows, in the page with the session
// key: the meta chunk and the chunks a first paint needs (the index's list,
// vault.FirstChunks), or every chunk when all. The vault is nil when locked.
// gen is the generation read: LoadRest reads the rest of the same one.
func (s Shell) OpenVault(all bool) (v *vault.Vault, gen int, err error) {
	r, err := jsvalue.Await(s.V.Call("openVault"))
	if err != nil || r.IsNull() || r.IsUndefined() {
		return nil, 0, err
	}
	chunks := r.Get("chunks")
	v, err = vault.Open(chunks.Get(vault.ChunkMeta).String())
	if err != nil {
		return nil, 0, err
	}
	gen = r.Get("gen").Int()
	if err := loadChunks(v, chunks); err != nil {
		return nil, 0, err
	}
	if all {
		err = s.LoadRest(v, gen)
	}
	return v, gen, err
}

// Open reads the lock state and, while unlocked, the whole vault (OpenVault): v is nil while the vault is locked or
// not set up, or when it fails.
func (s Shell) Open() (st LockState, v *vault.Vault, err error) {
	st, err = s.Status()
	if err != nil || !st.Unlocked {
		return st, nil, err
	}
	if v, _, err = s.OpenVault(true); err != nil {
		return st, nil, err
	}
	return st, v, nil
}

// LoadRest reads and loads the chunks of generation gen that v has not
// loaded. It fails with vault-changed when that generation is gone (the page
// opens the vault again).
func (s Shell) LoadRest(v *vault.Vault, gen int) error {
	ids := v.Unloaded()
	if len(ids) == 0 {
		return nil
	}
	list := js.Global().Get("Array").New(len(ids))
	for i, id := range ids {
		list.SetIndex(i, id)
	}
	chunks, err := jsvalue.Await(s.V.Call("readChunks", gen, list))
	if err != nil {
		return err
	}
	return loadChunks(v, chunks)
}

// loadChunks loads the chunks of {id: text} other than meta into v.
func loadChunks(v *vault.Vault, chunks js.Value) error {
	keys := js.Global().Get("Object").Call("keys", chunks)
	for i := 0; i < keys.Length(); i++ {
		id := keys.Index(i).String()
		if id == vault.ChunkMeta {
			continue
		}
		if err := v.Load(id, chunks.Get(id).String()); err != nil {
			return err
		}
	}
	return nil
}

// EditResult is what the worker answers an applied edit.
type EditResult struct {
	ID    string   // what an add gave
	IDs   []string // what authenticators.add gave
	Count int      // accounts.merge: how many WHM listed
}

// Edit sends one edit to the worker's write chain (vault.edit) and waits
// until it is stored, or refused (the vault package's error: its code and
// message).
func (s Shell) Edit(e vault.Edit) (EditResult, error) {
	r, err := jsvalue.Await(s.V.Call("edit", vault.EncodeEdit(e)))
	if err != nil {
		return EditResult{}, err
	}
	out := EditResult{ID: jsvalue.StringField(r, "id"), Count: int(jsvalue.Number(jsvalue.Field(r, "count")))}
	if ids := jsvalue.Field(r, "ids"); ids.Type() == js.TypeObject && !ids.IsNull() {
		for i := 0; i < ids.Length(); i++ {
			out.IDs = append(out.IDs, ids.Index(i).String())
		}
	}
	return out, nil
}

func (s Shell) Copy(text string) error {
	_, err := jsvalue.Await(s.V.Call("copy", text))
	return err
}

// RequestHost asks for the host permission origin. Both browsers ask the
// user only during a user gesture, so call it synchronously in the click
// handler and await the returned Promise from a goroutine: true once the
// permission is in place (checked after the request), false when refused.
func (s Shell) RequestHost(origin string) js.Value {
	return s.V.Call("requestHost", origin)
}

// Browser is the browser the page runs in, for the page's words about it
// (ui.Browser): "firefox" or "chromium".
func (s Shell) Browser() string {
	if f := s.V.Get("browser"); f.Type() == js.TypeFunction {
		return f.Invoke().String()
	}
	return "chromium"
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
