package otpmigration_test

import (
	"encoding/base32"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/otpmigration"
	"github.com/panelkey/panelkey/tests/golden"
	"github.com/panelkey/panelkey/totp"
)

// The RFC 6238 Appendix B seeds, and the RFC 4226 Appendix D one.
var (
	seed20 = []byte("12345678901234567890")
	seed32 = []byte("12345678901234567890123456789012")
	seed64 = []byte("1234567890123456789012345678901234567890123456789012345678901234")
	hello  = []byte("Hello!\xde\xad\xbe\xef") // JBSWY3DPEHPK3PXP
)

// b32 is the secret as otpauth URIs carry it: base32 without padding.
func b32(secret []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
}

// fixture is an export of known secrets in two QR codes, as Google
// Authenticator makes them (a negative batch id, as its random ids can be).
var fixture = []export{
	{version: 1, size: 2, index: 0, id: -559038737, entries: []entry{
		{secret: seed20, name: "RFC 6238:sha1@example.com", issuer: "RFC 6238", algorithm: algSHA1, digits: digitsSix, otpType: typeTOTP},
		{secret: seed32, name: "alice@acme.example", issuer: "ACME Co", algorithm: algSHA256, digits: digitsEight, otpType: typeTOTP},
		{secret: seed64, name: "Example:bob", algorithm: algSHA512, digits: digitsEight, otpType: typeTOTP},
	}},
	{version: 1, size: 2, index: 1, id: -559038737, entries: []entry{
		{secret: seed20, name: "carol", issuer: "Counter Inc", algorithm: algSHA1, digits: digitsSix, otpType: typeHOTP, counter: 5},
		{secret: hello, name: "Café Ünïcode:dörte@example.com", issuer: "Café Ünïcode", algorithm: algSHA1, digits: digitsSix, otpType: typeTOTP},
	}},
}

// fixtureKeys is what the fixture holds, as otpauth keys.
var fixtureKeys = []otpauth.Key{
	{Type: otpauth.TOTP, Issuer: "RFC 6238", Account: "sha1@example.com", Secret: b32(seed20), Algorithm: totp.SHA1, Digits: 6, Period: 30},
	{Type: otpauth.TOTP, Issuer: "ACME Co", Account: "alice@acme.example", Secret: b32(seed32), Algorithm: totp.SHA256, Digits: 8, Period: 30},
	{Type: otpauth.TOTP, Issuer: "Example", Account: "bob", Secret: b32(seed64), Algorithm: totp.SHA512, Digits: 8, Period: 30},
	{Type: otpauth.HOTP, Issuer: "Counter Inc", Account: "carol", Secret: b32(seed20), Algorithm: totp.SHA1, Digits: 6, Counter: 5},
	{Type: otpauth.TOTP, Issuer: "Café Ünïcode", Account: "dörte@example.com", Secret: "JBSWY3DPEHPK3PXP", Algorithm: totp.SHA1, Digits: 6, Period: 30},
}

// The fixture files are the fixture's export URIs (one QR code's text a line)
// and the otpauth URIs of the keys they hold, for tests outside Go (e2e).
func TestFixture(t *testing.T) {
	var uris, keys []string
	for _, x := range fixture {
		uris = append(uris, x.uri())
	}
	for _, k := range fixtureKeys {
		keys = append(keys, k.String())
	}
	files := map[string]string{
		"testdata/export.txt":      strings.Join(uris, "\n") + "\n",
		"testdata/export-keys.txt": strings.Join(keys, "\n") + "\n",
	}
	for name, want := range files {
		golden.Check(t, name, []byte(want))
	}

	var got []otpauth.Key
	var batches []otpmigration.Batch
	for _, line := range strings.Fields(files["testdata/export.txt"]) {
		b, err := otpmigration.Parse(line)
		require.NoError(t, err)
		assert.Empty(t, b.Skipped)
		got = append(got, b.Keys...)
		batches = append(batches, b)
	}
	assert.Equal(t, fixtureKeys, got)
	assert.Equal(t, otpmigration.Batch{Keys: fixtureKeys[3:], Version: 1, Size: 2, Index: 1, ID: -559038737}, batches[1])
	assert.Empty(t, otpmigration.Missing(batches))

	// The codes are RFC 6238's and RFC 4226's.
	code, err := totp.Code(got[0].Secret, time1111111109, got[0].Options())
	require.NoError(t, err)
	assert.Equal(t, "081804", code)
	code, err = totp.Code(got[1].Secret, time1111111109, got[1].Options())
	require.NoError(t, err)
	assert.Equal(t, "68084774", code)
	code, err = totp.Code(got[2].Secret, time1111111109, got[2].Options())
	require.NoError(t, err)
	assert.Equal(t, "25091201", code)
	code, err = totp.HOTP(got[3].Secret, got[3].Counter, got[3].Options())
	require.NoError(t, err)
	assert.Equal(t, "254676", code)
}

