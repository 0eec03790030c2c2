package apiconsole

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/ui"
)

// RFC 6238's SHA1 secret ("12345678901234567890"); its 6-digit code at 59 s is 287082.
const (
	rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	rfcCode   = "287082"
)

var at59 = time.Unix(59, 0)

const (
	whmToken    = "ROOTTOKEN0123456789"
	bobToken    = "BOBTOKEN0123456789"
	bobPassword = "bob's pass:word"
	alicePass   = "alice-pass"
	rootPass    = "root-pass"
	accessHash  = "ab12\ncd34\r\n"
)

func testVault() *ui.Vault {
	return &ui.Vault{Version: 1, Servers: []ui.Server{
		{
			ID: "s1", Name: "Main", Address: "h.example", BaseURL: "https://h.example:2087",
			WHM: ui.WHM{User: "root", Token: whmToken, Password: rootPass, AccessHash: accessHash, TOTP: &ui.TOTP{Secret: rfcSecret}},
			Accounts: []ui.Account{
				{ID: "a-bob", User: "bob", Domain: "bob.example", Password: bobPassword, APIToken: bobToken},
				{ID: "a-alice", User: "alice", Domain: "alice.example", Password: alicePass,
					TOTP: &ui.TOTP{Secret: rfcSecret, Algorithm: "SHA1", Digits: 6, Period: 30}},
				{ID: "a-empty", User: "carol"},
			},
		},
		{ID: "s-bare", Address: "bare.example", WHM: ui.WHM{User: "root"}},
		{ID: "s-plain", Address: "http://plain.example:2086", WHM: ui.WHM{User: "root", Token: whmToken}},
	}}
}

