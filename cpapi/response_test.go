package cpapi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bodies from docs/protocol.md (§2, §3, §5, §6, §9).
const (
	uapiOK        = `{"data":[{"email":"info@bob.example"}],"errors":null,"messages":null,"metadata":{"transformed":1},"status":1,"warnings":null}`
	uapiFail      = `{"data":null,"errors":["You do not have access to this feature."],"messages":null,"metadata":{},"status":0,"warnings":null}`
	whmOK         = `{"metadata":{"command":"listaccts","reason":"OK","result":1,"version":1},"data":{"acct":[{"user":"bob"}]}}`
	accessDenied  = `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`
	tfaFailed     = `{"data":{"reason":"TwoFactorAuth check failed","result":"0"},"error":"TwoFactorAuth check failed","type":"text"}`
	api2OK        = `{"cpanelresult":{"apiversion":2,"module":"Email","func":"listpopswithdisk","event":{"result":1},"data":[{"email":"info@bob.example"}]}}`
	passwordAge   = `{"data":{"reason":"You have not changed your password in 90 days.","result":"0"},"error":"You have not changed your password in 90 days.","type":"text"}`
	tokenDeniedHT = `<html><head><title>Invalid Security Token</title></head><body><form><input type="hidden" name="token_denied" value="1"></form></body></html>`
)

func TestParseResponseSuccess(t *testing.T) {
	r, err := ParseResponse(UAPI, 200, []byte(uapiOK))
	require.NoError(t, err)
	assert.True(t, r.OK)
	assert.Equal(t, UAPI, r.Family)
	assert.Equal(t, 200, r.HTTPStatus)
	assert.JSONEq(t, `[{"email":"info@bob.example"}]`, string(r.Data))
	assert.Nil(t, r.Errors)
	assert.Equal(t, map[string]any{"transformed": float64(1)}, r.Metadata)
	assert.Nil(t, r.Paging)

	r, err = ParseResponse(WHMAPI1, 200, []byte(whmOK))
	require.NoError(t, err)
	assert.True(t, r.OK)
	assert.Equal(t, "OK", r.Reason)
	assert.Equal(t, "listaccts", r.Metadata["command"])
	assert.JSONEq(t, `{"acct":[{"user":"bob"}]}`, string(r.Data))

	r, err = ParseResponse(API2, 200, []byte(api2OK))
	require.NoError(t, err)
	assert.True(t, r.OK)
	assert.Equal(t, "Email", r.Metadata["module"])
	assert.NotContains(t, r.Metadata, "data")
	assert.JSONEq(t, `[{"email":"info@bob.example"}]`, string(r.Data))
}

func TestParseResponseUAPIVariants(t *testing.T) {
	tests := []struct {
		name, body string
		ok         bool
		errors     []string
		warnings   []string
		messages   []string
	}{
		{"status string 1", `{"status":"1","data":[]}`, true, nil, nil, nil},
		{"status string 0", `{"status":"0","data":null,"errors":["nope"]}`, false, []string{"nope"}, nil, nil},
		{"status bool", `{"status":true,"data":{}}`, true, nil, nil, nil},
		{"lists", `{"status":1,"data":1,"errors":[],"warnings":["w1",{"x":1}],"messages":"one"}`, true, []string{}, []string{"w1", `{"x":1}`}, []string{"one"}},
		{"bom and space", "\xef\xbb\xbf \n" + `{"status":1,"data":null}` + "\n", true, nil, nil, nil},
		{"liveapi wrapper", `{"apiversion":3,"func":"list_pops","module":"Email","result":{"status":1,"data":[1],"errors":null}}`, true, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseResponse(UAPI, 200, []byte(tt.body))
			if tt.ok {
				require.NoError(t, err)
			} else {
				assertCode(t, err, CodeAPIFailed)
			}
			assert.Equal(t, tt.ok, r.OK)
			assert.Equal(t, tt.errors, r.Errors)
			assert.Equal(t, tt.warnings, r.Warnings)
			assert.Equal(t, tt.messages, r.Messages)
		})
	}
}

func TestParseResponsePaging(t *testing.T) {
	body := `{"status":1,"data":[{"a":1}],"metadata":{"paginate":{"start_result":"21","current_page":2,"results_per_page":20,"total_pages":"5","total_results":93},"filter":{"records_before_filter":"120"}}}`
	r, err := ParseResponse(UAPI, 200, []byte(body))
	require.NoError(t, err)
	assert.Equal(t, &Paging{StartResult: 21, CurrentPage: 2, ResultsPerPage: 20, TotalPages: 5, TotalResults: 93}, r.Paging)
	assert.Equal(t, &Filter{RecordsBeforeFilter: 120}, r.Filter)

	r, err = ParseResponse(UAPI, 200, []byte(`{"status":1,"metadata":{"paginate":{"start_result":"x","current_page":1e99,"total_pages":null}}}`))
	require.NoError(t, err)
	assert.Equal(t, &Paging{}, r.Paging, "unreadable numbers are 0")
}

