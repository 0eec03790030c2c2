package vault

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequentialIDs makes v's new ids new-<prefix>1, new-<prefix>2, …, so tests
// can name them.
func sequentialIDs(v *Vault) {
	n := 0
	v.newID = func(prefix string) string { n++; return "new-" + prefix + strconv.Itoa(n) }
}

// canonical is a document in the form Document writes it, with members this
// version does not know at every level, and known members of unexpected types.
const canonical = `{"version":2,"settings":{"autoLockMinutes":5,"theme":"dark"},
 "servers":[{"id":"s1","name":"Main","address":"host.example","baseURL":"https://host.example:2087",
   "whm":{"user":"root","token":"WHMTOKEN","password":"","accessHash":"","totp":{"secret":"JBSWY3DPEHPK3PXP","issuer":"x"},"scope":"all"},
   "accounts":[{"id":"a1","user":"bob","domain":"bob.example","owner":"root","suspended":false,"password":"bob-pw",
       "apiToken":"","totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA256","digits":8,"period":60},
       "mailboxes":[{"email":"info@bob.example","password":"mail-pw","quota":null}],"plan":"gold","quota":1.5},
     {"id":"a2","user":"carol","domain":"carol.example","owner":"res","suspended":true,"missing":true,"password":"",
       "apiToken":"CTOKEN","totp":null,"mailboxes":[]}],
   "accountsFetchedAt":1732539120000,"color":"blue"},
  {"id":"s2","name":"","address":"other.example","baseURL":"","whm":{"user":"","token":"","password":"","accessHash":"","totp":null},
   "accounts":[],"accountsFetchedAt":0}],
 "authenticators":[{"id":"t1","issuer":"GitHub","account":"me","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30,"icon":"gh"}],
 "history":[{"id":"h1","at":1,"form":{"serverId":"s1","accountId":"a1","family":"uapi","module":"Email","function":"list_pops",
     "args":[["skip_main","1"]],"auth":"cpanel-token","withheld":[0],"tab":3},"status":200,"ms":12,"outcome":"ok","pinned":true}],
 "future":{"deep":[1,{"x":null}],"s":"\u00e9"}}`

// mistyped has known members with values of other types, which are kept as
// they were.
const mistyped = `{"version":2,"settings":{},"servers":[{"id":"s1","name":5,"address":"h","baseURL":"","whm":"none",
   "accounts":[{"id":"a1","user":"bob","domain":"d","owner":"","suspended":"yes","password":"","apiToken":"",
     "totp":"JBSW","mailboxes":{"x":1}}],"accountsFetchedAt":1.5}],
 "authenticators":[{"id":"t1","issuer":"","account":"","secret":"S","digits":"6","period":30.5}],
 "history":[{"id":"h1","at":"yesterday","form":{"serverId":"s1","family":"uapi","function":"f","args":[["a"]],"auth":"x","withheld":["0"]},
   "status":200,"ms":1,"outcome":"ok"}, "not an entry", 5]}`

func decode(t *testing.T, text string) *Vault {
	t.Helper()
	v, err := Decode(text)
	require.NoError(t, err)
	return v
}

func document(t *testing.T, v *Vault) string {
	t.Helper()
	text, err := v.Document()
	require.NoError(t, err)
	return text
}

func TestDocumentRoundTripKeepsUnknownMembers(t *testing.T) {
	for name, text := range map[string]string{"canonical": canonical, "mistyped": mistyped} {
		t.Run(name, func(t *testing.T) {
			v := decode(t, text)
			out := document(t, v)
			assert.JSONEq(t, text, out)
			// And again: the second round trip writes the same text.
			assert.Equal(t, out, document(t, decode(t, out)))
		})
	}
}

