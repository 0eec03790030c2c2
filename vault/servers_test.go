package vault

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tags: read, written back, edited, validated; a document without them is written as before.
func TestServerTags(t *testing.T) {
	v := decode(t, `{"version":2,"servers":[{"id":"s1","name":"","address":"h","baseURL":"","tags":["prod","eu"],"whm":{},"accounts":[]},
		{"id":"s2","address":"k","tags":"not a list","whm":{},"accounts":[]}]}`)
	assert.Equal(t, []string{"prod", "eu"}, v.Servers[0].Tags)
	assert.Nil(t, v.Servers[1].Tags)
	text := document(t, v)
	assert.Contains(t, text, `"tags":["prod","eu"]`)
	assert.Contains(t, text, `"tags":"not a list"`, "a value of another type is kept as written")
	assert.NotContains(t, document(t, decode(t, canonical)), `"tags"`, "no tags: nothing written")

	sequentialIDs(v)
	_, err := v.Apply(UpdateServer{ID: "s1", Tags: &[]string{"staging"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"staging"}, v.Servers[0].Tags)
	for _, bad := range [][]string{{"Prod"}, {"a b"}, {""}, {"x23456789012345678901234567890123"}} {
		_, err := v.Apply(UpdateServer{ID: "s1", Tags: &bad})
		assert.Error(t, err, "%q", bad)
	}
	assert.Equal(t, []string{"staging"}, v.Servers[0].Tags, "refused edits change nothing")
}

// AddServers: many servers with their accounts in one edit, all or none.
func TestAddServers(t *testing.T) {
	v := decode(t, `{"version":2,"servers":[]}`)
	sequentialIDs(v)
	e := AddServers{
		Servers: []AddServer{
			{Name: "web1", Address: "web1.example", BaseURL: "https://web1.example:2087", Tags: []string{"prod"}, WHM: WHM{User: "root", Token: "T0KEN"}},
			{Name: "shared", Address: "shared.example", BaseURL: "https://shared.example:2087"},
		},
		Accounts: map[int][]Account{1: {{User: "bob", APIToken: "BOBTOKEN", Mailboxes: []Mailbox{}}}},
	}
	r, err := v.Apply(e)
	require.NoError(t, err)
	assert.Equal(t, []string{"new-s1", "new-s2"}, r.IDs)
	assert.Equal(t, 2, r.Count)
	require.Len(t, v.Servers, 2)
	assert.Equal(t, []string{"prod"}, v.Servers[0].Tags)
	assert.Equal(t, "bob", v.Servers[1].AccountList()[0].User)
	written, _, err := v.Changes()
	require.NoError(t, err)
	assert.Len(t, written, 2, "the meta chunk and the one page: one commit")

	bad := AddServers{Servers: []AddServer{{Name: "ok", Address: "ok.example"}, {Name: "bad", Address: ""}}}
	_, err = v.Apply(bad)
	require.Error(t, err)
	assert.Len(t, v.Servers, 2, "a refused row adds none of them")

	text := EncodeEdit(e)
	back, err := DecodeEdit(text)
	require.NoError(t, err, text)
	assert.Equal(t, e, back)
	assert.Equal(t, AddServer{Name: "N", Address: "h", Tags: []string{"a"}}, roundTrip(t, AddServer{Name: "N", Address: "h", Tags: []string{"a"}}))
	tags := []string{"x", "y"}
	assert.Equal(t, UpdateServer{ID: "s1", Tags: &tags}, roundTrip(t, UpdateServer{ID: "s1", Tags: &tags}))
}

func roundTrip(t *testing.T, e Edit) Edit {
	t.Helper()
	back, err := DecodeEdit(EncodeEdit(e))
	require.NoError(t, err)
	return back
}

// An account's favourite page: set, cleared, refused when panelkey does not know it; written only when set.
func TestAccountFavourite(t *testing.T) {
	v := decode(t, canonical)
	sequentialIDs(v)
	fav := "file-manager"
	_, err := v.Apply(UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &fav})
	require.NoError(t, err)
	assert.Equal(t, "file-manager", v.Server("s1").Account("a1").Favourite)
	assert.Contains(t, document(t, v), `"favourite":"file-manager"`)
	custom := "app:Cron_Home"
	_, err = v.Apply(UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &custom})
	require.NoError(t, err)
	bad := "app:x&goto_uri=//evil"
	_, err = v.Apply(UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &bad})
	assert.Error(t, err)
	assert.Equal(t, custom, v.Server("s1").Account("a1").Favourite)
	none := ""
	_, err = v.Apply(UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &none})
	require.NoError(t, err)
	assert.NotContains(t, document(t, v), `"favourite"`)
	assert.Equal(t, UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &fav}, roundTrip(t, UpdateAccount{ServerID: "s1", ID: "a1", Favourite: &fav}))
}

// Resolve: what a login or a WHM call is for, by id, from a vault opened in part (RefNeeds loads the account's page).
func TestResolve(t *testing.T) {
	full := decode(t, bigDocument(2, 1000))
	chunks := chunks(t, full)
	v := openMeta(t, chunks)
	target := full.Servers[1].Pages[2]
	var acct Account // one with mailboxes (bigDocument gives every seventh two)
	for _, a := range target.Accounts {
		if len(a.Mailboxes) > 0 {
			acct = a
			break
		}
	}
	require.NotEmpty(t, acct.Mailboxes)

	assert.Empty(t, v.RefNeeds(Ref{ServerID: "s1"}), "a server is in the meta chunk")
	s, a, m, err := v.Resolve(Ref{ServerID: "s1"})
	require.NoError(t, err)
	assert.Equal(t, "T1", s.WHM.Token)
	assert.Nil(t, a)
	assert.Nil(t, m)

	ref := Ref{ServerID: "s1", AccountID: acct.ID, Page: target.ID, Mailbox: acct.Mailboxes[0].Email}
	assert.Equal(t, []string{PagePrefix + target.ID}, v.RefNeeds(ref), "the page the caller saw it on")
	_, _, _, err = v.Resolve(ref)
	assert.Equal(t, CodeNotFound, codeOf(err), "not loaded: not there")
	require.NoError(t, v.Load(PagePrefix+target.ID, chunks[PagePrefix+target.ID]))
	assert.Empty(t, v.RefNeeds(ref))
	s, a, m, err = v.Resolve(ref)
	require.NoError(t, err)
	assert.Equal(t, "s1", s.ID)
	assert.Equal(t, acct.User, a.User)
	assert.Equal(t, acct.Mailboxes[0], *m)
	assert.Same(t, &a.Mailboxes[0], m, "the vault's own mailbox")

	for _, tt := range []struct {
		ref  Ref
		what string
	}{
		{Ref{ServerID: "gone"}, "server"},
		{Ref{ServerID: "s1", AccountID: "gone"}, "account"},
		{Ref{ServerID: "s1", AccountID: acct.ID, Mailbox: "nobody@example"}, "mailbox"},
		{Ref{ServerID: "s1", Mailbox: acct.Mailboxes[0].Email}, "mailbox"},
	} {
		_, _, _, err := v.Resolve(tt.ref)
		require.Error(t, err, tt.what)
		assert.Equal(t, CodeNotFound, codeOf(err))
		assert.EqualError(t, err, "That "+tt.what+" is no longer in the vault.")
	}
}

func codeOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return ""
}