var bobSessions = Sessions{
	"cpanel": {BaseURL: "https://h.example:2083", Cpsess: "/cpsess0123456789", User: "bob", At: 1000},
	"whm":    {BaseURL: "https://h.example:2087", Cpsess: "/cpsess9876543210", User: "root", At: 1000},
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func codes(ps []preflight.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestPrepare(t *testing.T) {
	for _, tc := range []struct {
		name     string
		form     Form
		service  endpoint.Service
		url      string
		headers  []snippet.Header
		cookie   string
		user     string
		problems []string
	}{
		{
			name:    "WHM API 1 with the WHM token goes to WHM",
			form:    Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Args: [][2]string{{"search", "bob"}}, Auth: AuthWHMToken},
			service: endpoint.WHM,
			url:     "https://h.example:2087/json-api/listaccts?api.version=1&search=bob",
			headers: []snippet.Header{{Name: "Authorization", Value: "whm root:" + whmToken, Masked: "whm root:<WHM_API_TOKEN>"}},
			user:    "root", problems: []string{},
		},
		{
			name:    "UAPI with the account's cPanel token goes to cPanel",
			form:    Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthCPanelToken},
			service: endpoint.CPanel,
			url:     "https://h.example:2083/execute/Email/list_pops",
			headers: []snippet.Header{{Name: "Authorization", Value: "cpanel bob:" + bobToken, Masked: "cpanel bob:<CPANEL_API_TOKEN>"}},
			user:    "bob", problems: []string{},
		},
		{
			name:    "Basic + 2FA: the code of the account's secret at that moment",
			form:    Form{ServerID: "s1", AccountID: "a-alice", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP},
			service: endpoint.CPanel,
			url:     "https://h.example:2083/execute/Email/list_pops",
			headers: []snippet.Header{
				{Name: "Authorization", Value: basic("alice", alicePass), Masked: "Basic <BASE64(alice:PASSWORD)>"},
				{Name: "X-CPANEL-OTP", Value: rfcCode, Masked: "<2FA_CODE>"},
			},
			user: "alice", problems: []string{},
		},
		{
			name:    "Basic without an account is the WHM user's password",
			form:    Form{ServerID: "s1", Family: "whmapi1", Function: "version", Auth: AuthBasic},
			service: endpoint.WHM,
			url:     "https://h.example:2087/json-api/version?api.version=1",
			headers: []snippet.Header{{Name: "Authorization", Value: basic("root", rootPass), Masked: "Basic <BASE64(root:PASSWORD)>"}},
			user:    "root", problems: []string{},
		},
		{
			name:    "the browser session: its origin, its token in the path, its cookie, no header",
			form:    Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthSession},
			service: endpoint.CPanel,
			url:     "https://h.example:2083/cpsess0123456789/execute/Email/list_pops",
			cookie:  "cpsession", user: "bob", problems: []string{},
		},
		{
			name:    "WHM API 1 in a WHM session",
			form:    Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthSession},
			service: endpoint.WHM,
			url:     "https://h.example:2087/cpsess9876543210/json-api/listaccts?api.version=1",
			cookie:  "whostmgrsession", user: "root", problems: []string{},
		},
		{
			name:     "WHM API 1 sent to cPanel: preflight says what the server will answer",
			form:     Form{ServerID: "s1", Service: "cpanel", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken},
			service:  endpoint.CPanel,
			url:      "https://h.example:2083/json-api/listaccts?api.version=1",
			headers:  []snippet.Header{{Name: "Authorization", Value: "whm root:" + whmToken, Masked: "whm root:<WHM_API_TOKEN>"}},
			user:     "root",
			problems: []string{preflight.CodeWHMAPIOnCPanelPort, preflight.CodeWHMTokenOffWHM},
		},
		{
			name:    "uapi_cpanel runs as the chosen account",
			form:    Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi_cpanel", Module: "Email", Function: "list_pops", Auth: AuthWHMToken},
			service: endpoint.WHM,
			url:     "https://h.example:2087/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Email&cpanel.function=list_pops",
			headers: []snippet.Header{{Name: "Authorization", Value: "whm root:" + whmToken, Masked: "whm root:<WHM_API_TOKEN>"}},
			user:    "root", problems: []string{},
		},
		{
			name:    "API 2 through WHM names the account",
			form:    Form{ServerID: "s1", AccountID: "a-bob", Family: "api2", Module: "Email", Function: "listpops", Auth: AuthWHMToken},
			service: endpoint.WHM,
			url:     "https://h.example:2087/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops",
			headers: []snippet.Header{{Name: "Authorization", Value: "whm root:" + whmToken, Masked: "whm root:<WHM_API_TOKEN>"}},
			user:    "root", problems: []string{},
		},
		{
			name:    "API 2 with the account's token runs on cPanel as that account",
			form:    Form{ServerID: "s1", AccountID: "a-bob", Family: "api2", Module: "Email", Function: "listpops", Auth: AuthCPanelToken},
			service: endpoint.CPanel,
			url:     "https://h.example:2083/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops",
			headers: []snippet.Header{{Name: "Authorization", Value: "cpanel bob:" + bobToken, Masked: "cpanel bob:<CPANEL_API_TOKEN>"}},
			user:    "bob", problems: []string{},
		},
		{
			name:     "the access hash, without its line breaks, with preflight's warning",
			form:     Form{ServerID: "s1", Family: "whmapi1", Function: "version", Auth: AuthAccessHash},
			service:  endpoint.WHM,
			url:      "https://h.example:2087/json-api/version?api.version=1",
			headers:  []snippet.Header{{Name: "Authorization", Value: "WHM root:ab12cd34", Masked: "WHM root:<ACCESS_HASH>"}},
			user:     "root",
			problems: []string{preflight.CodeAccessHashOld},
		},
		{
			name: "WHM API 1 has no module; repeated keys stay; empty rows go",
			form: Form{ServerID: "s1", Family: "whmapi1", Module: "Ignored", Function: "listaccts", Auth: AuthWHMToken,
				Args: [][2]string{{"want", "user"}, {"", ""}, {"want", "domain"}, {" search ", "a b&c"}}},
			service: endpoint.WHM,
			url:     "https://h.example:2087/json-api/listaccts?api.version=1&want=user&want=domain&search=a+b%26c",
			headers: []snippet.Header{{Name: "Authorization", Value: "whm root:" + whmToken, Masked: "whm root:<WHM_API_TOKEN>"}},
			user:    "root", problems: []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(tc.form, testVault(), bobSessions, at59, 0)
			require.NoError(t, err)
			assert.Equal(t, tc.service, p.Service)
			assert.Equal(t, tc.url, p.Request.URL)
			assert.Equal(t, "GET", p.Request.Method)
			assert.Equal(t, tc.url, p.Snippet.URL)
			assert.Equal(t, tc.headers, p.Snippet.Headers)
			require.Len(t, p.Request.Headers, len(tc.headers))
			for i, h := range tc.headers {
				assert.Equal(t, h.Name, p.Request.Headers[i].Name)
				assert.Equal(t, h.Value, p.Request.Headers[i].Value, "the worker gets the real value")
			}
			assert.Equal(t, tc.cookie, p.Snippet.Cookie)
			assert.Equal(t, tc.user, p.User)
			assert.Equal(t, tc.problems, codes(p.Problems))
			assert.Nil(t, p.Blocked())
		})
	}
}

