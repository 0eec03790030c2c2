package signin

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
)

func TestMethodsCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Methods {
		assert.False(t, seen[m.ID], "id %s twice", m.ID)
		seen[m.ID] = true
		assert.NotEmpty(t, m.Title)
		assert.NotEmpty(t, m.Services, m.ID)
		secret := map[Method]string{Token: testToken, CPanelToken: testToken, AccessHash: "0123abcd\n4567ef"}[m.Method]
		if secret == "" {
			secret = testPass
		}
		step := Start(Request{Service: m.Services[0], Method: m.Method, Server: "host.example", User: "bob", Secret: secret,
			TOTP: &TOTP{Secret: testSecret}}, now)
		assert.Equal(t, Fetch, step.Kind, "%s starts: %+v", m.ID, step.Failure)
	}
	hash, ok := FindMethod("access-hash")
	require.True(t, ok)
	assert.True(t, hash.Deprecated)
	assert.Contains(t, hash.Note, "Deprecated by cPanel")
	assert.Contains(t, hash.Note, "switch to an API token")
	remote, _ := FindMethod("remote-login")
	assert.True(t, remote.Landing)
	cpToken, _ := FindMethod("cpanel-token")
	assert.True(t, cpToken.Offers(endpoint.Webmail))
	assert.False(t, cpToken.Offers(endpoint.CPanel))
	_, ok = FindMethod("nope")
	assert.False(t, ok)
}

func TestCPanelTokenStartsAWebmailSession(t *testing.T) {
	own := Start(Request{Service: endpoint.Webmail, Method: CPanelToken, Server: "host.example", User: "bob", Secret: testToken}, now)
	require.Equal(t, Fetch, own.Kind, "%+v", own.Failure)
	assert.Equal(t, "https://host.example:2083/execute/Session/create_webmail_session_for_self", own.Request.URL)
	assert.Equal(t, "cpanel bob:"+testToken, header(t, own, "Authorization"))

	box := Start(Request{Service: endpoint.Webmail, Method: CPanelToken, Server: "host.example", User: "info@bob.example", Account: "bob", Secret: testToken}, now)
	require.Equal(t, Fetch, box.Kind, "%+v", box.Failure)
	assert.Equal(t, "https://host.example:2083/execute/Session/create_webmail_session_for_mail_user?login=info&domain=bob.example", box.Request.URL)

	// The tab opens on the server's own Webmail port, whatever host the answer names.
	next := Next(box.State, Response{Status: 200, Body: []byte(`{"data":{"hostname":"evil.example","session":"bob:AbC:CREATE_WEBMAIL_SESSION_FOR_MAIL_USER,ff00",` +
		`"token":"/cpsess0123456789"},"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}`)}, now)
	require.Equal(t, Open, next.Kind, "%+v", next.Failure)
	assert.Equal(t, "https://host.example:2096/cpsess0123456789/login/?session="+url.QueryEscape("bob:AbC:CREATE_WEBMAIL_SESSION_FOR_MAIL_USER,ff00"), next.URL)

	bad := Next(box.State, Response{Status: 200, Body: []byte(`{"data":{"session":"x","token":"/cpsess1"},"errors":null,"status":1}`)}, now)
	assert.Equal(t, "not-cpanel", bad.Failure.Code, "a token that is not /cpsess + 10 digits")
}

