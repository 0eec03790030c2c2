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
//
// The program runs until engineStop (Lock): it then exits, and the worker
// zeroes its linear memory, where Go's heap keeps what the vault held in
// freed memory as well as live (docs/security.md, "Memory after Lock").
package main

// stop ends main (engineStop).
var stop = make(chan struct{})

func main() {
	installAPI()
	<-stop
}

func init() {
	// engineStop drops what the engine holds and ends the program: the
	// worker zeroes the instance's memory and starts another.
	register("engineStop", func(struct{}) (any, error) {
		held, staged = nil, nil
		select {
		case <-stop:
		default:
			close(stop)
		}
		return struct{}{}, nil
	})
}
