package signin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	pqtotp "github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/totp"
)

const (
	testToken  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	testPass   = "correct horse battery"
	testSecret = "JBSWY3DPEHPK3PXP"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// independentCode computes the expected code with pquerna/otp directly, not
// through this project's totp package.
func independentCode(t *testing.T, at time.Time) string {
	t.Helper()
	code, err := pqtotp.GenerateCodeCustom(testSecret, at, pqtotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	require.NoError(t, err)
	return code
}

func header(t *testing.T, s Step, name string) string {
	t.Helper()
	for _, h := range s.Request.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func formValue(t *testing.T, s Step, key string) string {
	t.Helper()
	v, err := url.ParseQuery(s.Request.Body)
	require.NoError(t, err)
	return v.Get(key)
}

func TestStartTokenBuildsCreateUserSession(t *testing.T) {
	tests := []struct {
		name     string
		req      Request
		wantURL  string
		wantAuth string
	}{
		{"cPanel account with root's token",
			Request{Service: endpoint.CPanel, Method: Token, Server: "Server.Example.com.", User: "bob", Secret: testToken},
			"https://server.example.com:2087/json-api/create_user_session?api.version=1&user=bob&service=cpaneld",
			"whm root:" + testToken},
		{"Webmail mailbox with a reseller's token and a deep link",
			Request{Service: endpoint.Webmail, Method: Token, Server: "https://10.0.0.5:2083/", User: "info@bob.example", Secret: testToken, WHMUser: "res1", App: "Email_Accounts"},
			"https://10.0.0.5:2087/json-api/create_user_session?api.version=1&user=info%40bob.example&service=webmaild&app=Email_Accounts",
			"whm res1:" + testToken},
		{"WHM for the token's own user",
			Request{Service: endpoint.WHM, Method: Token, Server: "whm.example.com", Secret: testToken, WHMUser: "res1"},
			"https://whm.example.com/json-api/create_user_session?api.version=1&user=res1&service=whostmgrd",
			"whm res1:" + testToken},
		{"access hash loses its newlines",
			Request{Service: endpoint.CPanel, Method: AccessHash, Server: "host.example", User: "bob", Secret: "abc123\r\ndef456\n"},
			"https://host.example:2087/json-api/create_user_session?api.version=1&user=bob&service=cpaneld",
			"WHM root:abc123def456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(tt.req, now)
			require.Equal(t, Fetch, s.Kind, "failure: %+v", s.Failure)
			assert.Equal(t, "GET", s.Request.Method)
			assert.Equal(t, tt.wantURL, s.Request.URL)
			assert.Equal(t, tt.wantAuth, header(t, s, "Authorization"))
		})
	}
}

func TestStartPasswordSendsLoginFormWithCode(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass,
		TOTP: &TOTP{Secret: testSecret}}
	s := Start(r, now)
	require.Equal(t, Fetch, s.Kind, "failure: %+v", s.Failure)
	assert.Equal(t, "POST", s.Request.Method)
	assert.Equal(t, "https://host.example:2083/login/?login_only=1", s.Request.URL)
	assert.Equal(t, "bob", formValue(t, s, "user"))
	assert.Equal(t, testPass, formValue(t, s, "pass"))
	assert.Equal(t, independentCode(t, now), formValue(t, s, "tfa_token"))
	assert.Empty(t, header(t, s, "Authorization"), "a password login posts the form; no Basic header")

	noTFA := Start(Request{Service: endpoint.Webmail, Method: Password, Server: "host.example", User: "info@bob.example", Secret: testPass}, now)
	require.Equal(t, Fetch, noTFA.Kind)
	assert.Equal(t, "https://host.example:2096/login/?login_only=1", noTFA.Request.URL)
	assert.Empty(t, formValue(t, noTFA, "tfa_token"))
}

func TestStartRefusals(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		code string
	}{
		{"password to a plain-text port", Request{Service: endpoint.CPanel, Method: Password, Server: "host.example:2082", User: "bob", Secret: testPass}, "plain-text-refused"},
		{"token over http", Request{Service: endpoint.CPanel, Method: Token, Server: "http://host.example:2086", User: "bob", Secret: testToken}, "plain-text-refused"},
		{"address with credentials", Request{Service: endpoint.CPanel, Method: Token, Server: "https://root:pw@host.example", User: "bob", Secret: testToken}, "address-invalid"},
		{"token with a newline", Request{Service: endpoint.CPanel, Method: Token, Server: "host.example", User: "bob", Secret: "AB\r\nX-Evil: 1"}, "credential-invalid"},
		{"root into cPanel", Request{Service: endpoint.CPanel, Method: Token, Server: "host.example", User: "root", Secret: testToken}, "request-invalid"},
		{"unknown method", Request{Service: endpoint.CPanel, Method: "magic", Server: "host.example"}, "method-unknown"},
		{"unknown service", Request{Service: "ftp", Method: Password, Server: "host.example", User: "bob", Secret: testPass}, "service-unknown"},
		{"malformed 2FA secret", Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: "not base32 !!"}}, "tfa-secret-invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(tt.req, now)
			require.Equal(t, Fail, s.Kind)
			assert.Equal(t, tt.code, s.Failure.Code)
			assertNoSecret(t, s)
		})
	}
}

