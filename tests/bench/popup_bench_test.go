package bench

import (
	"os"
	"testing"
	"time"

	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
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
// shell.readVault and the list's innerHTML (decode, rows, index; then one search keystroke and its HTML).
func BenchmarkPopup100k(b *testing.B) {
	text := vaultText(b)
	b.Run("open:decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := ui.DecodeVault(text); err != nil {
				b.Fatal(err)
			}
		}
	})
	v, err := ui.DecodeVault(text)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("open:rows+index", func(b *testing.B) {
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