func TestDecodeReadsTypedFields(t *testing.T) {
	v := decode(t, canonical)
	require.Len(t, v.Servers, 2)
	s := v.Servers[0]
	assert.Equal(t, "WHMTOKEN", s.WHM.Token)
	assert.Equal(t, int64(1732539120000), s.AccountsFetchedAt)
	assert.Equal(t, 2, s.AccountCount())
	a := s.Account("a1")
	require.NotNil(t, a)
	assert.Equal(t, &TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA256", Digits: 8, Period: 60}, a.TOTP)
	assert.Equal(t, Extra{{"plan", `"gold"`}, {"quota", "1.5"}}, a.Extra)
	assert.True(t, s.Account("a2").Missing)
	assert.Equal(t, 5, v.Settings.AutoLock())
	assert.Equal(t, [][2]string{{"skip_main", "1"}}, v.History[0].Form.Args)

	m := decode(t, mistyped)
	assert.Equal(t, "", m.Servers[0].Name)
	got, ok := m.Servers[0].Extra.Get("name")
	assert.True(t, ok)
	assert.Equal(t, "5", got)
	assert.Len(t, m.History, 3)
	assert.True(t, m.History[1].Extra.Raw(), "a history element that is not an object is kept as it is")
}

func TestDecodeNewerVersionKeepsItsVersion(t *testing.T) {
	v := decode(t, `{"version":7,"servers":[]}`)
	assert.Contains(t, document(t, v), `"version":7`)
	v = decode(t, `{}`)
	assert.Equal(t, 1, v.Version)
	assert.Contains(t, document(t, v), `"version":2`, "a format 1 document is written as this version")
}

func TestDecodeFailsWithoutQuotingTheText(t *testing.T) {
	for _, text := range []string{`{"servers":[{"accounts":[{"password":"hunter2"}]}]`, `not json hunter2`,
		`{"servers":[{"pages":[5]}]} hunter2`, `[1]`} {
		_, err := Decode(text)
		require.Error(t, err, text)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, CodeCorrupt, e.Code)
		assert.NotContains(t, e.Message, "hunter2")
	}
}

// bigDocument is a document of n servers of m accounts, some with mailboxes.
func bigDocument(n, m int) string {
	var b strings.Builder
	b.WriteString(`{"version":1,"servers":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"s%d","name":"srv %d","address":"h%d.example","baseURL":"https://h%d.example:2087","whm":{"user":"root","token":"T%d"},"accounts":[`, i, i, i, i, i)
		for j := range m {
			if j > 0 {
				b.WriteString(",")
			}
			mb := ""
			if j%7 == 0 {
				mb = fmt.Sprintf(`{"email":"info@u%d.example","password":"mp%d"},{"email":"x@u%d.example"}`, j, j, j)
			}
			fmt.Fprintf(&b, `{"id":"a%d-%d","user":"u%d","domain":"u%d.example","owner":"root","suspended":false,"password":"p%d","apiToken":"","totp":null,"mailboxes":[%s]}`, i, j, j, j, j, mb)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`],"authenticators":[],"history":[]}`)
	return b.String()
}

// chunks is v stored as its chunks.
func chunks(t *testing.T, v *Vault) map[string]string {
	t.Helper()
	c, err := v.Chunks()
	require.NoError(t, err)
	return c
}

// openMeta opens the stored vault's meta chunk, as the worker does first.
func openMeta(t *testing.T, chunks map[string]string) *Vault {
	t.Helper()
	v, err := Open(chunks[ChunkMeta])
	require.NoError(t, err)
	return v
}

// reopen stores v as its chunks and opens them again, in full.
func reopen(t *testing.T, v *Vault) *Vault {
	t.Helper()
	chunks := chunks(t, v)
	w := openMeta(t, chunks)
	for id, text := range chunks {
		if id != ChunkMeta {
			require.NoError(t, w.Load(id, text), id)
		}
	}
	require.True(t, w.Loaded())
	return w
}

func TestChunksRoundTrip(t *testing.T) {
	for name, text := range map[string]string{"canonical": canonical, "mistyped": mistyped, "large": bigDocument(3, 1000)} {
		t.Run(name, func(t *testing.T) {
			v := decode(t, text)
			assert.Equal(t, document(t, v), document(t, reopen(t, v)))
		})
	}
}