func TestParseResponseUAPICPanel(t *testing.T) {
	body := `{"metadata":{"command":"uapi_cpanel","reason":"OK","result":1,"version":1},"data":{"uapi":` + uapiOK + `}}`
	r, err := ParseResponse(UAPICPanel, 200, []byte(body))
	require.NoError(t, err)
	assert.True(t, r.OK)
	assert.Equal(t, UAPICPanel, r.Family)
	assert.JSONEq(t, `[{"email":"info@bob.example"}]`, string(r.Data))
	assert.Equal(t, map[string]any{"transformed": float64(1)}, r.Metadata, "the inner UAPI metadata")

	inner := `{"metadata":{"command":"uapi_cpanel","reason":"OK","result":1,"version":1},"data":{"uapi":` + uapiFail + `}}`
	r, err = ParseResponse(UAPICPanel, 200, []byte(inner))
	e := assertCode(t, err, CodeAPIFailed)
	assert.False(t, r.OK)
	assert.Equal(t, []string{"You do not have access to this feature."}, r.Errors)
	assert.Contains(t, e.Message, "You do not have access to this feature.")

	outer := `{"metadata":{"command":"uapi_cpanel","reason":"User parameter is invalid or was not supplied","result":0,"version":1},"data":null}`
	r, err = ParseResponse(UAPICPanel, 200, []byte(outer))
	e = assertCode(t, err, CodeAPIFailed)
	assert.Equal(t, "User parameter is invalid or was not supplied", r.Reason)
	assert.Contains(t, e.Message, "User parameter is invalid")

	for _, b := range []string{
		`{"metadata":{"result":1},"data":{}}`,
		`{"metadata":{"result":1},"data":{"uapi":{"data":1}}}`,
		`{"metadata":{"result":1},"data":[]}`,
		`{"metadata":{"result":1}}`,
	} {
		r, err = ParseResponse(UAPICPanel, 200, []byte(b))
		assertCode(t, err, CodeBadEnvelope)
		assert.False(t, r.OK, b)
	}
}

