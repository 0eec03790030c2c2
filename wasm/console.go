//go:build js && wasm

package main

// renderConsole shows the API console's placeholder; the console itself is
// built separately.
func renderConsole(p *page) {
	p.render(`<div class="page"><h1>API console</h1><p class="hint">API console — coming.</p></div>`)
}
