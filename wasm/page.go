//go:build js && wasm

package main

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/ui"
)

// page is what every page's UI shares: the document, <div id="app"> and the
// shell.
//
// DOM notes. Every call into JS is a crossing, so views are built as one
// escaped HTML string set with a single innerHTML, events are delegated to
// #app, and hot paths (the per-second code ticks, list re-renders) keep raw
// js.Values. Elements are dom/v2 types built directly around their js.Value
// (element): dom/v2's own lookups (Document.GetElementByID,
// AddEventListener) wrap every result by comparing its constructor with
// each of ~70 element or ~60 event types, which costs dozens of crossings a
// call and 1.2 MB of wasm.
type page struct {
	doc   js.Value
	app   *dom.BasicHTMLElement
	shell shell
}

// element wraps an HTML element for dom/v2's methods.
func element(v js.Value) *dom.BasicHTMLElement {
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

func newPage() *page {
	doc := js.Global().Get("document")
	return &page{doc: doc, app: element(doc.Call("getElementById", "app")), shell: theShell()}
}

// mark records a User Timing mark (performance.mark) the first time a page
// reaches a moment users wait for: "panelkey:start" (the Go program runs),
// "panelkey:vault" (the vault is read and decoded) and "panelkey:codes" (the
// popup's list and its codes are in the DOM). scripts/bench.sh reads them; a
// developer sees them in DevTools' Performance panel. Later calls are no-ops.
func mark(name string) {
	if marked[name] {
		return
	}
	marked[name] = true
	js.Global().Get("performance").Call("mark", name)
}

var marked = map[string]bool{}

// render replaces the whole view.
func (p *page) render(html string) { p.app.SetInnerHTML(html) }

// renderError replaces the whole view with err, for a page that cannot show
// what it should (the vault or the lock state could not be read).
func (p *page) renderError(err error) {
	p.render(`<p class="error">` + ui.Escape(errorText(err)) + `</p>`)
}

// raw returns the element with that id as a plain js.Value (null when
// absent).
func (p *page) raw(id string) js.Value {
	return p.doc.Call("getElementById", id)
}

// el returns the element with that id, or nil.
func (p *page) el(id string) *dom.BasicHTMLElement {
	e := p.raw(id)
	if e.IsNull() {
		return nil
	}
	return element(e)
}

// value returns the value of the input, select or textarea with that id.
func (p *page) value(id string) string {
	e := p.raw(id)
	if e.IsNull() {
		return ""
	}
	return e.Get("value").String()
}

func (p *page) setValue(id, v string) {
	if e := p.raw(id); !e.IsNull() {
		e.Set("value", v)
	}
}

// setText sets the text of the element with that id and shows it (hides it
// for "").
func (p *page) setText(id, text string) {
	e := p.el(id)
	if e == nil {
		return
	}
	e.SetTextContent(text)
	e.Set("hidden", text == "")
}

// setHTML sets the inner HTML of the element with that id.
func (p *page) setHTML(id, html string) {
	if e := p.el(id); e != nil {
		e.SetInnerHTML(html)
	}
}

func (p *page) focus(id string) {
	if e := p.el(id); e != nil {
		e.Focus()
	}
}

// showMessage puts html (already escaped) in #message, styled as an error when
// isErr; "" hides it.
func (p *page) showMessage(html string, isErr bool) {
	m := p.raw("message")
	if m.IsNull() {
		return
	}
	class := "info"
	if isErr {
		class = "error"
	}
	m.Set("className", class)
	m.Set("innerHTML", html)
	m.Set("hidden", html == "")
}

func (p *page) setDisabled(id string, disabled bool) {
	if e := p.raw(id); !e.IsNull() {
		e.Set("disabled", disabled)
	}
}

// listen calls fn for typ events on target (the listener stays for the life
// of the page).
func listen(target js.Value, typ string, fn func(ev *dom.BasicEvent)) {
	target.Call("addEventListener", typ, js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer recoverUI()
		fn(&dom.BasicEvent{Value: args[0]})
		return nil
	}))
}

// afterPaint blocks the calling goroutine until the browser has painted the
// page as it is now: the next animation frame, then a task after it.
func afterPaint() {
	done := make(chan struct{})
	var frame, after js.Func
	after = js.FuncOf(func(js.Value, []js.Value) any {
		after.Release()
		close(done)
		return nil
	})
	frame = js.FuncOf(func(js.Value, []js.Value) any {
		frame.Release()
		js.Global().Call("setTimeout", after, 0)
		return nil
	})
	js.Global().Call("requestAnimationFrame", frame)
	<-done
}

// spawn runs fn in a goroutine of its own (fn may await).
func spawn(fn func()) {
	go func() {
		defer recoverUI()
		fn()
	}()
}

