//go:build js && wasm

// Package pagekit is what every page controller shares: the page (its
// document, <div id="app"> and the shell), DOM helpers that keep crossings
// few, goroutines that survive a panic, and globalThis.shell as Go methods.
// It decides nothing: the page controllers (popup, options, console,
// lockscreen) say what to show, the engine packages what it means.
package pagekit

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// Page is what every page's UI shares: the document, <div id="app"> and the
// shell.
//
// DOM notes. Every call into JS is a crossing, so views are built as one
// escaped HTML string set with a single innerHTML, events are delegated to
// #app, and hot paths (the per-second code ticks, list re-renders) keep raw
// js.Values. Elements are dom/v2 types built directly around their js.Value
// (Element): dom/v2's own lookups (Document.GetElementByID,
// AddEventListener) wrap every result by comparing its constructor with
// each of ~70 element or ~60 event types, which costs dozens of crossings a
// call and 1.2 MB of wasm.
type Page struct {
	Doc   js.Value
	App   *dom.BasicHTMLElement
	Shell Shell
	// Catalog holds the page's strings in the browser's language (T).
	Catalog *locale.Catalog
}

// Element wraps an HTML element for dom/v2's methods.
func Element(v js.Value) *dom.BasicHTMLElement {
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

// NewPage is the page this program runs in, with globalThis.shell.
func NewPage() *Page {
	doc := js.Global().Get("document")
	return &Page{Doc: doc, App: Element(doc.Call("getElementById", "app")), Shell: TheShell(), Catalog: loadCatalog()}
}

// Mark records a User Timing mark (performance.mark) the first time a page
// reaches a moment users wait for: "panelkey:start" (the Go program runs),
// "panelkey:vault" (the vault is read and decoded), "panelkey:codes" (the
// popup's list and its codes are in the DOM; page.js marks it when it paints
// the worker's list first) and "panelkey:ready" (the popup's program shows its
// first view and takes input). scripts/bench.sh reads them; a developer sees
// them in DevTools' Performance panel. Later calls are no-ops.
func Mark(name string) {
	if marked[name] {
		return
	}
	marked[name] = true
	js.Global().Get("performance").Call("mark", name)
}

var marked = map[string]bool{}

// Render replaces the whole view.
func (p *Page) Render(html string) { p.App.SetInnerHTML(html) }

// RenderError replaces the whole view with err, for a page that cannot show
// what it should (the vault or the lock state could not be read).
func (p *Page) RenderError(err error) {
	p.Render(`<p class="error">` + ui.Escape(ProblemText(p, err)) + `</p>`)
}

// Raw returns the element with that id as a plain js.Value (null when
// absent).
func (p *Page) Raw(id string) js.Value {
	return p.Doc.Call("getElementById", id)
}

// El returns the element with that id, or nil.
func (p *Page) El(id string) *dom.BasicHTMLElement {
	e := p.Raw(id)
	if e.IsNull() {
		return nil
	}
	return Element(e)
}

// Value returns the value of the input, select or textarea with that id.
func (p *Page) Value(id string) string {
	e := p.Raw(id)
	if e.IsNull() {
		return ""
	}
	return e.Get("value").String()
}

func (p *Page) SetValue(id, v string) {
	if e := p.Raw(id); !e.IsNull() {
		e.Set("value", v)
	}
}

// SetHidden hides or shows the element with that id, if the page has it.
func (p *Page) SetHidden(id string, hidden bool) {
	if e := p.Raw(id); !e.IsNull() {
		e.Set("hidden", hidden)
	}
}

// SetText sets the text of the element with that id and shows it (hides it
// for "").
func (p *Page) SetText(id, text string) {
	e := p.El(id)
	if e == nil {
		return
	}
	e.SetTextContent(text)
	e.Set("hidden", text == "")
}

// SetHTML sets the inner HTML of the element with that id.
func (p *Page) SetHTML(id, html string) {
	if e := p.El(id); e != nil {
		e.SetInnerHTML(html)
	}
}

func (p *Page) Focus(id string) {
	if e := p.El(id); e != nil {
		e.Focus()
	}
}

// ShowMessage puts html (already escaped) in #message, styled as an error when
// isErr; "" hides it.
func (p *Page) ShowMessage(html string, isErr bool) {
	m := p.Raw("message")
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

func (p *Page) SetDisabled(id string, disabled bool) {
	if e := p.Raw(id); !e.IsNull() {
		e.Set("disabled", disabled)
	}
}

// Listen calls fn for typ events on target (the listener stays for the life
// of the page).
func Listen(target js.Value, typ string, fn func(ev *dom.BasicEvent)) {
	target.Call("addEventListener", typ, js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer RecoverUI()
		fn(&dom.BasicEvent{Value: args[0]})
		return nil
	}))
}

