package ui

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearch(t *testing.T) {
	keys := []string{
		key("Example.com", "bob", "root", "Host One"),          // 0
		key("shop.example.org", "shopper", "reseller", "Host"), // 1
		key("myexample.net", "carol", "root", "Host One"),      // 2
		key("Ünïcode.test", "dave", "root", "Host"),            // 3
		key("", "", "", ""),                         // 4
		key("ample.io", "erin", "root", "Host Two"), // 5
	}
	ix := NewIndex(keys)
	tests := []struct {
		name  string
		query string
		limit int
		want  []int
		total int
	}{
		{"empty query lists all", "", 0, []int{0, 1, 2, 3, 4, 5}, 6},
		{"empty query honours the limit", "  ", 2, []int{0, 1}, 6},
		{"prefix matches come first", "example", 0, []int{0, 1, 2}, 3},
		{"substring after a dot is a prefix", "org", 0, []int{1}, 1},
		{"inner substring still matches", "xample", 0, []int{0, 1, 2}, 3},
		{"a prefix match ranks before earlier inner matches", "ample", 0, []int{5, 0, 1, 2}, 4},
		{"a later prefix occurrence in the row counts", "o", 0, []int{0, 1, 2, 3, 5}, 5},
		{"case-insensitive", "EXAMPLE.COM", 0, []int{0}, 1},
		{"unicode lower-casing", "ÜNÏ", 0, []int{3}, 1},
		{"all words must match", "example root", 0, []int{0, 2}, 2},
		{"words in any order", "carol net", 0, []int{2}, 1},
		{"no match", "zzz", 0, nil, 0},
		{"limit keeps the total", "example", 1, []int{0}, 3},
		{"control characters split words", "host\x1eshop", 0, []int{1}, 1},
		{"a field separator in the query is a space", "com" + FieldSep + "bob", 0, []int{0}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits, total := ix.Search(tc.query, tc.limit)
			assert.Equal(t, tc.total, total)
			if tc.want == nil {
				assert.Empty(t, hits)
			} else {
				assert.Equal(t, tc.want, hits)
			}
		})
	}
}

func TestSearchEmptyIndex(t *testing.T) {
	ix := NewIndex(nil)
	hits, total := ix.Search("a", 10)
	assert.Empty(t, hits)
	assert.Zero(t, total)
	hits, total = ix.Search("", 10)
	assert.Empty(t, hits)
	assert.Zero(t, total)
}

// bigKeys is n accounts spread over 50 servers, as a big reseller's vault.
func bigKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		s := strconv.Itoa(i)
		keys[i] = key("site"+s+".example.com", "user"+s, "reseller"+strconv.Itoa(i%7), "server-"+strconv.Itoa(i%50)+".host.net")
	}
	return keys
}

// TestSearchFindsAmong100kAccounts: what a search finds in a big reseller's vault. How long it takes is measured by
// BenchmarkIndex100k and BenchmarkSearch100k (go test -bench 100k ./ui), never asserted here.
func TestSearchFindsAmong100kAccounts(t *testing.T) {
	ix := NewIndex(bigKeys(100_000))
	hits, total := ix.Search("site99999", 100)
	require.Equal(t, 1, total)
	assert.Equal(t, []int{99_999}, hits)
	hits, total = ix.Search("user1234 reseller", 100)
	assert.Equal(t, 11, total) // user1234, user12340..user12349
	assert.Equal(t, 1234, hits[0])
}

func BenchmarkSearch100k(b *testing.B) {
	ix := NewIndex(bigKeys(100_000))
	for _, q := range []string{"site5", "example", "user77 reseller3", "nomatch"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, 100)
			}
		})
	}
}

func BenchmarkIndex100k(b *testing.B) {
	keys := bigKeys(100_000)
	for b.Loop() {
		NewIndex(keys)
	}
}
