package totp_test

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/tests/fuzzseed"
	"github.com/panelkey/panelkey/totp"
)

var knownCodes = map[string]bool{
	totp.CodeSecretEmpty: true, totp.CodeSecretInvalidChar: true, totp.CodeSecretInvalidLength: true,
	totp.CodeSecretTooShort: true, totp.CodeSecretTooLong: true, totp.CodeAlgorithmUnknown: true,
	totp.CodeDigitsOutOfRange: true, totp.CodePeriodOutOfRange: true, totp.CodeSkewOutOfRange: true,
	totp.CodeTimeBeforeEpoch: true, totp.CodeCodeMalformed: true,
}

func checkError(t *testing.T, err error) {
	t.Helper()
	if e := errcodetest.Coded[*totp.Error](t, err); !knownCodes[e.Code] {
		t.Fatalf("error %#v has a code no test knows", err)
	}
}

// FuzzNormalizeSecret: never panics; a normalised secret is non-empty
// [A-Z2-7] of an encodable length that decodes as base32, normalising it again
// changes nothing, and case, spaces, dashes and padding do not matter.
func FuzzNormalizeSecret(f *testing.F) {
	fuzzseed.Add(f, "JBSWY3DPEHPK3PXP", "jbsw y3dp-ehpk 3pxp==", "MZXW6===", "JBSWY3DP0", "=A", "ÉÉÉÉ", "")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := totp.NormalizeSecret(s)
		if err != nil {
			checkError(t, err)
			return
		}
		if got == "" || strings.Trim(got, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("NormalizeSecret(%q) = %q: not base32", s, got)
		}
		if _, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(got); err != nil {
			t.Fatalf("NormalizeSecret(%q) = %q does not decode: %v", s, got, err)
		}
		if again, err := totp.NormalizeSecret(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, got, again, err)
		}
		pasted := strings.ToLower(got[:len(got)/2]) + " - " + got[len(got)/2:] + "=="
		if again, err := totp.NormalizeSecret(pasted); err != nil || again != got {
			t.Fatalf("pasted form %q → %q, %v; want %q", pasted, again, err, got)
		}
	})
}

// FuzzCode: never panics; a code equals the independent RFC 6238 oracle,
// has Digits decimal digits and verifies at the same time.
func FuzzCode(f *testing.F) {
	f.Add("JBSWY3DPEHPK3PXP", int64(1700000000), int64(0), 0, 0, "")
	f.Add("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", int64(59), int64(0), 8, 30, "sha256")
	f.Add("MZXW6", int64(-5), int64(10e9), 7, 3600, "SHA-512")
	f.Add("bad!", int64(0), int64(0), 9, -1, "MD5")
	f.Fuzz(func(t *testing.T, secret string, unix, offset int64, digits, period int, alg string) {
		at := time.Unix(unix, 0)
		o := totp.Options{Algorithm: totp.Algorithm(alg), Digits: digits, Period: period, Offset: time.Duration(offset)}
		code, err := totp.Code(secret, at, o)
		if err != nil {
			checkError(t, err)
			return
		}
		n, err := o.Normalize()
		if err != nil {
			t.Fatalf("Code succeeded with options Normalize rejects: %v", err)
		}
		norm, err := totp.NormalizeSecret(secret)
		if err != nil {
			t.Fatalf("Code succeeded with a secret NormalizeSecret rejects: %v", err)
		}
		key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(norm)
		if err != nil {
			t.Fatal(err)
		}
		if want := refCode(key, at.Add(n.Offset).Unix(), n); code != want {
			t.Fatalf("Code = %q, oracle %q", code, want)
		}
		if ok, err := totp.Verify(code, secret, at, totp.Options{Algorithm: n.Algorithm, Digits: n.Digits, Period: n.Period, Offset: n.Offset, Skew: totp.NoSkew}); err != nil || !ok {
			t.Fatalf("Verify(own code) = %v, %v", ok, err)
		}
		if left := totp.SecondsLeft(at, o); left < 1 || left > n.Period {
			t.Fatalf("SecondsLeft = %d, period %d", left, n.Period)
		}
	})
}