func TestPrepareRefusals(t *testing.T) {
	for _, tc := range []struct {
		name     string
		form     Form
		code     string
		problems []string // nil: no Prepared comes back
	}{
		{"no server", Form{ServerID: "nope", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthSession}, CodeServer, nil},
		{"account gone", Form{ServerID: "s1", AccountID: "gone", Family: "uapi", Module: "E", Function: "f", Auth: AuthBasic}, CodeAccount, nil},
		{"unknown method", Form{ServerID: "s1", Family: "uapi", Module: "E", Function: "f", Auth: "cookie"}, CodeAuth, nil},
		{"unknown service", Form{ServerID: "s1", Service: "ftp", Family: "uapi", Module: "E", Function: "f", Auth: AuthBasic}, CodeService, nil},
		{"unknown family", Form{ServerID: "s1", Family: "xml-api", Function: "f", Auth: AuthBasic}, cpapi.CodeFamily, nil},
		{"no session for that service", Form{ServerID: "s1", Service: "webmail", Family: "uapi", Module: "E", Function: "f", Auth: AuthSession},
			CodeSession, nil},
		{"cPanel token without an account", Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthCPanelToken},
			CodeAccountRequired, []string{}},
		{"uapi_cpanel without an account", Form{ServerID: "s1", Family: "uapi_cpanel", Module: "Email", Function: "list_pops", Auth: AuthWHMToken},
			CodeAccountRequired, []string{}},
		{"no token saved", Form{ServerID: "s-bare", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken}, CodeCredentials, []string{}},
		{"no cPanel token saved", Form{ServerID: "s1", AccountID: "a-empty", Family: "uapi", Module: "E", Function: "f", Auth: AuthCPanelToken},
			CodeCredentials, []string{}},
		{"no password saved", Form{ServerID: "s1", AccountID: "a-empty", Family: "uapi", Module: "E", Function: "f", Auth: AuthBasic},
			CodeCredentials, []string{}},
		{"no 2FA secret saved", Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "E", Function: "f", Auth: AuthBasicOTP},
			CodeCredentials, []string{}},
		{"a bad function name: the problems are still known", Form{ServerID: "s1", Service: "cpanel", Family: "whmapi1", Function: "list accts",
			Auth: AuthWHMToken}, cpapi.CodeName, []string{preflight.CodeWHMAPIOnCPanelPort, preflight.CodeWHMTokenOffWHM}},
		{"a reserved argument", Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Args: [][2]string{{"api.version", "2"}},
			Auth: AuthWHMToken}, cpapi.CodeArg, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(tc.form, testVault(), bobSessions, at59, 0)
			require.Error(t, err)
			assert.Equal(t, tc.code, errCode(err))
			for _, secret := range []string{whmToken, bobToken, bobPassword, alicePass, rootPass, rfcSecret, "ab12"} {
				assert.NotContains(t, err.Error(), secret)
			}
			if tc.problems == nil {
				assert.Nil(t, p)
				return
			}
			require.NotNil(t, p)
			assert.Equal(t, tc.problems, codes(p.Problems))
		})
	}
	_, err := Prepare(Form{ServerID: "s1"}, nil, nil, at59, 0)
	assert.Equal(t, CodeServer, errCode(err), "no vault")
}

func errCode(err error) string {
	var ce *cpapi.Error
	var ae *Error
	switch {
	case errors.As(err, &ae):
		return ae.Code
	case errors.As(err, &ce):
		return ce.Code
	}
	return "other: " + err.Error()
}

func TestPrepareBlocksCredentialsOnPlainText(t *testing.T) {
	p, err := Prepare(Form{ServerID: "s-plain", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken}, testVault(), nil, at59, 0)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.Request.URL, "http://plain.example:2086/"))
	b := p.Blocked()
	require.NotNil(t, b)
	assert.Equal(t, preflight.CodePlaintextCredential, b.Code)
}

