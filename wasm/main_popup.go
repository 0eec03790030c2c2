//go:build js && wasm && popup

package main

import (
	"github.com/panelkey/panelkey/wasm/pagekit"
	"github.com/panelkey/panelkey/wasm/popup"
)

// popup.wasm's main: the popup page and nothing else (see main.go).
func main() {
	pagekit.Mark("panelkey:start")
	popup.Start(pagekit.NewPage())
	select {}
}
