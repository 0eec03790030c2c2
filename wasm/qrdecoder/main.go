//go:build js && wasm

// Command qrdecoder is the QR decoder's program (qr.wasm): qrscan, alone, for
// a dedicated Web Worker (web/qrworker.js) that a page starts when the user
// scans a picture. The decoder is ~2 MB of wasm, so no page's own program
// links it (scripts/test.sh checks the popup's), and a page that never scans
// never loads it.
//
// It installs globalThis.panelkeyQR.scan(rgba, width, height): the picture's
// pixels as a canvas's ImageData holds them, in; {texts:[…]} or
// {error:{code, message}} out (a Go function called from JavaScript cannot
// throw). Then it calls globalThis.panelkeyQRReady() if that exists.
package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/qrscan"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("scan", js.FuncOf(scan))
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
	pix := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(pix, js.Global().Get("Uint8Array").New(args[0].Get("buffer"), args[0].Get("byteOffset"), args[0].Get("length")))
	g, err := qrscan.FromRGBA(pix, args[1].Int(), args[2].Int())
	if err == nil {
		var texts []string
		if texts, err = qrscan.Scan(g); err == nil {
			list := make([]any, len(texts))
			for i, t := range texts {
				list[i] = t
			}
			return map[string]any{"texts": list}
		}
	}
	code, msg := errcode.Of(err)
	return failure(code, msg)
}

// isBytes reports whether v is a Uint8Array or a Uint8ClampedArray (ImageData.data).
func isBytes(v js.Value) bool {
	return v.Type() == js.TypeObject && (v.InstanceOf(js.Global().Get("Uint8ClampedArray")) || v.InstanceOf(js.Global().Get("Uint8Array")))
}

func failure(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message}}
}
