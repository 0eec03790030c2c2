package ui

import "github.com/panelkey/panelkey/locale"

// Browser names the browser the pages run in, as the shell reports it (extension/shell.js, shell.browser()).
type Browser string

const (
	Chromium Browser = "chromium" // Chrome, Edge, Brave…: one family, one prompt
	Firefox  Browser = "firefox"
)

// HostAccessRefused explains, in c's words, a host permission the browser did not give: what cannot work without
// it, then again (how to be asked again on this page, one of the hostAccessAgain… messages). Both browsers ask per
// server when panelkey requests it (Firefox's Manifest V3 treats every host permission as optional); a refusal, or
// a prompt closed unanswered, leaves the server out of reach. Chromium's family is "the browser": its users know it
// as Chrome, Edge, Brave….
func HostAccessRefused(c *locale.Catalog, b Browser, origin, again string) string {
	name := c.T("browserChromium")
	if b == Firefox {
		name = c.T("browserFirefox")
	}
	return c.T("hostAccessRefused", name, origin, again)
}
