//go:build js && wasm && !popup

// Command wasm is panelkey's WebAssembly program (GOOS=js GOARCH=wasm). It
// installs the engine's JavaScript API as globalThis.panelkey (with
// bridge.js) for the background (Chromium's service worker, Firefox's event
// page) and the pages, and, in a page, renders the page named by
// globalThis.panelkeyPage ("popup", "options", "console") into <div id="app">.
//
// Built with -tags popup (main_popup.go) it is popup.wasm instead: the
// popup page alone, without the API, the options and console pages or
// encoding/json, so the page users open most loads a smaller program
// (docs/benchmarks.md).
package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/ui"
)

func main() {
	installAPI()
	// A page is known by the name web/page.js gives it, not by having a document: Firefox's event page (the
	// background there) has one too, and neither background names itself.
	if name := js.Global().Get("panelkeyPage"); name.Type() == js.TypeString {
		startPage(name.String())
	}
	select {}
}

func startPage(name string) {
	mark("panelkey:start")
	p := newPage()
	switch name {
	case "popup":
		startPopup(p)
	case "options":
		startOptions(p)
	case "console":
		renderConsole(p)
	default:
		p.app.SetInnerHTML(`<p class="error">Unknown page ` + ui.Escape(name) + `.</p>`)
	}
}
