package bench

import (
	"os"
	"testing"
	"time"

	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

// vaultText returns the vault document tests/bench/browser.mjs seeds for the 100,000-account rows
// (bench-results/vault-100k.json, named by PANELKEY_BENCH_VAULT); the benchmark is skipped without it.
func vaultText(b *testing.B) string {
	p := os.Getenv("PANELKEY_BENCH_VAULT")
	if p == "" {
		b.Skip("PANELKEY_BENCH_VAULT names no vault document (scripts/bench.sh writes one)")
	}
	text, err := os.ReadFile(p)
	if err != nil {
		b.Skip(err.Error())
	}
	return string(text)
}

// BenchmarkPopup100k is the popup's Go work on a 100,000-account vault, natively: what the wasm does between
// shell.openVault and the list's innerHTML — the first paint (the meta chunk, the authenticators and the first page
// decoded, the first 100 rows), then the rest after it (every other page decoded, all rows and the search index) —
// and one search keystroke and its HTML.
func BenchmarkPopup100k(b *testing.B) {
	doc, err := vault.Decode(vaultText(b))
	if err != nil {
		b.Fatal(err)
	}
	chunks, err := doc.Chunks()
	if err != nil {
		b.Fatal(err)
	}
	first := doc.FirstChunks(100)
	open := func() *vault.Vault {
		v, err := vault.Open(chunks[vault.ChunkMeta])
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range first[1:] {
			if err := v.Load(id, chunks[id]); err != nil {
				b.Fatal(err)
			}
		}
		return v
	}
	b.Run("first paint:decode+first rows", func(b *testing.B) {
		for b.Loop() {
			ui.FirstRows(open(), 100)
		}
	})
	b.Run("after paint:decode the rest", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			v := open()
			b.StartTimer()
			for _, id := range v.Unloaded() {
				if err := v.Load(id, chunks[id]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	v := doc
	b.Run("after paint:rows+index", func(b *testing.B) {
		for b.Loop() {
			ui.RowsIndex(ui.Rows(v))
		}
	})
	rows := ui.Rows(v)
	ix := ui.RowsIndex(rows)
	b.Run("keystroke:search+codes+html", func(b *testing.B) {
		now := time.Now()
		for b.Loop() {
			hits, total := ix.Search("u0123", 100)
			var entries []totp.Entry
			var at []int
			for i, h := range hits {
				if o := rows[h].OTP; o != nil {
					entries = append(entries, totp.Entry{ID: rows[h].ID, Secret: o.Secret,
						Options: totp.Options{Algorithm: totp.Algorithm(o.Algorithm), Digits: o.Digits, Period: o.Period}})
					at = append(at, i)
				}
			}
			codes := map[int]ui.CodeView{}
			for k, r := range totp.Codes(entries, now) {
				codes[at[k]] = ui.CodeView{Code: r.Code, SecondsLeft: r.SecondsLeft, Period: r.Period}
			}
			_ = ui.List{Rows: rows, Hits: hits, Total: total, Codes: codes}.HTML()
		}
	})
}
