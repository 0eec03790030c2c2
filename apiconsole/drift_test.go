package apiconsole

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/cpapi"
)

// cpsrvd's refusal of a password-authenticated call without a current X-CPANEL-OTP (§5).
const tfaFailedBody = `{"data":{"reason":"TwoFactorAuth check failed","result":"0"},"error":"TwoFactorAuth check failed","type":"text"}`

func answer(t *testing.T, status int, body string) Answer {
	t.Helper()
	r, err := cpapi.ParseResponse(cpapi.UAPI, status, []byte(body))
	return Answer{Status: status, Body: body, Result: r, Err: err}
}

func TestDrift(t *testing.T) {
	at := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	refused := answer(t, 403, tfaFailedBody)
	require.Equal(t, cpapi.CodeTFAFailed, refused.Err.(*cpapi.Error).Code)
	accessDenied := answer(t, 403, `{"data":{"reason":"Access denied","result":"0"},"error":"Access denied","type":"text"}`)
	ok := answer(t, 200, `{"status":1,"data":[],"errors":null,"messages":null,"warnings":null,"metadata":{}}`)
	require.NoError(t, ok.Err)
	for _, tc := range []struct {
		name    string
		auth    Auth
		ans     Answer
		date    string
		used    time.Duration
		offset  time.Duration
		message string // "" when ok is false
	}{
		{"server 150 s ahead, code at local time", AuthBasicOTP, refused, "Mon, 10 Jun 2024 12:02:30 GMT", 0, 150 * time.Second,
			"The server refused the 2FA code: its clock is 2m30s ahead of this computer's (its Date header). Send again: panelkey now computes the code at the server's time."},
		{"server 40 s behind", AuthBasicOTP, refused, "Mon, 10 Jun 2024 11:59:20 GMT", 0, -40 * time.Second,
			"The server refused the 2FA code: its clock is 40s behind this computer's (its Date header). Send again: panelkey now computes the code at the server's time."},
		{"exactly the threshold away from the offset used", AuthBasicOTP, refused, "Mon, 10 Jun 2024 12:02:30 GMT", 135 * time.Second, 150 * time.Second,
			"The server refused the 2FA code: its clock is 2m30s ahead of this computer's (its Date header). Send again: panelkey now computes the code at the server's time."},
		{"a stored offset that is stale", AuthBasicOTP, refused, "Mon, 10 Jun 2024 12:00:00 GMT", 150 * time.Second, 0,
			"The server refused the 2FA code, computed with a clock offset panelkey had learnt for this server: its clock now agrees with this computer's (its Date header). Send again: panelkey now computes the code at this computer's time."},
		{"drift under the threshold: the code itself was wrong", AuthBasicOTP, refused, "Mon, 10 Jun 2024 12:00:14 GMT", 0, 0, ""},
		{"the offset used already matches the server", AuthBasicOTP, refused, "Mon, 10 Jun 2024 12:02:30 GMT", 150 * time.Second, 0, ""},
		{"no Date header", AuthBasicOTP, refused, "", 0, 0, ""},
		{"not an HTTP date", AuthBasicOTP, refused, "yesterday", 0, 0, ""},
		{"Basic without a code: the missing code, not the clock", AuthBasic, refused, "Mon, 10 Jun 2024 12:02:30 GMT", 0, 0, ""},
		{"another refusal", AuthBasicOTP, accessDenied, "Mon, 10 Jun 2024 12:02:30 GMT", 0, 0, ""},
		{"success", AuthBasicOTP, ok, "Mon, 10 Jun 2024 12:02:30 GMT", 0, 0, ""},
		{"a redirect", AuthBasicOTP, Answer{Redirected: true}, "Mon, 10 Jun 2024 12:02:30 GMT", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			offset, message, ok := Drift(en, tc.auth, tc.ans, tc.date, at, tc.used)
			assert.Equal(t, tc.message != "", ok)
			assert.Equal(t, tc.offset, offset)
			assert.Equal(t, tc.message, message)
		})
	}
}