func TestPagesAreBounded(t *testing.T) {
	v := decode(t, bigDocument(2, 1000))
	for _, s := range v.Servers {
		assert.Equal(t, 1000, s.AccountCount())
		assert.Greater(t, len(s.Pages), 3)
		for i, p := range s.Pages {
			last := p.Accounts[len(p.Accounts)-1]
			assert.LessOrEqual(t, p.Rows()-1-len(last.Mailboxes), PageRows-1, "page %d opens below the bound", i)
		}
	}
	assert.Equal(t, 3+len(v.Servers[0].Pages)+len(v.Servers[1].Pages), len(v.ChunkIDs()))
}

func TestOpenIsPartial(t *testing.T) {
	full := decode(t, bigDocument(2, 600))
	chunks := chunks(t, full)
	v := openMeta(t, chunks)
	assert.False(t, v.Loaded())
	assert.Equal(t, 600, v.Servers[0].AccountCount(), "the counts are known before the pages load")
	assert.Nil(t, v.Servers[0].Account("a0-0"))
	_, err := v.Document()
	assert.ErrorContains(t, err, "not loaded")
	_, err = v.Chunk(ChunkHistory)
	assert.ErrorContains(t, err, "not loaded")

	first := v.FirstChunks(100)
	assert.Equal(t, []string{ChunkMeta, ChunkAuthenticators, PagePrefix + v.Servers[0].Pages[0].ID}, first)
	assert.Len(t, v.Unloaded(), 2+len(v.Servers[0].Pages)+len(v.Servers[1].Pages))
	require.NoError(t, v.Load(first[2], chunks[first[2]]))
	assert.NotNil(t, v.Servers[0].Account("a0-0"))
	assert.Equal(t, v.Servers[0].Pages[0].Rows(), full.Servers[0].Pages[0].Rows())

	// A page stored as another server's is refused.
	other := PagePrefix + v.Servers[1].Pages[0].ID
	err = v.Load(first[2], chunks[other])
	assert.ErrorContains(t, err, "damaged")
	// A chunk this version does not know is left alone.
	assert.NoError(t, v.Load("notes", `{"x":1}`))
}

func TestOpenRefusesDamagedMeta(t *testing.T) {
	for _, meta := range []string{`{"servers":[{"id":"s","pages":[{"id":""}]}]}`,
		`{"servers":[{"id":"s","pages":[{"id":"p"}]},{"id":"t","pages":[{"id":"p"}]}]}`,
		`{"servers":[{"id":"s","pages":[{"id":"../x"}]}]}`, `{"servers":[{"pages":["p"]}]}`, `{`} {
		_, err := Open(meta)
		var e *Error
		require.ErrorAs(t, err, &e, meta)
		assert.Equal(t, CodeCorrupt, e.Code)
	}
}

func TestRawElementsSurvive(t *testing.T) {
	text := `{"version":2,"settings":{},"servers":[7,{"id":"s","name":"","address":"","baseURL":"","whm":{"user":"","token":"","password":"","accessHash":"","totp":null},"accounts":["x",null],"accountsFetchedAt":0}],"authenticators":[[1]],"history":[true]}`
	v := decode(t, text)
	out := document(t, v)
	assert.JSONEq(t, strings.Replace(text, `null],"accountsFetchedAt"`,
		`{"id":"","user":"","domain":"","owner":"","suspended":false,"password":"","apiToken":"","totp":null,"mailboxes":[]}],"accountsFetchedAt"`, 1), out)
	assert.Equal(t, out, document(t, reopen(t, v)))
}

