package vaultops

import (
	"encoding/json"
	"testing"
)

// FuzzMergeAccounts merges arbitrary stored accounts and listaccts rows: no
// panic; from valid JSON, valid JSON out, the listed accounts first with
// distinct user names, then only missing ones that hold saved credentials.
func FuzzMergeAccounts(f *testing.F) {
	f.Add([]byte(`[`+bob+`]`), []byte(`[{"user":"bob","suspended":1},{"user":"carol"}]`))
	f.Fuzz(func(t *testing.T, existing, listed []byte) {
		rows := AsList(listed)
		m := MergeAccounts(AsList(existing), rows, func() string { return "new" })
		if !json.Valid(existing) || !json.Valid(listed) {
			return // no panic is all there is to check: the bridge hands in JSON it decoded
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		if m.Count > len(rows) || m.Count > len(m.Accounts) {
			t.Fatalf("count %d of %d accounts from %d rows", m.Count, len(m.Accounts), len(rows))
		}
		users := map[string]bool{}
		for i, a := range m.Accounts {
			if i < m.Count {
				u := a.Text("user")
				if u == "" || users[u] || a.Value("missing") != nil {
					t.Fatalf("listed account %d: user %q (seen %v), missing %s", i, u, users[u], a.Value("missing"))
				}
				users[u] = true
				continue
			}
			if string(a.Value("missing")) != "true" || !a.saved() {
				t.Fatalf("kept account %d: missing %s, saved %v", i, a.Value("missing"), a.saved())
			}
		}
	})
}