func TestDefaultService(t *testing.T) {
	for _, tc := range []struct {
		f       cpapi.Family
		a       Auth
		account bool
		want    endpoint.Service
	}{
		{cpapi.UAPI, AuthSession, false, endpoint.CPanel},
		{cpapi.UAPI, AuthWHMToken, true, endpoint.CPanel},
		{cpapi.WHMAPI1, AuthCPanelToken, true, endpoint.WHM},
		{cpapi.UAPICPanel, AuthBasic, true, endpoint.WHM},
		{cpapi.API2, AuthWHMToken, true, endpoint.WHM},
		{cpapi.API2, AuthAccessHash, false, endpoint.WHM},
		{cpapi.API2, AuthBasic, false, endpoint.WHM},
		{cpapi.API2, AuthBasicOTP, true, endpoint.CPanel},
		{cpapi.API2, AuthCPanelToken, true, endpoint.CPanel},
		{cpapi.API2, AuthSession, true, endpoint.CPanel},
	} {
		assert.Equal(t, tc.want, DefaultService(tc.f, tc.a, tc.account), "%s %s account=%v", tc.f, tc.a, tc.account)
	}
}

// Basic + 2FA: the code is the one at now+offset, the server's time.
func TestPrepareCodeAtServerTime(t *testing.T) {
	f := Form{ServerID: "s1", AccountID: "a-alice", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP}
	// RFC 6238's SHA1 vector at 1111111109 s: 07081804, so 081804 in 6 digits.
	rfc2005 := time.Unix(1111111109, 0)
	for _, tc := range []struct {
		name   string
		now    time.Time
		offset time.Duration
		want   string
	}{
		{"no offset", at59, 0, rfcCode},
		{"server 150 s ahead", at59.Add(-150 * time.Second), 150 * time.Second, rfcCode},
		{"server 150 s behind", rfc2005.Add(150 * time.Second), -150 * time.Second, "081804"},
		{"server a day ahead", rfc2005.Add(-24 * time.Hour), 24 * time.Hour, "081804"},
		{"no offset, the vector's second time", rfc2005, 0, "081804"},
		{"an offset of years", rfc2005, at59.Sub(rfc2005), rfcCode},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(f, testVault(), nil, tc.now, tc.offset)
			require.NoError(t, err)
			require.Len(t, p.Request.Headers, 2)
			assert.Equal(t, "X-CPANEL-OTP", p.Request.Headers[1].Name)
			assert.Equal(t, tc.want, p.Request.Headers[1].Value)
		})
	}
}

// The form holds references only: as stored in the history, it carries no secret of the vault.
func TestFormCarriesNoSecret(t *testing.T) {
	f := Form{ServerID: "s1", AccountID: "a-alice", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP}
	p, err := Prepare(f, testVault(), nil, at59, 0)
	require.NoError(t, err)
	e := Entry{ID: "h1", At: 1, Form: f, Status: 200, Outcome: OutcomeOK}
	text := entryJSON(t, e)
	for _, h := range p.Request.Headers {
		assert.NotContains(t, text, h.Value)
	}
	assert.NotContains(t, text, alicePass)
	assert.NotContains(t, text, rfcSecret)
}

func TestSessionLogin(t *testing.T) {
	v := testVault()
	for _, tc := range []struct {
		name    string
		form    Form
		service endpoint.Service
		want    ui.Login
		ok      bool
	}{
		{"WHM: the server's WHM user, by token", Form{ServerID: "s1"}, endpoint.WHM,
			ui.Login{ServerID: "s1", Service: "whm", Method: ui.MethodToken}, true},
		{"WHM even with an account chosen", Form{ServerID: "s1", AccountID: "a-bob"}, endpoint.WHM,
			ui.Login{ServerID: "s1", Service: "whm", Method: ui.MethodToken}, true},
		{"cPanel: the account", Form{ServerID: "s1", AccountID: "a-bob"}, endpoint.CPanel,
			ui.Login{ServerID: "s1", AccountID: "a-bob", Service: "cpanel", Method: ui.MethodToken}, true},
		{"cPanel without an account", Form{ServerID: "s1"}, endpoint.CPanel, ui.Login{}, false},
		{"no credentials", Form{ServerID: "s-bare"}, endpoint.WHM, ui.Login{}, false},
		{"unknown server", Form{ServerID: "nope"}, endpoint.WHM, ui.Login{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := SessionLogin(v, tc.form, tc.service)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
