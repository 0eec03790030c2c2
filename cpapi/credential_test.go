package cpapi

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/errcode/errcodetest"
)

// TestForCredential: every failure page cpsrvd (or a proxy before it) can give, read with each credential that
// can meet it. A refused token is never reported as a wrong user name or password, nor the other way round.
func TestForCredential(t *testing.T) {
	const (
		loginPage = `<html><form id="login_form" action="/login/" method="post"><input name="user"></form></html>`
		deniedRaw = `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`
	)
	type answer struct {
		status int
		body   string
	}
	pages := map[string]answer{
		"401 text":         {401, "Access denied\n"},
		"403 text":         {403, "Access denied"},
		"401 JSON":         {401, deniedRaw},
		"403 JSON":         {403, deniedRaw},
		"401 empty":        {401, ""},
		"403 other text":   {403, "Forbidden by the firewall"},
		"401 login page":   {401, loginPage},
		"200 login page":   {200, loginPage},
		"500 text":         {500, "Internal Server Error"},
		"503 HTML":         {503, "<html><body>cPanel is updating</body></html>"},
		"token scope text": {403, "Token authentication allows access to UAPI or API 2 calls only.\n"},
	}
	want := map[authheader.Method]map[string]string{
		authheader.MethodWHMToken: {
			"401 text": CodeTokenInvalid, "403 text": CodeTokenInvalid, "401 JSON": CodeTokenInvalid, "403 JSON": CodeTokenInvalid,
			"401 empty": CodeTokenInvalid, "403 other text": CodeTokenInvalid, "401 login page": CodeTokenInvalid,
			"200 login page": CodeTokenInvalid, "500 text": CodeServerError, "503 HTML": CodeServerError, "token scope text": CodeTokenScope,
		},
		authheader.MethodBasic: {
			"401 text": CodeAccessDenied, "403 text": CodeAccessDenied, "401 JSON": CodeAccessDenied, "403 JSON": CodeAccessDenied,
			"401 empty": CodeAccessDenied, "403 other text": CodeAccessDenied, "401 login page": CodeAccessDenied,
			"200 login page": CodeAccessDenied, "500 text": CodeServerError, "503 HTML": CodeServerError, "token scope text": CodeTokenScope,
		},
		SentSession: {
			"401 text": CodeLoginRequired, "403 text": CodeLoginRequired, "401 JSON": CodeLoginRequired, "403 JSON": CodeLoginRequired,
			"401 empty": CodeLoginRequired, "403 other text": CodeLoginRequired, "401 login page": CodeLoginRequired,
			"200 login page": CodeLoginRequired, "500 text": CodeServerError, "503 HTML": CodeServerError, "token scope text": CodeTokenScope,
		},
	}
	want[authheader.MethodCPanelToken] = want[authheader.MethodWHMToken]
	want[authheader.MethodAccessHash] = want[authheader.MethodWHMToken]
	for sent, codes := range want {
		for name, a := range pages {
			for _, f := range Families() {
				_, err := ParseResponse(f, a.status, []byte(a.body))
				got := ForCredential(err, sent)
				e := errcodetest.As[*Error](t, got)
				assert.Equal(t, codes[name], e.Code, "%s meets %s (%s): %s", sent, name, f, e.Message)
				assert.Equal(t, a.status, e.HTTPStatus)
			}
		}
	}
}

func TestForCredentialWords(t *testing.T) {
	_, err := ParseResponse(WHMAPI1, 401, []byte("Access denied\n"))
	assert.EqualError(t, ForCredential(err, authheader.MethodWHMToken), "the WHM API token was refused (HTTP 401): it is wrong, "+
		"expired or revoked, or limited to other IP addresses (WHM » Manage API Tokens)")
	assert.Contains(t, ForCredential(err, authheader.MethodCPanelToken).Error(), "cPanel API token was refused")
	assert.Contains(t, ForCredential(err, authheader.MethodAccessHash).Error(), "access hash was refused")
	assert.EqualError(t, ForCredential(err, authheader.MethodBasic), "Access denied: the server refused the user name or password (HTTP 401)")
	for _, m := range []authheader.Method{authheader.MethodWHMToken, authheader.MethodCPanelToken, authheader.MethodAccessHash} {
		assert.NotContains(t, ForCredential(err, m).Error(), "password", "a token refusal never blames a password")
	}
	assert.NoError(t, ForCredential(nil, authheader.MethodWHMToken))
	other := errors.New("x")
	assert.Same(t, other, ForCredential(other, authheader.MethodWHMToken))
	_, ok := ParseResponse(UAPI, 200, []byte(`{"status":1,"data":[]}`))
	assert.NoError(t, ForCredential(ok, authheader.MethodBasic))
	_, failed := ParseResponse(UAPI, 200, []byte(`{"status":0,"errors":["Access denied to the mailbox"]}`))
	assert.Equal(t, CodeAPIFailed, ForCredential(failed, authheader.MethodWHMToken).(*Error).Code,
		"a function's own failure that mentions access is not a refused token")
}
