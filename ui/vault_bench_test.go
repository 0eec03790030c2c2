package ui

import (
	"strconv"
	"strings"
	"testing"
)

// bigVaultText builds a vault document shaped like the one the bench seeds
// (tests/bench/vaults.mjs bigDoc): servers × perServer accounts as
// accounts.refresh stores them, one in ten with a 2FA secret.
func bigVaultText(servers, perServer int) string {
	var b strings.Builder
	b.WriteString(`{"version":1,"servers":[`)
	n := 0
	for s := range servers {
		if s > 0 {
			b.WriteByte(',')
		}
		sid := strconv.Itoa(s + 1)
		b.WriteString(`{"id":"s` + sid + `","name":"Server ` + sid + `","address":"server` + sid + `.example.net",` +
			`"baseURL":"https://server` + sid + `.example.net:2087",` +
			`"whm":{"user":"root","token":"SBYF6GXX6STVYFY5CUS193WO9DESJQNW","password":"","accessHash":"","totp":null},` +
			`"accounts":[`)
		for a := range perServer {
			n++
			if a > 0 {
				b.WriteByte(',')
			}
			u := "u" + strconv.Itoa(100000 + n)[1:]
			b.WriteString(`{"id":"0b3e1a52-7c1d-4f0a-9d2e-` + strconv.Itoa(1000000000000 + n)[1:] + `","user":"` + u +
				`","domain":"` + u + `.example","owner":"res` + strconv.Itoa(n%17) + `","suspended":` +
				strconv.FormatBool(n%29 == 0) + `,"password":"","apiToken":"","totp":`)
			if n%10 == 0 {
				b.WriteString(`{"secret":"QBBVTA6W5JG4ZTGA","algorithm":"SHA1","digits":6,"period":30}`)
			} else {
				b.WriteString(`null`)
			}
			b.WriteString(`,"mailboxes":[]}`)
		}
		b.WriteString(`],"accountsFetchedAt":1732539120000}`)
	}
	b.WriteString(`],"authenticators":[{"id":"t1","issuer":"GitHub","account":"me","secret":"S","digits":8}],"history":[]}`)
	return b.String()
}

// BenchmarkDecodeVault100k decodes a 100,000-account document (10 servers of
// 10,000), what the popup does on every open.
func BenchmarkDecodeVault100k(b *testing.B) {
	text := bigVaultText(10, 10000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeVault(text); err != nil {
			b.Fatal(err)
		}
	}
}