const sessionBody = `{"metadata":{"command":"create_user_session","reason":"Created session","result":1,"version":1},
 "data":{"cp_security_token":"/cpsess4927138456","expires":1718000300,"service":"cpaneld",
  "session":"bob:x7rGd9PLkWqz3YFb:create_user_session,f8b47c19a5de91b03ce6f20dbb1847e9",
  "url":"%s"}}`

func sessionAnswer(u string) Response {
	return Response{Status: 200, Body: []byte(strings.Replace(sessionBody, "%s", u, 1))}
}

func TestTokenFlowAnswers(t *testing.T) {
	start := Start(Request{Service: endpoint.CPanel, Method: Token, Server: "host.example", User: "bob", Secret: testToken}, now)
	require.Equal(t, Fetch, start.Kind)
	goodURL := "https://host.example:2083/cpsess4927138456/login/?session=bob%3ax7rGd9PLkWqz3YFb%3acreate_user_session%2cf8b47c19a5de91b03ce6f20dbb1847e9"
	refused := func(reason string) Response {
		return Response{Status: 200, Body: []byte(`{"metadata":{"command":"create_user_session","reason":"` + reason + `","result":0,"version":1}}`)}
	}
	tests := []struct {
		name     string
		resp     Response
		wantKind Kind
		wantCode string
	}{
		{"session created", sessionAnswer(goodURL), Open, ""},
		{"the same host spelt otherwise", sessionAnswer("https://HOST.example.:2083/cpsess4927138456/login/?session=bob%3ax"), Open, ""},
		{"main IP in the URL (§3) is another host", sessionAnswer("https://203.0.113.9:2083/cpsess4927138456/login/?session=bob%3ax"), Fail, "other-host"},
		{"another host", sessionAnswer("https://evil.example:2083/cpsess4927138456/login/?session=x"), Fail, "other-host"},
		{"the server's name inside another host", sessionAnswer("https://host.example.evil.example:2083/cpsess4927138456/login/?session=x"), Fail, "other-host"},
		{"userinfo", sessionAnswer("https://host.example:2083@evil.example:2083/cpsess4927138456/login/?session=x"), Fail, "url-userinfo"},
		{"javascript", sessionAnswer("javascript:alert(1)//https://host.example:2083/cpsess4927138456/login/?session=x"), Fail, "not-cpanel"},
		{"URL on the wrong port", sessionAnswer("https://host.example:2087/cpsess4927138456/login/?session=x"), Fail, "port-refused"},
		{"URL over http", sessionAnswer("http://host.example:2083/cpsess4927138456/login/?session=x"), Fail, "plain-text-refused"},
		{"URL elsewhere on the server", sessionAnswer("https://host.example:2083/evil?session=x"), Fail, "session-url-unexpected"},
		{"token revoked", Response{Status: 401, Body: []byte(`{"cpanelresult":{"error":"Token denied"}}`)}, Fail, "token-rejected"},
		{"token refused in plain text", Response{Status: 401, Body: []byte("Access denied\n")}, Fail, "token-rejected"},
		{"token refused with 403 text", Response{Status: 403, Body: []byte("Access denied")}, Fail, "token-rejected"},
		{"the login page instead of the API", Response{Status: 401, Body: []byte(`<form id="login_form" action="/login/">`)}, Fail, "token-rejected"},
		{"cPanel updating", Response{Status: 503, Body: []byte("<html>Service Unavailable</html>")}, Fail, "server-error"},
		{"a body over the gate's cap", Response{Status: 200, Body: []byte("{"), Truncated: true}, Fail, "not-cpanel"},
		{"suspended", refused("The user “bob” is suspended."), Fail, "account-suspended"},
		{"not owned", refused("You do not have permission to create sessions for the user “bob”."), Fail, "not-owned"},
		{"garbage", Response{Status: 200, Body: []byte("<html>hello</html>")}, Fail, "not-cpanel"},
		{"certificate untrusted", Response{NetworkError: "net::ERR_CERT_AUTHORITY_INVALID"}, Fail, "tls-untrusted"},
		{"connection refused", Response{NetworkError: "net::ERR_CONNECTION_REFUSED"}, Fail, "unreachable"},
		{"bare fetch failure", Response{NetworkError: "TypeError: Failed to fetch"}, Fail, "unreachable-or-untrusted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Next(start.State, tt.resp, now)
			require.Equal(t, tt.wantKind, s.Kind, "step: %+v", s.Failure)
			if tt.wantKind == Fail {
				assert.Equal(t, tt.wantCode, s.Failure.Code)
				assertNoSecret(t, s)
			}
		})
	}
	assert.Equal(t, goodURL, Next(start.State, sessionAnswer(goodURL), now).URL)
	untrusted := Next(start.State, Response{NetworkError: "net::ERR_CERT_AUTHORITY_INVALID"}, now)
	assert.Equal(t, "https://host.example:2087", untrusted.Failure.OpenURL, "the user is offered the server to accept its certificate")
}

