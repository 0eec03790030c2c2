//go:build js && wasm

package pagekit

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// ScanImage returns the texts of the QR codes in a picture: source is a Blob
// (an image file, a pasted image) or an image URL (a tab's capture). The
// decoder runs in a worker of its own (shell.scanImage), loaded at the first
// scan. A picture without a code fails with qr-none, one whose code cannot be
// read with qr-unreadable (qrscan's codes).
func (s Shell) ScanImage(source js.Value) ([]string, error) {
	v, err := jsvalue.Await(s.V.Call("scanImage", source))
	if err != nil {
		return nil, err
	}
	texts := jsvalue.Field(v, "texts")
	out := make([]string, texts.Length())
	for i := range out {
		out[i] = texts.Index(i).String()
	}
	return out, nil
}

// CaptureTab returns the visible part of the active tab as a PNG data: URL
// (the popup may, once the user opened it on that tab: activeTab).
func (s Shell) CaptureTab() (string, error) {
	v, err := jsvalue.Await(s.V.Call("captureTab"))
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// TakeIntent returns what a keyboard shortcut asked the popup to do as it
// opens ("copy", "scan"), once; "" when nothing was asked.
func (s Shell) TakeIntent() string {
	v, err := jsvalue.Await(s.V.Call("takeIntent"))
	if err != nil || v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// ScanPreview reads a picture as an import against the vault's
// authenticators (existing), in the page's language: the preview's HTML
// (importview.HTML, checkboxes by data-import-index) and the
// authenticator each item would add. The reading, the parsers and the
// preview run in the QR decoder's worker (qr.wasm), so a page that uses this
// links none of them.
func (s Shell) ScanPreview(source js.Value, existing []vault.Authenticator) (html string, keys []vault.Authenticator, err error) {
	list := js.Global().Get("Array").New()
	for _, a := range existing {
		list.Call("push", map[string]any{"id": a.ID, "issuer": a.Issuer, "account": a.Account, "secret": a.Secret, "type": a.Type})
	}
	v, err := jsvalue.Await(s.V.Call("scanImage", source, list))
	if err != nil {
		return "", nil, err
	}
	ks := jsvalue.Field(v, "keys")
	keys = make([]vault.Authenticator, ks.Length())
	for i := range keys {
		k := ks.Index(i)
		keys[i] = vault.Authenticator{Issuer: k.Get("issuer").String(), Account: k.Get("account").String(), Secret: k.Get("secret").String(),
			Algorithm: k.Get("algorithm").String(), Digits: k.Get("digits").Int(), Period: k.Get("period").Int(), Type: k.Get("type").String(),
			Counter: int64(k.Get("counter").Float())}
	}
	return jsvalue.Field(v, "html").String(), keys, nil
}

// AddTicked adds, in one edit, the authenticators ticked in the import preview inside the element with id root
// (keys[i] for the checkbox of data-import-index i), with button disabled meanwhile. What it says goes to show
// (nothing ticked; how many it added), the worker's refusal to failed; done runs once they are added, before show.
func (p *Page) AddTicked(root, button string, keys []vault.Authenticator, show func(text string, isErr bool), failed func(error), done func()) {
	var add []vault.Authenticator
	for _, i := range p.ticked(root, len(keys)) {
		add = append(add, keys[i])
	}
	if len(add) == 0 {
		show(p.T("importNoneTicked"), true)
		return
	}
	p.Submit(button, func() error {
		_, err := p.Shell.Edit(vault.AddAuthenticators{Authenticators: add})
		return err
	}, failed, func() {
		done()
		show(p.T("importDone", strconv.Itoa(len(add))), false)
	})
}

// ticked returns the data-import-index of each ticked checkbox of the import
// preview inside the element with id root (importview.HTML's), below n.
func (p *Page) ticked(root string, n int) []int {
	var out []int
	boxes := p.Doc.Call("querySelectorAll", "#"+root+" input[data-import-index]")
	for k := 0; k < boxes.Length(); k++ {
		box := boxes.Index(k)
		i, err := strconv.Atoi(Attr(box, "data-import-index"))
		if err == nil && i >= 0 && i < n && box.Get("checked").Truthy() {
			out = append(out, i)
		}
	}
	return out
}
