package apiconsole

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
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
	"github.com/panelkey/panelkey/vault"
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

func testVault() *vault.Vault {
	return &vault.Vault{Version: 1, Servers: []vault.Server{
		{
			ID: "s1", Name: "Main", Address: "h.example", BaseURL: "https://h.example:2087",
			WHM: vault.WHM{User: "root", Token: whmToken, Password: rootPass, AccessHash: accessHash, TOTP: &vault.TOTP{Secret: rfcSecret}},
			Pages: []vault.Page{{ID: "p1", Loaded: true, Accounts: []vault.Account{
				{ID: "a-bob", User: "bob", Domain: "bob.example", Password: bobPassword, APIToken: bobToken},
				{ID: "a-alice", User: "alice", Domain: "alice.example", Password: alicePass,
					TOTP: &vault.TOTP{Secret: rfcSecret, Algorithm: "SHA1", Digits: 6, Period: 30}},
				{ID: "a-empty", User: "carol"},
			}}},
		},
		{ID: "s-bare", Address: "bare.example", WHM: vault.WHM{User: "root"}},
		{ID: "s-plain", Address: "http://plain.example:2086", WHM: vault.WHM{User: "root", Token: whmToken}},
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
			p, err := Prepare(en, tc.form, testVault(), bobSessions, at59, 0)
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
			p, err := Prepare(en, tc.form, testVault(), bobSessions, at59, 0)
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
	_, err := Prepare(en, Form{ServerID: "s1"}, nil, nil, at59, 0)
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
	p, err := Prepare(en, Form{ServerID: "s-plain", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken}, testVault(), nil, at59, 0)
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(en, f, testVault(), nil, tc.now, tc.offset)
			require.NoError(t, err)
			require.Len(t, p.Request.Headers, 2)
			assert.Equal(t, "X-CPANEL-OTP", p.Request.Headers[1].Name)
			assert.Equal(t, tc.want, p.Request.Headers[1].Value)
		})
	}

	// Years apart is no clock to compute codes at (totp.MaxOffset): refused, with no code sent.
	_, err := Prepare(en, f, testVault(), nil, rfc2005, at59.Sub(rfc2005))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "clock offset")
}

