//go:build js && wasm

package main

func startOptions(p *page) {
	p.render(`<p>Options</p>`)
}
