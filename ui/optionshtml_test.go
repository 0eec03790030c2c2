package ui

import (
	"strings"
	"testing"

	"github.com/panelkey/panelkey/vault"
	"github.com/stretchr/testify/assert"
)

// The secrets of sampleVault: none may appear in any options HTML.
var sampleSecrets = []string{"TOKEN", "JBSWY3DPEHPK3PXP", `"pw"`, "mpw", `"H"`}

func assertNoSecret(t *testing.T, html string) {
	t.Helper()
	for _, s := range sampleSecrets {
		assert.NotContains(t, html, s)
	}
}

func TestSecretField(t *testing.T) {
	tests := []struct {
		name     string
		stored   bool
		value    string
		contains []string
		absent   []string
	}{
		{"nothing stored", false, "", []string{`type="password"`, `data-action="show-secret" data-for="f"`}, []string{"placeholder", "clear-secret", "value="}},
		{"stored: placeholder and remove, no value", true, "", []string{`placeholder="saved — leave empty to keep"`, `data-action="clear-secret" data-for="f"`}, []string{"value="}},
		{"typed value kept, escaped", false, `a"b<c`, []string{`value="a&#34;b&lt;c"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			html := SecretField(testCatalog(t), "f", "Label <x>", "hint & more", tc.stored, tc.value)
			assert.Contains(t, html, `<label for="f">Label &lt;x&gt;</label>`)
			assert.Contains(t, html, `<p class="hint">hint &amp; more</p>`)
			for _, s := range tc.contains {
				assert.Contains(t, html, s)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, html, s)
			}
		})
	}
}

func TestFormsHoldNoStoredSecret(t *testing.T) {
	v := sample(t)
	for i := range v.Servers {
		s := &v.Servers[i]
		html := ServerForm(testCatalog(t), s)
		assertNoSecret(t, html)
		assert.Contains(t, html, `id="server-address" type="text" autocomplete="off" spellcheck="false" value="`+Escape(s.Address)+`"`)
		for j := range s.AccountCount() {
			a := s.AccountAt(j)
			drafts := make([]MailboxDraft, len(a.Mailboxes))
			for k, m := range a.Mailboxes {
				drafts[k] = MailboxDraft{Email: m.Email, Stored: m.Password != ""}
			}
			html := AccountForm(testCatalog(t), s, a, drafts)
			assertNoSecret(t, html)
			assert.Equal(t, len(a.Mailboxes), strings.Count(html, `class="mailbox"`))
		}
		assertNoSecret(t, ServerCard(s, CardState{Open: true, Hits: []int{0, 1}[:s.AccountCount()], Total: s.AccountCount(), Catalog: testCatalog(t)}))
	}
	list := Authenticators{C: testCatalog(t), List: v.Authenticators}
	assertNoSecret(t, list.HTML())
	for _, a := range v.Authenticators {
		list.Editing = a.ID
		assertNoSecret(t, list.HTML())
	}
}

func TestServerFormNewAndEdit(t *testing.T) {
	html := ServerForm(testCatalog(t), nil)
	assert.Contains(t, html, "<h3>Add a server</h3>")
	assert.Contains(t, html, `id="server-whm-user" type="text" autocomplete="off" spellcheck="false" value="root"`)
	assert.NotContains(t, html, "clear-secret", "a new server has nothing stored")

	v := sample(t)
	html = ServerForm(testCatalog(t), v.Server("s3"))
	assert.Contains(t, html, "<h3>Edit reseller.example</h3>")
	assert.Contains(t, html, `data-for="server-whm-password"`)
	assert.Contains(t, html, `data-action="clear-secret" data-for="server-whm-password"`)
	assert.Contains(t, html, `data-action="clear-secret" data-for="server-whm-totp"`)
	assert.NotContains(t, html, `data-action="clear-secret" data-for="server-whm-token"`)
}

func TestServerCard(t *testing.T) {
	evil := vault.Server{ID: `x"y`, Name: `<b>evil</b>`, BaseURL: "https://h:2087", WHM: vault.WHM{User: "root", Token: "T"},
		Pages: pages(vault.Account{ID: "a<1", User: "u&1", Domain: `d"1`, Owner: "root", Suspended: true, Password: "p"}, vault.Account{ID: "a2", User: "u2", Missing: true})}
	tests := []struct {
		name     string
		state    CardState
		contains []string
		absent   []string
	}{
		{"closed", CardState{}, []string{
			`data-server="x&#34;y"`, `<h3>&lt;b&gt;evil&lt;/b&gt;</h3>`, `root: API token`, `data-action="fetch-accounts"`,
			`aria-expanded="false">Accounts: 2</button>`,
		}, []string{"<table>", "Really"}},
		{"open with a filter", CardState{Open: true, Filter: `q"`, Hits: []int{0}, Total: 2}, []string{
			`value="q&#34;"`, `data-account="a&lt;1"`, `<td>d&#34;1 <span class="tag">suspended</span></td><td>u&amp;1</td>`,
			`<td>password</td>`, `1 more — filter to find them`,
		}, []string{`data-account="a2"`}},
		{"missing account tagged", CardState{Open: true, Hits: []int{1}, Total: 1}, []string{`no longer on the server`, `<td>—</td>`}, nil},
		{"armed server removal", CardState{Armed: "remove-server"}, []string{`data-action="remove-server" data-server="x&#34;y">Really remove?`}, nil},
		{"armed account removal", CardState{Open: true, Armed: "remove-account:a2", Hits: []int{0, 1}, Total: 2}, []string{
			`data-action="remove-account" data-server="x&#34;y" data-account="a2">Really remove?`,
			`data-action="remove-account" data-server="x&#34;y" data-account="a&lt;1">Remove`,
		}, nil},
		{"progress", CardState{Progress: "Saving 3 accounts…"}, []string{`<p class="progress" aria-live="polite">Saving 3 accounts…</p>`}, nil},
		{"nothing matches", CardState{Open: true, Total: 0}, []string{`No account matches.`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.state.Catalog = testCatalog(t)
			html := ServerCard(&evil, tc.state)
			assert.NotContains(t, html, "<b>")
			for _, s := range tc.contains {
				assert.Contains(t, html, s)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, html, s)
			}
		})
	}
	noCreds := vault.Server{ID: "s", Address: "a.example"}
	html := ServerCard(&noCreds, CardState{Catalog: testCatalog(t)})
	assert.NotContains(t, html, "fetch-accounts", "nothing to fetch with")
	assert.Contains(t, html, "no WHM credentials")
}

func TestSavedSummaryAndKeys(t *testing.T) {
	c := testCatalog(t)
	assert.Equal(t, "—", SavedSummary(c, &vault.Account{}))
	assert.Equal(t, "password, API token, 2FA, mailboxes: 2",
		SavedSummary(c, &vault.Account{Password: "p", APIToken: "t", TOTP: &vault.TOTP{}, Mailboxes: make([]vault.Mailbox, 2)}))
	assert.Equal(t, "mailboxes: 1", SavedSummary(c, &vault.Account{Mailboxes: make([]vault.Mailbox, 1)}))
	s := vault.Server{Pages: pages(vault.Account{Domain: "Bob.Example", User: "bob", Owner: "Root"})}
	assert.Equal(t, []string{"bob.example" + FieldSep + "bob" + FieldSep + "root"}, AccountKeys(&s))

	// A server's tags: its account filter takes tag:NAME whole, as the popup's search does.
	s.Tags = []string{"prod", "EU"}
	ix := NewIndex(AccountKeys(&s))
	for q, want := range map[string]int{"tag:prod": 1, "tag:eu bob": 1, "tag:prod alice": 0, "tag:pro": 0, "tag:staging": 0} {
		_, n := ix.Search(q, 10)
		assert.Equal(t, want, n, q)
	}
}

func TestMailboxRows(t *testing.T) {
	html := MailboxRows(testCatalog(t), []MailboxDraft{{Email: "a@b", Stored: true}, {Email: `x"@y`, Typed: "typed"}})
	assert.Contains(t, html, `id="mailbox-email-0" type="text" autocomplete="off" spellcheck="false" value="a@b"`)
	assert.Contains(t, html, `data-action="clear-secret" data-for="mailbox-password-0"`)
	assert.Contains(t, html, `value="x&#34;@y"`)
	assert.Contains(t, html, `id="mailbox-password-1" type="password" autocomplete="off" spellcheck="false" value="typed"`)
	assert.Contains(t, html, `data-action="remove-mailbox" data-index="1"`)
	assert.Contains(t, html, `data-action="add-mailbox"`)
}

// pages puts accounts on one loaded page, as a server's Pages.
func pages(accounts ...vault.Account) []vault.Page {
	return []vault.Page{{ID: "p1", Loaded: true, Accounts: accounts}}
}