func TestPasswordFlowAnswers(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}
	start := Start(r, now)
	require.Equal(t, Fetch, start.Kind)

	ok := Next(start.State, Response{Status: 200, Body: []byte(`{"status":1,"security_token":"/cpsess5542387976","redirect":"/cpsess5542387976/frontend/jupiter/index.html"}`)}, now)
	require.Equal(t, Open, ok.Kind)
	assert.Equal(t, "https://host.example:2083/cpsess5542387976/frontend/jupiter/index.html", ok.URL)

	bad := Next(start.State, Response{Status: 401, Body: []byte(`{"status":0,"message":"invalid_login"}`)}, now)
	require.Equal(t, Fail, bad.Kind)
	assert.Equal(t, "password-rejected", bad.Failure.Code)
	assertNoSecret(t, bad)
}

func TestPasswordFlowRetriesOnceAtServerClock(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}
	start := Start(r, now)
	rejected := func(serverTime time.Time) Response {
		return Response{Status: 401, Date: serverTime.UTC().Format(http.TimeFormat), Body: []byte(`{"status":0,"message":"token_incorrect"}`)}
	}

	// The server's clock is two minutes ahead: the retry uses a code for its time.
	retry := Next(start.State, rejected(now.Add(2*time.Minute)), now)
	require.Equal(t, Fetch, retry.Kind, "failure: %+v", retry.Failure)
	assert.Equal(t, 2*time.Minute, retry.Offset)
	assert.Equal(t, independentCode(t, now.Add(2*time.Minute)), formValue(t, retry, "tfa_token"))

	// Rejected again: no third try, and the message names the drift.
	again := Next(retry.State, rejected(now.Add(2*time.Minute)), now)
	require.Equal(t, Fail, again.Kind)
	assert.Equal(t, "tfa-rejected", again.Failure.Code)
	assert.Contains(t, again.Failure.Message, "2m0s")

	// Clocks agree: no retry, the secret is the suspect.
	same := Next(start.State, rejected(now), now)
	require.Equal(t, Fail, same.Kind)
	assert.Equal(t, "tfa-rejected", same.Failure.Code)
	assert.Contains(t, same.Failure.Advice, "2FA secret")
}

func TestPasswordFlowIgnoresAnUnbelievableServerClock(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}
	start := Start(r, now)
	for _, serverTime := range []time.Time{now.Add(totp.MaxOffset + time.Hour), now.Add(-totp.MaxOffset - time.Hour), time.Unix(0, 0)} {
		// A Date header years off: no retry at that clock and no offset to remember (the next login could not use it).
		s := Next(start.State, Response{Status: 401, Date: serverTime.UTC().Format(http.TimeFormat), Body: []byte(`{"status":0,"message":"token_incorrect"}`)}, now)
		require.Equal(t, Fail, s.Kind, serverTime.String())
		assert.Equal(t, "tfa-rejected", s.Failure.Code)
		assert.Zero(t, s.Offset)
		assert.Contains(t, s.Failure.Advice, "2FA secret")
	}
}

func TestPasswordFlowWithout2FASecret(t *testing.T) {
	start := Start(Request{Service: endpoint.WHM, Method: Password, Server: "host.example", User: "root", Secret: testPass}, now)
	s := Next(start.State, Response{Status: 401, Body: []byte(`{"status":0,"message":"token_missing"}`)}, now)
	require.Equal(t, Fail, s.Kind)
	assert.Equal(t, "tfa-secret-missing", s.Failure.Code)
}

func TestNextRejectsDamagedState(t *testing.T) {
	for _, st := range []string{"", "{", `{"phase":"nope"}`} {
		s := Next(st, Response{Status: 200}, now)
		require.Equal(t, Fail, s.Kind)
		assert.Equal(t, "state-invalid", s.Failure.Code)
	}
}

