package serverlist

import (
	"strings"
	"testing"
)

// FuzzParse: any bytes give a preview or a refusal, never a panic; an importable row is complete and goes over
// TLS; no message repeats a row's secret (TestMessagesNeverQuoteCells checks each column by hand).
func FuzzParse(f *testing.F) {
	f.Add([]byte("host,label,tags,user,kind,secret,totp\nweb1.example.com,\"Web 1, x\",prod,root,whm-token," + token + "," + secret + "\n"))
	f.Add([]byte(`[{"host":"web1.example.com:2087","kind":"password","secret":"p w","tags":["a"]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, Options{Exists: func(string, string) bool { return true }})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("refusal of type %T", err)
			}
			return
		}
		if len(p.Rows) == 0 || len(p.Rows) > MaxRows {
			t.Fatalf("%d rows", len(p.Rows))
		}
		for _, r := range p.Rows {
			if r.OK() && (r.Kind == "" || r.User == "" || strings.TrimSpace(r.Secret) == "" || !strings.HasPrefix(r.BaseURL, "https://")) {
				t.Fatalf("importable but incomplete: %+v", r)
			}
			for _, pr := range append(r.Errors, r.Warnings...) {
				// A secret with a character no message template has, so that a match is the secret's own text.
				if s := strings.TrimSpace(r.Secret); len(s) >= 6 && strings.ContainsAny(s, "#%&*=?^{}~<>|") && strings.Contains(pr.Message, s) {
					t.Fatalf("message %q repeats the secret", pr.Message)
				}
			}
		}
	})
}
