package ui

import (
	"encoding/json"
	"html"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/vault"
)

// pseudoCatalog is English with every message wrapped in ⟪ ⟫ (its
// placeholders left as they are): a word outside ⟪ ⟫ in what a function
// renders with it comes from no catalog.
func pseudoCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	text, err := os.ReadFile("../_locales/en/messages.json")
	require.NoError(t, err)
	var cat map[string]map[string]any
	require.NoError(t, json.Unmarshal(text, &cat))
	for k, m := range cat {
		if k != locale.SelfKey {
			m["message"] = "⟪" + m["message"].(string) + "⟫"
		}
	}
	wrapped, err := json.Marshal(cat)
	require.NoError(t, err)
	c, err := locale.Parse("en", string(wrapped))
	require.NoError(t, err)
	return c
}

var (
	shownAttr = regexp.MustCompile(`\b(?:placeholder|title|aria-label|alt)="([^"]*)"`)
	tag       = regexp.MustCompile(`<[^>]*>`)
	wrapped   = regexp.MustCompile(`⟪[^⟫]*⟫`)
	word      = regexp.MustCompile(`\p{L}{2,}`)
)

// escapedWords is every word a person sees in h (its text and the
// placeholder, title, aria-label and alt attributes) that is neither in a
// catalog message nor one of data.
func escapedWords(h string, data []string) []string {
	shown := []string{tag.ReplaceAllString(h, " ")}
	for _, m := range shownAttr.FindAllStringSubmatch(h, -1) {
		shown = append(shown, m[1])
	}
	data = slices.Clone(data)
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) }) // "info@bob.example" before "bob.example"
	var out []string
	for _, s := range shown {
		rest := wrapped.ReplaceAllString(html.UnescapeString(s), " ")
		for _, d := range data {
			rest = strings.ReplaceAll(rest, d, " ")
		}
		out = append(out, word.FindAllString(rest, -1)...)
	}
	return out
}

// Every word the options page's forms, server cards, account tables, server
// list preview and refresh lines show comes from the catalog, or is the
// vault's (or the server's) own data: a second language translates all of it.
func TestOptionsWordsComeFromTheCatalog(t *testing.T) {
	c := pseudoCatalog(t)
	v, err := vault.Decode(sampleVault)
	require.NoError(t, err)
	s1, s2 := v.Server("s1"), v.Server("s2")
	bob := s1.AccountAt(0)
	data := []string{
		// sampleVault's and the files' own words
		"reseller.example", "shared.example", "host.example", "carol.example", "bob.example", "info@bob.example", "me@carol.example",
		"https://", "Prod", "root", "bob", "carol", "dave", "list.csv", "alpha", "bravo", "prod", "eu", "whm-token",
		"web1.example.com", "notes", "bad", "Not a host name.",
		// an engine failure's own words (no catalog message for its code)
		"The server did not answer.",
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
			{ID: "s1", Name: "alpha", Code: "wrong-password", Message: "English"}, {ID: "s2", Name: "bravo", Code: "network", Message: "The server did not answer."}}}),
	}
	var many messages.ServersImportPreviewResult
	for i := range maxPreviewRows + 1 {
		many.Rows = append(many.Rows, messages.ServerImportRow{Line: i + 2, OK: true})
	}
	many.Importable = len(many.Rows)
	forms["long server list preview"] = ServerImportHTML(c, "list.csv", many)
	for name, h := range forms {
		assert.NotContains(t, h, "⟦", "%s: every key is in the catalog", name)
		assert.Empty(t, escapedWords(h, data), "%s: words from no catalog", name)
	}
	// The check finds an English word.
	assert.Equal(t, []string{"Edit"}, escapedWords(`<p>⟪Add⟫ Edit <b title="⟪x⟫">bob</b></p>`, []string{"bob"}))
}
