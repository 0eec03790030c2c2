package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

func TestWithCodesComputesTheListedCodes(t *testing.T) {
	rows := Rows(sample(t))
	now := time.Unix(1_700_000_000, 0)
	clocks := Clocks{"s1": 150 * time.Second}
	// Every row, in reverse: the codes follow the hits, not the rows' order.
	hits := make([]int, len(rows))
	for i := range hits {
		hits[i] = len(rows) - 1 - i
	}
	cat := testCatalog(t)
	l := List{C: cat, Rows: rows, Hits: hits, Total: len(rows), Selected: 2, HOTP: map[string]string{"t1": "123456"}}
	c := l.WithCodes(clocks, now)
	l.Codes = c.List.Codes
	assert.Equal(t, l, c.List, "the list, with its codes")
	var want []totp.Entry
	for _, h := range hits {
		if e, ok := rows[h].Entry(clocks); ok {
			want = append(want, e)
		}
	}
	require.NotEmpty(t, want)
	assert.Equal(t, want, c.Entries)
	assert.Equal(t, totp.Codes(want, now), c.Results)
	assert.Len(t, c.List.Codes, len(want))
	for i, h := range hits {
		e, ok := rows[h].Entry(clocks)
		if !ok {
			assert.NotContains(t, c.List.Codes, i, "row %s has no secret", rows[h].ID)
			continue
		}
		r := totp.Codes([]totp.Entry{e}, now)[0]
		assert.Equal(t, NewCodeView(e, r), c.List.Codes[i], "row %s", rows[h].ID)
	}
}

// The list the worker's engine renders for a first paint (FirstList, from the first chunks only) is the one the popup
// renders from the whole vault with nothing typed: the popup keeps the painted list only when the two are the same.
func TestFirstListIsThePopupsListWithNothingTyped(t *testing.T) {
	for _, accounts := range []int{0, 3, MaxListed - 2, MaxListed, 3 * vault.PageRows} {
		doc := manyAccounts(accounts)
		whole, err := vault.Decode(doc)
		require.NoError(t, err)
		rows := Rows(whole)
		hits, total := RowsIndex(rows).Search("", MaxListed)
		now := time.Unix(1_700_000_007, 0)
		clocks := Clocks{"s1": -42 * time.Second}
		cat := testCatalog(t)
		want := List{C: cat, Rows: rows, Hits: hits, Total: total}.WithCodes(clocks, now).List.HTML()

		// The vault as a page opens it: meta, then only the chunks the first rows need.
		chunks, err := whole.Chunks()
		require.NoError(t, err)
		first, err := vault.Open(chunks[vault.ChunkMeta])
		require.NoError(t, err)
		for _, id := range whole.FirstChunks(MaxListed) {
			if id != vault.ChunkMeta {
				require.NoError(t, first.Load(id, chunks[id]))
			}
		}
		if accounts > vault.PageRows {
			require.NotEmpty(t, first.Unloaded(), "a large vault's first list needs only some of its pages")
		}
		got := FirstList(cat, first, clocks, now)
		assert.Equal(t, want, got.List.HTML(), "%d accounts", accounts)
		assert.Equal(t, min(RowCount(whole), MaxListed), len(got.List.Hits))
		if accounts > 0 {
			assert.Equal(t, strings.Count(want, `class="code"`), len(got.Entries))
		}
	}
}

// manyAccounts is a vault document of one server with n accounts, each with a 2FA secret, and an authenticator.
func manyAccounts(n int) string {
	var b strings.Builder
	b.WriteString(`{"version":1,"servers":[{"id":"s1","name":"Many","address":"many.example","baseURL":"https://many.example:2087",
 "whm":{"user":"root","token":"TOKEN"},"accounts":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"a%d","user":"u%d","domain":"u%d.example","owner":"root","totp":{"secret":"JBSWY3DPEHPK3PX%c"}}`, i, i, i, 'A'+i%26)
	}
	b.WriteString(`]}],"authenticators":[{"id":"t1","issuer":"GitHub","account":"me","secret":"GEZDGNBVGY3TQOJQ"}],"history":[]}`)
	return b.String()
}
