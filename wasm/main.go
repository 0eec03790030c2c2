//go:build js && wasm

// Command wasm is panelkey's WebAssembly program (GOOS=js GOARCH=wasm). It
// installs the engine's JavaScript API as globalThis.panelkey (with
// bridge.js) for the service worker and the pages, and, when it runs in a
// page, renders the page named by globalThis.panelkeyPage ("popup",
// "options", "console") into <div id="app">.
package main

import "syscall/js"

func main() {
	installAPI()
	// The service worker has no document: nothing below may run there.
	if js.Global().Get("document").Truthy() {
		startPage(js.Global().Get("panelkeyPage").String())
	}
	select {}
}
