package ui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/messages"
)

func TestRefreshStatus(t *testing.T) {
	c := testCatalog(t)
	running := RefreshProgress{Total: 3, Finished: 1, Current: []RefreshEntry{{Name: "alpha"}, {Name: "bravo"}}}
	if got := RefreshStatus(c, running); got != "1 of 3 servers — now: alpha, bravo" {
		t.Errorf("running: %q", got)
	}
	over := RefreshProgress{Total: 3, Finished: 3, Done: 1, Failed: 1, Cancelled: 1, Accounts: 1, Over: true}
	if got := RefreshStatus(c, over); got != "3 of 3 servers · accounts: 1 · failed: 1 · stopped: 1" {
		t.Errorf("over: %q", got)
	}
}

func TestRefreshFailuresHTML(t *testing.T) {
	c := testCatalog(t)
	if RefreshFailuresHTML(c, RefreshProgress{}) != "" {
		t.Error("no failures, no list")
	}
	p := RefreshProgress{Over: true, Failures: []RefreshEntry{
		{ID: `s"1`, Name: "<b>x</b>", Message: "refused & gone"}, {ID: "s2", Name: "y", Message: "down"}}}
	h := RefreshFailuresHTML(c, p)
	for _, want := range []string{`data-server="s&#34;1"`, `&lt;b&gt;x&lt;/b&gt;`, `refused &amp; gone`, `id="refresh-retry-all"`} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in %s", want, h)
		}
	}
	p.Over = false
	if strings.Contains(RefreshFailuresHTML(c, p), "refresh-retry-all") {
		t.Error("retry all only once the run is over")
	}
}

func TestServerImportHTML(t *testing.T) {
	c := testCatalog(t)
	p := messages.ServersImportPreviewResult{Importable: 1, Ignored: []string{"notes"}, Rows: []messages.ServerImportRow{
		{Line: 2, Address: "web1.example.com", Label: "<script>", Tags: []string{"prod", "eu"}, Kind: "whm-token", HasTOTP: true, OK: true},
		{Line: 3, Address: "bad host", Errors: []messages.ImportProblem{{Code: "host-invalid", Message: "Not a host name."}}},
	}}
	h := ServerImportHTML(c, "list.csv", p)
	for _, want := range []string{"Servers in list.csv", "Servers that can be imported: 1 · rows that cannot: 1.", "Columns not read: notes.",
		"&lt;script&gt;", "prod, eu", "whm-token + 2FA", `class="bad" data-line="3"`, Escape(c.T("err_host_invalid")), `id="import-servers"`, "Import these servers (1)"} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(h, "<script>") {
		t.Error("label not escaped")
	}
	if strings.Contains(ServerImportHTML(c, "x", messages.ServersImportPreviewResult{Rows: p.Rows[1:]}), `id="import-servers"`) {
		t.Error("no Import button when nothing can be imported")
	}

	// Many rows: the table is capped, the rows with problems come first, and the rest is counted.
	var many messages.ServersImportPreviewResult
	for i := 0; i < maxPreviewRows+10; i++ {
		many.Rows = append(many.Rows, messages.ServerImportRow{Line: i + 2, OK: i != maxPreviewRows+5})
	}
	h = ServerImportHTML(c, "x", many)
	if n := strings.Count(h, "<tr class="); n != maxPreviewRows {
		t.Errorf("%d rows shown", n)
	}
	if !strings.Contains(h, `data-line="`+strconv.Itoa(maxPreviewRows+7)+`"`) || !strings.Contains(h, "More rows are not shown: 10.") {
		t.Error("the bad row beyond the cap is shown first, and the rest counted")
	}
}