// An export published with a converter's documentation (otpa's README),
// decoded by hand: one TOTP entry, secret "Hello!\xde\xad\xbe\xef", name
// "Example:alice@google.com", issuer "Example", type TOTP.
func TestPublishedExample(t *testing.T) {
	b, err := otpmigration.Parse("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
	require.NoError(t, err)
	require.Len(t, b.Keys, 1)
	assert.Equal(t, "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", b.Keys[0].String())
	assert.Equal(t, otpmigration.Batch{Keys: b.Keys, Size: 1}, b)
}

// The same entry's bytes written out field by field.
func TestDecodeByteByByte(t *testing.T) {
	payload := []byte{
		0x0a, 0x17, // field 1 (otp_parameters), length-delimited, 23 bytes
		0x0a, 0x0a, 'H', 'e', 'l', 'l', 'o', '!', 0xde, 0xad, 0xbe, 0xef, // secret
		0x12, 0x01, 'x', // name "x"
		0x20, 0x02, // algorithm SHA256
		0x28, 0x02, // digits eight
		0x30, 0x01, // type HOTP
		0x38, 0x07, // counter 7
		0x10, 0x01, // version 1
		0x18, 0x03, // batch_size 3
		0x20, 0x02, // batch_index 2
		0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, // batch_id -1 (ten bytes)
		0x6a, 0x00, // field 13, empty: unknown, skipped
	}
	b, err := otpmigration.Decode(payload)
	require.NoError(t, err)
	assert.Equal(t, otpmigration.Batch{
		Keys:    []otpauth.Key{{Type: otpauth.HOTP, Account: "x", Secret: "JBSWY3DPEHPK3PXP", Algorithm: totp.SHA256, Digits: 8, Counter: 7}},
		Version: 1, Size: 3, Index: 2, ID: -1,
	}, b)
}

func TestParseForms(t *testing.T) {
	one := export{entries: []entry{{secret: hello, name: "a+b/c", issuer: "I"}}}
	data := base64.StdEncoding.EncodeToString(one.bytes())
	want := []otpauth.Key{{Type: otpauth.TOTP, Issuer: "I", Account: "a+b/c", Secret: "JBSWY3DPEHPK3PXP", Algorithm: totp.SHA1, Digits: 6, Period: 30}}
	for name, uri := range map[string]string{
		"escaped":             one.uri(),
		"unescaped":           "otpauth-migration://offline?data=" + data,
		"URL-safe, unpadded":  "otpauth-migration://offline?data=" + base64.RawURLEncoding.EncodeToString(one.bytes()),
		"upper case, spaces":  "  OTPAUTH-MIGRATION://OFFLINE?DATA=" + data + "\n",
		"slash, other params": "otpauth-migration://offline/?x=1&data=" + data + "&y#frag",
		"wrapped paste":       "otpauth-migration://offline?data=" + data[:10] + "%0A" + data[10:],
	} {
		t.Run(name, func(t *testing.T) {
			b, err := otpmigration.Parse(uri)
			require.NoError(t, err)
			assert.Equal(t, want, b.Keys)
		})
	}
}

func TestParseErrors(t *testing.T) {
	valid := export{entries: []entry{{secret: hello}}}.bytes()
	withData := func(b []byte) string {
		return "otpauth-migration://offline?data=" + base64.StdEncoding.EncodeToString(b)
	}
	for _, tc := range []struct {
		name, uri, code string
	}{
		{"empty", "", otpmigration.CodeNotExport},
		{"otpauth", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", otpmigration.CodeNotExport},
		{"other host", "otpauth-migration://online?data=" + base64.StdEncoding.EncodeToString(valid), otpmigration.CodeNotExport},
		{"longer host", "otpauth-migration://offlinex?data=" + base64.StdEncoding.EncodeToString(valid), otpmigration.CodeNotExport},
		{"no query", "otpauth-migration://offline", otpmigration.CodeDataMissing},
		{"no data", "otpauth-migration://offline?x=1", otpmigration.CodeDataMissing},
		{"empty data", "otpauth-migration://offline?data=", otpmigration.CodeDataMissing},
		{"two data", withData(valid) + "&data=AA", otpmigration.CodeDataInvalid},
		{"bad escape", "otpauth-migration://offline?data=%zz", otpmigration.CodeDataInvalid},
		{"not base64", "otpauth-migration://offline?data=!!!!", otpmigration.CodeDataInvalid},
		{"too long", "otpauth-migration://offline?data=" + strings.Repeat("A", otpmigration.MaxURILen), otpmigration.CodeTooLong},
		{"cut short", withData(valid[:len(valid)-3]), otpmigration.CodeMalformed},
		{"length past the end", withData([]byte{0x0a, 0x05, 0x0a}), otpmigration.CodeMalformed},
		{"varint cut short", withData([]byte{0x10, 0x80}), otpmigration.CodeMalformed},
		{"varint over 64 bits", withData([]byte{0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}), otpmigration.CodeMalformed},
		{"field 0", withData([]byte{0x00, 0x01}), otpmigration.CodeMalformed},
		{"group", withData([]byte{0x0b}), otpmigration.CodeMalformed},
		{"wrong wire type for entries", withData([]byte{0x08, 0x01}), otpmigration.CodeMalformed},
		{"wrong wire type for version", withData([]byte{0x12, 0x00}), otpmigration.CodeMalformed},
		{"wrong wire type in an entry", withData([]byte{0x0a, 0x02, 0x08, 0x01}), otpmigration.CodeMalformed},
		{"fixed64 cut short", withData([]byte{0x49, 1, 2, 3}), otpmigration.CodeMalformed},
		{"index past size", withData(export{size: 2, index: 2}.bytes()), otpmigration.CodeBatchInvalid},
		{"negative index", withData(export{size: 2, index: -1}.bytes()), otpmigration.CodeBatchInvalid},
		{"too many batches", withData(export{size: otpmigration.MaxBatches + 1}.bytes()), otpmigration.CodeBatchInvalid},
		{"too many entries", withData(export{entries: make([]entry, otpmigration.MaxEntries+1)}.bytes()), otpmigration.CodeTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := otpmigration.Parse(tc.uri)
			e := errcodetest.As[*otpmigration.Error](t, err)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, otpmigration.Batch{}, b)
			assert.True(t, strings.HasPrefix(err.Error(), "otpmigration: "))
			assert.NotContains(t, err.Error(), "SGVsbG8h", "the message never quotes the data")
		})
	}
}

