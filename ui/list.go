package ui

import (
	"time"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

// MaxListed is how many rows the popup's list shows at most (the search
// narrows the rest): a first paint needs this many rows, and the vault keeps
// the chunks they are in first (vault.FirstChunks).
const MaxListed = 100

// Coded is a list to render with the codes of its rows, and those codes'
// entries and results in list order: what a countdown recomputes.
type Coded struct {
	List    List
	Entries []totp.Entry
	Results []totp.Result
}

// WithCodes is l with the code of each listed row that has a time-based
// secret at now (a server's rows at its clock: Row.Entry) in its Codes.
func (l List) WithCodes(clocks Clocks, now time.Time) Coded {
	var c Coded
	var at []int
	for i, h := range l.Hits {
		if e, ok := l.Rows[h].Entry(clocks); ok {
			c.Entries = append(c.Entries, e)
			at = append(at, i)
		}
	}
	c.Results = totp.Codes(c.Entries, now)
	l.Codes = make(map[int]CodeView, len(c.Results))
	for k, r := range c.Results {
		l.Codes[at[k]] = NewCodeView(c.Entries[k], r)
	}
	c.List = l
	return c
}

// FirstList is the popup's list as it opens on v, nothing typed, in cat's
// words: its first MaxListed rows (FirstRows: only the chunks
// vault.FirstChunks lists need be loaded), the first highlighted, with their
// codes at now. It is the same list whether the popup builds it or the
// worker's engine does (the popup paints whichever is ready first).
func FirstList(cat *locale.Catalog, v *vault.Vault, clocks Clocks, now time.Time) Coded {
	rows := FirstRows(v, MaxListed)
	hits := make([]int, len(rows))
	for i := range hits {
		hits[i] = i
	}
	return List{C: cat, Rows: rows, Hits: hits, Total: RowCount(v)}.WithCodes(clocks, now)
}
