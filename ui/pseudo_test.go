package ui

import (
	"testing"

	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/messages"
)

// Every word the options page's forms, server cards, account tables, server
// list preview and refresh lines show comes from the catalog, or is the
// vault's (or the server's) own data: a second language translates all of it.
func TestOptionsWordsComeFromTheCatalog(t *testing.T) {
	c := localetest.Pseudo(t, "..")
	v := sample(t)
	s1, s2 := v.Server("s1"), v.Server("s2")
	bob := s1.AccountAt(0)
	data := []string{
		// sampleVault's and the files' own words
		"reseller.example", "shared.example", "host.example", "carol.example", "bob.example", "info@bob.example", "me@carol.example",
		"https://", "Prod", "root", "bob", "carol", "dave", "list.csv", "alpha", "bravo", "prod", "eu", "whm-token",
		"web1.example.com", "notes", "bad", "https://alpha.example:2087",
	}
	forms := map[string]string{
		"new server":   ServerForm(c, nil),
		"edit server":  ServerForm(c, v.Server("s3")),
		"new account":  AccountForm(c, s1, nil, nil),
		"edit account": AccountForm(c, s1, bob, []MailboxDraft{{Email: "info@bob.example", Stored: true}}),
		"card": ServerCard(s1, CardState{Open: true, Hits: []int{0}, Total: 2, Progress: c.T("accountsAsking"),
			TFA: map[string]bool{"bob": false}, Catalog: c}),
		"card, 2FA on, armed": ServerCard(s1, CardState{Open: true, Hits: []int{0}, Total: 1, Armed: "remove-account:a1",
			TFA: map[string]bool{"bob": true}, Catalog: c}),
		"card, suspended and missing": ServerCard(s2, CardState{Open: true, Hits: []int{0, 1}, Total: 2, Armed: "remove-server", Catalog: c}),
		"card, nothing matches":       ServerCard(s1, CardState{Open: true, Total: 0, Catalog: c}),
		"server list preview": ServerImportHTML(c, "list.csv", messages.ServersImportPreviewResult{Importable: 1, Ignored: []string{"notes"},
			Rows: []messages.ServerImportRow{
				{Line: 2, Address: "web1.example.com", Tags: []string{"prod", "eu"}, Kind: "whm-token", HasTOTP: true, OK: true},
				{Line: 3, Address: "bad", Errors: []messages.ImportProblem{{Code: "host-invalid", Message: "Not a host name."}}},
			}}),
		"refresh running": RefreshStatus(c, RefreshProgress{Total: 3, Finished: 1, Current: []RefreshEntry{{Name: "alpha"}, {Name: "bravo"}}}),
		"refresh over":    RefreshStatus(c, RefreshProgress{Total: 3, Finished: 3, Done: 1, Failed: 1, Cancelled: 1, Accounts: 7, Over: true}),
		"refresh failures": RefreshFailuresHTML(c, RefreshProgress{Over: true, Failures: []RefreshEntry{
			{ID: "s1", Name: "alpha", Code: "wrong-password", Message: "English"}, {ID: "s2", Name: "bravo", Code: "unreachable", Message: "The server did not answer.",
				Params: []string{"https://alpha.example:2087"}}}}),
	}
	var many messages.ServersImportPreviewResult
	for i := range maxPreviewRows + 1 {
		many.Rows = append(many.Rows, messages.ServerImportRow{Line: i + 2, OK: true})
	}
	many.Importable = len(many.Rows)
	forms["long server list preview"] = ServerImportHTML(c, "list.csv", many)
	localetest.FromCatalog(t, forms, data)
}