func TestParseResponseFailures(t *testing.T) {
	tests := []struct {
		name   string
		f      Family
		status int
		body   string
		code   string
		msg    string
	}{
		{"uapi failure", UAPI, 200, uapiFail, CodeAPIFailed, "UAPI call failed: You do not have access to this feature."},
		{"access denied on whm api", WHMAPI1, 403, accessDenied, CodeAccessDenied, "Access denied"},
		{"access denied on api2", API2, 403, accessDenied, CodeAccessDenied, "(HTTP 403)"},
		{"access denied on uapi", UAPI, 403, accessDenied, CodeAccessDenied, "user name or password"},
		{"access denied with 401 is a bad token (Decision 5)", WHMAPI1, 401, accessDenied, CodeTokenInvalid, "token"},
		{"tfa failed", WHMAPI1, 403, tfaFailed, CodeTFAFailed, "X-CPANEL-OTP"},
		{"tfa failed wrapped", API2, 403, `{"cpanelresult":` + tfaFailed + `}`, CodeTFAFailed, "TwoFactorAuth"},
		{"password age", UAPI, 403, passwordAge, CodeSecurityPolicy, "90 days"},
		{"unknown app", WHMAPI1, 200, `{"metadata":{"command":"nope","reason":"Unknown app (“nope”) requested for this version (1) of the API.","result":0,"version":1}}`, CodeUnknownFunction, "Unknown app"},
		{"whm failure string result", WHMAPI1, 200, `{"metadata":{"reason":"The user “x” does not exist.","result":"0"}}`, CodeAPIFailed, "WHM API 1 call failed: The user “x” does not exist."},
		{"whm output errors", WHMAPI1, 200, `{"metadata":{"reason":"failed","result":0,"output":{"errors":["disk full"],"warnings":["w"]}}}`, CodeAPIFailed, "failed"},
		{"token scope json", WHMAPI1, 403, `{"error":"Token authentication allows access to UAPI or API 2 calls only."}`, CodeTokenScope, "cannot call WHM API 1"},
		{"token scope text", WHMAPI1, 403, "Token authentication allows access to UAPI or API 2 calls only.\n", CodeTokenScope, "WHM API token"},
		{"permission denied json", WHMAPI1, 403, `{"metadata":{"result":0,"reason":"Permission denied"}}`, CodePermissionDenied, "2087"},
		{"permission denied text", WHMAPI1, 403, `<html>Permission denied</html>`, CodePermissionDenied, "2087"},
		{"function not found", UAPI, 404, `{"status":0,"errors":["Function not found"],"data":null}`, CodeFunctionNotFound, "2083"},
		{"function not found text", UAPI, 404, `Function not found`, CodeFunctionNotFound, "uapi_cpanel"},
		{"token invalid json", WHMAPI1, 401, `{"metadata":{"result":0,"reason":"Invalid token"}}`, CodeTokenInvalid, "revoked"},
		{"token invalid text", UAPI, 401, `Unauthorized`, CodeTokenInvalid, "HTTP 401"},
		{"token invalid other json", UAPI, 401, `{"x":1}`, CodeTokenInvalid, "HTTP 401"},
		{"token invalid bad envelope", UAPI, 401, `{"status":"maybe"}`, CodeTokenInvalid, "HTTP 401"},
		{"invalid security token", UAPI, 401, tokenDeniedHT, CodeInvalidSecurityToken, "/cpsessNNNNNNNNNN"},
		{"login page", UAPI, 200, `<html><form id="login_form" action="/login/" method="post"></form></html>`, CodeLoginRequired, "log in again"},
		{"redirect 301", WHMAPI1, 301, ``, CodeRedirect, "HTTP 301"},
		{"redirect 307", UAPI, 307, uapiOK, CodeRedirect, "TLS port"},
		{"not json", UAPI, 200, "<html><body>\x00Bad\tGateway \xff</body></html>", CodeNotJSON, `HTTP 200): "<html><body> Bad Gateway`},
		{"a proxy's 5xx page", UAPI, 502, "<html><body>\x00Bad\tGateway \xff</body></html>", CodeServerError, `restarting or updating; try again in a minute (HTTP 502): "<html><body> Bad Gateway`},
		{"cPanel updating", WHMAPI1, 503, "", CodeServerError, "HTTP 503"},
		{"empty", UAPI, 200, "", CodeNotJSON, "empty"},
		{"json array", UAPI, 200, `[1,2]`, CodeBadEnvelope, "not an object"},
		{"json null", UAPI, 200, `null`, CodeBadEnvelope, "not an object"},
		{"unknown object", UAPI, 200, `{"hello":1}`, CodeBadEnvelope, `"{\"hello\":1}"`},
		{"unknown object 500", UAPI, 500, `{"hello":1}`, CodeServerError, "HTTP 500"},
		{"ok envelope with 500", UAPI, 500, uapiOK, CodeHTTPError, "HTTP 500"},
		{"bad status", UAPI, 200, `{"status":[1]}`, CodeBadEnvelope, "status"},
		{"bad whm result", WHMAPI1, 200, `{"metadata":{"result":{}}}`, CodeBadEnvelope, "metadata.result"},
		{"bad api2", API2, 200, `{"cpanelresult":[]}`, CodeBadEnvelope, "cpanelresult"},
		{"bad api2 event", API2, 200, `{"cpanelresult":{"event":{"result":"yes"}}}`, CodeBadEnvelope, "event.result"},
		{"bad liveapi", UAPI, 200, `{"apiversion":3,"result":7}`, CodeBadEnvelope, "result is not an object"},
		{"api2 error", API2, 200, `{"cpanelresult":{"apiversion":2,"event":{"result":1},"error":"No such domain","data":[]}}`, CodeAPIFailed, "cPanel API 2 call failed: No such domain"},
		{"api2 event reason", API2, 200, `{"cpanelresult":{"event":{"result":0,"reason":"broken"},"data":[]}}`, CodeAPIFailed, "broken"},
		{"api2 item failure", API2, 200, `{"cpanelresult":{"event":{"result":1},"data":[{"result":0,"reason":"Sorry, the password may not contain the username"}]}}`, CodeAPIFailed, "password may not"},
		{"unknown family", "xml", 200, uapiOK, CodeFamily, "xml"},
		{"too large", UAPI, 200, "", CodeBodyTooLarge, "20 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if tt.code == CodeBodyTooLarge {
				body = make([]byte, MaxBodySize+1)
			}
			r, err := ParseResponse(tt.f, tt.status, body)
			e := assertCode(t, err, tt.code)
			assert.Contains(t, e.Message, tt.msg)
			assert.False(t, r.OK)
			if tt.code != CodeFamily {
				assert.Equal(t, tt.status, e.HTTPStatus)
				assert.Equal(t, tt.status, r.HTTPStatus)
			}
			assert.NotContains(t, e.Message, "\x00")
		})
	}
}