// The form holds references only: as stored in the history, it carries no secret of the vault.
func TestFormCarriesNoSecret(t *testing.T) {
	f := Form{ServerID: "s1", AccountID: "a-alice", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP}
	p, err := Prepare(en, f, testVault(), nil, at59, 0)
	require.NoError(t, err)
	e := Entry{ID: "h1", At: 1, Form: f, Status: 200, Outcome: OutcomeOK}
	v := vault.New()
	_, err = v.Apply(vault.AppendHistory{Entry: e.Stored()})
	require.NoError(t, err)
	text, err := v.Document()
	require.NoError(t, err)
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

const newBoxPass = "n3w box&pass=+%"

func TestPrepareArgumentsInTheQueryOrTheBody(t *testing.T) {
	addPop := [][2]string{{"email", "newbox"}, {"password", newBoxPass}, {"quota", "0"}}
	const addPopBody = "email=newbox&password=n3w+box%26pass%3D%2B%25&quota=0"
	const addPopShown = "email=newbox&password=<PASSWORD>&quota=0"
	pwArgs := [][2]string{{"email", "x"}, {"password", "pw"}}
	const pwBody, pwShown = "email=x&password=pw", "email=x&password=<PASSWORD>"
	viaWHM := func(family, function string) Form {
		return Form{ServerID: "s1", AccountID: "a-bob", Family: family, Module: "Email", Function: function, Auth: AuthWHMToken, Args: pwArgs}
	}
	for _, tc := range []struct {
		name              string
		form              Form
		method, url, body string
		shownURL          string // "" when it is url
		shownBody         string // "" when it is body
	}{
		{
			name:   "a password argument: a form body, automatically",
			form:   Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "add_pop", Args: addPop, Auth: AuthCPanelToken},
			method: "POST", url: "https://h.example:2083/execute/Email/add_pop", body: addPopBody, shownBody: addPopShown,
		},
		{
			name: "the user's choice of the query string: the URL masked",
			form: Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "add_pop", Args: addPop,
				Auth: AuthCPanelToken, Method: "GET"},
			method: "GET", url: "https://h.example:2083/execute/Email/add_pop?" + addPopBody,
			shownURL: "https://h.example:2083/execute/Email/add_pop?" + addPopShown,
		},
		{
			name: "WHM API 1 createacct: api.version=1 stays in the URL",
			form: Form{ServerID: "s1", Family: "whmapi1", Function: "createacct", Auth: AuthWHMToken,
				Args: [][2]string{{"username", "newuser"}, {"domain", "new.example"}, {"password", "p w"}}},
			method: "POST", url: "https://h.example:2087/json-api/createacct?api.version=1", body: "username=newuser&domain=new.example&password=p+w",
			shownBody: "username=newuser&domain=new.example&password=<PASSWORD>",
		},
		{
			name:   "API 2 through WHM: the cpanel_jsonapi_ keys stay in the URL",
			form:   viaWHM("api2", "addpop"),
			method: "POST", body: pwBody, shownBody: pwShown,
			url: "https://h.example:2087/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=addpop",
		},
		{
			name:   "uapi_cpanel: cpanel.user, .module, .function stay in the URL",
			form:   viaWHM("uapi_cpanel", "add_pop"),
			method: "POST", body: pwBody, shownBody: pwShown,
			url: "https://h.example:2087/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Email&cpanel.function=add_pop",
		},
		{
			name:   "the browser session: the security token in the path, the body as for any other",
			form:   Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "add_pop", Auth: AuthSession, Args: pwArgs},
			method: "POST", body: pwBody, shownBody: pwShown,
			url: "https://h.example:2083/cpsess0123456789/execute/Email/add_pop",
		},
		{
			name: "POST chosen without a secret: nothing masked",
			form: Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken, Method: "post",
				Args: [][2]string{{"search", "a b"}, {"want", "user"}}},
			method: "POST", url: "https://h.example:2087/json-api/listaccts?api.version=1", body: "search=a+b&want=user",
		},
		{
			name:   "POST without arguments: no body, no Content-Type",
			form:   Form{ServerID: "s1", Family: "whmapi1", Function: "version", Auth: AuthWHMToken, Method: "POST"},
			method: "POST", url: "https://h.example:2087/json-api/version?api.version=1",
		},
		{
			name: "no secret: the query string, as cPanel's examples",
			form: Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken,
				Args: [][2]string{{"search", "a b"}, {"searchtype", "user"}}},
			method: "GET", url: "https://h.example:2087/json-api/listaccts?api.version=1&search=a+b&searchtype=user",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Prepare(en, tc.form, testVault(), bobSessions, at59, 0)
			require.NoError(t, err)
			r := p.Request
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, tc.url, r.URL)
			assert.Equal(t, tc.body, r.Body)
			ctype := ""
			if tc.body != "" {
				ctype = cpapi.FormContentType
			}
			assert.Equal(t, ctype, r.ContentType)
			s := p.Snippet
			assert.Equal(t, []string{r.Method, r.URL, r.Body, r.ContentType}, []string{s.Method, s.URL, s.Body, s.ContentType},
				"the request shown is the request sent")
			if tc.shownURL == "" {
				tc.shownURL = tc.url
			}
			if tc.shownBody == "" {
				tc.shownBody = tc.body
			}
			assert.Equal(t, tc.shownURL, s.ShowURL(false))
			assert.Equal(t, tc.shownBody, s.ShowBody(false))
			assert.Equal(t, tc.url, s.ShowURL(true))
			assert.Equal(t, tc.body, s.ShowBody(true))
			if r.Method == "POST" {
				assert.Equal(t, r.Body, snippet.FormBody(s.Form), "the snippets write the body that is sent")
			} else {
				// The query string is the one cpapi builds for the whole call.
				call := cpapi.Call{Family: cpapi.Family(tc.form.Family), Module: tc.form.Module, Function: tc.form.Function}
				if call.Family == cpapi.WHMAPI1 {
					call.Module = ""
				}
				for _, kv := range tc.form.Args {
					call.Args = append(call.Args, cpapi.Arg{Key: kv[0], Value: kv[1]})
				}
				whole, err := cpapi.BuildRequest(p.BaseURL, call, "")
				require.NoError(t, err)
				assert.Equal(t, whole.URL, r.URL)
			}
			curl, err := snippet.Curl(s, false)
			require.NoError(t, err)
			for _, text := range []string{curl, snippet.Fetch(s, false), RequestHTML(en, s, false)} {
				for _, secret := range []string{newBoxPass, "p w", "p+w", "=pw", "pw&"} {
					assert.NotContains(t, text, secret)
				}
			}
		})
	}
}

func TestDefaultMethod(t *testing.T) {
	assert.Equal(t, MethodGET, DefaultMethod(nil))
	assert.Equal(t, MethodGET, DefaultMethod([][2]string{{"skip_main", "1"}, {"token_name", "x"}}))
	assert.Equal(t, MethodPOST, DefaultMethod([][2]string{{"email", "x"}, {"Password", ""}}), "by name, whatever the value")
	for method, want := range map[string]string{"": MethodPOST, "GET": MethodGET, "get": MethodGET, "POST": MethodPOST, "PUT": MethodPOST} {
		assert.Equal(t, want, Form{Method: method, Args: [][2]string{{"pass", "x"}}}.SendMethod(), method)
	}
	assert.Equal(t, MethodGET, Form{Method: "bogus"}.SendMethod())
}

