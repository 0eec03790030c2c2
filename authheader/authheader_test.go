package authheader_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/errcode/errcodetest"
)

const token = "U7HMR63FHY282DQZ4H5BIH16JLYSO01M" // the shape of a cPanel API token

func auth(v string) []authheader.Header {
	return []authheader.Header{{Name: "Authorization", Value: v}}
}

func TestBuilders(t *testing.T) {
	hash := "0123456789abcdef\r\n0123456789ABCDEF\n\r\nfedcba"
	tests := []struct {
		name string
		got  func() (authheader.Result, error)
		want authheader.Result
	}{
		{"whm token", func() (authheader.Result, error) { return authheader.WHMToken("root", token) },
			authheader.Result{Headers: auth("whm root:" + token), Method: authheader.MethodWHMToken}},
		{"cpanel token", func() (authheader.Result, error) { return authheader.CPanelToken("bob", token) },
			authheader.Result{Headers: auth("cpanel bob:" + token), Method: authheader.MethodCPanelToken}},
		{"lower-case token", func() (authheader.Result, error) { return authheader.CPanelToken("bob", "abc123") },
			authheader.Result{Headers: auth("cpanel bob:abc123"), Method: authheader.MethodCPanelToken}},
		{"access hash, line breaks removed", func() (authheader.Result, error) { return authheader.AccessHash("root", hash) },
			authheader.Result{Headers: auth("WHM root:0123456789abcdef0123456789ABCDEFfedcba"), Deprecated: true, Method: authheader.MethodAccessHash}},
		{"basic", func() (authheader.Result, error) { return authheader.Basic("bob", "s3cr:t pass") },
			authheader.Result{Headers: auth("Basic Ym9iOnMzY3I6dCBwYXNz"), Method: authheader.MethodBasic}}, // bob:s3cr:t pass
		{"basic, webmail user, UTF-8 password", func() (authheader.Result, error) { return authheader.Basic("info@bob.example", "pässwörd") },
			authheader.Result{Headers: auth("Basic aW5mb0Bib2IuZXhhbXBsZTpww6Rzc3fDtnJk"), Method: authheader.MethodBasic}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestOTP(t *testing.T) {
	for _, code := range []string{"012345", "1234567", "12345678"} {
		h, err := authheader.OTP(code)
		require.NoError(t, err)
		assert.Equal(t, authheader.Header{Name: "X-CPANEL-OTP", Value: code}, h)
	}
	tests := []struct{ code, want, msg string }{
		{"", authheader.CodeEmptyPart, "two-factor code is empty"},
		{"12345", authheader.CodeOTPInvalid, "has 5 digits; it must have 6 to 8"},
		{"123456789", authheader.CodeOTPInvalid, "has 9 digits"},
		{"123 456", authheader.CodeOTPInvalid, "position 4"},
		{"12345a", authheader.CodeOTPInvalid, "may only contain digits"},
		{"１２３４５６", authheader.CodeOTPInvalid, "position 1"}, // full-width digits
		{"123456\r\nX-Evil: 1", authheader.CodeControlChar, "control character (U+000D) at position 7"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			h, err := authheader.OTP(tt.code)
			assert.Equal(t, authheader.Header{}, h)
			assertError(t, err, tt.want, tt.msg, "")
		})
	}
}

func assertError(t *testing.T, err error, code, msg, secret string) {
	t.Helper()
	require.Error(t, err)
	e := errcodetest.As[*authheader.Error](t, err)
	assert.Equal(t, code, e.Code)
	assert.Contains(t, err.Error(), msg)
	assert.True(t, strings.HasPrefix(err.Error(), "authheader: "))
	if secret != "" {
		assert.NotContains(t, err.Error(), secret)
	}
}

func TestRejects(t *testing.T) {
	type builder func(user, secret string) (authheader.Result, error)
	builders := map[string]builder{
		"whm": authheader.WHMToken, "cpanel": authheader.CPanelToken, "hash": authheader.AccessHash, "basic": authheader.Basic,
	}
	userTests := []struct{ user, code, msg string }{
		{"", authheader.CodeEmptyPart, "user name is empty"},
		{"ro:ot", authheader.CodeUserInvalidChar, "':' at position 3"},
		{"ro ot", authheader.CodeUserInvalidChar, "space at position 3"},
		{"root\r\nX-Evil: 1", authheader.CodeControlChar, "(U+000D) at position 5"},
		{"root\n", authheader.CodeControlChar, "(U+000A) at position 5"},
		{"ro\x00ot", authheader.CodeControlChar, "(U+0000)"},
		{"ro\tot", authheader.CodeControlChar, "(U+0009)"},
		{"root\x7f", authheader.CodeControlChar, "(U+007F)"},
		{"röot", authheader.CodeUserInvalidChar, "non-ASCII character at position 2"},
		{"root\u2028", authheader.CodeUserInvalidChar, "non-ASCII"},
	}
	for name, build := range builders {
		for _, tt := range userTests {
			t.Run(name+"/user "+tt.user, func(t *testing.T) {
				secret := map[string]string{"whm": token, "cpanel": token, "hash": "abcdef", "basic": "password"}[name]
				r, err := build(tt.user, secret)
				assert.Equal(t, authheader.Result{}, r)
				assertError(t, err, tt.code, tt.msg, secret)
			})
		}
	}

	secretTests := []struct {
		builder     string
		secret      string
		code, msg   string
		secretInMsg string // a part of the secret that must not appear in the message
	}{
		{"whm", "", authheader.CodeEmptyPart, "token is empty", ""},
		{"whm", token + "\r\nX-Evil: 1", authheader.CodeControlChar, "token contains a control character (U+000D) at position 33", token},
		{"whm", "Bearer " + token, authheader.CodeTokenInvalidChar, "token may only contain letters and digits; the character at position 7", token},
		{"cpanel", token + ":x", authheader.CodeTokenInvalidChar, "position 33", token},
		{"cpanel", token + "\x00", authheader.CodeControlChar, "(U+0000)", token},
		{"cpanel", "TÖKEN", authheader.CodeTokenInvalidChar, "position 2", "TÖKEN"},
		{"hash", "", authheader.CodeEmptyPart, "access hash is empty", ""},
		{"hash", "\r\n\n", authheader.CodeEmptyPart, "access hash is empty", ""},
		{"hash", "abcdef\tabcdef", authheader.CodeControlChar, "(U+0009) at position 7", "abcdef"},
		{"hash", "abcdef abcdef", authheader.CodeHashInvalidChar, "hex digits (line breaks are removed); the character at position 7", "abcdef"},
		{"hash", "abcdefg", authheader.CodeHashInvalidChar, "position 7", "abcdef"},
		{"basic", "", authheader.CodeEmptyPart, "password is empty", ""},
		{"basic", "hunter2\r\n", authheader.CodeControlChar, "password contains a control character (U+000D) at position 8", "hunter2"},
		{"basic", "hunt\x1ber", authheader.CodeControlChar, "(U+001B) at position 5", "hunt"},
	}
	for _, tt := range secretTests {
		t.Run(tt.builder+"/secret "+tt.secret, func(t *testing.T) {
			r, err := builders[tt.builder]("root", tt.secret)
			assert.Equal(t, authheader.Result{}, r)
			assertError(t, err, tt.code, tt.msg, tt.secretInMsg)
		})
	}
}

func TestTooLong(t *testing.T) {
	_, err := authheader.AccessHash("root", strings.Repeat("ab\n", authheader.MaxValueLen/2))
	assertError(t, err, authheader.CodeTooLong, "at most 8192", "abab")
	_, err = authheader.Basic("root", strings.Repeat("x", authheader.MaxValueLen))
	assertError(t, err, authheader.CodeTooLong, "", "xxxx")

	// Exactly at the limit is accepted.
	r, err := authheader.WHMToken("root", strings.Repeat("A", authheader.MaxValueLen-len("whm root:")))
	require.NoError(t, err)
	assert.Len(t, r.Headers[0].Value, authheader.MaxValueLen)
}

func BenchmarkBasic(b *testing.B) {
	for b.Loop() {
		if _, err := authheader.Basic("info@bob.example", "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWHMToken(b *testing.B) {
	for b.Loop() {
		if _, err := authheader.WHMToken("root", token); err != nil {
			b.Fatal(err)
		}
	}
}

// ForMethod picks each method's builder; an unknown method and a bad secret fail with their codes.
func TestForMethod(t *testing.T) {
	want := map[authheader.Method]string{
		authheader.MethodWHMToken:    "whm root:" + token,
		authheader.MethodCPanelToken: "cpanel root:" + token,
		authheader.MethodAccessHash:  "WHM root:ab12cd34",
		authheader.MethodBasic:       "Basic cm9vdDpVN0hNUjYzRg==",
	}
	require.Len(t, authheader.Methods(), len(want))
	for _, m := range authheader.Methods() {
		assert.True(t, m.Valid(), m)
		secret := token
		if m == authheader.MethodBasic {
			secret = token[:8]
		}
		if m == authheader.MethodAccessHash {
			secret = "ab12\r\ncd34\n"
		}
		r, err := authheader.ForMethod(m, "root", secret)
		require.NoError(t, err, m)
		assert.Equal(t, auth(want[m]), r.Headers, m)
		assert.Equal(t, m, r.Method)
		assert.Equal(t, m == authheader.MethodAccessHash, r.Deprecated, m)
	}
	for _, m := range []authheader.Method{"", "magic", "Basic", "session"} {
		assert.False(t, m.Valid(), m)
		_, err := authheader.ForMethod(m, "root", "x")
		assertCode(t, err, authheader.CodeMethodUnknown)
	}
	_, err := authheader.ForMethod(authheader.MethodWHMToken, "root", "not a token!")
	assertCode(t, err, authheader.CodeTokenInvalidChar)
}

func TestWithOTP(t *testing.T) {
	r, err := authheader.Basic("bob", "pw")
	require.NoError(t, err)
	with, err := r.WithOTP("123456")
	require.NoError(t, err)
	assert.Equal(t, append(auth("Basic Ym9iOnB3"), authheader.Header{Name: authheader.OTPHeader, Value: "123456"}), with.Headers)
	assert.Len(t, r.Headers, 1, "r itself is unchanged")
	_, err = r.WithOTP("12a456")
	assertCode(t, err, authheader.CodeOTPInvalid)
}

func assertCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *authheader.Error
	if assert.True(t, errors.As(err, &e), "%v", err) {
		assert.Equal(t, code, e.Code)
	}
}
