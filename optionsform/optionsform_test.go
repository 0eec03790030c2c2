package optionsform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/vault"
)

func TestSecretValue(t *testing.T) {
	assert.Equal(t, "typed", Secret{Typed: "typed", Stored: "old", Removed: true}.Value())
	assert.Equal(t, "", Secret{Stored: "old", Removed: true}.Value())
	assert.Equal(t, "old", Secret{Stored: "old"}.Value())
}

func TestTOTPFieldRead(t *testing.T) {
	stored := &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA256", Digits: 8, Period: 60}
	tests := []struct {
		name  string
		field TOTPField
		want  *vault.TOTP
		code  string
	}{
		{"empty, nothing stored", TOTPField{}, nil, ""},
		{"empty keeps the stored one with its parameters", TOTPField{StoredSecret: stored.Secret, Stored: stored}, stored, ""},
		{"empty and removed", TOTPField{StoredSecret: stored.Secret, Stored: stored, Removed: true}, nil, ""},
		{"the stored secret shown keeps it", TOTPField{Typed: " JBSWY3DPEHPK3PXP ", StoredSecret: stored.Secret, Stored: stored}, stored, ""},
		{"a typed secret", TOTPField{Typed: "gezd gnbv gy3t qojq"}, &vault.TOTP{Secret: "GEZDGNBVGY3TQOJQ", Algorithm: "SHA1", Digits: 6, Period: 30}, ""},
		{"an otpauth URI", TOTPField{Typed: "otpauth://totp/X:me?secret=GEZDGNBVGY3TQOJQ&digits=8"}, &vault.TOTP{Secret: "GEZDGNBVGY3TQOJQ", Algorithm: "SHA1", Digits: 8, Period: 30}, ""},
		{"a bad secret", TOTPField{Typed: "JBSW!"}, nil, "secret-invalid-char"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.field.Read()
			if tt.code != "" {
				var e interface{ ErrorCode() string }
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tt.code, e.ErrorCode())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckServer(t *testing.T) {
	got, err := CheckServer(en, ServerInput{Address: " Host.Example ", Name: " Prod ", WHMUser: " root ",
		WHMToken: Secret{Typed: " ABC123 "}, WHMPassword: Secret{Stored: "pw"}, WHMAccessHash: Secret{Stored: "ab12", Removed: true},
		WHMTOTP: TOTPField{Typed: "JBSWY3DPEHPK3PXP"}})
	require.NoError(t, err)
	assert.Equal(t, Server{Address: "Host.Example", Name: "Prod", BaseURL: "https://host.example:2087", Origin: "https://host.example/*",
		WHM: vault.WHM{User: "root", Token: "ABC123", Password: "pw", TOTP: &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30}}}, got)

	tests := []struct {
		name string
		in   ServerInput
		code string
		msg  string
	}{
		{"no address", ServerInput{}, "address-empty", ""},
		{"plain http", ServerInput{Address: "http://host.example:2086"}, CodeInsecure, "Use an https address: panelkey does not send credentials over plain-text http."},
		{"credentials without a user", ServerInput{Address: "host.example", WHMToken: Secret{Typed: "ABC"}}, CodeWHMUserMissing,
			"Type the WHM user (root, or the reseller's user name) for these credentials."},
		{"a bad token", ServerInput{Address: "host.example", WHMUser: "root", WHMToken: Secret{Typed: "not a token!"}}, "header-token-invalid-char", "WHM API token: "},
		{"a bad password", ServerInput{Address: "host.example", WHMUser: "root", WHMPassword: Secret{Typed: "a\nb"}}, "header-control-char", "WHM password: "},
		{"a bad hash", ServerInput{Address: "host.example", WHMUser: "root", WHMAccessHash: Secret{Typed: "xyz"}}, "header-hash-invalid-char", "Access hash: "},
		{"a bad 2FA secret", ServerInput{Address: "host.example", WHMTOTP: TOTPField{Typed: "1"}}, "secret-invalid-char", "WHM two-factor secret: "},
	}
	for _, tt := range tests {
		_, err := CheckServer(en, tt.in)
		assertRefused(t, err, tt.code, tt.msg)
		assert.NotContains(t, err.Error(), "not a token!", "no secret in a message")
	}
}

func TestCheckAccount(t *testing.T) {
	got, err := CheckAccount(en, AccountInput{User: " bob ", Domain: " bob.example ", Password: Secret{Typed: " pw "},
		APIToken: Secret{Stored: "XYZ9"}, Mailboxes: []MailboxInput{{Email: " info@bob.example ", Password: Secret{Stored: "mpw"}}, {Email: " "}}})
	require.NoError(t, err)
	assert.Equal(t, vault.Account{User: "bob", Domain: "bob.example", Password: " pw ", APIToken: "XYZ9",
		Mailboxes: []vault.Mailbox{{Email: "info@bob.example", Password: "mpw"}}}, got)

	none, err := CheckAccount(en, AccountInput{User: "bob"})
	require.NoError(t, err)
	assert.NotNil(t, none.Mailboxes, "an empty list, not null")

	tests := []struct {
		name string
		in   AccountInput
		code string
		msg  string
	}{
		{"no user", AccountInput{User: " "}, CodeUserMissing, "Type the cPanel user name."},
		{"a bad password", AccountInput{User: "bob", Password: Secret{Typed: "a\x00b"}}, "header-control-char", "cPanel password: "},
		{"a bad token", AccountInput{User: "bob", APIToken: Secret{Typed: "a-b"}}, "header-token-invalid-char", "cPanel API token: "},
		{"a bad 2FA secret", AccountInput{User: "bob", TOTP: TOTPField{Typed: "otpauth://hotp/x?secret=AAAA"}}, "uri-hotp-unsupported", "Two-factor secret: "},
		{"a mailbox without @", AccountInput{User: "bob", Domain: "bob.example", Mailboxes: []MailboxInput{{Email: "info"}}}, CodeMailboxInvalid,
			"Mailbox info: type the whole address, e.g. info@bob.example."},
	}
	for _, tt := range tests {
		_, err := CheckAccount(en, tt.in)
		assertRefused(t, err, tt.code, tt.msg)
	}
}

func TestAutoLockMinutes(t *testing.T) {
	for _, ok := range []struct {
		typed string
		n     int
	}{{"1", 1}, {" 15 ", 15}, {"1440", 1440}} {
		n, err := AutoLockMinutes(en, ok.typed)
		require.NoError(t, err)
		assert.Equal(t, ok.n, n)
	}
	for _, bad := range []string{"", "0", "1441", "-5", "1.5", "ten"} {
		_, err := AutoLockMinutes(en, bad)
		assertRefused(t, err, CodeAutoLockInvalid, "Auto-lock: type a whole number of minutes from 1 to 1440.")
	}
}

func TestAddressPreview(t *testing.T) {
	assert.Equal(t, "", AddressPreview(en, "  "))
	assert.Equal(t, "cPanel https://host.example:2083 · WHM https://host.example:2087 · Webmail https://host.example:2096", AddressPreview(en, "host.example"))
	assert.Contains(t, AddressPreview(en, "http://host.example:2082"), "plain-text http: panelkey never sends credentials over it; use https.")
	assert.NotEmpty(t, AddressPreview(en, "host.example:8080"))
	assert.NotContains(t, AddressPreview(en, "host.example:8080"), "https://")
}

// assertRefused checks that err is an *Error with code whose message holds msg.
func assertRefused(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *Error
	if assert.ErrorAs(t, err, &e) {
		assert.Equal(t, code, e.Code, e.Message)
		assert.Contains(t, e.Message, msg)
	}
}
