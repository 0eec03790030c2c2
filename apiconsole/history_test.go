package apiconsole

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/vault"
)

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

func TestHistory(t *testing.T) {
	good := Entry{ID: "h1", At: 5, Form: Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops",
		Args: [][2]string{{"a", "1"}, {"a", "2"}}, Auth: AuthSession}, Status: 200, MS: 12, Outcome: OutcomeOK}
	stored := []vault.HistoryEntry{
		good.Stored(),
		{ID: "h2"},                            // no server
		{Form: vault.Request{ServerID: "s1"}}, // no id
		{ID: "h3", Form: vault.Request{ServerID: "s1"}, Extra: vault.Extra{{Name: "future", Value: "1"}}}, // unknown fields are fine
	}
	h := History(stored)
	assert.Equal(t, []string{"h1", "h3"}, ids(h))
	assert.Equal(t, good, h[0], "an entry survives a round trip through the vault's form")

	var many []vault.HistoryEntry
	for _, e := range entries(MaxHistory + 5) {
		many = append(many, e.Stored())
	}
	assert.Len(t, History(many), MaxHistory)
	assert.Empty(t, History(nil))
}

func TestFind(t *testing.T) {
	h := entries(3)
	require.NotNil(t, Find(h, "e1"))
	assert.Equal(t, int64(1), Find(h, "e1").At)
	assert.Nil(t, Find(h, "nope"))
}
