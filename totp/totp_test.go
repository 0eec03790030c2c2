package totp_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/totp"
)

// RFC 6238 Appendix B seeds: the ASCII digits repeated to the hash's size.
var (
	seedSHA1   = b32("12345678901234567890")
	seedSHA256 = b32("12345678901234567890123456789012")
	seedSHA512 = b32("1234567890123456789012345678901234567890123456789012345678901234")
)

func b32(s string) string { return base32.StdEncoding.EncodeToString([]byte(s)) }

// refCode is an independent RFC 4226/6238 implementation used as an oracle.
func refCode(key []byte, unix int64, o totp.Options) string {
	h := map[totp.Algorithm]func() hash.Hash{totp.SHA1: sha1.New, totp.SHA256: sha256.New, totp.SHA512: sha512.New}[o.Algorithm]
	mac := hmac.New(h, key)
	_ = binary.Write(mac, binary.BigEndian, uint64(unix)/uint64(o.Period))
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0xf
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	mod := uint32(1)
	for range o.Digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", o.Digits, v%mod)
}

func errCode(t *testing.T, err error) string {
	t.Helper()
	e := errcodetest.As[*totp.Error](t, err)
	return e.Code
}

func TestCodeRFC6238AppendixB(t *testing.T) {
	tests := []struct {
		unix                 int64
		sha1, sha256, sha512 string
	}{
		{59, "94287082", "46119246", "90693936"},
		{1111111109, "07081804", "68084774", "25091201"},
		{1111111111, "14050471", "67062674", "99943326"},
		{1234567890, "89005924", "91819424", "93441116"},
		{2000000000, "69279037", "90698825", "38618901"},
		{20000000000, "65353130", "77737706", "47863826"},
	}
	for _, tt := range tests {
		at := time.Unix(tt.unix, 0)
		for _, c := range []struct {
			alg        totp.Algorithm
			seed, want string
		}{{totp.SHA1, seedSHA1, tt.sha1}, {totp.SHA256, seedSHA256, tt.sha256}, {totp.SHA512, seedSHA512, tt.sha512}} {
			t.Run(fmt.Sprintf("%s/%d", c.alg, tt.unix), func(t *testing.T) {
				got, err := totp.Code(c.seed, at, totp.Options{Algorithm: c.alg, Digits: 8})
				require.NoError(t, err)
				assert.Equal(t, c.want, got)
				// 6 digits are the last 6 of the 8 (same truncated value, smaller modulus).
				got6, err := totp.Code(c.seed, at, totp.Options{Algorithm: c.alg})
				require.NoError(t, err)
				assert.Equal(t, c.want[2:], got6)
			})
		}
	}
}

func TestCodeZeroOptionsAreCPanels(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP" // 16 characters, like cPanel's
	for _, unix := range []int64{0, 29, 30, 1700000000, 1700000029} {
		at := time.Unix(unix, 0)
		zero, err := totp.Code(secret, at, totp.Options{})
		require.NoError(t, err)
		explicit, err := totp.Code(secret, at, totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30})
		require.NoError(t, err)
		assert.Equal(t, explicit, zero)
		key, _ := base32.StdEncoding.DecodeString(secret)
		assert.Equal(t, refCode(key, unix, totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30}), zero)
	}
}

func TestCodeAcceptsPastedSecrets(t *testing.T) {
	at := time.Unix(1700000000, 0)
	want, err := totp.Code("JBSWY3DPEHPK3PXP", at, totp.Options{})
	require.NoError(t, err)
	for _, s := range []string{"jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp", " JBSWY3DPEHPK3PXP\n", "JBSWY3DPEHPK3PXP======"} {
		got, err := totp.Code(s, at, totp.Options{})
		require.NoError(t, err, "%q", s)
		assert.Equal(t, want, got, "%q", s)
	}
}

func TestCodeOffsetAndPeriod(t *testing.T) {
	key := []byte("12345678901234567890")
	local := time.Unix(1700000000, 0)
	got, err := totp.Code(seedSHA1, local, totp.Options{Offset: 95 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, refCode(key, 1700000095, totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30}), got)

	got, err = totp.Code(seedSHA1, local, totp.Options{Period: 60, Digits: 7, Offset: -3 * time.Minute})
	require.NoError(t, err)
	assert.Equal(t, refCode(key, 1700000000-180, totp.Options{Algorithm: totp.SHA1, Digits: 7, Period: 60}), got)
}

func TestCodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		at     time.Time
		o      totp.Options
		code   string
	}{
		{"empty secret", "", time.Unix(0, 0), totp.Options{}, totp.CodeSecretEmpty},
		{"bad char", "JBSWY3DPEHPK3PX1", time.Unix(0, 0), totp.Options{}, totp.CodeSecretInvalidChar},
		{"bad algorithm", seedSHA1, time.Unix(0, 0), totp.Options{Algorithm: "MD5"}, totp.CodeAlgorithmUnknown},
		{"5 digits", seedSHA1, time.Unix(0, 0), totp.Options{Digits: 5}, totp.CodeDigitsOutOfRange},
		{"9 digits", seedSHA1, time.Unix(0, 0), totp.Options{Digits: 9}, totp.CodeDigitsOutOfRange},
		{"negative period", seedSHA1, time.Unix(0, 0), totp.Options{Period: -30}, totp.CodePeriodOutOfRange},
		{"before epoch", seedSHA1, time.Unix(-1, 0), totp.Options{}, totp.CodeTimeBeforeEpoch},
		{"offset before epoch", seedSHA1, time.Unix(10, 0), totp.Options{Offset: -11 * time.Second}, totp.CodeTimeBeforeEpoch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := totp.Code(tt.secret, tt.at, tt.o)
			require.Error(t, err)
			assert.Empty(t, code)
			assert.Equal(t, tt.code, errCode(t, err))
			assert.True(t, strings.HasPrefix(err.Error(), "totp: "), err.Error())
		})
	}
}

func TestNormalizeSecret(t *testing.T) {
	tests := []struct {
		in, want string
		code     string // error code, "" for success
		msg      string // substring of the message
	}{
		{in: "JBSWY3DPEHPK3PXP", want: "JBSWY3DPEHPK3PXP"},
		{in: "jbsw y3dp ehpk 3pxp", want: "JBSWY3DPEHPK3PXP"},
		{in: "JBSW-Y3DP-EHPK-3PXP", want: "JBSWY3DPEHPK3PXP"},
		{in: "\tjbswy3dp\u00a0ehpk3pxp\r\n", want: "JBSWY3DPEHPK3PXP"},
		{in: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", want: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
		{in: "MZXW6===", want: "MZXW6"},
		{in: "MZXW6", want: "MZXW6"},
		{in: "MZXW6YQ=", want: "MZXW6YQ"},
		{in: "MZXW", want: "MZXW"},
		{in: "", code: totp.CodeSecretEmpty},
		{in: " - = ", code: totp.CodeSecretEmpty},
		{in: "JBSWY3DPEHPK3PX0", code: totp.CodeSecretInvalidChar, msg: "'0' at position 16 is not base32 (letters A–Z and digits 2–7) (the letter O?)"},
		{in: "jbsw y1dp", code: totp.CodeSecretInvalidChar, msg: "'1' at position 7"},
		{in: "JBSW8", code: totp.CodeSecretInvalidChar, msg: "(the letter B?)"},
		{in: "JBSWY3DPÉHPK3PXP", code: totp.CodeSecretInvalidChar, msg: "'É' at position 9"},
		{in: "JBSW\x00Y3DP", code: totp.CodeSecretInvalidChar, msg: `'\x00' at position 5`},
		{in: "MZXW6=YQ", code: totp.CodeSecretInvalidChar, msg: "'Y' at position 7 follows '=' padding (at position 6)"},
		{in: "otpauth://totp/x", code: totp.CodeSecretInvalidChar, msg: "':' at position 8"},
		{in: "MZX", code: totp.CodeSecretTooShort},
		{in: "MZXW6Y", code: totp.CodeSecretInvalidLength, msg: "6 base32 characters"},
		{in: "JBSWY3DPE", code: totp.CodeSecretInvalidLength},
		{in: strings.Repeat("A", totp.MaxSecretChars), want: strings.Repeat("A", totp.MaxSecretChars)},
		{in: strings.Repeat("A", totp.MaxSecretChars+8), code: totp.CodeSecretTooLong},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.20q", tt.in), func(t *testing.T) {
			got, err := totp.NormalizeSecret(tt.in)
			if tt.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err)
			assert.Empty(t, got)
			assert.Equal(t, tt.code, errCode(t, err))
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestNormalizeSecretMessagesOmitTheSecret(t *testing.T) {
	for _, s := range []string{"MZXW6Y", "JBSWY3DPE", "QQQ", strings.Repeat("QRST", 300)} {
		_, err := totp.NormalizeSecret(s)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), s)
	}
}

