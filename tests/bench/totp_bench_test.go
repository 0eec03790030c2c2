// Package bench holds panelkey's native Go benchmarks for scripts/bench.sh (docs/benchmarks.md). They take the same
// inputs as the wasm side (tests/bench/engine.mjs): the file named by PANELKEY_BENCH_TOTP when set, else the same
// generated entries.
package bench

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/panelkey/panelkey/totp"
)

// totpInput is the bridge's totpCodes input (docs/architecture.md), the subset the bench uses.
type totpInput struct {
	Now     float64 `json:"now"`
	Entries []struct {
		ID        string `json:"id"`
		Secret    string `json:"secret"`
		Algorithm string `json:"algorithm"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
	} `json:"entries"`
}

// totpOutput mirrors the bridge's totpCodes answer.
type totpOutput struct {
	Codes []totpCode `json:"codes"`
}

type totpCode struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	SecondsLeft int    `json:"secondsLeft"`
	Period      int    `json:"period"`
	Error       *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// inputText returns the JSON text of the bench's totpCodes input: 1,000 entries with cPanel's defaults.
func inputText(b *testing.B) []byte {
	if p := os.Getenv("PANELKEY_BENCH_TOTP"); p != "" {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return text
	}
	// The same entries tests/bench/engine.mjs generates.
	type entry struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	in := struct {
		Now     int64   `json:"now"`
		Entries []entry `json:"entries"`
	}{Now: 1700000000000}
	for i := range 1000 {
		secret := base32.StdEncoding.EncodeToString([]byte(fmt.Sprintf("bench-secret-%07d", i)))
		in.Entries = append(in.Entries, entry{ID: fmt.Sprintf("e%d", i), Secret: secret})
	}
	text, err := json.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	return text
}

func decode(b *testing.B, text []byte) ([]totp.Entry, time.Time) {
	var in totpInput
	if err := json.Unmarshal(text, &in); err != nil {
		b.Fatal(err)
	}
	entries := make([]totp.Entry, len(in.Entries))
	for i, e := range in.Entries {
		entries[i] = totp.Entry{ID: e.ID, Secret: e.Secret,
			Options: totp.Options{Algorithm: totp.Algorithm(e.Algorithm), Digits: e.Digits, Period: e.Period}}
	}
	return entries, time.UnixMilli(int64(in.Now))
}

// BenchmarkTOTPCodes1000 is one batch of 1,000 codes. "engine" is totp.Codes alone; "engine+json" also decodes
// the input text and encodes the answer as the wasm bridge's totpCodes does, which is what the wasm's raw
// function does between receiving and returning JSON text.
func BenchmarkTOTPCodes1000(b *testing.B) {
	text := inputText(b)
	b.Run("engine", func(b *testing.B) {
		entries, at := decode(b, text)
		for b.Loop() {
			for _, r := range totp.Codes(entries, at) {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		}
	})
	b.Run("engine+json", func(b *testing.B) {
		for b.Loop() {
			entries, at := decode(b, text)
			results := totp.Codes(entries, at)
			out := totpOutput{Codes: make([]totpCode, len(results))}
			for i, r := range results {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
				out.Codes[i] = totpCode{ID: r.ID, Code: r.Code, SecondsLeft: r.SecondsLeft, Period: r.Period}
			}
			if _, err := json.Marshal(out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
