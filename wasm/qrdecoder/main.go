//go:build js && wasm

// Command qrdecoder is the QR decoder's program (qr.wasm): qrscan, alone, for
// a dedicated Web Worker (web/qrworker.js) that a page starts when the user
// scans a picture. The decoder is ~2 MB of wasm, so no page's own program
// links it (scripts/test.sh checks the popup's), and a page that never scans
// never loads it.
//
// It installs globalThis.panelkeyQR with two functions (a Go function called
// from JavaScript cannot throw: a failure is {error:{code, message}}):
//
//   - scan(rgba, width, height): the picture's pixels as a canvas's ImageData
//     holds them → {texts:[…]};
//   - preview({rgba, width, height, existing, catalog}): the same picture read
//     as an import (keyimport) against the vault's authenticators (existing:
//     [{id, issuer, account, secret, type}]), in the catalog's words
//     ({lang, text, fallback}, as page.js loads it) → {html, keys}: the
//     preview's HTML (importview.HTML) and each item's authenticator, by
//     the preview's data-import-index. The popup uses it, so that neither the
//     decoder nor the import's parsers are in popup.wasm.
//
// Then it calls globalThis.panelkeyQRReady() if that exists.
package main

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/importview"
	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/qrscan"
	"github.com/panelkey/panelkey/vault"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("scan", js.FuncOf(scan))
	api.Set("preview", js.FuncOf(preview))
	js.Global().Set("panelkeyQR", api)
	if ready := js.Global().Get("panelkeyQRReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

func scan(_ js.Value, args []js.Value) (out any) {
	defer func() {
		if recover() != nil {
			out = failure("qr-internal", "The QR decoder failed on this picture.")
		}
	}()
	if len(args) != 3 || args[1].Type() != js.TypeNumber || args[2].Type() != js.TypeNumber || !isBytes(args[0]) {
		return failure(qrscan.CodeImageInvalid, "scan takes the picture's RGBA pixels, its width and its height.")
	}
	texts, err := read(args[0], args[1].Int(), args[2].Int())
	if err != nil {
		code, msg := errcode.Of(err)
		return failure(code, msg)
	}
	list := make([]any, len(texts))
	for i, t := range texts {
		list[i] = t
	}
	return map[string]any{"texts": list}
}

// read copies the pixels in and returns the codes' texts.
func read(rgba js.Value, width, height int) ([]string, error) {
	pix := make([]byte, rgba.Get("length").Int())
	js.CopyBytesToGo(pix, js.Global().Get("Uint8Array").New(rgba.Get("buffer"), rgba.Get("byteOffset"), rgba.Get("length")))
	g, err := qrscan.FromRGBA(pix, width, height)
	if err != nil {
		return nil, err
	}
	return qrscan.Scan(g)
}

func preview(_ js.Value, args []js.Value) (out any) {
	defer func() {
		if recover() != nil {
			out = failure("qr-internal", "The QR decoder failed on this picture.")
		}
	}()
	in := js.Undefined()
	if len(args) == 1 {
		in = args[0]
	}
	if in.Type() != js.TypeObject || !isBytes(in.Get("rgba")) || in.Get("width").Type() != js.TypeNumber || in.Get("height").Type() != js.TypeNumber {
		return failure(qrscan.CodeImageInvalid, "preview takes {rgba, width, height, existing, catalog}.")
	}
	texts, err := read(in.Get("rgba"), in.Get("width").Int(), in.Get("height").Int())
	if err != nil {
		code, msg := errcode.Of(err)
		return failure(code, msg)
	}
	c := catalog(in.Get("catalog"))
	p := keyimport.Build(texts, existing(in.Get("existing")))
	html := importview.HTML(c, p, func(n int) string { return c.T("importSourceQR", strconv.Itoa(n)) })
	keys := make([]any, len(p.Items))
	for i, it := range p.Items {
		a := vault.FromKey(it.Key)
		keys[i] = map[string]any{"issuer": a.Issuer, "account": a.Account, "secret": a.Secret, "algorithm": a.Algorithm,
			"digits": a.Digits, "period": a.Period, "type": a.Type, "counter": a.Counter}
	}
	return map[string]any{"html": html, "keys": keys}
}

// existing reads the vault's authenticators as the page passes them.
func existing(list js.Value) []vault.Authenticator {
	if list.Type() != js.TypeObject || list.Get("length").Type() != js.TypeNumber {
		return nil
	}
	out := make([]vault.Authenticator, list.Length())
	for i := range out {
		e := list.Index(i)
		out[i] = vault.Authenticator{ID: text(e, "id"), Issuer: text(e, "issuer"), Account: text(e, "account"),
			Secret: text(e, "secret"), Type: text(e, "type")}
	}
	return out
}

func text(v js.Value, name string) string {
	if f := v.Get(name); f.Type() == js.TypeString {
		return f.String()
	}
	return ""
}

// catalog parses the page's catalog ({lang, text, fallback}); without one,
// every string shows as its key, as in a page.
func catalog(v js.Value) *locale.Catalog {
	c, err := locale.Parse(text(v, "lang"), text(v, "text"))
	if err != nil {
		c, _ = locale.Parse(locale.Default, "{}")
	}
	if fb := text(v, "fallback"); fb != "" {
		if en, err := locale.Parse(locale.Default, fb); err == nil {
			c = c.WithFallback(en)
		}
	}
	return c
}

// isBytes reports whether v is a Uint8Array or a Uint8ClampedArray (ImageData.data).
func isBytes(v js.Value) bool {
	return v.Type() == js.TypeObject && (v.InstanceOf(js.Global().Get("Uint8ClampedArray")) || v.InstanceOf(js.Global().Get("Uint8Array")))
}

func failure(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message}}
}
