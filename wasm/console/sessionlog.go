//go:build js && wasm

package main

import (
	"github.com/panelkey/panelkey/apiconsole"
	"github.com/panelkey/panelkey/sessionlog"
)

// consoleLog is the session log inspector's parsed text.
type consoleLog struct {
	text    string
	entries []sessionlog.Entry
	errs    []error
}

// parse reads the pasted text.
func (l *consoleLog) parse(text string) {
	l.text = text
	l.entries, l.errs = sessionlog.Parse(text)
}

// renderLog shows the entries that pass the filter.
func (c *apiConsole) renderLog() {
	if c.log.text == "" {
		c.p.SetHTML("log-table", "")
		return
	}
	f := apiconsole.LogFilter{Event: c.p.Value("log-event"), Text: c.p.Value("log-filter")}
	c.p.SetHTML("log-table", apiconsole.SessionLogHTML(c.p.Catalog, c.log.entries, c.log.errs, f))
}
