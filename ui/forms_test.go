package ui

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		name, pw, confirm string
		ok                bool
	}{
		{"long enough and equal", "correct horse", "correct horse", true},
		{"exactly ten", "0123456789", "0123456789", true},
		{"nine", "012345678", "012345678", false},
		{"nine runes, eighteen bytes", "ééééééééé", "ééééééééé", false},
		{"ten runes", "éééééééééé", "éééééééééé", true},
		{"differ", "correct horse", "correct horsf", false},
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := CheckNewPassword(testCatalog(t), tc.pw, tc.confirm)
			assert.Equal(t, tc.ok, msg == "")
			assert.NotContains(t, msg, "⟦")
		})
	}
}

func TestParseTOTP(t *testing.T) {
	tests := []struct {
		name, in string
		want     *vault.TOTP
		code     string
	}{
		{"bare secret, grouped lower case", " jbsw y3dp ehpk 3pxp ", &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30}, ""},
		{"cPanel URI", "otpauth://totp/host.example:bob?secret=JBSWY3DPEHPK3PXP&issuer=host.example", &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30}, ""},
		{"general URI", "OTPAUTH://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&period=60", &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA256", Digits: 8, Period: 60}, ""},
		{"bad secret", "JBSW1", nil, totp.CodeSecretInvalidChar},
		{"bad URI", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", nil, otpauth.CodeHOTPUnsupported},
		{"empty", "  ", nil, totp.CodeSecretEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTOTP(tc.in)
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				return
			}
			require.Error(t, err)
			var te *totp.Error
			var oe *otpauth.Error
			switch {
			case errors.As(err, &oe):
				assert.Equal(t, tc.code, oe.Code)
			case errors.As(err, &te):
				assert.Equal(t, tc.code, te.Code)
			default:
				t.Fatalf("untyped error %v", err)
			}
		})
	}
}

func TestImportOtpauth(t *testing.T) {
	existing := []vault.Authenticator{{ID: "t0", Secret: "JBSWY3DPEHPK3PXP"}}
	text := "otpauth://totp/GitHub:me?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub\r\n" +
		"\n" +
		"not a uri\n" +
		"otpauth://totp/Dup:me?secret=JBSWY3DPEHPK3PXP\n" +
		"otpauth://totp/AWS:root?secret=MFRGGZDFMZTWQ2LK&digits=8\n" +
		"otpauth://totp/Again:me?secret=GEZDGNBVGY3TQOJQ\n"
	r := ImportOtpauth(text, existing)
	require.Len(t, r.Added, 2)
	assert.Equal(t, vault.Authenticator{Issuer: "GitHub", Account: "me", Secret: "GEZDGNBVGY3TQOJQ", Algorithm: "SHA1", Digits: 6, Period: 30}, r.Added[0])
	assert.Equal(t, "AWS", r.Added[1].Issuer)
	assert.Equal(t, 8, r.Added[1].Digits)
	require.Len(t, r.Errors, 3)
	assert.Equal(t, []int{3, 4, 6}, []int{r.Errors[0].Line, r.Errors[1].Line, r.Errors[2].Line})
	assert.NotContains(t, r.Errors[0].Message, "otpauth: ", "messages are for people, without the package prefix")
	assert.Contains(t, r.Errors[1].Message, "already")
}
