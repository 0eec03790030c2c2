package otpauth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
)

const secret = "JBSWY3DPEHPK3PXP"

func cp(issuer, account string) otpauth.Key {
	return otpauth.Key{Type: otpauth.TOTP, Issuer: issuer, Account: account, Secret: secret, Algorithm: totp.SHA1, Digits: 6, Period: 30}
}

func counter(issuer, account string, n uint64) otpauth.Key {
	return otpauth.Key{Type: otpauth.HOTP, Issuer: issuer, Account: account, Secret: secret, Algorithm: totp.SHA1, Digits: 6, Counter: n}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, uri string
		want      otpauth.Key
	}{
		{"cPanel's form", "otpauth://totp/server.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=server.example.com",
			cp("server.example.com", "bob")},
		{"cPanel's form, encoded", "otpauth://totp/My%20Host%3A%C3%A9:bob%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20Host%3A%C3%A9",
			cp("My Host:é", "bob@example.com")},
		{"issuer only in label", "otpauth://totp/host:bob?secret=JBSWY3DPEHPK3PXP", cp("host", "bob")},
		{"issuer only in parameter", "otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME+Co", cp("ACME Co", "bob")},
		{"%3A separator and %20 before account", "otpauth://totp/ACME%3A%20bob?issuer=ACME&secret=JBSWY3DPEHPK3PXP", cp("ACME", "bob")},
		{"%3a separator", "otpauth://totp/ACME%3abob?secret=JBSWY3DPEHPK3PXP", cp("ACME", "bob")},
		{"no label", "otpauth://totp/?secret=JBSWY3DPEHPK3PXP", cp("", "")},
		{"no slash", "otpauth://totp?secret=JBSWY3DPEHPK3PXP", cp("", "")},
		{"empty account", "otpauth://totp/host:?secret=JBSWY3DPEHPK3PXP", cp("host", "")},
		{"pasted secret and surroundings", "  OTPAUTH://TOTP/host:bob?secret=jbsw%20y3dp-ehpk3pxp%3D%3D&issuer=host#frag\n", cp("host", "bob")},
		{"unknown parameters ignored", "otpauth://totp/host:bob?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fx%2Fy.png&counter=3", cp("host", "bob")},
		{"general form", "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&algorithm=sha256&digits=8&period=60",
			otpauth.Key{Type: otpauth.TOTP, Issuer: "ACME", Account: "alice", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: totp.SHA256, Digits: 8, Period: 60}},
		{"explicit defaults", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30", cp("h", "b")},
		{"empty optional parameters", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&algorithm=&digits=&period=", cp("h", "b")},
		{"upper-case parameter names", "otpauth://totp/h:b?SECRET=JBSWY3DPEHPK3PXP&Digits=7",
			otpauth.Key{Type: otpauth.TOTP, Issuer: "h", Account: "b", Secret: secret, Algorithm: totp.SHA1, Digits: 7, Period: 30}},
		{"hotp", "otpauth://hotp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME&counter=0", counter("ACME", "bob", 0)},
		{"hotp, upper case, period ignored", "OTPAUTH://HOTP/bob?secret=JBSWY3DPEHPK3PXP&COUNTER=18446744073709551615&period=60",
			counter("", "bob", 1<<64-1)},
		{"hotp, general form", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&counter=42",
			otpauth.Key{Type: otpauth.HOTP, Account: "x", Secret: secret, Algorithm: totp.SHA512, Digits: 8, Counter: 42}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := otpauth.Parse(tt.uri)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, uri, code, msg string
	}{
		{"empty", "", otpauth.CodeNotOtpauth, "not an otpauth:// URI"},
		{"https", "https://example.com/?secret=JBSWY3DPEHPK3PXP", otpauth.CodeNotOtpauth, ""},
		{"bare secret", "JBSWY3DPEHPK3PXP", otpauth.CodeNotOtpauth, ""},
		{"no slashes", "otpauth:totp/x?secret=JBSWY3DPEHPK3PXP", otpauth.CodeNotOtpauth, ""},
		{"other type", "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP", otpauth.CodeTypeUnknown, "otpauth://totp/ or otpauth://hotp/"},
		{"hotp without counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", otpauth.CodeCounterMissing, "no counter"},
		{"hotp, empty counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=", otpauth.CodeCounterMissing, ""},
		{"hotp, negative counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1", otpauth.CodeParamInvalid, "counter parameter"},
		{"hotp, counter past 2^64", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616", otpauth.CodeParamInvalid, ""},
		{"hotp, two counters", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1&Counter=2", otpauth.CodeParamRepeated, ""},
		{"hotp, bad secret", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PX1&counter=1", totp.CodeSecretInvalidChar, ""},
		{"no secret", "otpauth://totp/h:b?issuer=h", otpauth.CodeSecretMissing, ""},
		{"empty secret", "otpauth://totp/h:b?secret=&issuer=h", otpauth.CodeSecretMissing, ""},
		{"blank secret", "otpauth://totp/h:b?secret=%20", otpauth.CodeSecretMissing, ""},
		{"bad secret", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PX1", totp.CodeSecretInvalidChar, "secret parameter: character '1' at position 16"},
		{"short secret", "otpauth://totp/h:b?secret=JBS", totp.CodeSecretTooShort, "secret parameter: "},
		{"two secrets", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&Secret=JBSWY3DPEHPK3PXP", otpauth.CodeParamRepeated, "secret parameter appears 2 times"},
		{"two issuers", "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&issuer=a&issuer=a", otpauth.CodeParamRepeated, ""},
		{"issuer mismatch", "otpauth://totp/one:b?secret=JBSWY3DPEHPK3PXP&issuer=two", otpauth.CodeIssuerMismatch, `"one" differs from the issuer parameter "two"`},
		{"issuer case mismatch", "otpauth://totp/Host:b?secret=JBSWY3DPEHPK3PXP&issuer=host", otpauth.CodeIssuerMismatch, ""},
		{"md5", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", totp.CodeAlgorithmUnknown, "parameters: unknown algorithm"},
		{"5 digits", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&digits=5", totp.CodeDigitsOutOfRange, ""},
		{"0 digits", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&digits=0", totp.CodeDigitsOutOfRange, "digits parameter is 0"},
		{"digits not a number", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&digits=six", otpauth.CodeParamInvalid, "digits parameter is not a whole number"},
		{"huge digits", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&digits=99999999999999999999", otpauth.CodeParamInvalid, ""},
		{"0 period", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&period=0", totp.CodePeriodOutOfRange, ""},
		{"negative period", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&period=-30", totp.CodePeriodOutOfRange, ""},
		{"fractional period", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&period=30.5", otpauth.CodeParamInvalid, ""},
		{"bad escape in query", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&issuer=%zz", otpauth.CodeMalformed, ""},
		{"semicolon in query", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP;issuer=h", otpauth.CodeMalformed, ""},
		{"bad escape in label", "otpauth://totp/h%:b?secret=JBSWY3DPEHPK3PXP", otpauth.CodeLabelInvalid, "label's issuer has a bad percent-escape"},
		{"newline in account", "otpauth://totp/h:b%0Aevil?secret=JBSWY3DPEHPK3PXP", otpauth.CodeLabelInvalid, "label's account contains a control character (U+000A)"},
		{"invalid UTF-8 before %3A", "otpauth://totp/\xed%3A?secret=JBSWY3DPEHPK3PXP", otpauth.CodeLabelInvalid, "label's issuer is not valid UTF-8"},
		{"invalid UTF-8 in account", "otpauth://totp/h:%FF?secret=JBSWY3DPEHPK3PXP", otpauth.CodeLabelInvalid, "not valid UTF-8"},
		{"control in issuer parameter", "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&issuer=a%00", otpauth.CodeParamInvalid, "issuer parameter contains a control character"},
		{"too long", "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&x=" + strings.Repeat("a", otpauth.MaxURILen), otpauth.CodeTooLong, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := otpauth.Parse(tt.uri)
			require.Error(t, err)
			assert.Equal(t, otpauth.Key{}, got)
			e := errcodetest.As[*otpauth.Error](t, err)
			assert.Equal(t, tt.code, e.Code)
			assert.Contains(t, err.Error(), tt.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "otpauth: "))
			assert.NotContains(t, err.Error(), "JBSWY3DP", "message must not contain the secret")
		})
	}
}

func TestParseTOTP(t *testing.T) {
	k, err := otpauth.ParseTOTP("otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP")
	require.NoError(t, err)
	assert.Equal(t, cp("h", "b"), k)

	k, err = otpauth.ParseTOTP("otpauth://hotp/h:b?secret=JBSWY3DPEHPK3PXP&counter=1")
	assert.Equal(t, otpauth.Key{}, k)
	e := errcodetest.As[*otpauth.Error](t, err)
	assert.Equal(t, otpauth.CodeHOTPUnsupported, e.Code)
	assert.Contains(t, e.Message, "counter-based")

	_, err = otpauth.ParseTOTP(" OTPAUTH://HOTP/h:b?secret=JBSWY3DPEHPK3PX1")
	e = errcodetest.As[*otpauth.Error](t, err)
	assert.Equal(t, otpauth.CodeHOTPUnsupported, e.Code, "the type is what to fix first")

	_, err = otpauth.ParseTOTP("otpauth://totp/h:b?secret=JBSWY3DPEHPK3PX1")
	e = errcodetest.As[*otpauth.Error](t, err)
	assert.Equal(t, totp.CodeSecretInvalidChar, e.Code)
}

func TestParseWrapsTOTPErrors(t *testing.T) {
	_, err := otpauth.Parse("otpauth://totp/h:b?secret=JBSWY3DPEHPK3PX0")
	te := errcodetest.As[*totp.Error](t, err)
	assert.Equal(t, totp.CodeSecretInvalidChar, te.Code)
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		key  otpauth.Key
		want string
	}{
		{"cPanel's form", cp("server.example.com", "bob"),
			"otpauth://totp/server.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=server.example.com"},
		{"zero defaults", otpauth.Key{Issuer: "h", Account: "b", Secret: secret}, "otpauth://totp/h:b?secret=JBSWY3DPEHPK3PXP&issuer=h"},
		{"encoding", otpauth.Key{Issuer: "ACME & Co: R+D", Account: "bob@example.com/é", Secret: secret},
			"otpauth://totp/ACME%20%26%20Co%3A%20R%2BD:bob%40example.com%2F%C3%A9?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20%26%20Co%3A%20R%2BD"},
		{"no issuer", otpauth.Key{Account: "bob", Secret: secret}, "otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP"},
		{"no issuer, ':' in account", otpauth.Key{Account: "a:b", Secret: secret}, "otpauth://totp/:a%3Ab?secret=JBSWY3DPEHPK3PXP"},
		{"general", otpauth.Key{Issuer: "A", Account: "b", Secret: secret, Algorithm: "sha-512", Digits: 8, Period: 60},
			"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&algorithm=SHA512&digits=8&period=60"},
		{"unknown algorithm kept", otpauth.Key{Account: "b", Secret: secret, Algorithm: "MD5"}, "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"},
		{"hotp: counter always, no period", otpauth.Key{Type: otpauth.HOTP, Issuer: "A", Account: "b", Secret: secret, Period: 60},
			"otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&counter=0"},
		{"hotp, general", counter("", "b", 7), "otpauth://hotp/b?secret=JBSWY3DPEHPK3PXP&counter=7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.key.String())
		})
	}
}

func TestRoundTrip(t *testing.T) {
	keys := []otpauth.Key{
		cp("server.example.com", "bob"),
		cp("My Host:é", "bob@example.com"),
		cp("", "a:b"),
		cp("", "%3A"),
		cp("a:b", "c:d"),
		cp("x", ""),
		cp("", ""),
		cp("100% ?&=#/", "#?&"),
		{Type: otpauth.TOTP, Issuer: "A", Account: "b", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: totp.SHA512, Digits: 7, Period: 3600},
		counter("x", "y", 0),
		counter("", "a:b", 1<<63),
		{Type: otpauth.HOTP, Account: "b", Secret: secret, Algorithm: totp.SHA256, Digits: 8, Counter: 5},
	}
	for _, k := range keys {
		t.Run(k.String(), func(t *testing.T) {
			got, err := otpauth.Parse(k.String())
			require.NoError(t, err)
			assert.Equal(t, k, got)
		})
	}
}

func TestKeyOptions(t *testing.T) {
	k, err := otpauth.Parse("otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60")
	require.NoError(t, err)
	assert.Equal(t, totp.Options{Algorithm: totp.SHA256, Digits: 8, Period: 60}, k.Options())
	assert.Equal(t, totp.Options{}, otpauth.Key{}.Options())

	// The key's options drive totp.Code: the RFC 6238 SHA1 vector at T=59 with 8 digits.
	k, err = otpauth.Parse("otpauth://totp/rfc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8")
	require.NoError(t, err)
	code, err := totp.Code(k.Secret, time.Unix(59, 0), k.Options())
	require.NoError(t, err)
	assert.Equal(t, "94287082", code)

	// A HOTP key's options drive totp.HOTP at its counter: RFC 4226's count 1.
	k, err = otpauth.Parse("otpauth://hotp/rfc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1")
	require.NoError(t, err)
	code, err = totp.HOTP(k.Secret, k.Counter, k.Options())
	require.NoError(t, err)
	assert.Equal(t, "287082", code)
}
