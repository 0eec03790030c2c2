package vaultops

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bob is a stored account with every kind of saved credential.
const bob = `{"id":"a1","user":"bob","domain":"bob.example","owner":"root","suspended":false,"password":"bob-secret-pw",
	"apiToken":"","totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30},
	"mailboxes":[{"email":"info@bob.example","password":"mail-secret-pw"}]}`

// merge runs MergeAccounts on JSON texts (existing and listed are arrays)
// with ids new1, new2, … and returns the accounts as JSON text.
func merge(t *testing.T, existing, listed string) (string, int) {
	t.Helper()
	var e, l []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(existing), &e))
	require.NoError(t, json.Unmarshal([]byte(listed), &l))
	n := 0
	m := MergeAccounts(e, l, func() string { n++; return "new" + strconv.Itoa(n) })
	out, err := json.Marshal(m.Accounts)
	require.NoError(t, err)
	return string(out), m.Count
}

func TestMergeAccounts(t *testing.T) {
	tests := []struct {
		name             string
		existing, listed string
		want             string
		count            int
	}{
		{
			name: "server facts from WHM; saved credentials kept by user name; new accounts blank; gone ones dropped or kept missing",
			existing: `[` + bob + `,
				{"id":"a2","user":"gone","domain":"gone.example","owner":"root","suspended":false,"password":"","apiToken":"","totp":null,"mailboxes":[]},
				{"id":"a3","user":"kept","domain":"kept.example","owner":"root","suspended":false,"password":"p","apiToken":"","totp":null,"mailboxes":[]}]`,
			listed: `[{"user":"bob","domain":"bob.example","owner":"res1","suspended":1},
				{"user":"carol","domain":"carol.example","owner":"root","suspended":0}]`,
			want: `[{"id":"a1","user":"bob","domain":"bob.example","owner":"res1","suspended":true,"password":"bob-secret-pw",
					"apiToken":"","totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30},
					"mailboxes":[{"email":"info@bob.example","password":"mail-secret-pw"}]},
				{"id":"new1","password":"","apiToken":"","totp":null,"mailboxes":[],"user":"carol","domain":"carol.example","owner":"root","suspended":false},
				{"id":"a3","user":"kept","domain":"kept.example","owner":"root","suspended":false,"password":"p","apiToken":"","totp":null,"mailboxes":[],"missing":true}]`,
			count: 2,
		},
		{
			name:     "WHM's order; fields the package does not know survive in their place; a listed account is no longer missing",
			existing: `[{"id":"a1","user":"bob","note":"café","flags":{"x":[1,2.50,1e400]},"missing":true,"password":"pw"},{"id":"a2","user":"al","missing":false}]`,
			listed:   `[{"user":"al"},{"user":"bob","domain":"b.example","owner":"root","suspended":0,"ip":"203.0.113.9"}]`,
			want: `[{"id":"a2","user":"al","domain":"","owner":"","suspended":false},
				{"id":"a1","user":"bob","note":"café","flags":{"x":[1,2.50,1e400]},"password":"pw","domain":"b.example","owner":"root","suspended":false}]`,
			count: 2,
		},
		{
			name:     "server facts of other types read as empty; they replace the stored ones",
			existing: `[{"id":"a1","user":"bob","domain":"old.example","owner":"root","suspended":true}]`,
			listed:   `[{"user":"bob","domain":5,"owner":null,"suspended":"no"}]`,
			want:     `[{"id":"a1","user":"bob","domain":"","owner":"","suspended":false}]`,
			count:    1,
		},
		{
			name:     "rows that are not objects, without a user name, or repeated are ignored",
			existing: `[]`,
			listed: `[1,"bob",null,[],{},{"user":""},{"user":5},{"user":["bob"]},{"user":"x","user":5},
				{"user":"bob","domain":"first.example"},{"user":"bob","domain":"second.example"}]`,
			want:  `[{"id":"new1","password":"","apiToken":"","totp":null,"mailboxes":[],"user":"bob","domain":"first.example","owner":"","suspended":false}]`,
			count: 1,
		},
		{
			name:     "rows are read as JSON.parse reads them: escaped names, the last of a repeated name",
			existing: `[]`,
			listed:   `[{"\u0075ser":"eve","dom\u0061in":"a.example","domain":"e.example","owner":"root","owner":"res1"}]`,
			want:     `[{"id":"new1","password":"","apiToken":"","totp":null,"mailboxes":[],"user":"eve","domain":"e.example","owner":"res1","suspended":false}]`,
			count:    1,
		},
		{
			name:     "stored entries that are not objects are dropped",
			existing: `[null,3,"bob",[{"user":"bob","password":"p"}],true,{"id":"a1","user":"kept","password":"p"}]`,
			listed:   `[]`,
			want:     `[{"id":"a1","user":"kept","password":"p","missing":true}]`,
		},
		{
			name: "what counts as saved credentials: a password, an API token, a 2FA object, a mailbox",
			existing: `[{"id":"pw","password":"p","user":"u1"},{"id":"token","apiToken":"t","user":"u2"},
				{"id":"totp","totp":{},"user":"u3"},{"id":"mailbox","mailboxes":[{}],"user":"u4"},
				{"id":"none","user":"u5","password":"","apiToken":"","totp":null,"mailboxes":[]},
				{"id":"odd","user":"u6","password":5,"apiToken":true,"totp":"JBSWY3DPEHPK3PXP","mailboxes":{"0":{}}},
				{"id":"totp-list","user":"u7","totp":[{"secret":"S"}],"mailboxes":"info@x"}]`,
			listed: `[]`,
			want: `[{"id":"pw","password":"p","user":"u1","missing":true},{"id":"token","apiToken":"t","user":"u2","missing":true},
				{"id":"totp","totp":{},"user":"u3","missing":true},{"id":"mailbox","mailboxes":[{}],"user":"u4","missing":true}]`,
		},
		{
			name:     "stored accounts of one user: the last counts, in the place of the first",
			existing: `[{"id":"1","user":"x","password":"p"},{"id":"2","user":"y","password":"p"},{"id":"3","user":"x","password":"q"}]`,
			listed:   `[]`,
			want:     `[{"id":"3","user":"x","password":"q","missing":true},{"id":"2","user":"y","password":"p","missing":true}]`,
		},
		{
			name:     "stored accounts of one user: the last one is the one listed again",
			existing: `[{"id":"1","user":"x","password":"p"},{"id":"2","user":"x","password":"q"}]`,
			listed:   `[{"user":"x"}]`,
			want:     `[{"id":"2","user":"x","password":"q","domain":"","owner":"","suspended":false}]`,
			count:    1,
		},
		{
			name: "user fields that are not strings are keys as in a JavaScript Map, and never match a listed name",
			existing: `[{"id":"n1","user":5,"password":"p"},{"id":"n2","user":5.0,"password":"p"},{"id":"s5","user":"5","password":"p"},
				{"id":"z1","user":0,"password":"p"},{"id":"z2","user":-0,"password":"p"},
				{"id":"i1","user":1e400,"password":"p"},{"id":"i2","user":2e400,"password":"p"},{"id":"m1","user":-1e400,"password":"p"},
				{"id":"u1","password":"p"},{"id":"u2","password":"p"},
				{"id":"null1","user":null,"password":"p"},{"id":"null2","user":null,"password":"p"},
				{"id":"t1","user":true,"password":"p"},{"id":"t2","user":true,"password":"p"},{"id":"f1","user":false,"password":"p"},
				{"id":"o1","user":{},"password":"p"},{"id":"o2","user":{},"password":"p"},{"id":"l1","user":["5"],"password":"p"}]`,
			listed: `[{"user":"5"}]`,
			want: `[{"id":"s5","user":"5","password":"p","domain":"","owner":"","suspended":false},
				{"id":"n2","user":5.0,"password":"p","missing":true},{"id":"z2","user":-0,"password":"p","missing":true},
				{"id":"i2","user":2e400,"password":"p","missing":true},{"id":"m1","user":-1e400,"password":"p","missing":true},
				{"id":"u2","password":"p","missing":true},{"id":"null2","user":null,"password":"p","missing":true},
				{"id":"t2","user":true,"password":"p","missing":true},{"id":"f1","user":false,"password":"p","missing":true},
				{"id":"o1","user":{},"password":"p","missing":true},{"id":"o2","user":{},"password":"p","missing":true},
				{"id":"l1","user":["5"],"password":"p","missing":true}]`,
			count: 1,
		},
		{
			name:     "nothing stored, nothing listed",
			existing: `[]`,
			listed:   `[]`,
			want:     `[]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, count := merge(t, tt.existing, tt.listed)
			// Exactly, members in their order: the JavaScript's spreads kept a stored account's order and
			// added new members last.
			var want bytes.Buffer
			require.NoError(t, json.Compact(&want, []byte(tt.want)))
			assert.Equal(t, want.String(), got)
			assert.Equal(t, tt.count, count)
		})
	}
}

func TestMergeAccountsNeverSharesIDs(t *testing.T) {
	m := MergeAccounts(nil, []json.RawMessage{json.RawMessage(`{"user":"a"}`), json.RawMessage(`{"user":"b"}`)}, NewIDs())
	require.Len(t, m.Accounts, 2)
	assert.NotEqual(t, m.Accounts[0].Text("id"), m.Accounts[1].Text("id"))
	assert.NotNil(t, MergeAccounts(nil, nil, NewIDs()).Accounts, "an empty list, never null")
}

func TestSuspended(t *testing.T) {
	yes := []string{`1`, `true`, `1.0`, `1e0`, `10e-1`, `"1"`, `"+1"`, `"1."`, `".1e1"`, `"0001"`, `" \t\n1\r\u00a0\ufeff\u2028\u3000"`,
		`"0x1"`, `"0X01"`, `"0o1"`, `"0B1"`, `"1.00000000000000001"`, `[1]`, `["1"]`, `[[" 1 "]]`, `["0x1"]`, `[1.0]`}
	no := []string{`0`, `false`, `null`, `2`, `-1`, `1e400`, `""`, `" "`, `"0"`, `"yes"`, `"true"`, `"-0x1"`, `"+0x1"`,
		`"0x"`, `"0x1g"`, `"0x10000000000000001"`, `"1_0"`, `"1,0"`, `"Infinity"`, `"\u00851"`, `"1\u0085"`, `"one"`,
		`[]`, `[null]`, `[true]`, `[1,1]`, `[1,""]`, `[null,"1"]`, `[{}]`, `[[1,2]]`, `[1e400]`, `{}`, `{"valueOf":1}`, ``}
	for _, raw := range yes {
		assert.True(t, suspended(json.RawMessage(raw)), raw)
	}
	for _, raw := range no {
		assert.False(t, suspended(json.RawMessage(raw)), raw)
	}
}

// TestDecimal checks the hand-written scanner against the pattern it replaces
// (JavaScript's StrDecimalLiteral without Infinity) on every string of up to
// five characters from the characters that matter.
func TestDecimal(t *testing.T) {
	pattern := regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	const alphabet = "07+-.eEx "
	var walk func(s string)
	checked, matched := 0, 0
	walk = func(s string) {
		want := pattern.MatchString(s)
		require.Equal(t, want, decimal(s), "%q", s)
		checked++
		if want {
			matched++
		}
		if len(s) < 5 {
			for _, c := range alphabet {
				walk(s + string(c))
			}
		}
	}
	walk("")
	assert.Greater(t, matched, 800, "of %d", checked) // 834 of 66,430
}

// TestJSSpace checks the list against Go's Unicode tables: the Zs category
// and JavaScript's other white space and line terminators.
func TestJSSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.Zs, r) || strings.ContainsRune("\t\n\v\f\r\ufeff\u2028\u2029", r)
		require.Equal(t, want, jsSpace(r), "U+%04X", r)
	}
}

func TestNewIDs(t *testing.T) {
	uuid4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	newID, other := NewIDs(), NewIDs()
	for range 1000 { // past a draw of 64, several times
		for _, id := range []string{newID(), other()} {
			require.Regexp(t, uuid4, id)
			require.False(t, seen[id], "repeated id %s", id)
			seen[id] = true
		}
	}
}

// BenchmarkMergeAccounts: a refresh of a server of 10,000 accounts, as the
// bridge runs it (merge, then the answer's JSON).
func BenchmarkMergeAccounts(b *testing.B) {
	var existing, listed []json.RawMessage
	for i := range 10000 {
		existing = append(existing, json.RawMessage(fmt.Sprintf(`{"id":"id%d","user":"u%d","domain":"d%d.example","owner":"root",`+
			`"suspended":false,"password":"","apiToken":"","totp":null,"mailboxes":[]}`, i, i, i)))
		listed = append(listed, json.RawMessage(fmt.Sprintf(`{"user":"u%d","domain":"d%d.example","owner":"root","suspended":0,`+
			`"ip":"203.0.113.9","plan":"default","email":"x@example.com","startdate":"24 Jan 01 00:00","disklimit":"unlimited"}`, i, i)))
	}
	for b.Loop() {
		if _, err := json.Marshal(MergeAccounts(existing, listed, NewIDs())); err != nil {
			b.Fatal(err)
		}
	}
}