// changes applies e and returns the ids of the chunks it rewrote and removed.
func changes(t *testing.T, v *Vault, e Edit) (Result, []string, []string) {
	t.Helper()
	r, err := v.Apply(e)
	require.NoError(t, err)
	written, removed, err := v.Changes()
	require.NoError(t, err)
	var ids []string
	for id := range written {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	sort.Strings(removed)
	return r, ids, removed
}

func ptr[T any](v T) *T { return &v }

func TestEdits(t *testing.T) {
	fresh := func(t *testing.T) *Vault {
		v := decode(t, canonical)
		sequentialIDs(v)
		return v
	}
	page := func(v *Vault, server string) string { return PagePrefix + v.Server(server).Pages[0].ID }

	t.Run("server.add", func(t *testing.T) {
		v := fresh(t)
		r, written, removed := changes(t, v, AddServer{Name: "New", Address: "new.example", BaseURL: "https://new.example:2087",
			WHM: WHM{User: "root", Token: "ABCDEF0123456789"}})
		assert.Equal(t, "new-s1", r.ID)
		assert.Equal(t, []string{ChunkMeta}, written)
		assert.Empty(t, removed)
		assert.Equal(t, "ABCDEF0123456789", v.Server("new-s1").WHM.Token)
	})
	t.Run("server.update keeps unknown members and what it does not set", func(t *testing.T) {
		v := fresh(t)
		_, written, _ := changes(t, v, UpdateServer{ID: "s1", Name: ptr("Renamed"), WHM: &WHM{User: "root", Password: "new-pw"}})
		assert.Equal(t, []string{ChunkMeta}, written)
		s := v.Server("s1")
		assert.Equal(t, "Renamed", s.Name)
		assert.Equal(t, "host.example", s.Address)
		assert.Equal(t, "", s.WHM.Token)
		assert.Equal(t, "new-pw", s.WHM.Password)
		assert.Equal(t, Extra{{"scope", `"all"`}}, s.WHM.Extra)
		assert.Equal(t, Extra{{"color", `"blue"`}}, s.Extra)
	})
	t.Run("server.delete removes its pages", func(t *testing.T) {
		v := fresh(t)
		p := page(v, "s1")
		_, written, removed := changes(t, v, DeleteServer{ID: "s1"})
		assert.Equal(t, []string{ChunkMeta}, written)
		assert.Equal(t, []string{p}, removed)
		assert.Nil(t, v.Server("s1"))
	})
	t.Run("account.add", func(t *testing.T) {
		v := fresh(t)
		r, written, _ := changes(t, v, AddAccount{ServerID: "s1", Account: Account{User: "dave", Domain: "dave.example", Password: "pw"}})
		assert.Equal(t, []string{ChunkMeta, page(v, "s1")}, written)
		assert.Equal(t, "dave", v.Server("s1").Account(r.ID).User)
		// An empty server gets its first page.
		r, written, _ = changes(t, v, AddAccount{ServerID: "s2", Account: Account{User: "erin"}})
		assert.Equal(t, []string{ChunkMeta, page(v, "s2")}, written)
		assert.Equal(t, 1, v.Server("s2").AccountCount())
	})
	t.Run("account.update: one page; unknown members kept; totp removed", func(t *testing.T) {
		v := fresh(t)
		var none *TOTP
		_, written, _ := changes(t, v, UpdateAccount{ServerID: "s1", ID: "a1", Domain: ptr("bob.test"), TOTP: &none})
		assert.Equal(t, []string{page(v, "s1")}, written)
		a := v.Server("s1").Account("a1")
		assert.Equal(t, "bob.test", a.Domain)
		assert.Nil(t, a.TOTP)
		assert.Equal(t, "bob-pw", a.Password)
		assert.Equal(t, Extra{{"plan", `"gold"`}, {"quota", "1.5"}}, a.Extra)
		_, written, _ = changes(t, v, UpdateAccount{ServerID: "s1", ID: "a1", Mailboxes: &[]Mailbox{}})
		assert.Equal(t, []string{ChunkMeta, page(v, "s1")}, written, "the row count changed")
	})
	t.Run("account.delete; the last account's page goes", func(t *testing.T) {
		v := fresh(t)
		p := page(v, "s1")
		_, written, removed := changes(t, v, DeleteAccount{ServerID: "s1", ID: "a1"})
		assert.Equal(t, []string{ChunkMeta, p}, written)
		assert.Empty(t, removed)
		_, written, removed = changes(t, v, DeleteAccount{ServerID: "s1", ID: "a2"})
		assert.Equal(t, []string{ChunkMeta}, written)
		assert.Equal(t, []string{p}, removed)
		assert.Empty(t, v.Server("s1").Pages)
	})
	t.Run("authenticators", func(t *testing.T) {
		v := fresh(t)
		r, written, _ := changes(t, v, AddAuthenticators{Authenticators: []Authenticator{{Issuer: "A", Secret: "JBSWY3DPEHPK3PXP"}, {Issuer: "B", Secret: "GEZDGNBV"}}})
		assert.Equal(t, []string{"new-t1", "new-t2"}, r.IDs)
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		_, written, _ = changes(t, v, DeleteAuthenticator{ID: "new-t1"})
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		assert.Len(t, v.Authenticators, 2)
	})
	t.Run("history.append keeps 50, newest first, secret values withheld", func(t *testing.T) {
		v := fresh(t)
		v.Policy.SecretArg = func(name string) bool { return name == "password" }
		for i := range 60 {
			_, written, _ := changes(t, v, AppendHistory{Entry: HistoryEntry{At: int64(i), Form: Request{ServerID: "s1", Family: "uapi",
				Function: "f", Args: [][2]string{{"user", "u"}, {"password", "hunter2"}}}}})
			assert.Equal(t, []string{ChunkHistory}, written)
		}
		assert.Len(t, v.History, MaxHistory)
		assert.Equal(t, int64(59), v.History[0].At)
		assert.Equal(t, [][2]string{{"user", "u"}, {"password", ""}}, v.History[0].Form.Args)
		assert.Equal(t, []int{1}, v.History[0].Form.Withheld)
		assert.NotContains(t, document(t, v), "hunter2")
		_, written, _ := changes(t, v, ClearHistory{})
		assert.Equal(t, []string{ChunkHistory}, written)
		assert.Empty(t, v.History)
	})
	t.Run("settings.set", func(t *testing.T) {
		v := fresh(t)
		_, written, _ := changes(t, v, SetSettings{AutoLockMinutes: 30})
		assert.Equal(t, []string{ChunkMeta}, written)
		assert.Equal(t, 30, v.Settings.AutoLock())
		assert.Equal(t, Extra{{"theme", `"dark"`}}, v.Settings.Extra)
	})
	t.Run("vault.replace", func(t *testing.T) {
		v := fresh(t)
		old := page(v, "s1")
		other := decode(t, bigDocument(1, 10))
		_, written, removed := changes(t, v, Replace{Other: other})
		assert.Equal(t, []string{old}, removed)
		assert.Equal(t, []string{ChunkAuthenticators, ChunkHistory, ChunkMeta, page(v, "s0")}, written)
		assert.Equal(t, 5, v.Settings.AutoLock(), "the settings stay")
		assert.Equal(t, 10, v.Server("s0").AccountCount())
	})
}

func TestRefusedEditsChangeNothing(t *testing.T) {
	v := decode(t, canonical)
	before := document(t, v)
	for name, e := range map[string]Edit{
		"server without address":     AddServer{Name: "x"},
		"plain-text WHM address":     AddServer{Address: "h", BaseURL: "http://h.example:2086"},
		"credentials without a user": AddServer{Address: "h", WHM: WHM{Token: "T"}},
		"token with a newline":       UpdateServer{ID: "s1", WHM: &WHM{User: "root", Token: "a\nb"}},
		"unknown server":             UpdateServer{ID: "nope", Name: ptr("x")},
		"name with a control char":   UpdateServer{ID: "s1", Name: ptr("a\x00b")},
		"duplicate user":             AddAccount{ServerID: "s1", Account: Account{User: "carol"}},
		"rename onto another user":   UpdateAccount{ServerID: "s1", ID: "a1", User: ptr("carol")},
		"bad 2FA secret":             UpdateAccount{ServerID: "s1", ID: "a1", TOTP: ptr(&TOTP{Secret: "not base32!"})},
		"bad 2FA digits":             AddAuthenticators{Authenticators: []Authenticator{{Secret: "JBSWY3DPEHPK3PXP"}, {Secret: "JBSWY3DPEHPK3PXP", Digits: 9}}},
		"mailbox without @":          UpdateAccount{ServerID: "s1", ID: "a1", Mailboxes: &[]Mailbox{{Email: "info"}}},
		"mailbox twice":              UpdateAccount{ServerID: "s1", ID: "a1", Mailboxes: &[]Mailbox{{Email: "a@b"}, {Email: "A@b"}}},
		"huge password":              UpdateAccount{ServerID: "s1", ID: "a1", Password: ptr(strings.Repeat("x", MaxSecret+1))},
		"unknown account":            DeleteAccount{ServerID: "s1", ID: "nope"},
		"unknown authenticator":      DeleteAuthenticator{ID: "nope"},
		"history without server":     AppendHistory{Entry: HistoryEntry{ID: "h"}},
		"auto-lock of 0":             SetSettings{},
		"partial replacement":        Replace{Other: &Vault{}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := v.Apply(e)
			var ve *Error
			require.ErrorAs(t, err, &ve)
			assert.NotEmpty(t, ve.Code)
			assert.NotContains(t, ve.Message, "\n")
			written, removed, err := v.Changes()
			require.NoError(t, err)
			assert.Empty(t, written)
			assert.Empty(t, removed)
			assert.Equal(t, before, document(t, v))
		})
	}
}

