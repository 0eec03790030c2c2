package keyimport_test

import (
	"encoding/base64"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/otpmigration"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

// exportLines is otpmigration's fixture: an export of five keys in two QR
// codes.
func exportLines(t *testing.T) []string {
	t.Helper()
	text, err := os.ReadFile("../otpmigration/testdata/export.txt")
	require.NoError(t, err)
	return keyimport.Lines(string(text))
}

func statuses(p keyimport.Preview) []keyimport.Status {
	var out []keyimport.Status
	for _, it := range p.Items {
		out = append(out, it.Status)
	}
	return out
}

func TestExportImportsExactly(t *testing.T) {
	p := keyimport.Build(exportLines(t), nil)
	assert.Empty(t, p.Problems)
	assert.Empty(t, p.Missing)
	require.Len(t, p.Items, 5)
	want, err := os.ReadFile("../otpmigration/testdata/export-keys.txt")
	require.NoError(t, err)
	var got []string
	for _, it := range p.Items {
		assert.True(t, it.Selected)
		got = append(got, it.Key.String())
	}
	assert.Equal(t, keyimport.Lines(string(want)), got)

	adds := p.Selected()
	require.Len(t, adds, 5)
	assert.Equal(t, vault.Authenticator{Issuer: "Counter Inc", Account: "carol", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
		Algorithm: "SHA1", Digits: 6, Type: vault.TypeHOTP, Counter: 5}, adds[3])
}

func TestExportInPart(t *testing.T) {
	p := keyimport.Build(exportLines(t)[1:], nil)
	assert.Len(t, p.Items, 2)
	require.Len(t, p.Missing, 1)
	assert.Equal(t, []int{1}, p.Missing[0].Missing)
	assert.Equal(t, 2, p.Missing[0].Size)
}

func TestDuplicatesMarked(t *testing.T) {
	existing := []vault.Authenticator{
		{ID: "t1", Issuer: "GitHub", Account: "me", Secret: "jbsw y3dp ehpk 3pxp"}, // stored as typed
		{ID: "t2", Issuer: "ACME", Account: "Bob", Secret: "MFRGGZDFMZTWQ2LK"},
		{ID: "t3", Issuer: "H", Account: "h", Secret: "GEZDGNBVGY3TQOJQ", Type: vault.TypeHOTP, Counter: 2},
	}
	p := keyimport.Build([]string{
		"otpauth://totp/Other:x?secret=JBSWY3DPEHPK3PXP",               // t1's secret
		"otpauth://totp/acme:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQ", // t2's name, another secret
		"otpauth://totp/H:h?secret=GEZDGNBVGY3TQOJQ",                   // t3's secret and name, but time-based
		"otpauth://hotp/H:h?secret=GEZDGNBVGY3TQOJQ&counter=0",         // t3
		"otpauth://totp/New:n?secret=ONSWG4TFOQ",
		"otpauth://totp/New:n?secret=onswg4tfoq", // the same QR code again
	}, existing)
	assert.Empty(t, p.Problems)
	assert.Equal(t, []keyimport.Status{keyimport.Duplicate, keyimport.SameName, keyimport.SameName, keyimport.Duplicate,
		keyimport.New, keyimport.Repeated}, statuses(p))
	assert.Equal(t, []string{"t1", "t2", "t3", "t3", "", ""}, []string{p.Items[0].Existing, p.Items[1].Existing,
		p.Items[2].Existing, p.Items[3].Existing, p.Items[4].Existing, p.Items[5].Existing})
	var selected []bool
	for _, it := range p.Items {
		selected = append(selected, it.Selected)
	}
	assert.Equal(t, []bool{false, true, true, false, true, false}, selected)
	assert.Len(t, p.Selected(), 3)
}

func TestProblems(t *testing.T) {
	secretURI := "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1"
	md5 := exportWithMD5(t)
	p := keyimport.Build([]string{
		"https://example.com/setup",
		"JBSWY3DPEHPK3PXP",
		"hello world",
		"mailto:me@example.com",
		secretURI,
		"otpauth-migration://offline?data=%%%",
		md5,
		"otpauth://totp/ok?secret=JBSWY3DPEHPK3PXP",
	}, nil)
	require.Len(t, p.Items, 2)
	assert.Equal(t, 7, p.Items[0].Source)
	assert.Equal(t, 8, p.Items[1].Source)
	var codes []string
	for _, pr := range p.Problems {
		codes = append(codes, pr.Code)
		assert.NotContains(t, pr.Message, "JBSWY3DP")
		assert.NotContains(t, pr.Message, "example.com")
	}
	assert.Equal(t, []string{keyimport.CodeWebLink, keyimport.CodeBareSecret, keyimport.CodeNotAKey, keyimport.CodeOtherLink,
		totp.CodeSecretInvalidChar, otpmigration.CodeDataInvalid, otpmigration.CodeAlgorithmUnsupported}, codes)
	assert.Contains(t, p.Problems[0].Message, "web link")
	assert.Contains(t, p.Problems[1].Message, "bare secret")
	assert.Contains(t, p.Problems[3].Message, "link of another kind")
	assert.Equal(t, keyimport.Problem{Source: 7, Entry: 1, Issuer: "Old", Name: "md5", Code: otpmigration.CodeAlgorithmUnsupported,
		Message: "an MD5 key: panelkey computes SHA1, SHA256 and SHA512 codes only"}, p.Problems[6])

	p = keyimport.Build(nil, nil)
	assert.Equal(t, []keyimport.Problem{{Code: keyimport.CodeNothing, Message: "There is nothing to import."}}, p.Problems)
	assert.NotNil(t, p.Items)
}

// exportWithMD5 is an export of an MD5 key and a SHA1 one, written byte by
// byte (field 1: an entry; in it 1 secret, 2 name, 3 issuer, 4 algorithm).
func exportWithMD5(t *testing.T) string {
	t.Helper()
	entry := func(name string, alg byte) []byte {
		b := []byte{0x0a, 10, 'H', 'e', 'l', 'l', 'o', '!', 0xde, 0xad, 0xbe, 0xef, 0x12, byte(len(name))}
		b = append(b, name...)
		b = append(b, 0x1a, 3, 'O', 'l', 'd', 0x20, alg)
		return append([]byte{0x0a, byte(len(b))}, b...)
	}
	payload := append(entry("md5", 4), entry("sha1", 1)...)
	b, err := otpmigration.Decode(payload)
	require.NoError(t, err)
	require.Len(t, b.Keys, 1)
	return "otpauth-migration://offline?data=" + base64.StdEncoding.EncodeToString(payload)
}

func TestLines(t *testing.T) {
	assert.Equal(t, []string{"a", "b c"}, keyimport.Lines("\n  a \r\n\n b c\n"))
	assert.Empty(t, keyimport.Lines(" \n "))
}

func TestItemKeepsTheKey(t *testing.T) {
	p := keyimport.Build([]string{" otpauth://hotp/I:a?secret=jbswy3dpehpk3pxp&counter=9&issuer=I "}, nil)
	require.Len(t, p.Items, 1)
	assert.Equal(t, otpauth.Key{Type: otpauth.HOTP, Issuer: "I", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: totp.SHA1,
		Digits: 6, Counter: 9}, p.Items[0].Key)
}
