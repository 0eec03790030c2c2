package vault

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/tests/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// every is a document that sets every field this version knows, each
// left-out-when-zero field both ways, and unknown members at every level.
const every = `{"version":2,"settings":{"autoLockMinutes":0,"x":1},
 "servers":[{"id":"s1","name":"N","address":"h","baseURL":"https://h:2087","tags":["prod","eu"],
   "whm":{"user":"root","token":"T","password":"P","accessHash":"H","totp":{"secret":"S","algorithm":"SHA512","digits":8,"period":60}},
   "accounts":[{"id":"a1","user":"u","domain":"d","owner":"o","suspended":true,"missing":true,"password":"p","apiToken":"t",
     "totp":{"secret":"S"},"mailboxes":[{"email":"m@d","password":"mp","x":2}],"favourite":"file-manager","y":3},
    {"id":"a2","user":"v","domain":"","owner":"","suspended":false,"missing":false,"password":"","apiToken":"","totp":null,"mailboxes":null,"favourite":""}],
   "accountsFetchedAt":7},
  {"id":"s2","name":"","address":"","baseURL":"","tags":[],"whm":null,"accounts":[],"accountsFetchedAt":0}],
 "authenticators":[{"id":"t1","issuer":"I","account":"A","secret":"S","algorithm":"SHA256","digits":7,"period":45,"type":"totp","counter":0,"pinned":true},
  {"id":"t2","issuer":"","account":"","secret":"S","algorithm":"","digits":0,"period":0,"type":"hotp","counter":0,"pinned":false},
  {"id":"t3","issuer":"","account":"","secret":"S","type":"","counter":9}],
 "history":[{"id":"h1","at":1,"form":{"serverId":"s","accountId":"a","service":"cpanel","family":"uapi","module":"M","function":"f",
     "args":[["k","v"],["k2",""]],"auth":"x","method":"POST","withheld":[1]},"status":200,"ms":5,"outcome":"ok"},
  {"id":"h2","at":2,"form":{"serverId":"s","accountId":"","service":"","family":"whm","module":"","function":"g","args":[],"auth":"","method":"","withheld":[]},"status":0,"ms":0,"outcome":""}]}`

// compatEdits are edits of every kind, each member set and not.
func compatEdits() []Edit {
	var none *TOTP
	return []Edit{
		AddServer{Name: "N", Address: "h", BaseURL: "https://h:2087", Tags: []string{"a"}, WHM: WHM{User: "root", Token: "T", TOTP: &TOTP{Secret: "S", Digits: 8}}},
		AddServers{Servers: []AddServer{{Name: "A"}, {Name: "B"}}, Accounts: map[int][]Account{1: {{User: "u", TOTP: &TOTP{Secret: "S"}}}}},
		UpdateServer{ID: "s1", Name: ptr("X\n\"y\""), Address: ptr("a"), BaseURL: ptr(""), Tags: &[]string{}, WHM: &WHM{User: "root"}},
		UpdateServer{ID: "s1"},
		DeleteServer{ID: "s1"},
		AddAccount{ServerID: "s1", Account: Account{User: "bob", Password: "pw", Favourite: "x", Mailboxes: []Mailbox{{Email: "a@b", Password: "p"}}}},
		UpdateAccount{ServerID: "s1", ID: "a1", Page: "p1", Password: ptr("pw"), TOTP: &none, Mailboxes: &[]Mailbox{}},
		UpdateAccount{ServerID: "s1", ID: "a1", User: ptr("u"), Domain: ptr("d"), APIToken: ptr(""), TOTP: ptr(&TOTP{Secret: "S"}), Mailboxes: new([]Mailbox), Favourite: ptr("")},
		DeleteAccount{ServerID: "s1", ID: "a1"},
		DeleteAccount{ServerID: "s1", ID: "a1", Page: "p"},
		MergeAccounts{ServerID: "s1", At: 5, Listed: []Listed{{User: "bob", Suspended: true}, {User: "c", Domain: "d", Owner: "o"}}},
		AddAuthenticators{},
		AddAuthenticators{Authenticators: []Authenticator{{Issuer: "I", Secret: "S", Type: TypeHOTP, Counter: 3, Pinned: true}, {Secret: "S", Algorithm: "SHA1", Digits: 6, Period: 30}}},
		UpdateAuthenticator{ID: "t1", Issuer: ptr("i"), Digits: ptr(8), Counter: ptr(int64(2)), Pinned: ptr(false)},
		UpdateAuthenticator{ID: "t1", Account: ptr("a"), Secret: ptr("s"), Algorithm: ptr(""), Period: ptr(0), Type: ptr("hotp")},
		MoveAuthenticator{ID: "t1", Before: "t2"},
		MoveAuthenticator{ID: "t1"},
		DeleteAuthenticator{ID: "t1"},
		RestoreAuthenticator{Authenticator: Authenticator{ID: "t1", Secret: "S", Extra: Extra{{"icon", `"x"`}}}, Before: "t0"},
		RestoreAuthenticator{Authenticator: Authenticator{ID: "t1", Secret: "S"}},
		UseHOTP{ID: "t1", Counter: 41},
		AppendHistory{Entry: HistoryEntry{ID: "h1", At: 3, Form: Request{ServerID: "s1", Args: [][2]string{{"a", "b"}}, Withheld: []int{0}}}},
		AppendHistory{Entry: HistoryEntry{Form: Request{ServerID: "s1", AccountID: "a", Service: "s", Module: "m", Method: "GET"}}},
		ClearHistory{},
		SetSettings{AutoLockMinutes: 9},
	}
}

// compatTexts is what this version writes for the documents and edits above:
// the documents again, every chunk (page ids made stable), and the edits.
func compatTexts(t *testing.T) map[string]string {
	out := map[string]string{}
	for name, text := range map[string]string{"every": every, "canonical": canonical, "mistyped": mistyped} {
		v := decode(t, text)
		for i := range v.Servers {
			for j := range v.Servers[i].Pages {
				v.Servers[i].Pages[j].ID = fmt.Sprintf("p%d-%d", i, j)
			}
		}
		out[name+" document"] = document(t, v)
		for id, chunk := range chunks(t, v) {
			out[name+" chunk "+id] = chunk
		}
	}
	for i, e := range compatEdits() {
		out[fmt.Sprintf("edit %d", i)] = EncodeEdit(e)
	}
	return out
}

// Vaults and edits written before decode as they did and are written back
// byte for byte: testdata/compat.json was written by the encoder before the
// codec became a table of fields (never rewrite it with -update to make this
// test pass: a vault in a user's browser holds these texts).
func TestCompatibleEncoding(t *testing.T) {
	made, err := json.MarshalIndent(compatTexts(t), "", " ")
	require.NoError(t, err)
	golden.Check(t, "testdata/compat.json", append(made, '\n'))
	var want map[string]string
	require.NoError(t, json.Unmarshal(made, &want))
	for name, text := range want {
		if strings.HasPrefix(name, "edit ") {
			e, err := DecodeEdit(text)
			require.NoError(t, err, name)
			assert.Equal(t, text, EncodeEdit(e), name)
		}
	}
}
