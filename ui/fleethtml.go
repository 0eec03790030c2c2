package ui

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/messages"
)

// The options page's fleet tools: the preview of a server list to import, and
// the refresh of every server's accounts. The worker decides (serverlist,
// refresh); these only show what it answered.

// maxPreviewRows caps the preview's table; the counts cover every row.
const maxPreviewRows = 500

// ServerImportHTML shows the preview: a table of the rows (line, host, label,
// tags, user, credential, and what is wrong), the rows with problems first
// when there are many, and the buttons that import the importable ones or
// drop the file, in c's words. Nothing is stored before the user confirms.
// The rows' problems are the engine's words (serverlist's messages).
func ServerImportHTML(c *locale.Catalog, name string, p messages.ServersImportPreviewResult) string {
	var b strings.Builder
	bad := len(p.Rows) - p.Importable
	b.WriteString(`<div class="import-preview" id="import-preview"><h3>`)
	escapeTo(&b, c.T("importServersTitle", name))
	b.WriteString(`</h3><p class="hint" id="import-summary">`)
	escapeTo(&b, c.T("importServersSummary", strconv.Itoa(p.Importable), strconv.Itoa(bad)))
	if len(p.Ignored) > 0 {
		b.WriteString(` `)
		escapeTo(&b, c.T("importServersIgnored", strings.Join(p.Ignored, ", ")))
	}
	b.WriteString(`</p><table class="import-table"><thead><tr>`)
	writeHeads(&b, c.T("tableLine"), c.T("tableHost"), c.T("tableLabel"), c.T("tableTags"), c.T("tableUser"),
		c.T("tableCredential"), c.T("tableStatus"))
	b.WriteString(`</tr></thead><tbody>`)
	rows := p.Rows
	if len(rows) > maxPreviewRows {
		rows = problemsFirst(rows)[:maxPreviewRows]
	}
	for _, r := range rows {
		class := "ok"
		if !r.OK {
			class = "bad"
		}
		b.WriteString(`<tr class="` + class + `" data-line="` + strconv.Itoa(r.Line) + `"><td>` + strconv.Itoa(r.Line) + `</td><td>`)
		escapeTo(&b, r.Address)
		b.WriteString(`</td><td>`)
		escapeTo(&b, r.Label)
		b.WriteString(`</td><td>`)
		escapeTo(&b, strings.Join(r.Tags, ", "))
		b.WriteString(`</td><td>`)
		escapeTo(&b, r.User)
		b.WriteString(`</td><td>`)
		escapeTo(&b, r.Kind)
		if r.HasTOTP {
			b.WriteString(` + `)
			escapeTo(&b, c.T("saved2FA"))
		}
		b.WriteString(`</td><td class="status">`)
		var notes []string
		for _, e := range r.Errors {
			notes = append(notes, ProblemText(c, e.Code, e.Message))
		}
		for _, w := range r.Warnings {
			notes = append(notes, ProblemText(c, w.Code, w.Message))
		}
		if len(notes) == 0 {
			notes = []string{c.T("importRowOK")}
		}
		escapeTo(&b, strings.Join(notes, " "))
		b.WriteString(`</td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if len(p.Rows) > maxPreviewRows {
		escapeTo(&b, c.T("importServersMore", strconv.Itoa(len(p.Rows)-maxPreviewRows)))
	}
	b.WriteString(`<div class="buttons">`)
	if p.Importable > 0 {
		b.WriteString(`<button type="button" class="primary" data-action="import-servers" id="import-servers">`)
		escapeTo(&b, c.T("importServersButton", strconv.Itoa(p.Importable)))
		b.WriteString(`</button>`)
	}
	b.WriteString(`<button type="button" data-action="drop-import" id="drop-import">`)
	escapeTo(&b, c.T("cancel"))
	b.WriteString(`</button></div></div>`)
	return b.String()
}

// problemsFirst lists the rows with problems before the others, each group in
// file order.
func problemsFirst(rows []messages.ServerImportRow) []messages.ServerImportRow {
	out := make([]messages.ServerImportRow, 0, len(rows))
	for _, r := range rows {
		if !r.OK {
			out = append(out, r)
		}
	}
	for _, r := range rows {
		if r.OK {
			out = append(out, r)
		}
	}
	return out
}

// RefreshEntry is one server of a refresh as the worker reports it.
type RefreshEntry struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Params  []string `json:"params"`
}

// RefreshProgress is the worker's progress of a refresh of every server.
type RefreshProgress struct {
	Total     int            `json:"total"`
	Finished  int            `json:"finished"`
	Done      int            `json:"done"`
	Failed    int            `json:"failed"`
	Cancelled int            `json:"cancelled"`
	Accounts  int            `json:"accounts"`
	Current   []RefreshEntry `json:"current"`
	Failures  []RefreshEntry `json:"failures"`
	Over      bool           `json:"over"`
}

// RefreshStatus is the line beside the progress bar, in c's words: n of m,
// and the servers under way, or how it ended.
func RefreshStatus(c *locale.Catalog, p RefreshProgress) string {
	s := c.T("refreshCount", strconv.Itoa(p.Finished), strconv.Itoa(p.Total))
	if !p.Over {
		names := make([]string, len(p.Current))
		for i, e := range p.Current {
			names[i] = e.Name
		}
		if len(names) > 0 {
			s += " — " + c.T("refreshNow", strings.Join(names, ", "))
		}
		return s
	}
	s += " · " + c.T("refreshAccounts", strconv.Itoa(p.Accounts))
	if p.Failed > 0 {
		s += " · " + c.T("refreshFailed", strconv.Itoa(p.Failed))
	}
	if p.Cancelled > 0 {
		s += " · " + c.T("refreshStopped", strconv.Itoa(p.Cancelled))
	}
	return s
}

// RefreshFailuresHTML lists the servers that failed, each with its reason (the
// catalog's for its code when it has one) and a retry, and a retry of them
// all, in c's words.
func RefreshFailuresHTML(c *locale.Catalog, p RefreshProgress) string {
	if len(p.Failures) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<ul class="refresh-failures">`)
	for _, f := range p.Failures {
		b.WriteString(`<li data-server="`)
		escapeTo(&b, f.ID)
		b.WriteString(`"><b>`)
		escapeTo(&b, f.Name)
		b.WriteString(`</b>: `)
		escapeTo(&b, ProblemText(c, f.Code, f.Message, f.Params...))
		b.WriteString(` <button type="button" class="small" data-action="refresh-retry" data-server="`)
		escapeTo(&b, f.ID)
		b.WriteString(`">`)
		escapeTo(&b, c.T("refreshRetry"))
		b.WriteString(`</button></li>`)
	}
	b.WriteString(`</ul>`)
	if len(p.Failures) > 1 && p.Over {
		b.WriteString(`<button type="button" class="small" data-action="refresh-retry" id="refresh-retry-all">`)
		escapeTo(&b, c.T("refreshRetryAll"))
		b.WriteString(`</button>`)
	}
	return b.String()
}