// assertNoSecret checks that no test secret leaks into a failure's words.
func assertNoSecret(t *testing.T, s Step) {
	t.Helper()
	if s.Failure == nil {
		return
	}
	for _, secret := range []string{testToken, testPass, testSecret, "abc123def456"} {
		for _, text := range []string{s.Failure.Message, s.Failure.Advice, s.Failure.OpenURL} {
			assert.NotContains(t, text, secret)
		}
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	start := Start(Request{Service: endpoint.CPanel, Method: Token, Server: "host.example", User: "bob", Secret: testToken}, now)
	for _, resp := range []Response{{Redirected: true}, {Status: 301, Location: "https://elsewhere.example/"}} {
		s := Next(start.State, resp, now)
		require.Equal(t, Fail, s.Kind)
		assert.Equal(t, "redirected", s.Failure.Code)
	}
}

// TestSessionURLPinnedToTheServer: the tab opens only on the server's own host, and the refusal names both hosts
// without repeating the session.
func TestSessionURLPinnedToTheServer(t *testing.T) {
	start := Start(Request{Service: endpoint.Webmail, Method: Token, Server: "https://host.example:2087", User: "info@bob.example", Secret: testToken}, now)
	s := Next(start.State, sessionAnswer("https://evil.example:2096/cpsess4927138456/login/?session=bob%3aSECRETSESSION"), now)
	require.Equal(t, Fail, s.Kind)
	assert.Equal(t, "other-host", s.Failure.Code)
	assert.Contains(t, s.Failure.Message, "evil.example")
	assert.Contains(t, s.Failure.Message, "host.example")
	assert.NotContains(t, s.Failure.Message+s.Failure.Advice, "SECRETSESSION")
	assert.Contains(t, s.Failure.Advice, "hostname")

	// A server reached through whm.example.com: WHM answers with the domain on the service's TLS port (§3).
	sub := Start(Request{Service: endpoint.CPanel, Method: Token, Server: "https://whm.host.example", User: "bob", Secret: testToken}, now)
	require.Equal(t, Fetch, sub.Kind)
	ok := Next(sub.State, sessionAnswer("https://host.example:2083/cpsess4927138456/login/?session=x"), now)
	require.Equal(t, Open, ok.Kind, "%+v", ok.Failure)
	assert.Equal(t, "https://host.example:2083/cpsess4927138456/login/?session=x", ok.URL)
}

func TestPasswordFlowLanding(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass}
	start := Start(r, now)
	answer := func(redirect string) Response {
		return Response{Status: 200, Body: []byte(`{"status":1,"security_token":"/cpsess5542387976","redirect":"` + redirect + `"}`)}
	}
	for redirect, want := range map[string]string{
		"": "https://host.example:2083/cpsess5542387976/",
		"/cpsess5542387976/frontend/jupiter/index.html?post_login=1": "https://host.example:2083/cpsess5542387976/frontend/jupiter/index.html?post_login=1",
		"https://HOST.example:2083/cpsess5542387976/x":               "https://host.example:2083/cpsess5542387976/x",
	} {
		s := Next(start.State, answer(redirect), now)
		require.Equal(t, Open, s.Kind, "%q: %+v", redirect, s.Failure)
		assert.Equal(t, want, s.URL, redirect)
	}
	for redirect, code := range map[string]string{
		"https://other.example:2083/cpsess5542387976/": "other-host",
		"https://host.example:2087/cpsess5542387976/":  "port-refused",
		"http://host.example:2082/":                    "plain-text-refused",
	} {
		s := Next(start.State, answer(redirect), now)
		require.Equal(t, Fail, s.Kind, redirect)
		assert.Equal(t, code, s.Failure.Code, redirect)
	}
	plain := Next(start.State, Response{Status: 401, Body: []byte("Access denied")}, now)
	require.Equal(t, Fail, plain.Kind)
	assert.Equal(t, "password-rejected", plain.Failure.Code, "a password refused in plain text is a password refusal")
}

// TestSessionTokenLocation: the security-code flow reads its login's Location for the session's token, and takes
// it only from a path or from an address the gate allows for the service on the server itself.
func TestSessionTokenLocation(t *testing.T) {
	const base = "https://host.example:2083"
	for location, want := range map[string]string{
		"/cpsess0123456789/frontend/jupiter/":                           "/cpsess0123456789",
		"https://HOST.example.:2083/cpsess0123456789/":                  "/cpsess0123456789",
		"https://evil.example:2083/cpsess0123456789/":                   "",
		"https://host.example:2083@evil.example:2083/cpsess0123456789/": "",
		"//evil.example/cpsess0123456789/":                              "",
		"http://host.example:2082/cpsess0123456789/":                    "",
		"https://host.example:2087/cpsess0123456789/":                   "",
		"javascript:alert(1)//host.example:2083/cpsess0123456789/":      "",
		"https://host.example.evil.example:2083/cpsess0123456789/":      "",
		"/cpsess012345678/":                                             "",
	} {
		token, ok := sessionToken(location, base, endpoint.CPanel)
		assert.Equal(t, want != "", ok, location)
		assert.Equal(t, want, token, location)
	}
}