// Entries that cannot be keys are skipped with the reason; the others stay.
func TestSkipped(t *testing.T) {
	x := export{entries: []entry{
		{secret: hello, name: "ok"},
		{secret: hello, name: "md5", issuer: "Old", algorithm: algMD5},
		{secret: hello, name: "alg 9", algorithm: 9},
		{secret: hello, name: "digits 3", digits: 3},
		{secret: hello, name: "type 3", otpType: 3},
		{name: "no secret"},
		{secret: make([]byte, 641), name: "long secret"},
		{secret: []byte{1}, name: "short secret"},
		{secret: hello, name: "bad\x00name\xff"},
		{secret: hello, name: strings.Repeat("n", otpmigration.MaxNameLen+1)},
		{secret: hello, name: "also ok", digits: digitsEight},
	}}
	b, err := otpmigration.Decode(x.bytes())
	require.NoError(t, err)
	require.Len(t, b.Keys, 2)
	assert.Equal(t, "ok", b.Keys[0].Account)
	assert.Equal(t, 8, b.Keys[1].Digits)
	codes := map[string]string{}
	for _, s := range b.Skipped {
		codes[s.Name] = s.Code
		assert.NotEmpty(t, s.Message)
		assert.NotContains(t, s.Message, "JBSWY3DP")
	}
	assert.Equal(t, map[string]string{
		"md5":                         otpmigration.CodeAlgorithmUnsupported,
		"alg 9":                       otpmigration.CodeAlgorithmUnsupported,
		"digits 3":                    otpmigration.CodeDigitsUnsupported,
		"type 3":                      otpmigration.CodeTypeUnknown,
		"no secret":                   totp.CodeSecretEmpty,
		"long secret":                 totp.CodeSecretTooLong,
		"short secret":                totp.CodeSecretTooShort,
		"badname\uFFFD":               otpauth.CodeLabelInvalid,
		strings.Repeat("n", 64) + "…": otpmigration.CodeNameTooLong,
	}, codes)
	assert.Equal(t, otpmigration.Skipped{Position: 2, Issuer: "Old", Name: "md5", Code: otpmigration.CodeAlgorithmUnsupported,
		Message: "an MD5 key: panelkey computes SHA1, SHA256 and SHA512 codes only"}, b.Skipped[0])
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		name, issuer, wantIssuer, wantAccount string
	}{
		{"bob", "", "", "bob"},
		{"ACME:bob", "", "ACME", "bob"},
		{"ACME:bob", "ACME", "ACME", "bob"},
		{"ACME: bob", "ACME", "ACME", "bob"},
		{"Other:bob", "ACME", "ACME", "Other:bob"},
		{"bob", "ACME", "ACME", "bob"},
		{"a:b:c", "", "a", "b:c"},
		{"", "", "", ""},
	} {
		b, err := otpmigration.Decode(export{entries: []entry{{secret: hello, name: tc.name, issuer: tc.issuer}}}.bytes())
		require.NoError(t, err)
		require.Len(t, b.Keys, 1, "%q %q", tc.name, tc.issuer)
		assert.Equal(t, [2]string{tc.wantIssuer, tc.wantAccount}, [2]string{b.Keys[0].Issuer, b.Keys[0].Account}, "%q %q", tc.name, tc.issuer)
	}
}

func TestMissing(t *testing.T) {
	batch := func(id, size, index int) otpmigration.Batch {
		return otpmigration.Batch{ID: id, Size: size, Index: index}
	}
	assert.Empty(t, otpmigration.Missing(nil))
	assert.Empty(t, otpmigration.Missing([]otpmigration.Batch{batch(0, 1, 0)}))
	assert.Equal(t, []otpmigration.Gap{{ID: 7, Size: 3, Missing: []int{1, 3}}, {ID: 9, Size: 2, Missing: []int{1}}},
		otpmigration.Missing([]otpmigration.Batch{batch(7, 3, 1), batch(9, 2, 1), batch(7, 3, 1), batch(8, 1, 0)}))
}

func TestIsExport(t *testing.T) {
	assert.True(t, otpmigration.IsExport(" OTPAUTH-MIGRATION://offline?data=x"))
	assert.False(t, otpmigration.IsExport("otpauth://totp/x"))
	assert.False(t, otpmigration.IsExport("otpauth-migration:/"))
}