func TestParseResponseAccessDeniedResult(t *testing.T) {
	r, err := ParseResponse(WHMAPI1, 403, []byte(accessDenied))
	assertCode(t, err, CodeAccessDenied)
	assert.Equal(t, "Access denied", r.Reason)
	assert.Equal(t, []string{"Access denied"}, r.Errors)
	assert.Equal(t, "text", r.Metadata["type"])
}

func TestParseResponseServerTextIsCleaned(t *testing.T) {
	long := strings.Repeat("x", 500)
	_, err := ParseResponse(UAPI, 200, []byte(`{"status":0,"errors":["line1\nline2\u0007 `+long+`"]}`))
	e := assertCode(t, err, CodeAPIFailed)
	assert.Contains(t, e.Message, "line1 line2 xxx")
	assert.Less(t, len(e.Message), 300)
}

func TestParseCreateUserSession(t *testing.T) {
	body := `{"metadata":{"command":"create_user_session","reason":"Created session","result":1,"version":1},
 "data":{"cp_security_token":"/cpsess4927138456","expires":1718000300,"locale":"en","service":"cpaneld",
  "session":"bob:x7rGd9PLkWqz3YFb:create_user_session,f8b47c19a5de91b03ce6f20dbb1847e9",
  "url":"https://host.example.com:2083/cpsess4927138456/login/?session=bob%3ax7rGd9PLkWqz3YFb%3acreate_user_session%2cf8b47c19a5de91b03ce6f20dbb1847e9&locale=en"}}`
	s, err := ParseCreateUserSession(200, []byte(body))
	require.NoError(t, err)
	assert.Equal(t, Session{
		URL:           "https://host.example.com:2083/cpsess4927138456/login/?session=bob%3ax7rGd9PLkWqz3YFb%3acreate_user_session%2cf8b47c19a5de91b03ce6f20dbb1847e9&locale=en",
		Session:       "bob:x7rGd9PLkWqz3YFb:create_user_session,f8b47c19a5de91b03ce6f20dbb1847e9",
		SecurityToken: "/cpsess4927138456",
		Expires:       time.Unix(1718000300, 0).UTC(),
		Service:       "cpaneld",
	}, s)

	// expires as a string, token only in the URL.
	s, err = ParseCreateUserSession(200, []byte(`{"metadata":{"result":"1"},"data":{"expires":"1718000300","session":"s","url":"https://203.0.113.5:2087/cpsess1234567890/login/?session=s"}}`))
	require.NoError(t, err)
	assert.Equal(t, "/cpsess1234567890", s.SecurityToken)
	assert.Equal(t, int64(1718000300), s.Expires.Unix())

	s, err = ParseCreateUserSession(200, []byte(`{"metadata":{"result":1},"data":{"session":"s","cp_security_token":"/cpsess1234567890","url":"https://h:2083/x","expires":-5}}`))
	require.NoError(t, err)
	assert.True(t, s.Expires.IsZero())

	for name, tt := range map[string]struct {
		status int
		body   string
		code   string
	}{
		"refused":    {200, `{"metadata":{"result":0,"reason":"The “user” parameter is required."}}`, CodeAPIFailed},
		"denied":     {403, accessDenied, CodeAccessDenied},
		"no data":    {200, `{"metadata":{"result":1},"data":[]}`, CodeBadEnvelope},
		"no session": {200, `{"metadata":{"result":1},"data":{"url":"https://h:2083/cpsess1234567890/login/"}}`, CodeBadEnvelope},
		"js url":     {200, `{"metadata":{"result":1},"data":{"session":"s","cp_security_token":"/cpsess1234567890","url":"javascript:alert(1)"}}`, CodeBadEnvelope},
		"no host":    {200, `{"metadata":{"result":1},"data":{"session":"s","cp_security_token":"/cpsess1234567890","url":"https:///x"}}`, CodeBadEnvelope},
		"no token":   {200, `{"metadata":{"result":1},"data":{"session":"s","cp_security_token":"/cpsess12","url":"https://h:2083/login/"}}`, CodeBadEnvelope},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCreateUserSession(tt.status, []byte(tt.body))
			assertCode(t, err, tt.code)
		})
	}
}

