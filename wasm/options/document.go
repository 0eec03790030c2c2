//go:build js && wasm

package main

import (
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// change sends one edit to the worker's write chain, then shows done (if
// any) or the failure in #message; the vault's change that stores it
// refreshes the page. Call it from a click.
func (o *options) change(e vault.Edit, done string) {
	pagekit.Spawn(func() {
		_, err := o.p.Shell.Edit(e)
		switch {
		case err != nil:
			o.message(pagekit.ProblemText(o.p, err), true)
		case done != "":
			o.message(done, false)
		}
	})
}
