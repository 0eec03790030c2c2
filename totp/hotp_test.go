package totp_test

import (
	"encoding/base32"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/totp"
)

// RFC 4226 Appendix D: the secret "12345678901234567890" at counts 0 to 9.
func TestHOTPRFC4226AppendixD(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, code := range want {
		got, err := totp.HOTP(secret, uint64(counter), totp.Options{})
		require.NoError(t, err)
		assert.Equal(t, code, got, "counter %d", counter)
	}
}

// Other algorithms and lengths agree with the independent implementation
// (TOTP's oracle at a time whose step is the counter).
func TestHOTPMatchesOracle(t *testing.T) {
	for _, tc := range []struct {
		seed string
		o    totp.Options
	}{
		{seedSHA1, totp.Options{Algorithm: totp.SHA1, Digits: 8, Period: 30}},
		{seedSHA256, totp.Options{Algorithm: totp.SHA256, Digits: 7, Period: 30}},
		{seedSHA512, totp.Options{Algorithm: totp.SHA512, Digits: 6, Period: 30}},
	} {
		for _, counter := range []uint64{0, 1, 41, 1 << 32} {
			key, err := base32.StdEncoding.DecodeString(tc.seed)
			require.NoError(t, err)
			got, err := totp.HOTP(tc.seed, counter, tc.o)
			require.NoError(t, err)
			assert.Equal(t, refCode(key, int64(counter)*30, tc.o), got, "%s counter %d", tc.o.Algorithm, counter)
		}
	}
}

func TestHOTPErrors(t *testing.T) {
	for _, tc := range []struct {
		name, secret string
		o            totp.Options
		code         string
	}{
		{"empty secret", "", totp.Options{}, totp.CodeSecretEmpty},
		{"not base32", "JBSWY3DPEHPK3PX0", totp.Options{}, totp.CodeSecretInvalidChar},
		{"digits", "JBSWY3DPEHPK3PXP", totp.Options{Digits: 9}, totp.CodeDigitsOutOfRange},
		{"algorithm", "JBSWY3DPEHPK3PXP", totp.Options{Algorithm: "MD5"}, totp.CodeAlgorithmUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := totp.HOTP(tc.secret, 0, tc.o)
			assert.Equal(t, tc.code, errCode(t, err))
		})
	}
}