func TestParseLogin(t *testing.T) {
	r, err := ParseLogin(200, []byte(`{"status":1,"security_token":"/cpsess5542387976","redirect":"/cpsess5542387976/frontend/x3/index.html?post_login=26386455459312"}`))
	require.NoError(t, err)
	assert.Equal(t, LoginResult{SecurityToken: "/cpsess5542387976", Redirect: "/cpsess5542387976/frontend/x3/index.html?post_login=26386455459312"}, r)

	r, err = ParseLogin(200, []byte(`{"status":"1","security_token":"","redirect":"https://other.example:2083/login/","session":"bob:abc"}`))
	require.NoError(t, err)
	assert.Equal(t, LoginResult{Redirect: "https://other.example:2083/login/", Session: "bob:abc"}, r)

	tests := []struct {
		name   string
		status int
		body   string
		code   string
		msg    string
	}{
		{"invalid login", 401, `{"status":0,"message":"invalid_login"}`, CodeInvalidLogin, "The login is invalid"},
		{"token missing", 401, `{"status":0,"message":"token_missing"}`, CodeTFARequired, "security code is required"},
		{"token incorrect", 401, `{"status":0,"message":"token_incorrect"}`, CodeTFAIncorrect, "incorrect"},
		{"changed ip", 401, `{"status":0,"message":"changed_ip"}`, CodeLoginFailed, "IP address has changed"},
		{"unknown key", 403, `{"status":0,"message":"weird\nkey"}`, CodeLoginFailed, `"weird key"`},
		{"no message 401", 401, `{"status":0}`, CodeLoginFailed, "HTTP 401"},
		{"status 0 with 200", 200, `{"status":0}`, CodeLoginFailed, "refused the login."},
		{"status 1 with 401", 401, `{"status":1,"message":"invalid_login"}`, CodeInvalidLogin, "invalid"},
		{"bad token", 200, `{"status":1,"security_token":"/cpsess1"}`, CodeBadEnvelope, "security_token"},
		{"js redirect", 200, `{"status":1,"redirect":"javascript:alert(1)"}`, CodeBadEnvelope, "redirect"},
		{"protocol-relative redirect", 200, `{"status":1,"redirect":"//evil.example/x"}`, CodeBadEnvelope, "redirect"},
		{"bad redirect", 200, `{"status":1,"redirect":"%zz"}`, CodeBadEnvelope, "redirect"},
		{"no status", 200, `{"foo":1}`, CodeBadEnvelope, "no status"},
		{"array", 200, `[1]`, CodeBadEnvelope, "not a JSON object"},
		{"html", 200, `<html>login</html>`, CodeNotJSON, "HTTP 200"},
		{"redirect", 302, ``, CodeRedirect, "HTTP 302"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLogin(tt.status, []byte(tt.body))
			e := assertCode(t, err, tt.code)
			assert.Contains(t, e.Message, tt.msg)
			assert.Equal(t, tt.status, e.HTTPStatus)
		})
	}
}

func TestStringListAndTruthy(t *testing.T) {
	assert.Nil(t, stringList(nil))
	assert.Nil(t, stringList(json.RawMessage(`null`)))
	assert.Equal(t, []string{"7"}, stringList(json.RawMessage(`7`)))
	for in, want := range map[string]bool{`1`: true, `0`: false, `"1"`: true, `" 0 "`: false, `2`: true, `false`: false, `"1.0"`: true} {
		got, err := truthy(json.RawMessage(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{``, `null`, `"yes"`, `[]`, `{`} {
		_, err := truthy(json.RawMessage(in))
		assert.Error(t, err, in)
	}
}

func TestClassifyGenericPhrases(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		code   string
	}{
		{"fileman EACCES stays an API failure", 200, `{"status":0,"errors":["open(/home/bob/x): Permission denied"]}`, CodeAPIFailed},
		{"exact phrase on 200", 200, `{"metadata":{"result":0,"reason":"Permission denied."}}`, CodePermissionDenied},
		{"phrase inside on 403", 403, `{"metadata":{"result":0,"reason":"Permission denied: WHM API on cPanel port"}}`, CodePermissionDenied},
		{"function not found inside on 200", 200, `{"status":0,"errors":["Function not found in module"]}`, CodeAPIFailed},
		{"access denied inside on 200", 200, `{"status":0,"errors":["Access denied to /x"]}`, CodeAPIFailed},
		{"access denied exact on 200", 200, `{"status":0,"errors":["Access denied"]}`, CodeAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseResponse(UAPI, tt.status, []byte(tt.body))
			assertCode(t, err, tt.code)
		})
	}
}
