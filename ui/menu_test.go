package ui

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/vault"
)

const fleetVault = `{"version":2,"servers":[
 {"id":"s1","name":"web1","address":"web1.example","baseURL":"https://web1.example:2087","tags":["prod","eu"],
  "whm":{"user":"root","token":"","password":"pw","accessHash":"ab12","totp":{"secret":"JBSWY3DPEHPK3PXP"}},
  "accounts":[{"id":"a1","user":"bob","domain":"bob.example","owner":"root","password":"bpw","apiToken":"BOBTOKEN",
    "totp":{"secret":"JBSWY3DPEHPK3PXP"},"mailboxes":[{"email":"info@bob.example","password":"mpw"}],"favourite":"ssl-tls"}]},
 {"id":"s2","name":"web2","address":"web2.example","baseURL":"https://web2.example:2087","tags":["production"],
  "whm":{"user":"root","token":"T0KEN"},"accounts":[{"id":"a2","user":"carol","domain":"carol.example","owner":"root"}]}]}`

func fleetRows(t *testing.T) []Row {
	t.Helper()
	v, err := vault.Decode(fleetVault)
	require.NoError(t, err)
	return Rows(v)
}

func titles(items []MenuItem) []string {
	var out []string
	for _, i := range items {
		out = append(out, i.Method+" "+i.Service+" "+i.Dest)
	}
	return out
}

// The methods' names and notes, in English, are signin's (the popup cannot link signin: ui names catalog keys).
func TestMethodsAreSignins(t *testing.T) {
	require.Len(t, Methods, 5)
	c := testCatalog(t)
	for _, m := range Methods {
		var found bool
		for _, s := range signin.Methods {
			if string(s.Method) == m.Method && !s.Landing {
				found = true
				assert.Equal(t, s.Title, c.T(m.Title), m.Method)
				assert.Equal(t, s.Deprecated, m.Deprecated, m.Method)
				if m.Deprecated {
					assert.Equal(t, s.Note, c.T(m.Note))
				}
			}
		}
		assert.True(t, found, m.Method)
	}
}

func TestRowMenus(t *testing.T) {
	rows := fleetRows(t)
	server, bob, box, carol := rows[0], rows[1], rows[2], rows[4]
	// web1 has no WHM token: WHM by password, the access hash with its deprecation, the security-code page (2FA stored).
	assert.Equal(t, []string{"access-hash whm ", "password whm ", "password-security-code whm "}, titles(server.LoginMethods()))
	assert.Equal(t, []string{"password whm whm-list-accounts", "password whm whm-terminal"}, titles(server.Destinations()))
	assert.Equal(t, []string{"cpanel-token webmail ", "access-hash cpanel ", "password cpanel ", "password-security-code cpanel "}, titles(bob.LoginMethods()))
	dests := titles(bob.Destinations())
	assert.Contains(t, dests, "password cpanel file-manager", "no token: a password login on the page (secure remote login)")
	assert.Contains(t, dests, "password whm whm-terminal", "WHM as the WHM user")
	assert.Equal(t, []string{"cpanel-token webmail ", "access-hash webmail ", "password webmail "}, titles(box.LoginMethods()))
	assert.Equal(t, []string{"password webmail webmail"}, titles(box.Destinations()))
	// carol: the server's token opens everything, and nothing else is stored.
	assert.Equal(t, []string{"token cpanel "}, titles(carol.LoginMethods()))

	fav, ok := bob.FavouriteItem()
	require.True(t, ok)
	assert.Equal(t, MenuItem{Title: "SSL/TLS", Note: fav.Note, Service: "cpanel", Method: "password", Dest: "ssl-tls"}, fav)
	_, ok = carol.FavouriteItem()
	assert.False(t, ok)

	menu := MenuHTML(&bob, testCatalog(t))
	assert.Contains(t, menu, `data-open-method="access-hash"`)
	assert.Contains(t, menu, `Deprecated by cPanel`)
	assert.Contains(t, menu, `data-fav="ssl-tls" title="SSL/TLS is this account&#39;s favourite: click to clear it"`)
	assert.Contains(t, menu, `data-fav="file-manager" title="Make File Manager this account&#39;s favourite"`)
	assert.NotContains(t, menu, "⟦", "every word is in the catalog")
	assert.NotContains(t, menu, `data-fav="whm-terminal"`, "WHM's pages are not the account's")
	html := List{C: testCatalog(t), Rows: rows, Hits: []int{1}, Total: 1}.HTML()
	assert.Contains(t, html, `class="menu-login fav" data-open-service="cpanel" data-open-method="password" data-open-dest="ssl-tls">★ SSL/TLS</button>`)
	assert.Contains(t, html, `<details class="row-menu">`)
	assert.NotContains(t, html, `data-open-method="access-hash"`, "the menu is filled when it opens")
}

// tag:NAME finds a server's rows by a whole tag; the server row shows its tags.
func TestTagSearch(t *testing.T) {
	rows := fleetRows(t)
	ix := RowsIndex(rows)
	names := func(q string) []string {
		hits, _ := ix.Search(q, 0)
		var out []string
		for _, h := range hits {
			out = append(out, rows[h].Title)
		}
		return out
	}
	assert.Equal(t, []string{"web1", "bob.example", "info@bob.example"}, names("tag:prod"))
	assert.Equal(t, []string{"web2", "carol.example"}, names("tag:production"))
	assert.Equal(t, []string{"bob.example", "info@bob.example"}, names("tag:eu bob"))
	assert.Empty(t, names("tag:pro"))
	assert.True(t, strings.HasSuffix(rows[0].Detail, " · prod, eu"))
}

// The options page's account rows carry the popup's menu and favourite.
func TestAccountTableMenu(t *testing.T) {
	v, err := vault.Decode(fleetVault)
	require.NoError(t, err)
	s := &v.Servers[0]
	var bob *vault.Account
	s.Accounts(func(a *vault.Account) bool {
		if a.User == "bob" {
			bob = a
		}
		return bob == nil
	})
	require.NotNil(t, bob)
	idx := -1
	for i := 0; i < s.AccountCount(); i++ {
		if s.AccountAt(i) == bob {
			idx = i
		}
	}
	state := CardState{Open: true, Hits: []int{idx}, Total: 1, Catalog: testCatalog(t)}
	html := AccountTable(s, state)
	assert.Contains(t, html, `<details class="row-menu"><summary title="More ways to open" aria-label="More ways to open bob.example">`)
	assert.Contains(t, html, `class="menu-login fav small" data-open-service="cpanel" data-open-method="password" data-open-dest="ssl-tls">★ SSL/TLS</button>`)
	assert.NotContains(t, html, `data-open-method="access-hash"`, "the menu is filled when it opens")
	menu := AccountMenuHTML(s, bob, state.Catalog)
	assert.Contains(t, menu, `data-open-method="access-hash"`)
	assert.Contains(t, menu, `data-fav="ssl-tls"`)
}