func TestNeedsLoadsWhatAnEditReads(t *testing.T) {
	full := decode(t, bigDocument(2, 1000))
	chunks := chunks(t, full)
	open := func() *Vault { return openMeta(t, chunks) }
	load := func(v *Vault, e Edit) (rounds, loaded int) {
		for ids := v.Needs(e); len(ids) > 0; ids = v.Needs(e) {
			rounds++
			for _, id := range ids {
				require.NoError(t, v.Load(id, chunks[id]))
				loaded++
			}
		}
		return rounds, loaded
	}
	pages := len(full.Servers[1].Pages)
	target := full.Servers[1].Pages[2]
	id := target.Accounts[0].ID

	// With the page it is on: that page alone; the rename rewrites that page alone.
	v := open()
	e := UpdateAccount{ServerID: "s1", ID: id, Page: target.ID, Domain: ptr("renamed.example")}
	rounds, loaded := load(v, e)
	assert.Equal(t, 1, rounds)
	assert.Equal(t, 1, loaded)
	_, err := v.Apply(e)
	require.NoError(t, err)
	written, _, err := v.Changes()
	require.NoError(t, err)
	assert.Equal(t, []string{PagePrefix + target.ID}, slices.Sorted(maps.Keys(written)))
	assert.Less(t, len(written[PagePrefix+target.ID]), 64<<10, "a page is small")

	// With a wrong page: that one, then the server's others.
	v = open()
	e = UpdateAccount{ServerID: "s1", ID: id, Page: full.Servers[1].Pages[0].ID, Domain: ptr("x.example")}
	rounds, loaded = load(v, e)
	assert.Equal(t, 2, rounds)
	assert.Equal(t, pages, loaded)

	// A new user name is checked against every page of the server, no other.
	v = open()
	rounds, loaded = load(v, UpdateAccount{ServerID: "s1", ID: id, Page: target.ID, User: ptr("newname")})
	assert.Equal(t, pages, loaded)
	assert.Equal(t, 1, rounds)

	// Apply without the chunks refuses and changes nothing.
	v = open()
	_, err = v.Apply(AppendHistory{Entry: HistoryEntry{Form: Request{ServerID: "s0"}}})
	var ve *Error
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeNotLoaded, ve.Code)
	assert.Equal(t, []string{ChunkHistory}, v.Needs(ClearHistory{}))
	assert.Empty(t, v.Needs(SetSettings{AutoLockMinutes: 3}))
}

