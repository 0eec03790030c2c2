package ui

import "strings"

// Index answers searches over many rows quickly: every row's lower-cased key
// lives in one string, so a query word is found with strings.Index jumps over
// the whole list instead of one comparison per row.
type Index struct {
	hay    string
	starts []int // starts[i] is where row i's key begins; starts[len] == len(hay)+1
}

// rowSep ends every key in the haystack; query words never contain it.
const rowSep = "\x1e"

// NewIndex indexes keys (already lower-cased, fields separated by FieldSep),
// one per row, in row order.
func NewIndex(keys []string) *Index {
	n := 0
	for _, k := range keys {
		n += len(k) + 1
	}
	var b strings.Builder
	b.Grow(n)
	starts := make([]int, len(keys)+1)
	for i, k := range keys {
		starts[i] = b.Len()
		b.WriteString(k)
		b.WriteString(rowSep)
	}
	starts[len(keys)] = b.Len()
	return &Index{hay: b.String(), starts: starts}
}

// RowsIndex indexes the keys of rows.
func RowsIndex(rows []Row) *Index {
	keys := make([]string, len(rows))
	for i := range rows {
		keys[i] = rows[i].Key
	}
	return NewIndex(keys)
}

// Len is the number of rows indexed.
func (ix *Index) Len() int { return len(ix.starts) - 1 }

// Words splits a query into lower-cased words, dropping control characters
// (they cannot match and would let a word span two rows).
func Words(query string) []string {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, query)
	return strings.Fields(strings.ToLower(clean))
}

// Search returns the rows whose key contains every word of query, at most
// limit of them (limit <= 0: all), and how many matched in total. Rows where
// the first word starts a field or a part of one (after '.', '@', '-', …)
// come first, then the other matches; each group keeps row order. An empty
// query matches every row.
func (ix *Index) Search(query string, limit int) (hits []int, total int) {
	words := Words(query)
	for i, w := range words {
		// tag:NAME matches that tag whole (tag:prod is not tag:production): the row's tag fields end at FieldSep.
		if strings.HasPrefix(w, TagPrefix) && len(w) > len(TagPrefix) {
			words[i] = w + FieldSep
		}
	}
	n := ix.Len()
	if limit <= 0 || limit > n {
		limit = n
	}
	if len(words) == 0 {
		hits = make([]int, limit)
		for i := range hits {
			hits[i] = i
		}
		return hits, n
	}
	first, rest := words[0], words[1:]
	var prefix, inner []int
	row, pos := 0, 0
	for pos < len(ix.hay) {
		k := strings.Index(ix.hay[pos:], first)
		if k < 0 {
			break
		}
		p := pos + k
		for ix.starts[row+1] <= p {
			row++
		}
		start, end := ix.starts[row], ix.starts[row+1]-1
		pos = end + 1
		key := ix.hay[start:end]
		if !containsAll(key, rest) {
			continue
		}
		if startsPart(key, p-start, first) {
			prefix = append(prefix, row)
		} else {
			inner = append(inner, row)
		}
	}
	total = len(prefix) + len(inner)
	if limit > total {
		limit = total
	}
	hits = make([]int, 0, limit)
	hits = append(hits, prefix[:min(limit, len(prefix))]...)
	hits = append(hits, inner[:limit-len(hits)]...)
	return hits, total
}

func containsAll(key string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}

// startsPart reports whether word occurs in key at a part boundary, looking
// from offset at (its first occurrence) on.
func startsPart(key string, at int, word string) bool {
	for {
		if at == 0 || isBoundary(key[at-1]) {
			return true
		}
		k := strings.Index(key[at+1:], word)
		if k < 0 {
			return false
		}
		at += 1 + k
	}
}

func isBoundary(c byte) bool {
	switch c {
	case FieldSep[0], '.', '@', '-', '_', ' ', '/', ':':
		return true
	}
	return false
}
