package authheader_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/panelkey/panelkey/authheader"
)

var knownCodes = map[string]bool{
	authheader.CodeEmptyPart: true, authheader.CodeControlChar: true, authheader.CodeUserInvalidChar: true,
	authheader.CodeTokenInvalidChar: true, authheader.CodeHashInvalidChar: true, authheader.CodeOTPInvalid: true,
	authheader.CodeTooLong: true,
}

// printable reports whether s is printable ASCII (space to '~').
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// mask replaces each character of a secret by a representative of its
// class (digit, hex letter, other letter, other printable ASCII, non-ASCII of
// the same UTF-8 length, invalid byte), keeping control characters.
func mask(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteByte(0xff)
		case r < 0x20 || r == 0x7f:
			b.WriteRune(r)
		case '0' <= r && r <= '9':
			b.WriteByte('0')
		case 'a' <= r && r <= 'f':
			b.WriteByte('a')
		case 'A' <= r && r <= 'F':
			b.WriteByte('A')
		case 'g' <= r && r <= 'z':
			b.WriteByte('x')
		case 'G' <= r && r <= 'Z':
			b.WriteByte('X')
		case r < 0x80:
			b.WriteByte('!')
		default:
			b.WriteString([]string{2: "é", 3: "€", 4: "𝄞"}[size])
		}
		s = s[size:]
	}
	return b.String()
}

// builders are the credential header builders, each with the scheme its
// header must start with.
var builders = []struct {
	build  func(user, secret string) (authheader.Result, error)
	scheme string
}{
	{authheader.WHMToken, "whm"},
	{authheader.CPanelToken, "cpanel"},
	{authheader.AccessHash, "WHM"},
	{authheader.Basic, "Basic"},
}

// build calls the builder for method%5 (4 is OTP, whose Header is returned
// as a one-header Result) and returns the scheme the header must start with.
func build(method uint8, user, secret string) (authheader.Result, string, error) {
	if i := int(method % 5); i < len(builders) {
		r, err := builders[i].build(user, secret)
		return r, builders[i].scheme, err
	}
	h, err := authheader.OTP(secret)
	return authheader.Result{Headers: []authheader.Header{h}}, "", err
}

// FuzzHeaders: no builder panics; errors are *Error with a known code and a
// printable-ASCII message that depends only on the classes of the secret's
// characters, not on the characters themselves; an accepted header is one
// line of printable ASCII (never CR, LF or NUL) from which the server's split
// (scheme, then USER:SECRET at the first ':') recovers exactly the inputs.
func FuzzHeaders(f *testing.F) {
	f.Add(uint8(0), "root", "U7HMR63FHY282DQZ4H5BIH16JLYSO01M")
	f.Add(uint8(1), "bob", "U7HMR63FHY282DQZ4H5BIH16JLYSO01M\r\nX: y")
	f.Add(uint8(2), "root", "0123abcd\r\nef45\n")
	f.Add(uint8(3), "info@bob.example", "pä:ss wörd")
	f.Add(uint8(4), "", "12345678")
	f.Fuzz(func(t *testing.T, method uint8, user, secret string) {
		r, scheme, err := build(method, user, secret)
		_, _, maskedErr := build(method, user, mask(secret))
		if err != nil {
			var e *authheader.Error
			if !errors.As(err, &e) || !knownCodes[e.Code] || !printable(e.Message) {
				t.Fatalf("error %#v is not an *authheader.Error with a known code and a printable message", err)
			}
			if maskedErr == nil || maskedErr.Error() != err.Error() {
				t.Fatalf("the message depends on the secret's characters: %q, masked %v", err, maskedErr)
			}
			return
		}
		if method%5 == 4 {
			h := r.Headers[0]
			if h.Name != "X-CPANEL-OTP" || h.Value != secret || len(secret) < 6 || len(secret) > 8 || strings.Trim(secret, "0123456789") != "" {
				t.Fatalf("OTP(%q) = %+v", secret, h)
			}
			return
		}
		methods := []authheader.Method{authheader.MethodWHMToken, authheader.MethodCPanelToken, authheader.MethodAccessHash, authheader.MethodBasic}
		if len(r.Headers) != 1 || r.Headers[0].Name != "Authorization" || r.Method != methods[method%5] || r.Deprecated != (r.Method == authheader.MethodAccessHash) {
			t.Fatalf("result %+v", r)
		}
		v := r.Headers[0].Value
		if !printable(v) || len(v) > authheader.MaxValueLen {
			t.Fatalf("header value %q is not one line of printable ASCII within the limit", v)
		}
		gotScheme, cred, _ := strings.Cut(v, " ")
		if gotScheme != scheme {
			t.Fatalf("scheme %q, want %q", gotScheme, scheme)
		}
		if scheme == "Basic" {
			b, err := base64.StdEncoding.DecodeString(cred)
			if err != nil {
				t.Fatal(err)
			}
			cred = string(b)
		}
		want := secret
		if scheme == "WHM" {
			want = strings.NewReplacer("\r", "", "\n", "").Replace(secret)
		}
		if u, s, _ := strings.Cut(cred, ":"); u != user || s != want {
			t.Fatalf("server would read user %q secret %q; want %q %q", u, s, user, want)
		}
	})
}
