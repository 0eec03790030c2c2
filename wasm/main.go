//go:build js && wasm && !popup

// Command wasm is panelkey's WebAssembly program (GOOS=js GOARCH=wasm). It
// installs the engine's JavaScript API as globalThis.panelkey (bridge*.go,
// with web/bridge.js) for the background (Chromium's service worker,
// Firefox's event page), and, when it runs in a page, starts the controller
// of the page named by globalThis.panelkeyPage ("options", "console";
// wasm/options, wasm/console), which renders into <div id="app">.
//
// Built with -tags popup (main_popup.go) it is popup.wasm instead: the popup
// page's controller (wasm/popup) alone, without the API, the other pages or
// encoding/json, so the page users open most loads a smaller program
// (docs/benchmarks.md).
package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/console"
	"github.com/panelkey/panelkey/wasm/options"
	"github.com/panelkey/panelkey/wasm/pagekit"
	"github.com/panelkey/panelkey/wasm/popup"
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
	pagekit.Mark("panelkey:start")
	p := pagekit.NewPage()
	switch name {
	case "popup":
		popup.Start(p)
	case "options":
		options.Start(p)
	case "console":
		console.Start(p)
	default:
		p.App.SetInnerHTML(`<p class="error">Unknown page ` + ui.Escape(name) + `.</p>`)
	}
}
