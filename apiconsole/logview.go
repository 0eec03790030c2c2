package apiconsole

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/sessionlog"
	"github.com/panelkey/panelkey/ui"
)

// LogFilter narrows the session log table: Event ("" for all, or NEW,
// PURGE, FAILEDPURGE) and Text, whose words must all appear in a row (its
// time, address, session, user, keys, reason or explanation; any case).
type LogFilter struct {
	Event string
	Text  string
}

// logTimeLayout is how the table shows a time: as the log wrote it, in its
// own zone.
const logTimeLayout = "2006-01-02 15:04:05 -0700"

// rowText is what the filter's words are matched against: the row as the table shows it, its reason explained in c's
// words (a German user finds an expired session by "abgelaufen"). Not the keys' meanings: every row with a key shows
// the same one, so a word of it would match them all.
func rowText(c *locale.Catalog, e sessionlog.Entry) string {
	parts := []string{e.Time.Format(logTimeLayout), e.Address, e.Event, e.User, e.SessionID, e.Process, e.Reason, e.Detail}
	if e.Event != sessionlog.EventNew {
		parts = append(parts, reasonExplained(c, e))
	}
	for k, v := range e.Fields {
		parts = append(parts, k+"="+v)
	}
	return strings.ToLower(strings.Join(parts, "\x1f"))
}

// Match reports whether e passes the filter, its words read against the row as c words it.
func (f LogFilter) Match(c *locale.Catalog, e sessionlog.Entry) bool {
	if f.Event != "" && !strings.EqualFold(f.Event, e.Event) {
		return false
	}
	words := ui.Words(f.Text)
	if len(words) == 0 {
		return true
	}
	text := rowText(c, e)
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// SessionLogHTML renders the entries that pass the filter as a table (line,
// time, address, event, session, user, each origin key with its meaning as a
// tooltip and below it, the reason explained), then the lines that did not
// parse.
func SessionLogHTML(c *locale.Catalog, entries []sessionlog.Entry, errs []error, f LogFilter) string {
	var b strings.Builder
	shown := 0
	var rows strings.Builder
	for _, e := range entries {
		if !f.Match(c, e) {
			continue
		}
		shown++
		rows.WriteString(`<tr class="log-entry event-` + esc(strings.ToLower(e.Event)) + `" data-line="` + strconv.Itoa(e.Line) + `">` +
			`<td>` + strconv.Itoa(e.Line) + `</td><td class="time">` + esc(e.Time.Format(logTimeLayout)) + `</td>` +
			`<td>` + esc(e.Address) + `</td><td class="event">` + esc(e.Event) + `</td>` +
			`<td class="session">` + esc(e.SessionID) + `</td><td class="user">` + esc(e.User) + `</td><td class="keys">` + keysHTML(c, e) + `</td>` +
			`<td class="reason">` + reasonHTML(c, e) + `</td></tr>`)
	}
	b.WriteString(`<p class="log-count">` + esc(c.T("consoleLogCount", strconv.Itoa(shown), strconv.Itoa(len(entries)))) + `</p>`)
	if shown > 0 {
		b.WriteString(`<table class="session-log"><thead><tr>`)
		for _, th := range []string{c.T("tableLine"), c.T("consoleTime"), c.T("formAddress"), c.T("consoleLogEvent"),
			c.T("consoleSession"), c.T("tableUser"), c.T("consoleKeys"), c.T("consoleReason")} {
			b.WriteString(`<th>` + esc(th) + `</th>`)
		}
		b.WriteString(`</tr></thead><tbody>` + rows.String() + `</tbody></table>`)
	}
	if len(errs) > 0 {
		b.WriteString(`<ul class="log-errors">`)
		for _, err := range errs {
			code := "log-format"
			var le *sessionlog.Error
			if errors.As(err, &le) {
				code = le.Code
			}
			b.WriteString(`<li data-code="` + esc(code) + `">` + esc(ui.ProblemText(c, code, err.Error())) + `</li>`)
		}
		b.WriteString(`</ul>`)
	}
	return b.String()
}

// logReasons and logFields are the catalog's explanations of the PURGE
// reasons and origin keys cPanel documents (sessionlog.KnownReason,
// sessionlog.FieldKnown), by name.
var (
	logReasons = map[string]string{
		"badpass": locale.Key("logReasonBadpass"), "expired": locale.Key("logReasonExpired"), "kill": locale.Key("logReasonKill"),
		"loadsession": locale.Key("logReasonLoadsession"), "loginsuccess": locale.Key("logReasonLoginsuccess"),
		"logout": locale.Key("logReasonLogout"), "xfercpanel": locale.Key("logReasonXfercpanel"),
		"xferwebmail": locale.Key("logReasonXferwebmail"), "xferwhm": locale.Key("logReasonXferwhm"), "unknown": locale.Key("logReasonUnknown"),
	}
	logFields = map[string]string{
		"address": locale.Key("logFieldAddress"), "app": locale.Key("logFieldApp"), "creator": locale.Key("logFieldCreator"),
		"method": locale.Key("logFieldMethod"), "path": locale.Key("logFieldPath"), "possessed": locale.Key("logFieldPossessed"),
	}
)

// keysHTML lists a NEW entry's origin keys in order, each with what it means.
func keysHTML(c *locale.Catalog, e sessionlog.Entry) string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		meaning := fieldMeaning(c, k)
		b.WriteString(`<div class="kv" data-key="` + esc(k) + `" title="` + esc(meaning) + `"><code>` + esc(k) + `=` + esc(e.Fields[k]) + `</code>`)
		if meaning != "" {
			b.WriteString(` <span class="hint">` + esc(meaning) + `</span>`)
		}
		b.WriteString(`</div>`)
	}
	return b.String()
}

// reasonHTML is a PURGE's reason with its explanation (and a FAILEDPURGE's
// detail).
func reasonHTML(c *locale.Catalog, e sessionlog.Entry) string {
	if e.Event == sessionlog.EventNew {
		return ""
	}
	s := `<code>` + esc(e.Reason) + `</code> <span class="explained">` + esc(reasonExplained(c, e)) + `</span>`
	if e.Detail != "" {
		s += ` <span class="detail">[` + esc(e.Detail) + `]</span>`
	}
	return s
}

// fieldMeaning is what an origin key means, in c's words ("" for a key cPanel does not document).
func fieldMeaning(c *locale.Catalog, key string) string {
	if k, ok := logFields[strings.ToLower(key)]; ok {
		return c.T(k)
	}
	return ""
}

// reasonExplained is a PURGE's reason explained in c's words.
func reasonExplained(c *locale.Catalog, e sessionlog.Entry) string {
	if r, ok := sessionlog.KnownReason(e.Reason); ok {
		return c.T(logReasons[r])
	}
	return c.T("logReasonOther")
}
