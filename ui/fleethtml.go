package ui

import (
	"strconv"
	"strings"

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
// drop the file. Nothing is stored before the user confirms.
func ServerImportHTML(name string, p messages.ServersImportPreviewResult) string {
	var b strings.Builder
	bad := len(p.Rows) - p.Importable
	b.WriteString(`<div class="import-preview" id="import-preview"><h3>`)
	escapeTo(&b, "Servers in "+name)
	b.WriteString(`</h3><p class="hint" id="import-summary">`)
	escapeTo(&b, Count(p.Importable, "server")+" can be imported; "+Count(bad, "row")+" cannot. Nothing is stored until you import.")
	if len(p.Ignored) > 0 {
		escapeTo(&b, " Columns not read: "+strings.Join(p.Ignored, ", ")+".")
	}
	b.WriteString(`</p><table class="import-table"><thead><tr><th>Line</th><th>Host</th><th>Label</th><th>Tags</th><th>User</th>` +
		`<th>Credential</th><th>Status</th></tr></thead><tbody>`)
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
			b.WriteString(` + 2FA`)
		}
		b.WriteString(`</td><td class="status">`)
		var notes []string
		for _, e := range r.Errors {
			notes = append(notes, e.Message)
		}
		for _, w := range r.Warnings {
			notes = append(notes, w.Message)
		}
		if len(notes) == 0 {
			notes = []string{"OK"}
		}
		escapeTo(&b, strings.Join(notes, " "))
		b.WriteString(`</td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if len(p.Rows) > maxPreviewRows {
		escapeTo(&b, strconv.Itoa(len(p.Rows)-maxPreviewRows)+" more rows are not shown.")
	}
	b.WriteString(`<div class="buttons">`)
	if p.Importable > 0 {
		b.WriteString(`<button type="button" class="primary" data-action="import-servers" id="import-servers">`)
		escapeTo(&b, "Import "+Count(p.Importable, "server"))
		b.WriteString(`</button>`)
	}
	b.WriteString(`<button type="button" data-action="drop-import" id="drop-import">Cancel</button></div></div>`)
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
	ID      string `json:"id"`
	Name    string `json:"name"`
	Code    string `json:"code"`
	Message string `json:"message"`
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

// RefreshStatus is the line beside the progress bar: n of m, and the servers
// under way, or how it ended.
func RefreshStatus(p RefreshProgress) string {
	s := strconv.Itoa(p.Finished) + " of " + strconv.Itoa(p.Total) + " servers"
	if !p.Over {
		names := make([]string, len(p.Current))
		for i, e := range p.Current {
			names[i] = e.Name
		}
		if len(names) > 0 {
			s += " — now: " + strings.Join(names, ", ")
		}
		return s
	}
	s += ": " + Count(p.Accounts, "account") + " from " + Count(p.Done, "server")
	if p.Failed > 0 {
		s += ", " + strconv.Itoa(p.Failed) + " failed"
	}
	if p.Cancelled > 0 {
		s += ", " + strconv.Itoa(p.Cancelled) + " stopped"
	}
	return s + "."
}

// RefreshFailuresHTML lists the servers that failed, each with its reason and
// a retry, and a retry of them all.
func RefreshFailuresHTML(p RefreshProgress) string {
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
		escapeTo(&b, f.Message)
		b.WriteString(` <button type="button" class="small" data-action="refresh-retry" data-server="`)
		escapeTo(&b, f.ID)
		b.WriteString(`">Retry</button></li>`)
	}
	b.WriteString(`</ul>`)
	if len(p.Failures) > 1 && p.Over {
		b.WriteString(`<button type="button" class="small" data-action="refresh-retry" id="refresh-retry-all">Retry every failed server</button>`)
	}
	return b.String()
}
