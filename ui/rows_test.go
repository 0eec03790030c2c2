package ui

import (
	"testing"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/vault"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleVault = `{"version":1,
 "servers":[
  {"id":"s1","name":"Prod","address":"host.example","baseURL":"https://host.example:2087",
   "whm":{"user":"root","token":"TOKEN","password":"","accessHash":"","totp":null},
   "accounts":[{"id":"a1","user":"bob","domain":"bob.example","owner":"root","suspended":false,
     "password":"","apiToken":"","totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30},
     "mailboxes":[{"email":"info@bob.example","password":""}]}],
   "accountsFetchedAt":0},
  {"id":"s2","name":"","address":"shared.example","baseURL":"https://shared.example:2087",
   "whm":{"user":"","token":"","password":"","accessHash":"","totp":null},
   "accounts":[
     {"id":"a2","user":"carol","domain":"carol.example","password":"pw","suspended":true,
      "mailboxes":[{"email":"me@carol.example","password":"mpw"}]},
     {"id":"a3","user":"dave","domain":"","password":"","missing":true}]},
  {"id":"s3","address":"reseller.example","baseURL":"https://reseller.example:2087",
   "whm":{"user":"res","password":"pw","totp":{"secret":"ABC"}},"accounts":[]},
  {"id":"s4","address":"legacy.example","baseURL":"https://legacy.example:2087","whm":{"user":"root","accessHash":"H"}}],
 "authenticators":[{"id":"t1","issuer":"GitHub","account":"me","secret":"S","digits":8},
                   {"id":"t2","issuer":"","account":"plain","secret":"S"}],
 "history":[{"any":"thing"}],
 "future":"ignored"}`

// sample is sampleVault, decoded.
func sample(t *testing.T) *vault.Vault {
	t.Helper()
	v, err := vault.Decode(sampleVault)
	require.NoError(t, err)
	return v
}

// testCatalog is the English catalog the extension ships.
func testCatalog(t testing.TB) *locale.Catalog { return localetest.Shipped(t, "..", "en") }

func TestRows(t *testing.T) {
	rows := Rows(sample(t))

	type want struct {
		id, kind, title, detail string
		methods                 map[string]string // service → method ("" disabled)
		otp                     bool
	}
	wants := []want{
		{"s1", "server", "Prod", "root · https://host.example:2087", map[string]string{"whm": "token"}, false},
		{"a1", "account", "bob.example", "bob · Prod", map[string]string{"cpanel": "token", "webmail": "token"}, true},
		{"a1/info@bob.example", "mailbox", "info@bob.example", "mailbox · bob · Prod", map[string]string{"webmail": "token"}, false},
		{"s2", "server", "shared.example", "https://shared.example:2087", map[string]string{"whm": "", "cpanel": "", "webmail": ""}, false},
		{"a2", "account", "carol.example", "carol · shared.example · suspended", map[string]string{"cpanel": "password", "webmail": "password"}, false},
		{"a2/me@carol.example", "mailbox", "me@carol.example", "mailbox · carol · shared.example", map[string]string{"webmail": "password"}, false},
		{"a3", "account", "dave", "dave · shared.example · no longer on the server", map[string]string{"cpanel": "", "webmail": ""}, false},
		{"s3", "server", "reseller.example", "res · https://reseller.example:2087", map[string]string{"whm": "password", "cpanel": "password", "webmail": "password"}, true},
		{"s4", "server", "legacy.example", "root · https://legacy.example:2087", map[string]string{"whm": ""}, false},
		{"t1", "authenticator", "GitHub", "me", nil, true},
		{"t2", "authenticator", "plain", "authenticator", nil, true},
	}
	require.Len(t, rows, len(wants))
	for i, w := range wants {
		r := rows[i]
		t.Run(w.id, func(t *testing.T) {
			assert.Equal(t, w.id, r.ID)
			assert.Equal(t, Kind(w.kind), r.Kind)
			assert.Equal(t, w.title, r.Title)
			assert.Equal(t, w.detail, List{C: testCatalog(t)}.Detail(&r))
			got := map[string]string{}
			for _, b := range r.Buttons {
				got[b.Service] = b.Method
				if b.Method == "" {
					assert.NotEmpty(t, b.Why, "a disabled button says why")
				}
			}
			if w.methods == nil {
				assert.Empty(t, r.Buttons)
			} else {
				assert.Equal(t, w.methods, got)
			}
			assert.Equal(t, w.otp, r.OTP != nil)
		})
	}
	assert.Equal(t, 8, rows[9].OTP.Digits, "authenticator parameters carry over")
	assert.Equal(t, "s2", rows[6].ServerID)
	assert.Equal(t, "me@carol.example", rows[5].Mailbox)
}

func TestRowsSearchKeys(t *testing.T) {
	rows := Rows(sample(t))
	ix := RowsIndex(rows)
	tests := []struct {
		query string
		ids   []string
	}{
		{"bob", []string{"a1", "a1/info@bob.example"}},
		{"info@", []string{"a1/info@bob.example"}},
		{"prod", []string{"s1", "a1"}},
		{"github", []string{"t1"}},
		{"reseller", []string{"s3"}},
		{"root bob", []string{"a1"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			hits, _ := ix.Search(tc.query, 0)
			var ids []string
			for _, h := range hits {
				ids = append(ids, rows[h].ID)
			}
			assert.Equal(t, tc.ids, ids)
		})
	}
}

func TestDefaultButtonAndLogin(t *testing.T) {
	rows := Rows(sample(t))
	tests := []struct {
		row     int
		service string
		ok      bool
		login   Login
	}{
		{0, "whm", true, Login{ServerID: "s1", Service: "whm", Method: "token"}},
		{1, "cpanel", true, Login{ServerID: "s1", AccountID: "a1", Service: "cpanel", Method: "token"}},
		{2, "webmail", true, Login{ServerID: "s1", AccountID: "a1", Mailbox: "info@bob.example", Service: "webmail", Method: "token"}},
		{3, "whm", false, Login{}},
		{4, "cpanel", true, Login{ServerID: "s2", AccountID: "a2", Service: "cpanel", Method: "password"}},
		{6, "cpanel", false, Login{}},
		{9, "", false, Login{}},
	}
	for _, tc := range tests {
		t.Run(rows[tc.row].ID, func(t *testing.T) {
			b, ok := rows[tc.row].DefaultButton()
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.service, b.Service)
			l, ok := rows[tc.row].LoginFor(tc.service)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.login, l)
		})
	}
}

func TestRootHasNoCPanelOrWebmailButton(t *testing.T) {
	rows := Rows(sample(t))
	for _, service := range []string{ServiceCPanel, ServiceWebmail} {
		_, ok := rows[0].LoginFor(service)
		assert.False(t, ok, "root on s1: %s", service)
		_, ok = rows[7].LoginFor(service)
		assert.True(t, ok, "reseller on s3: %s", service)
	}
}

func TestRowsNilVault(t *testing.T) {
	assert.Empty(t, Rows(nil))
	assert.Zero(t, RowCount(nil))
	assert.Empty(t, FirstRows(nil, 5))
}

func TestFirstRowsArePrefixesOfRows(t *testing.T) {
	v := sample(t)
	all := Rows(v)
	require.Equal(t, len(all), RowCount(v))
	require.Greater(t, len(all), 3, "the sample has servers, accounts, mailboxes and authenticators")
	for n := -1; n <= len(all)+2; n++ {
		want := all[:max(0, min(n, len(all)))]
		if len(want) == 0 {
			want = nil
		}
		assert.Equal(t, want, FirstRows(v, n), "n=%d", n)
	}
}

func TestLookups(t *testing.T) {
	v := sample(t)
	s := v.Server("s2")
	require.NotNil(t, s)
	assert.Equal(t, "carol", s.Account("a2").User)
	assert.Nil(t, s.Account("a1"))
	assert.Nil(t, v.Server("nope"))
}

// Pinned authenticators come first, in the vault's order; the others last.
func TestPinnedAuthenticatorsFirst(t *testing.T) {
	v, err := vault.Decode(`{"version":2,"servers":[{"id":"s1","address":"h","baseURL":"https://h:2087","whm":{"user":"root","token":"T"},"accounts":[]}],
	 "authenticators":[{"id":"t1","secret":"JBSWY3DPEHPK3PXP"},{"id":"t2","secret":"JBSWY3DPEHPK3PXP","pinned":true},
	   {"id":"t3","secret":"JBSWY3DPEHPK3PXP","type":"hotp","counter":4},{"id":"t4","secret":"JBSWY3DPEHPK3PXP","pinned":true}],"history":[]}`)
	require.NoError(t, err)
	var ids []string
	for _, r := range Rows(v) {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"t2", "t4", "s1", "t1", "t3"}, ids)
	assert.Equal(t, []string{"t2", "t4"}, []string{FirstRows(v, 2)[0].ID, FirstRows(v, 2)[1].ID})
	hotp := Rows(v)[4]
	assert.True(t, hotp.HOTP)
	assert.Equal(t, int64(4), hotp.Counter)
	_, ok := hotp.Entry(nil)
	assert.False(t, ok, "a counter-based code is not computed with the others")
}