func TestMergeAccounts(t *testing.T) {
	v := decode(t, `{"servers":[{"id":"s","address":"h","accounts":[
		{"id":"a1","user":"bob","domain":"bob.example","owner":"root","password":"bob-pw","note":"café"},
		{"id":"a2","user":"gone","domain":"gone.example"},
		{"id":"a3","user":"kept","missing":true,"totp":{"secret":"JBSWY3DPEHPK3PXP"}},
		{"id":"a4","user":"dup","password":"first"},{"id":"a5","user":"dup","password":"last"}]}]}`)
	n := 0
	v.newID = func(prefix string) string { n++; return "new-" + prefix + strconv.Itoa(n) }
	r, err := v.Apply(MergeAccounts{ServerID: "s", At: 99, Listed: []Listed{
		{User: "carol", Domain: "carol.example", Owner: "res"}, {User: "bob", Domain: "bob.example", Owner: "res1", Suspended: true},
		{User: ""}, {User: "carol", Domain: "second"}, {User: "dup"}}})
	require.NoError(t, err)
	assert.Equal(t, 3, r.Count)
	s := v.Server("s")
	var got []string
	s.Accounts(func(a *Account) bool {
		got = append(got, fmt.Sprintf("%s %s %s %s %v %v %s %v", a.ID, a.User, a.Domain, a.Owner, a.Suspended, a.Missing, a.Password, a.Extra))
		return true
	})
	assert.Equal(t, []string{
		"new-a1 carol carol.example res false false  []",
		"a1 bob bob.example res1 true false bob-pw [{note \"café\"}]",
		"a5 dup   false false last []",
		"a3 kept   false true  []",
	}, got, "WHM's order, saved credentials kept, gone ones dropped unless saved (then missing), the last of a user")
	assert.Equal(t, int64(99), s.AccountsFetchedAt)
}