func TestSecurityCodeFlowSteps(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: SecurityCodePage, Server: "host.example", User: "erin", Secret: testPass,
		TOTP: &TOTP{Secret: testSecret}, GotoURI: "frontend/jupiter/ssl/index.html"}
	first := Start(r, now)
	require.Equal(t, Fetch, first.Kind)
	assert.Equal(t, "https://host.example:2083/login/", first.Request.URL, "the form's own post, no login_only")
	assert.Equal(t, testPass, formValue(t, first, "pass"))
	assert.Empty(t, formValue(t, first, "tfa_token"), "the code goes to the security-code page, not the login")
	assert.Equal(t, "frontend/jupiter/ssl/index.html", formValue(t, first, "goto_uri"))

	second := Next(first.State, Response{Status: 302, Location: "/cpsess1234567890/frontend/jupiter/ssl/index.html"}, now)
	require.Equal(t, Fetch, second.Kind, "%+v", second.Failure)
	assert.Equal(t, "https://host.example:2083/cpsess1234567890/", second.Request.URL)
	assert.Equal(t, independentCode(t, now), formValue(t, second, "tfatoken"))
	assert.NotContains(t, second.Request.Body, testPass, "the password is sent once")

	done := Next(second.State, Response{Status: 302, Location: "/cpsess1234567890/frontend/jupiter/ssl/index.html"}, now)
	require.Equal(t, Open, done.Kind)
	assert.Equal(t, "https://host.example:2083/cpsess1234567890/frontend/jupiter/ssl/index.html", done.URL)
	// A redirect the browser hides (fetch's opaque redirect) still means the code was taken.
	hidden := Next(second.State, Response{Redirected: true}, now)
	assert.Equal(t, "https://host.example:2083/cpsess1234567890/frontend/jupiter/ssl/index.html", hidden.URL)

	rejected := Next(second.State, Response{Status: 200, Body: []byte(`<form><input name="tfatoken"></form><p>The security code is invalid.</p>`)}, now)
	assert.Equal(t, "tfa-rejected", rejected.Failure.Code)
}

func TestSecurityCodeFlowRefusesForeignRedirects(t *testing.T) {
	r := Request{Service: endpoint.CPanel, Method: SecurityCodePage, Server: "host.example", User: "erin", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}
	first := Start(r, now)
	for _, tc := range []struct {
		resp Response
		code string
	}{
		{Response{Status: 302, Location: "https://evil.example:2083/cpsess1234567890/"}, "redirected"},
		{Response{Status: 302, Location: "//evil.example/cpsess1234567890/"}, "redirected"},
		{Response{Status: 302, Location: "/login/?msg=x"}, "redirected"},
		{Response{Status: 302, Location: "/cpsess12345/"}, "redirected"},
		{Response{Redirected: true}, "redirect-unreadable"},
		{Response{Status: 401, Body: []byte("<html>login</html>")}, "password-rejected"},
		{Response{Status: 200, Body: []byte("hello")}, "not-logged-in"},
	} {
		step := Next(first.State, tc.resp, now)
		require.Equal(t, Fail, step.Kind, "%+v", tc.resp)
		assert.Equal(t, tc.code, step.Failure.Code, "%+v", tc.resp)
		assert.NotContains(t, step.Failure.Message+step.Failure.Advice, testPass)
	}
	// The same origin, spelt out, is accepted.
	ok := Next(first.State, Response{Status: 302, Location: "https://HOST.example:2083/cpsess1234567890/x"}, now)
	assert.Equal(t, Fetch, ok.Kind, "%+v", ok.Failure)
	assert.True(t, strings.HasPrefix(ok.Request.URL, "https://host.example:2083/cpsess1234567890/"))

	noSecret := Start(Request{Service: endpoint.CPanel, Method: SecurityCodePage, Server: "host.example", User: "erin", Secret: testPass}, now)
	assert.Equal(t, "tfa-secret-missing", noSecret.Failure.Code)
}

func TestPasswordLoginSendsGotoURI(t *testing.T) {
	s := Start(Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass,
		GotoURI: "frontend/jupiter/backup/index.html"}, now)
	require.Equal(t, Fetch, s.Kind)
	assert.Equal(t, "frontend/jupiter/backup/index.html", formValue(t, s, "goto_uri"))
	abs := Start(Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass,
		GotoURI: "https://evil.example/"}, now)
	assert.Equal(t, "request-invalid", abs.Failure.Code, "goto_uri stays on the server")
}
