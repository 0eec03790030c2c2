package emulator

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
)

// GenerateFixture builds a large fixture: root, `resellers` resellers and n cPanel accounts spread over them
// (about a fifth owned by root), with mailboxes, tokens, some 2FA and some suspended accounts. The same seed
// gives the same data.
func GenerateFixture(n, resellers int, seed uint64) *Fixture {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	random := func(alpha string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
		}
		return string(b)
	}
	token := func() string { return random("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32) }
	secret := func() string { return random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) } // base32
	f := &Fixture{MainIP: "127.0.0.1"}
	f.WHMUsers = append(f.WHMUsers, WHMUser{
		User: "root", Password: "gen-root-pass", Tokens: []APIToken{{Name: "panelkey", Token: token(), CreateTime: 1717000000}},
		TOTPSecret: secret(),
	})
	for r := 1; r <= resellers; r++ {
		f.WHMUsers = append(f.WHMUsers, WHMUser{
			User: fmt.Sprintf("res%03d", r), Password: fmt.Sprintf("gen-res%03d-pass", r),
			Tokens: []APIToken{{Name: "panelkey", Token: token(), CreateTime: 1717000000}},
		})
	}
	plans := []string{"default", "bronze", "silver", "gold"}
	for i := 1; i <= n; i++ {
		user := fmt.Sprintf("u%05d", i)
		owner := "root"
		if resellers > 0 && rng.IntN(5) != 0 {
			owner = fmt.Sprintf("res%03d", 1+rng.IntN(resellers))
		}
		a := Account{
			User: user, Owner: owner, Domain: user + ".example", Password: "gen-" + user + "-pass",
			Plan: plans[rng.IntN(len(plans))], Email: user + "@contact.example", IP: "127.0.0.1",
			StartDate: 1600000000 + int64(rng.IntN(100_000_000)), DiskUsedMB: rng.IntN(5000), DiskLimitMB: 1024 * (1 + rng.IntN(10)),
		}
		if rng.IntN(2) == 0 {
			a.Tokens = []APIToken{{Name: "panelkey", Token: token(), CreateTime: 1717000000}}
		}
		if rng.IntN(10) == 0 {
			a.TOTPSecret = secret()
			a.APIRequires2FA = rng.IntN(2) == 0
		}
		if rng.IntN(50) == 0 {
			a.Suspended, a.SuspendReason, a.SuspendTime = true, "Generated suspension", 1716000000
		}
		for m := range rng.IntN(4) {
			a.Mailboxes = append(a.Mailboxes, Mailbox{
				Email: fmt.Sprintf("box%d@%s", m+1, a.Domain), Password: fmt.Sprintf("gen-%s-box%d", user, m+1),
				QuotaMB: 512 * rng.IntN(3), DiskUsedMB: rng.IntN(200),
			})
		}
		f.Accounts = append(f.Accounts, a)
	}
	return f
}

// OTPAuthURI is the otpauth:// URI cPanel shows for a 2FA secret (§5): issuer = the server hostname, no
// algorithm/digits/period parameters.
func OTPAuthURI(issuer, account, secret string) string {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "otpauth://totp/" + esc(issuer) + ":" + esc(account) + "?secret=" + secret + "&issuer=" + esc(issuer)
}
