//go:build js && wasm

// Command wasm is panelkey's engine for the worker (panelkey.wasm): it
// installs the engine's JavaScript API as globalThis.panelkey (bridge*.go,
// with web/bridge.js) for the background (Chromium's service worker,
// Firefox's event page) and calls globalThis.panelkeyReady. It holds no page
// and no DOM code: each page is a program of its own (wasm/popup,
// wasm/options, wasm/console).
//
// Only the functions the worker calls ship. Those that only tests reach
// (testapi_*.go) are built with -tags enginetest, as tests/wasm/load.mjs does.
package main

func main() {
	installAPI()
	select {}
}