// AfterPaint blocks the calling goroutine until the browser has painted the
// page as it is now: the next animation frame, then a task after it.
func AfterPaint() {
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

// Spawn runs fn in a goroutine of its own (fn may await).
func Spawn(fn func()) {
	go func() {
		defer RecoverUI()
		fn()
	}()
}

// Submit runs send in a goroutine of its own with button disabled, so a second click cannot send again meanwhile;
// then, the button enabled again, it shows send's error with failed or runs done (nil: nothing more to do).
func (p *Page) Submit(button string, send func() error, failed func(error), done func()) {
	p.SetDisabled(button, true)
	Spawn(func() {
		err := send()
		p.SetDisabled(button, false)
		if err != nil {
			failed(err)
			return
		}
		if done != nil {
			done()
		}
	})
}

// ProblemIn is a failed for Submit: it shows the failure in the element id (ProblemText).
func (p *Page) ProblemIn(id string) func(error) {
	return func(err error) { p.SetText(id, ProblemText(p, err)) }
}

// Required reads the field id, which must not be empty: empty, it shows missing in the element errID and ok is
// false.
func (p *Page) Required(id, errID, missing string) (value string, ok bool) {
	value = p.Value(id)
	if value == "" {
		p.SetText(errID, missing)
		return "", false
	}
	return value, true
}

// NewPassword reads a new master password and its repeat from the fields pw and confirm. What is wrong with them
// (ui.CheckNewPassword) shows in the element errID and ok is false; else errID is cleared.
func (p *Page) NewPassword(pw, confirm, errID string) (password string, ok bool) {
	password = p.Value(pw)
	if msg := ui.CheckNewPassword(p.Catalog, password, p.Value(confirm)); msg != "" {
		p.SetText(errID, msg)
		return "", false
	}
	p.SetText(errID, "")
	return password, true
}

// RecoverUI turns a panic in the pages' code into a message: unrecovered, it
// would stop the Go program, and with it the page and globalThis.panelkey.
// Deferred by every event handler and goroutine of the pages.
func RecoverUI() {
	r := recover()
	if r == nil {
		return
	}
	text := "panelkey hit an internal error (" + jsvalue.PanicText(r) + "). Close and reopen this page; if it happens again, please report it."
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

// On listens for typ events anywhere in #app (delegation: one listener per
// type for the life of the page, whatever the view) and passes the event's
// target.
func (p *Page) On(typ string, fn func(ev *dom.BasicEvent, target js.Value)) {
	Listen(p.App.Underlying(), typ, func(ev *dom.BasicEvent) {
		fn(ev, ev.Get("target"))
	})
}

// Closest returns the nearest ancestor-or-self of el matching sel, or null.
func Closest(el js.Value, sel string) js.Value {
	if el.Type() != js.TypeObject || el.IsNull() || el.Get("closest").Type() != js.TypeFunction {
		return js.Null()
	}
	return el.Call("closest", sel)
}

// Attr returns an attribute of el ("" when absent, or el is null).
func Attr(el js.Value, name string) string {
	if el.Type() != js.TypeObject || el.IsNull() {
		return ""
	}
	v := el.Call("getAttribute", name)
	if v.IsNull() {
		return ""
	}
	return v.String()
}

// CodeHostPermission is the worker's failure for a server panelkey has no host
// permission for yet; the failure names the origin to request.
const CodeHostPermission = "host-permission"

// HostPermissionOrigin is the origin a failure asks the user to grant, when it
// is the worker's host-permission failure; "" otherwise.
func HostPermissionOrigin(err error) string {
	if je, ok := err.(*jsvalue.Error); ok && je.Code == CodeHostPermission {
		return je.Origin
	}
	return ""
}

// RenderTemplate replaces the whole view with the content of the page's
// <template id=…> (web/<page>.html holds each page's static markup; Go fills
// in the data afterwards).
func (p *Page) RenderTemplate(id string) {
	p.App.Underlying().Call("replaceChildren", p.template(id))
}

// AppendTemplate appends the content of <template id=…> to the element with
// id parent.
func (p *Page) AppendTemplate(parent, id string) {
	if e := p.Raw(parent); !e.IsNull() {
		e.Call("append", p.template(id))
	}
}

// template is a copy of <template id=…>'s content. A missing template is a
// build error (web/ and wasm/ out of step): it says so where the view would be.
func (p *Page) template(id string) js.Value {
	t := p.Raw(id)
	if t.IsNull() || !t.Get("content").Truthy() {
		e := p.Doc.Call("createElement", "p")
		e.Set("className", "error")
		e.Set("textContent", "This page's markup has no template "+id+": rebuild panelkey.")
		return e
	}
	c := t.Get("content").Call("cloneNode", true)
	p.localize(c)
	return c
}

// Fill sets the text of every element with data-fill="name" in the view.
func (p *Page) Fill(name, text string) {
	els := p.App.Underlying().Call("querySelectorAll", `[data-fill="`+name+`"]`)
	for i := 0; i < els.Length(); i++ {
		els.Index(i).Set("textContent", text)
	}
}

// EarlyList is the popup's list as page.js painted it from the worker's
// engine before this program ran (globalThis.panelkeyEarlyList, set by
// early.js): its HTML and the time its codes are for.
type EarlyList struct {
	HTML string
	Now  time.Time
}

// TakeEarlyList returns the list page.js painted, if it did, and stops it
// from painting one later: from now on this program draws the page. Call it
// before the program first shows anything.
func TakeEarlyList() (EarlyList, bool) {
	e := js.Global().Get("panelkeyEarlyList")
	if e.Type() != js.TypeObject {
		return EarlyList{}, false
	}
	e.Set("closed", true)
	if c := e.Get("close"); c.Type() == js.TypeFunction {
		e.Call("close") // a worker that has not answered yet will not be heard
	}
	p := e.Get("painted")
	if p.Type() != js.TypeObject || p.Get("html").Type() != js.TypeString || p.Get("now").Type() != js.TypeNumber {
		return EarlyList{}, false
	}
	e.Set("painted", js.Null())
	return EarlyList{HTML: p.Get("html").String(), Now: time.UnixMilli(int64(p.Get("now").Float()))}, true
}
