//go:build js && wasm

// Command floorengine is the smallest engine a Go worker can have, for the bench's wake rows (docs/benchmarks.md):
// the Go runtime and syscall/js, an empty API installed as panelkey's is (bridge.js's panelkeyWrap), and the
// readiness callback. The bench puts it in place of panelkey.wasm in a copy of the extension, never in dist/: a cold
// wake's message that needs the engine is then answered (engine-unavailable: it has no functions) as soon as the
// smallest Go program is ready, which is the floor for panelkey's own engine.
package main

import "syscall/js"

func main() {
	js.Global().Set("panelkey", js.Global().Call("panelkeyWrap", js.Global().Get("Object").New()))
	js.Global().Call("panelkeyReady")
	select {}
}
