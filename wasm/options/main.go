//go:build js && wasm

package main

import "github.com/panelkey/panelkey/wasm/pagekit"

// main runs the options page: options.wasm, loaded by web/options.html (data-wasm) after the
// shell (extension/shell.js). Nothing else is in this program: no engine API,
// no other page.
func main() {
	pagekit.Mark("panelkey:start")
	start(pagekit.NewPage())
	select {}
}