// recoverUI turns a panic in the pages' code into a message: unrecovered, it
// would stop the Go program, and with it the page and globalThis.panelkey.
// Deferred by every event handler and goroutine of the pages.
func recoverUI() {
	r := recover()
	if r == nil {
		return
	}
	text := "panelkey hit an internal error (" + panicText(r) + "). Close and reopen this page; if it happens again, please report it."
	js.Global().Get("console").Call("error", text)
	doc := js.Global().Get("document")
	m := doc.Call("getElementById", "message")
	if m.IsNull() {
		m = doc.Call("createElement", "p")
		doc.Call("getElementById", "app").Call("prepend", m)
	}
	m.Set("className", "error")
	m.Set("textContent", text)
	m.Set("hidden", false)
}

// on listens for typ events anywhere in #app (delegation: one listener per
// type for the life of the page, whatever the view) and passes the event's
// target.
func (p *page) on(typ string, fn func(ev *dom.BasicEvent, target js.Value)) {
	listen(p.app.Underlying(), typ, func(ev *dom.BasicEvent) {
		fn(ev, ev.Get("target"))
	})
}

// closest returns the nearest ancestor-or-self of el matching sel, or null.
func closest(el js.Value, sel string) js.Value {
	if el.Type() != js.TypeObject || el.IsNull() || el.Get("closest").Type() != js.TypeFunction {
		return js.Null()
	}
	return el.Call("closest", sel)
}

// attr returns an attribute of el ("" when absent, or el is null).
func attr(el js.Value, name string) string {
	if el.Type() != js.TypeObject || el.IsNull() {
		return ""
	}
	v := el.Call("getAttribute", name)
	if v.IsNull() {
		return ""
	}
	return v.String()
}

// errorText is what a failure says to people: the message, then the advice.
func errorText(err error) string {
	if je, ok := err.(*jsError); ok && je.Advice != "" {
		return je.Message + " " + je.Advice
	}
	return err.Error()
}

// lockScreen shows the first-run "create vault" form or the unlock form. It
// does not hand over to the page once the vault opens: every page already
// follows the lock state through shell.onChange, and a second refresh would
// read and decrypt the vault twice. Its handlers are active while its form is
// on screen.
type lockScreen struct {
	p *page
}

const unlockHTML = `<form id="unlock-form" class="lock" autocomplete="off">
<h1>panelkey</h1>
<label for="unlock-password">Master password</label>
<input id="unlock-password" type="password" autocomplete="current-password" spellcheck="false">
<button id="unlock-submit" type="submit" class="primary">Unlock</button>
<p id="unlock-error" class="error" role="alert" hidden></p>
</form>`

const setupHTML = `<form id="setup-form" class="lock" autocomplete="off">
<h1>Create your vault</h1>
<p class="hint">panelkey keeps your servers' credentials encrypted in this browser under a master password.
Choose one of at least 10 characters. It cannot be recovered: if you forget it, the vault is lost (an export
does not help without it).</p>
<label for="setup-password">Master password</label>
<input id="setup-password" type="password" autocomplete="new-password" spellcheck="false">
<label for="setup-confirm">Repeat the master password</label>
<input id="setup-confirm" type="password" autocomplete="new-password" spellcheck="false">
<button id="setup-submit" type="submit" class="primary">Create vault</button>
<p id="setup-error" class="error" role="alert" hidden></p>
</form>`

func newLockScreen(p *page) *lockScreen {
	l := &lockScreen{p: p}
	p.on("submit", func(ev *dom.BasicEvent, target js.Value) {
		switch target.Get("id").String() {
		case "unlock-form":
			ev.PreventDefault()
			l.unlock()
		case "setup-form":
			ev.PreventDefault()
			l.setup()
		}
	})
	return l
}

// show renders the form st calls for.
func (l *lockScreen) show(st status) {
	if !st.Initialized {
		l.p.render(setupHTML)
		l.p.focus("setup-password")
		return
	}
	l.p.render(unlockHTML)
	l.p.focus("unlock-password")
}

func (l *lockScreen) unlock() {
	p := l.p
	pw := p.value("unlock-password")
	if pw == "" {
		p.setText("unlock-error", "Type your master password.")
		return
	}
	p.setText("unlock-error", "")
	p.setDisabled("unlock-submit", true)
	spawn(func() {
		_, err := p.shell.send(map[string]any{"type": "unlock", "password": pw})
		p.setDisabled("unlock-submit", false)
		if err != nil {
			p.setText("unlock-error", errorText(err))
			p.setValue("unlock-password", "")
			p.focus("unlock-password")
			return
		}
	})
}

func (l *lockScreen) setup() {
	p := l.p
	pw, confirm := p.value("setup-password"), p.value("setup-confirm")
	if msg := ui.CheckNewPassword(pw, confirm); msg != "" {
		p.setText("setup-error", msg)
		return
	}
	p.setText("setup-error", "")
	p.setDisabled("setup-submit", true)
	spawn(func() {
		_, err := p.shell.send(map[string]any{"type": "setup", "password": pw})
		p.setDisabled("setup-submit", false)
		if err != nil {
			p.setText("setup-error", errorText(err))
			return
		}
	})
}
