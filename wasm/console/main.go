//go:build js && wasm

package main

import "github.com/panelkey/panelkey/wasm/pagekit"

// main runs the API console page: console.wasm, loaded by web/console.html (data-wasm) after the
// shell (extension/shell.js). Nothing else is in this program: no engine API,
// no other page.
func main() {
	pagekit.Mark("panelkey:start")
	start(pagekit.NewPage())
	select {}
}
