package tfaenroll

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	pqtotp "github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/tests/emulator"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
)

const rootToken = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"

func auth(t *testing.T, user, token string) []authheader.Header {
	t.Helper()
	r, err := authheader.WHMToken(user, token)
	require.NoError(t, err)
	return r.Headers
}

func startEmulator(t *testing.T) (*emulator.Server, *http.Client) {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Config{})
	return srv, emulatortest.Fetcher(t, srv)
}

func send(t *testing.T, c *http.Client, r cpapi.Request) Response {
	t.Helper()
	resp, body, err := emulatortest.Do(c, r)
	if err != nil {
		return Response{NetworkError: err.Error()}
	}
	return Response{Status: resp.StatusCode, Date: resp.Header.Get("Date"), Body: body}
}

// run drives the flow to its end, as the worker would.
func run(t *testing.T, c *http.Client, r Request) Step {
	t.Helper()
	step := Start(r)
	for i := 0; i < 5 && step.Kind == Fetch; i++ {
		assert.NotContains(t, step.Request.URL, "secret=", "the secret goes in the body, never the URL")
		step = Next(step.State, send(t, c, step.Request), time.Now())
	}
	return step
}

func list(t *testing.T, c *http.Client, srv *emulator.Server) map[string]bool {
	t.Helper()
	status, body, err := emulatortest.AsRoot(c, srv.URL(emulator.WHM, false), ListCall(), rootToken)
	require.NoError(t, err)
	on, err := ParseList(status, body)
	require.NoError(t, err)
	return on
}

// Enrolment against the emulator: generate, a code the engine computed, the check; then the account's logins need
// a code from the stored secret, and WHM lists the account with 2FA on.
func TestEnrolAgainstEmulator(t *testing.T) {
	srv, c := startEmulator(t)
	before := list(t, c, srv)
	assert.False(t, before["bob"])
	assert.True(t, before["alice"])

	step := run(t, c, Request{WHMBase: srv.URL(emulator.WHM, false), Auth: auth(t, "root", rootToken), User: "bob"})
	require.Equal(t, Done, step.Kind, "%s", step)
	assert.Len(t, step.Result.Secret, 16)
	assert.Equal(t, step.Result.Secret, step.Result.Key.Secret)
	assert.Equal(t, "bob", step.Result.Key.Account)
	assert.True(t, list(t, c, srv)["bob"])

	login := func(code string) int {
		form := url.Values{"user": {"bob"}, "pass": {"demo-bob-pass"}}
		if code != "" {
			form.Set("tfa_token", code)
		}
		resp, err := c.PostForm(srv.URL(emulator.CPanel, false)+"/login/?login_only=1", form)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	code, err := pqtotp.GenerateCode(step.Result.Secret, srv.Now())
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, login(""), "a code is now required")
	assert.Equal(t, http.StatusOK, login(code), "the stored secret makes the codes the server takes")
}

func TestEnrolRetriesAtServerClock(t *testing.T) {
	srv, c := startEmulator(t)
	srv.SetClockOffset(5 * time.Minute)
	step := run(t, c, Request{WHMBase: srv.URL(emulator.WHM, false), Auth: auth(t, "root", rootToken), User: "carol"})
	require.Equal(t, Done, step.Kind, "%s", step)
	assert.InDelta(t, (5 * time.Minute).Seconds(), step.Offset.Seconds(), 2)
}

func TestEnrolRefusals(t *testing.T) {
	srv, c := startEmulator(t)
	base := srv.URL(emulator.WHM, false)
	for _, tc := range []struct {
		name string
		req  Request
		code string
	}{
		{"a reseller and an account it does not own", Request{WHMBase: base, Auth: auth(t, "resel", "RESELTOKENDEMO7X4Q9ZK2M8P3R6T1W5"), User: "bob"}, "refused"},
		{"a revoked token", Request{WHMBase: base, Auth: auth(t, "root", "ROOTREVOKEDDEMO7X4Q9ZK2M8P3R6T1W"), User: "bob"}, "credentials-refused"},
		{"no credential", Request{WHMBase: base, User: "bob"}, "credentials-missing"},
		{"nobody there", Request{WHMBase: "https://127.0.0.1:1", Auth: auth(t, "root", rootToken), User: "bob"}, "unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			step := run(t, c, tc.req)
			require.Equal(t, Fail, step.Kind, "%s", step)
			assert.Equal(t, tc.code, step.Failure.Code, step.Failure.Message)
		})
	}
}

// Answers no cPanel gives: each stops the flow with a reason, and no reason holds the secret.
func TestEnrolOddAnswers(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	start := Start(Request{WHMBase: "https://h.example:2087", Auth: auth(t, "root", rootToken), User: "bob"})
	require.Equal(t, Fetch, start.Kind)
	assert.Equal(t, "https://h.example:2087/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=TwoFactorAuth&cpanel.function=generate_user_configuration", start.Request.URL)
	generated := func(uri, s string) Response {
		return Response{Status: 200, Body: []byte(`{"metadata":{"command":"uapi_cpanel","result":1,"version":1,"reason":"OK"},"data":{"uapi":` +
			`{"data":{"otpauth_str":"` + uri + `","secret":"` + s + `"},"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}}}`)}
	}
	good := "otpauth://totp/h:bob?secret=" + secret + "&issuer=h"
	for _, tc := range []struct {
		name string
		resp Response
		code string
	}{
		{"secret and link disagree", generated(good, "AAAAAAAAAAAAAAAA"), "bad-response"},
		{"SHA256", generated(good+"&algorithm=SHA256", secret), "bad-response"},
		{"8 digits", generated(good+"&digits=8", secret), "bad-response"},
		{"a HOTP link", generated("otpauth://hotp/h:bob?secret="+secret+"&counter=1", secret), "bad-response"},
		{"a redirect", Response{Status: 302}, "redirected"},
		{"HTML", Response{Status: 200, Body: []byte("<html>")}, "not-json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			step := Next(start.State, tc.resp, time.Now())
			require.Equal(t, Fail, step.Kind, "%s", step)
			assert.Equal(t, tc.code, step.Failure.Code)
			assert.NotContains(t, step.Failure.Message+step.Failure.Advice, secret)
		})
	}
	set := Next(start.State, generated(good, secret), time.Now())
	require.Equal(t, Fetch, set.Kind, "%s", set)
	assert.Equal(t, "POST", set.Request.Method)
	assert.Contains(t, set.Request.Body, "secret="+secret+"&tfa_token=")
	check := Next(set.State, Response{Status: 200, Body: []byte(`{"metadata":{"result":1,"version":1},"data":{"uapi":{"data":{"tfa_configured":1},"status":1}}}`)}, time.Now())
	require.Equal(t, Fetch, check.Kind)
	off := Next(check.State, Response{Status: 200, Body: []byte(`{"metadata":{"result":1,"version":1},"data":{"uapi":{"data":{"is_enabled":0},"status":1}}}`)}, time.Now())
	assert.Equal(t, "not-enabled", off.Failure.Code)
	assert.Equal(t, "state-invalid", Next("{", Response{}, time.Now()).Failure.Code)
}

func TestParseList(t *testing.T) {
	on, err := ParseList(200, []byte(`{"data":{"example":{"is_enabled":0,"primary_domain":"example.tld"},"b":{"is_enabled":"1"},"c":7},`+
		`"metadata":{"version":1,"reason":"OK","result":"1","command":"twofactorauth_get_user_configs"}}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"example": false, "b": true}, on)
	_, err = ParseList(200, []byte(`{"data":[],"metadata":{"result":1,"version":1}}`))
	assert.Error(t, err)
}
