//go:build js && wasm

package pagekit

import (
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// HostGrant is a page's "Allow access and retry": a failure for a missing
// host permission (the worker's host-permission failure names the origin)
// shows a button that asks the browser for it, and what failed runs again
// once it is granted. The zero value offers nothing yet.
type HostGrant struct {
	retry func()
}

// Offer is the HTML of the button that asks for the origin err lacks, and
// remembers retry for its click; "" (and nothing to retry) when err is not a
// missing host permission.
func (g *HostGrant) Offer(p *Page, err error, retry func()) string {
	g.retry = nil
	origin := HostPermissionOrigin(err)
	if origin == "" {
		return ""
	}
	g.retry = retry
	return `<button type="button" id="grant-host" data-origin="` + ui.Escape(origin) + `">` + ui.Escape(p.T("popupAllowAccess")) + `</button>`
}

// Grant asks the browser for origin — call it in the click's handler:
// browsers prompt only during a user gesture — then runs the retry Offer
// remembered, or shows through show why not (again: how to be asked again,
// for ui.HostAccessRefused).
func (g *HostGrant) Grant(p *Page, origin, again string, show func(text string, isErr bool)) {
	granted := p.Shell.RequestHost(origin)
	retry := g.retry
	Spawn(func() {
		ok, err := jsvalue.Await(granted)
		switch {
		case err != nil:
			show(ProblemText(p, err), true)
		case !ok.Truthy():
			show(ui.HostAccessRefused(p.Catalog, ui.Browser(p.Shell.Browser()), origin, again), true)
		default:
			show("", false)
			if retry != nil {
				retry()
			}
		}
	})
}