func TestDecodeEdit(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Edit
	}{
		{`{"op":"server.add","server":{"name":"N","address":"h","baseURL":"https://h:2087","whm":{"user":"root","token":"T"}}}`,
			AddServer{Name: "N", Address: "h", BaseURL: "https://h:2087", WHM: WHM{User: "root", Token: "T"}}},
		{`{"op":"server.update","id":"s1","set":{"name":"X"}}`, UpdateServer{ID: "s1", Name: ptr("X")}},
		{`{"op":"server.delete","id":"s1"}`, DeleteServer{ID: "s1"}},
		{`{"op":"account.add","serverId":"s1","account":{"user":"bob","mailboxes":[]}}`,
			AddAccount{ServerID: "s1", Account: Account{User: "bob", Mailboxes: []Mailbox{}}}},
		{`{"op":"account.update","serverId":"s1","id":"a1","page":"p1","set":{"password":"pw","totp":null}}`,
			UpdateAccount{ServerID: "s1", ID: "a1", Page: "p1", Password: ptr("pw"), TOTP: new(*TOTP)}},
		{`{"op":"account.delete","serverId":"s1","id":"a1"}`, DeleteAccount{ServerID: "s1", ID: "a1"}},
		{`{"op":"accounts.merge","serverId":"s1","at":5,"listed":[{"user":"bob","suspended":true}]}`,
			MergeAccounts{ServerID: "s1", At: 5, Listed: []Listed{{User: "bob", Suspended: true}}}},
		{`{"op":"authenticators.add","authenticators":[{"issuer":"I","secret":"S"}]}`,
			AddAuthenticators{Authenticators: []Authenticator{{Issuer: "I", Secret: "S"}}}},
		{`{"op":"authenticator.delete","id":"t1"}`, DeleteAuthenticator{ID: "t1"}},
		{`{"op":"history.append","entry":{"at":3,"form":{"serverId":"s1"}}}`,
			AppendHistory{Entry: HistoryEntry{At: 3, Form: Request{ServerID: "s1"}}}},
		{`{"op":"history.clear"}`, ClearHistory{}},
		{`{"op":"settings.set","autoLockMinutes":9}`, SetSettings{AutoLockMinutes: 9}},
	} {
		got, err := DecodeEdit(tc.text)
		require.NoError(t, err, tc.text)
		assert.Equal(t, tc.want, got, tc.text)
	}
	r, err := DecodeEdit(`{"op":"vault.replace","document":` + canonical + `}`)
	require.NoError(t, err)
	assert.JSONEq(t, canonical, document(t, r.(Replace).Other))

	for _, text := range []string{`{"op":"nope"}`, `{}`, `[]`, `{"op":"server.update","id":"s","set":{"color":"x"}}`,
		`{"op":"server.update","id":"s","set":{"name":5}}`, `{"op":"account.add","serverId":"s"}`, `{"op":5}`,
		`{"op":"account.update","id":"a","set":{"password":"hunter2","totp":"hunter2"}}`, `{"op":"server.add","server":{}} x`,
		`{"op":"vault.replace","document":[1]}`, `{"op":"settings.set","autoLockMinutes":"hunter2"}`} {
		_, err := DecodeEdit(text)
		var e *Error
		require.ErrorAs(t, err, &e, text)
		assert.NotContains(t, e.Message, "hunter2")
	}
}