func TestOptionsNormalize(t *testing.T) {
	tests := []struct {
		in   totp.Options
		want totp.Options
		code string
	}{
		{in: totp.Options{}, want: totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30, Skew: 1}},
		{in: totp.Options{Algorithm: "sha-256", Digits: 8, Period: 60, Skew: totp.NoSkew, Offset: time.Second},
			want: totp.Options{Algorithm: totp.SHA256, Digits: 8, Period: 60, Skew: totp.NoSkew, Offset: time.Second}},
		{in: totp.Options{Algorithm: "Sha512", Digits: 7, Period: totp.MaxPeriod, Skew: totp.MaxSkew},
			want: totp.Options{Algorithm: totp.SHA512, Digits: 7, Period: totp.MaxPeriod, Skew: totp.MaxSkew}},
		{in: totp.Options{Algorithm: "SHA384"}, code: totp.CodeAlgorithmUnknown},
		{in: totp.Options{Digits: -6}, code: totp.CodeDigitsOutOfRange},
		{in: totp.Options{Period: totp.MaxPeriod + 1}, code: totp.CodePeriodOutOfRange},
		{in: totp.Options{Skew: -2}, code: totp.CodeSkewOutOfRange},
		{in: totp.Options{Skew: totp.MaxSkew + 1}, code: totp.CodeSkewOutOfRange},
		{in: totp.Options{Offset: -totp.MaxOffset}, want: totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30, Skew: 1, Offset: -totp.MaxOffset}},
		{in: totp.Options{Offset: totp.MaxOffset + time.Second}, code: totp.CodeOffsetOutOfRange},
		{in: totp.Options{Offset: -totp.MaxOffset - time.Second}, code: totp.CodeOffsetOutOfRange},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.in), func(t *testing.T) {
			got, err := tt.in.Normalize()
			if tt.code != "" {
				require.Error(t, err)
				assert.Equal(t, tt.code, errCode(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := got.Normalize()
			require.NoError(t, err)
			assert.Equal(t, got, again, "idempotent")
		})
	}
}

func TestSecondsLeft(t *testing.T) {
	ms := func(n int64) time.Time { return time.UnixMilli(n) }
	tests := []struct {
		at   time.Time
		o    totp.Options
		want int
	}{
		{ms(0), totp.Options{}, 30},
		{ms(999), totp.Options{}, 30},
		{ms(1000), totp.Options{}, 29},
		{ms(29000), totp.Options{}, 1},
		{ms(29999), totp.Options{}, 1},
		{ms(30000), totp.Options{}, 30},
		{time.Unix(1700000000, 0), totp.Options{}, 10}, // 1700000000 mod 30 = 20
		{ms(0), totp.Options{Offset: 10 * time.Second}, 20},
		{ms(0), totp.Options{Offset: -time.Second}, 1},
		{ms(59000), totp.Options{Period: 60}, 1},
		{ms(5000), totp.Options{Period: 1}, 1},
		{ms(-1000), totp.Options{}, 1}, // floor, not truncation toward zero
		{ms(0), totp.Options{Period: -1}, 0},
		{ms(0), totp.Options{Algorithm: "nope"}, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%+v", tt.at.UnixMilli(), tt.o), func(t *testing.T) {
			assert.Equal(t, tt.want, totp.SecondsLeft(tt.at, tt.o))
		})
	}
}

func TestVerify(t *testing.T) {
	key := []byte("12345678901234567890")
	def := totp.Options{Algorithm: totp.SHA1, Digits: 6, Period: 30}
	codeAt := func(unix int64) string { return refCode(key, unix, def) }
	now := int64(1700000000) // step 56666666, 20 s into it
	tests := []struct {
		name string
		code string
		o    totp.Options
		want bool
	}{
		{"current", codeAt(now), totp.Options{}, true},
		{"previous step", codeAt(now - 30), totp.Options{}, true},
		{"next step", codeAt(now + 30), totp.Options{}, true},
		{"two steps back", codeAt(now - 60), totp.Options{}, false},
		{"two steps ahead", codeAt(now + 60), totp.Options{}, false},
		{"two steps back, skew 2", codeAt(now - 60), totp.Options{Skew: 2}, true},
		{"previous step, no skew", codeAt(now - 30), totp.Options{Skew: totp.NoSkew}, false},
		{"current, no skew", codeAt(now), totp.Options{Skew: totp.NoSkew}, true},
		{"server 5 min ahead, offset given", codeAt(now + 300), totp.Options{Offset: 5 * time.Minute}, true},
		{"server 5 min ahead, no offset", codeAt(now + 300), totp.Options{}, false},
		{"spaces", codeAt(now)[:3] + " " + codeAt(now)[3:], totp.Options{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEqual(t, codeAt(now), codeAt(now-60), "test codes must differ")
			ok, err := totp.Verify(tt.code, seedSHA1, time.Unix(now, 0), tt.o)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ok)
		})
	}
}

