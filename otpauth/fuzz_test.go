package otpauth_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/tests/fuzzseed"
	"github.com/panelkey/panelkey/totp"
)

// FuzzParse: never panics; failures are *Error with a code; a parsed key has
// clean text, a normalised secret and valid options, and survives String →
// Parse unchanged (with String stable).
func FuzzParse(f *testing.F) {
	fuzzseed.Add(f,
		"otpauth://totp/server.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=server.example.com",
		"otpauth://totp/ACME%3A%20bob?issuer=ACME&secret=jbsw%20y3dp&algorithm=sha256&digits=8&period=60",
		"otpauth://totp/:a%3Ab?secret=JBSWY3DPEHPK3PXP",
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1",
		"otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP;issuer=h#x",
	)
	f.Fuzz(func(t *testing.T, uri string) {
		k, err := otpauth.Parse(uri)
		if err != nil {
			errcodetest.Coded[*otpauth.Error](t, err)
			return
		}
		for _, s := range []string{k.Issuer, k.Account} {
			if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 || s != strings.TrimSpace(s) {
				t.Fatalf("unclean text %q", s)
			}
		}
		if norm, err := totp.NormalizeSecret(k.Secret); err != nil || norm != k.Secret {
			t.Fatalf("secret %q not normalised: %q, %v", k.Secret, norm, err)
		}
		o, err := k.Options().Normalize()
		if err != nil || o.Algorithm != k.Algorithm || o.Digits != k.Digits {
			t.Fatalf("options of %+v not normalised: %+v, %v", k, o, err)
		}
		switch k.Type {
		case otpauth.TOTP:
			if o.Period != k.Period || k.Counter != 0 {
				t.Fatalf("TOTP key %+v: period not normalised or a counter", k)
			}
		case otpauth.HOTP:
			if k.Period != 0 {
				t.Fatalf("HOTP key %+v has a period", k)
			}
		default:
			t.Fatalf("key %+v has no type", k)
		}
		s := k.String()
		k2, err := otpauth.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) → %+v → %q → %v", uri, k, s, err)
		}
		if k2 != k {
			t.Fatalf("round trip: %+v → %q → %+v", k, s, k2)
		}
		if s2 := k2.String(); s2 != s {
			t.Fatalf("String not stable: %q then %q", s, s2)
		}
	})
}