// The document encoding is what encoding/json reads: the texts it writes are
// valid JSON with the strings it was given.
func TestEncodingIsJSON(t *testing.T) {
	odd := "quote\" backslash\\ nl\n tab\t nul\x00 del\x7f é \u2028 \xff"
	v := New()
	v.Servers = append(v.Servers, Server{ID: odd, Name: odd, Pages: []Page{}})
	text := document(t, v)
	var got struct {
		Servers []struct{ ID string } `json:"servers"`
	}
	require.NoError(t, json.Unmarshal([]byte(text), &got))
	assert.Equal(t, strings.ToValidUTF8(odd, "\uFFFD"), got.Servers[0].ID)
	assert.Equal(t, text, document(t, decode(t, text)))
}

// EncodeEdit writes what DecodeEdit reads: every edit survives the trip.
func TestEncodeEditRoundTrip(t *testing.T) {
	var none *TOTP
	for _, e := range []Edit{
		AddServer{Name: "N", Address: "h", BaseURL: "https://h:2087", WHM: WHM{User: "root", Token: "T", TOTP: &TOTP{Secret: "S", Digits: 8}}},
		UpdateServer{ID: "s1", Name: ptr("X\n\"y\""), WHM: &WHM{User: "root"}},
		UpdateServer{ID: "s1"},
		DeleteServer{ID: "s1"},
		AddAccount{ServerID: "s1", Account: Account{User: "bob", Password: "pw", Mailboxes: []Mailbox{{Email: "a@b", Password: "p"}}}},
		UpdateAccount{ServerID: "s1", ID: "a1", Page: "p1", Password: ptr("pw"), TOTP: &none, Mailboxes: &[]Mailbox{}},
		UpdateAccount{ServerID: "s1", ID: "a1", User: ptr("u"), Domain: ptr("d"), APIToken: ptr(""), TOTP: ptr(&TOTP{Secret: "S"})},
		DeleteAccount{ServerID: "s1", ID: "a1"},
		MergeAccounts{ServerID: "s1", At: 5, Listed: []Listed{{User: "bob", Suspended: true}, {User: "c", Domain: "d", Owner: "o"}}},
		AddAuthenticators{Authenticators: []Authenticator{{Issuer: "I", Secret: "S", Type: TypeHOTP, Counter: 3, Pinned: true}}},
		UpdateAuthenticator{ID: "t1", Issuer: ptr("i"), Digits: ptr(8), Counter: ptr(int64(2)), Pinned: ptr(false)},
		MoveAuthenticator{ID: "t1", Before: "t2"},
		MoveAuthenticator{ID: "t1"},
		DeleteAuthenticator{ID: "t1"},
		RestoreAuthenticator{Authenticator: Authenticator{ID: "t1", Secret: "S", Extra: Extra{{"icon", `"x"`}}}, Before: "t0"},
		UseHOTP{ID: "t1", Counter: 41},
		AppendHistory{Entry: HistoryEntry{ID: "h1", At: 3, Form: Request{ServerID: "s1", Args: [][2]string{{"a", "b"}}, Withheld: []int{0}}}},
		ClearHistory{},
		SetSettings{AutoLockMinutes: 9},
	} {
		text := EncodeEdit(e)
		got, err := DecodeEdit(text)
		require.NoError(t, err, text)
		assert.Equal(t, e, got, text)
	}
	r, err := DecodeEdit(EncodeEdit(Replace{Other: decode(t, canonical)}))
	require.NoError(t, err)
	assert.JSONEq(t, canonical, document(t, r.(Replace).Other))
}