func TestForHistory(t *testing.T) {
	f := Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "add_pop", Auth: AuthCPanelToken,
		Args: [][2]string{{"email", "x"}, {"password", newBoxPass}, {"tfa_token", ""}, {"newpass", "again"}}, Withheld: []int{3}}
	h := f.ForHistory()
	assert.Equal(t, [][2]string{{"email", "x"}, {"password", ""}, {"tfa_token", ""}, {"newpass", ""}}, h.Args)
	assert.Equal(t, []int{1, 3}, h.Withheld, "an argument sent empty is sent empty again")
	assert.Equal(t, newBoxPass, f.Args[1][1], "f itself is unchanged")
	assert.Equal(t, []int{1, 3}, h.Missing())
	assert.Equal(t, h, h.ForHistory(), "stable")
	assert.Nil(t, Form{ServerID: "s1"}.ForHistory().Args)

	e := Entry{ID: "h1", Form: f, Status: 200, Outcome: OutcomeOK}
	stored := e.Stored()
	assert.Equal(t, [][2]string{{"email", "x"}, {"password", ""}, {"tfa_token", ""}, {"newpass", ""}}, stored.Form.Args)
	assert.Equal(t, []int{1, 3}, stored.Form.Withheld)
	assert.Equal(t, newBoxPass, e.Form.Args[1][1], "Stored leaves the caller's entry alone")

	// An entry an older version stored with the value is read without it.
	got := History([]vault.HistoryEntry{{ID: "h0", At: 1, Status: 200, Outcome: "ok", Form: vault.Request{ServerID: "s1",
		Family: "uapi", Module: "Email", Function: "add_pop", Auth: "cpanel-token", Args: [][2]string{{"email", "x"}, {"password", "clear-old"}}}}})
	require.Len(t, got, 1)
	assert.Equal(t, [][2]string{{"email", "x"}, {"password", ""}}, got[0].Form.Args)
	assert.Equal(t, []int{1}, got[0].Form.Withheld)
}

func TestWithheldArguments(t *testing.T) {
	f := Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "add_pop", Auth: AuthCPanelToken,
		Args: [][2]string{{"email", "x"}, {"password", ""}, {"quota", "0"}}, Withheld: []int{1}}
	p, err := Prepare(en, f, testVault(), nil, at59, 0)
	require.Error(t, err)
	assert.Equal(t, CodeWithheld, errCode(err))
	assert.Equal(t, "Type the value of “password” again: the history keeps no secret argument.", err.Error())
	require.NotNil(t, p, "the problems still show")

	f.Args[1][1] = "typed again"
	p, err = Prepare(en, f, testVault(), nil, at59, 0)
	require.NoError(t, err)
	assert.Equal(t, "email=x&password=typed+again&quota=0", p.Request.Body)
	assert.Empty(t, f.Missing())

	f.Args[1][1] = ""
	assert.Equal(t, []int{1}, f.Missing())
	g := f.WithoutArg(0)
	assert.Equal(t, [][2]string{{"password", ""}, {"quota", "0"}}, g.Args)
	assert.Equal(t, []int{0}, g.Withheld, "the index follows its row")
	assert.Empty(t, f.WithoutArg(1).Withheld, "the withheld row removed")
	assert.Equal(t, []int{1}, f.WithoutArg(2).Withheld)
	assert.Equal(t, f, f.WithoutArg(7))
	assert.Equal(t, "email", f.Args[0][0], "f is unchanged")
	assert.Len(t, f.Args, 3)
	assert.Equal(t, []int(nil), Form{Args: [][2]string{{"password", ""}}, Withheld: []int{-1, 5}}.Missing())
}

// TestSecretArgumentsMaskedEverywhere: each name issue 11 lists, in its usual spellings, is kept out of the
// request shown, both snippets and the history, whichever way the arguments travel.
func TestSecretArgumentsMaskedEverywhere(t *testing.T) {
	const value = "S3CRET-VALUE-42"
	for _, name := range []string{"apikey", "api_key", "privatekey", "accesskey", "authkey", "sshkey", "key", "token",
		"password", "pass", "secret", "hash", "API-Key", "Private.Key", "SSHKEY", "Password", "x_hash"} {
		for _, method := range []string{"", MethodGET, MethodPOST} {
			f := Form{ServerID: "s1", Family: "uapi", Module: "SSL", Function: "install_ssl", Auth: AuthSession,
				Method: method, Args: [][2]string{{"domain", "bob.example"}, {name, value}}}
			p, err := Prepare(en, f, testVault(), bobSessions, at59, 0)
			require.NoError(t, err, name)
			assert.Contains(t, p.Request.URL+p.Request.Body, url.QueryEscape(value), "%s is sent", name)
			curl, err := snippet.Curl(p.Snippet, false)
			require.NoError(t, err)
			for what, text := range map[string]string{"curl": curl, "fetch": snippet.Fetch(p.Snippet, false),
				"request shown": RequestHTML(en, p.Snippet, false)} {
				assert.NotContains(t, text, value, "%s (%s) in the %s", name, method, what)
			}
			h, err := json.Marshal(f.ForHistory())
			require.NoError(t, err)
			assert.NotContains(t, string(h), value, "%s in the history", name)
		}
	}
}