func TestVerifyAtFirstStep(t *testing.T) {
	code, err := totp.Code(seedSHA1, time.Unix(0, 0), totp.Options{})
	require.NoError(t, err)
	ok, err := totp.Verify(code, seedSHA1, time.Unix(5, 0), totp.Options{Skew: totp.MaxSkew})
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestVerifyErrors(t *testing.T) {
	tests := []struct {
		name, code, secret string
		o                  totp.Options
		want               string
	}{
		{"short code", "12345", seedSHA1, totp.Options{}, totp.CodeCodeMalformed},
		{"long code", "1234567", seedSHA1, totp.Options{}, totp.CodeCodeMalformed},
		{"letters", "12345a", seedSHA1, totp.Options{}, totp.CodeCodeMalformed},
		{"6 digits for an 8-digit key", "123456", seedSHA1, totp.Options{Digits: 8}, totp.CodeCodeMalformed},
		{"empty", "", seedSHA1, totp.Options{}, totp.CodeCodeMalformed},
		{"bad secret", "123456", "1", totp.Options{}, totp.CodeSecretInvalidChar},
		{"bad skew", "123456", seedSHA1, totp.Options{Skew: 99}, totp.CodeSkewOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := totp.Verify(tt.code, tt.secret, time.Unix(1700000000, 0), tt.o)
			require.Error(t, err)
			assert.False(t, ok)
			assert.Equal(t, tt.want, errCode(t, err))
		})
	}
}

func TestCodes(t *testing.T) {
	at := time.Unix(1111111109, 0)
	got := totp.Codes([]totp.Entry{
		{ID: "a", Secret: seedSHA1, Options: totp.Options{Digits: 8}},
		{ID: "bad", Secret: "not a secret!"},
		{ID: "b", Secret: strings.ToLower(seedSHA256), Options: totp.Options{Algorithm: totp.SHA256, Digits: 8}},
		{ID: "bad-options", Secret: seedSHA1, Options: totp.Options{Period: -1}},
		{ID: "c", Secret: seedSHA512, Options: totp.Options{Algorithm: totp.SHA512, Digits: 8, Period: 60}},
	}, at)
	require.Len(t, got, 5)
	assert.Equal(t, totp.Result{ID: "a", Code: "07081804", SecondsLeft: 1, Period: 30}, got[0])
	assert.Equal(t, "bad", got[1].ID)
	assert.Empty(t, got[1].Code)
	assert.Equal(t, totp.CodeSecretInvalidChar, errCode(t, got[1].Err))
	assert.Equal(t, 1, got[1].SecondsLeft, "options are valid, so the countdown is known")
	assert.Equal(t, totp.Result{ID: "b", Code: "68084774", SecondsLeft: 1, Period: 30}, got[2])
	assert.Equal(t, "bad-options", got[3].ID)
	assert.Equal(t, totp.CodePeriodOutOfRange, errCode(t, got[3].Err))
	assert.Zero(t, got[3].SecondsLeft)
	assert.Zero(t, got[3].Period)
	assert.Equal(t, "c", got[4].ID)
	require.NoError(t, got[4].Err)
	assert.Equal(t, refCode([]byte("1234567890123456789012345678901234567890123456789012345678901234"), 1111111109,
		totp.Options{Algorithm: totp.SHA512, Digits: 8, Period: 60}), got[4].Code)
	assert.Equal(t, 60-1111111109%60, got[4].SecondsLeft)
	assert.Empty(t, totp.Codes(nil, at))
}

func BenchmarkCode(b *testing.B) {
	at := time.Unix(1700000000, 0)
	for b.Loop() {
		if _, err := totp.Code("JBSWY3DPEHPK3PXP", at, totp.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodes1000(b *testing.B) {
	entries := make([]totp.Entry, 1000)
	for i := range entries {
		entries[i] = totp.Entry{ID: fmt.Sprint(i), Secret: b32(fmt.Sprintf("secret-%013d", i))}
	}
	at := time.Unix(1700000000, 0)
	for b.Loop() {
		for _, r := range totp.Codes(entries, at) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}
