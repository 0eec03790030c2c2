//go:build js && wasm && popup

package main

// popup.wasm's main: the popup page and nothing else (see main.go).
func main() {
	mark("panelkey:start")
	startPopup(newPage())
	select {}
}
