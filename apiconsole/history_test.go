package apiconsole

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/ui"
)

func entryJSON(t *testing.T, e Entry) string {
	t.Helper()
	b, err := json.Marshal(e)
	require.NoError(t, err)
	return string(b)
}

func entries(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{ID: "e" + strconv.Itoa(i), At: int64(i), Form: Form{ServerID: "s1", Family: "uapi", Function: "f"}}
	}
	return out
}

func ids(h []Entry) []string {
	out := []string{}
	for _, e := range h {
		out = append(out, e.ID)
	}
	return out
}

func TestAddHistory(t *testing.T) {
	for _, tc := range []struct {
		name  string
		old   []Entry
		want  int
		first string
		last  string
	}{
		{"empty", nil, 1, "new", "new"},
		{"a few", entries(3), 4, "new", "e2"},
		{"one short of full", entries(MaxHistory - 1), MaxHistory, "new", "e48"},
		{"full: the oldest goes", entries(MaxHistory), MaxHistory, "new", "e48"},
		{"over full (an older build): trimmed", entries(MaxHistory + 7), MaxHistory, "new", "e48"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := ids(tc.old)
			h := AddHistory(tc.old, Entry{ID: "new"})
			assert.Len(t, h, tc.want)
			assert.Equal(t, tc.first, h[0].ID)
			assert.Equal(t, tc.last, h[len(h)-1].ID)
			assert.Equal(t, before, ids(tc.old), "the old list is unchanged")
		})
	}
}

func TestDecodeHistory(t *testing.T) {
	good := entryJSON(t, Entry{ID: "h1", At: 5, Form: Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops",
		Args: [][2]string{{"a", "1"}, {"a", "2"}}, Auth: AuthSession}, Status: 200, MS: 12, Outcome: OutcomeOK})
	raw := []ui.RawJSON{
		ui.RawJSON(good),
		`"not an object"`,
		`{"id":"h2"}`,                // no form
		`{"form":{"serverId":"s1"}}`, // no id
		`{"id":"h3","form":{"serverId":"s1"},"future":1}`, // unknown fields are fine
		`{"id":7}`,
		``, // not JSON
	}
	h := DecodeHistory(raw)
	assert.Equal(t, []string{"h1", "h3"}, ids(h))
	assert.Equal(t, [][2]string{{"a", "1"}, {"a", "2"}}, h[0].Form.Args)
	assert.Equal(t, good, entryJSON(t, h[0]), "an entry survives a round trip")

	var many []ui.RawJSON
	for _, e := range entries(MaxHistory + 5) {
		many = append(many, ui.RawJSON(entryJSON(t, e)))
	}
	assert.Len(t, DecodeHistory(many), MaxHistory)
	assert.Empty(t, DecodeHistory(nil))
}

func TestFind(t *testing.T) {
	h := entries(3)
	require.NotNil(t, Find(h, "e1"))
	assert.Equal(t, int64(1), Find(h, "e1").At)
	assert.Nil(t, Find(h, "nope"))
}
