package cpapi

import (
	"strings"
	"testing"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFamilies(t *testing.T) {
	for _, f := range Families() {
		assert.True(t, f.Valid())
		got, err := ParseFamily(strings.ToUpper(string(f)))
		require.NoError(t, err)
		assert.Equal(t, f, got)
		assert.NotEmpty(t, f.Title())
	}
	for in, want := range map[string]Family{"whm": WHMAPI1, " api1 ": WHMAPI1, "whmapi": WHMAPI1} {
		got, err := ParseFamily(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseFamily("xmlapi")
	assertCode(t, err, CodeFamily)
	assert.False(t, Family("api1").Valid())
	assert.Equal(t, "x", Family("x").Title())
}

func TestCallPath(t *testing.T) {
	tests := []struct {
		name string
		call Call
		want string
	}{
		{"uapi no args", Call{Family: UAPI, Module: "Email", Function: "list_pops"}, "/execute/Email/list_pops"},
		{"uapi args in order, repeated, escaped", Call{Family: UAPI, Module: "Email", Function: "add_pop",
			Args: []Arg{{"email", "info"}, {"domain", "bob.example"}, {"password", "a b&c=d/é"}, {"domain", "x"}}},
			"/execute/Email/add_pop?email=info&domain=bob.example&password=a+b%26c%3Dd%2F%C3%A9&domain=x"},
		{"whmapi1", Call{Family: WHMAPI1, Function: "listaccts", Args: []Arg{{"search", "bob"}, {"searchtype", "user"}}},
			"/json-api/listaccts?api.version=1&search=bob&searchtype=user"},
		{"whmapi1 no args", Call{Family: WHMAPI1, Function: "applist"}, "/json-api/applist?api.version=1"},
		{"api2 via whm", Call{Family: API2, Module: "Email", Function: "listpopswithdisk", User: "bob", Args: []Arg{{"domain", "bob.example"}}},
			"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpopswithdisk&domain=bob.example"},
		{"api2 on 2083 without user", Call{Family: API2, Module: "Email", Function: "listpops"},
			"/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops"},
		{"uapi_cpanel", Call{Family: UAPICPanel, Module: "StatsBar", Function: "get_stats", User: "bob", Args: []Arg{{"display", "diskusage|bandwidthusage"}}},
			"/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=StatsBar&cpanel.function=get_stats&display=diskusage%7Cbandwidthusage"},
		{"uapi_cpanel email user", Call{Family: UAPICPanel, Module: "Mail", Function: "x", User: "info@bob.example"},
			"/json-api/uapi_cpanel?api.version=1&cpanel.user=info%40bob.example&cpanel.module=Mail&cpanel.function=x"},
		{"empty value", Call{Family: UAPI, Module: "A", Function: "b", Args: []Arg{{"k", ""}}}, "/execute/A/b?k="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call.Path()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCallPathErrors(t *testing.T) {
	tests := []struct {
		name string
		call Call
		code string
		msg  string
	}{
		{"family", Call{Family: "xml", Module: "A", Function: "b"}, CodeFamily, "xml"},
		{"empty module", Call{Family: UAPI, Function: "b"}, CodeName, "module name is empty"},
		{"empty function", Call{Family: WHMAPI1}, CodeName, "function name is empty"},
		{"module slash", Call{Family: UAPI, Module: "Email/../x", Function: "b"}, CodeName, "letters, digits and _"},
		{"function query", Call{Family: WHMAPI1, Function: "listaccts?x=1"}, CodeName, "listaccts?x=1"},
		{"function dash", Call{Family: UAPI, Module: "A", Function: "list-pops"}, CodeName, "list-pops"},
		{"function unicode", Call{Family: UAPI, Module: "A", Function: "lïst"}, CodeName, "lïst"},
		{"too long", Call{Family: UAPI, Module: "A", Function: strings.Repeat("a", 129)}, CodeName, "invalid"},
		{"whm module", Call{Family: WHMAPI1, Module: "Accounts", Function: "listaccts"}, CodeModule, "no module"},
		{"uapi user", Call{Family: UAPI, Module: "A", Function: "b", User: "bob"}, CodeUser, "Call.User"},
		{"whm user", Call{Family: WHMAPI1, Function: "b", User: "bob"}, CodeUser, "\"user\" argument"},
		{"uapi_cpanel no user", Call{Family: UAPICPanel, Module: "A", Function: "b"}, CodeUser, "needs the cPanel user"},
		{"user newline", Call{Family: API2, Module: "A", Function: "b", User: "bob\n"}, CodeUser, "control"},
		{"user slash", Call{Family: API2, Module: "A", Function: "b", User: "../bob"}, CodeUser, "/"},
		{"empty key", Call{Family: UAPI, Module: "A", Function: "b", Args: []Arg{{"a", "1"}, {"", "2"}}}, CodeArg, "argument 2"},
		{"reserved whm", Call{Family: WHMAPI1, Function: "b", Args: []Arg{{"API.Version", "0"}}}, CodeArg, "API.Version"},
		{"reserved api2", Call{Family: API2, Module: "A", Function: "b", Args: []Arg{{"cpanel_jsonapi_user", "root"}}}, CodeArg, "cpanel_jsonapi_user"},
		{"reserved uapi_cpanel", Call{Family: UAPICPanel, Module: "A", Function: "b", User: "bob", Args: []Arg{{"cpanel.user", "root"}}}, CodeArg, "cpanel.user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.call.Path()
			e := assertCode(t, err, tt.code)
			assert.Contains(t, e.Message, tt.msg)
		})
	}
}

func TestBuildRequest(t *testing.T) {
	c := Call{Family: UAPI, Module: "Ftp", Function: "list_ftp"}
	r, err := BuildRequest("https://host.example.com:2083/", c, "")
	require.NoError(t, err)
	assert.Equal(t, Request{Method: "GET", URL: "https://host.example.com:2083/execute/Ftp/list_ftp"}, r)

	r, err = BuildRequest("https://host.example.com:2083", c, "/cpsess0123456789")
	require.NoError(t, err)
	assert.Equal(t, "https://host.example.com:2083/cpsess0123456789/execute/Ftp/list_ftp", r.URL)

	r, err = BuildRequest(" https://[2001:db8::1]:2087 ", Call{Family: WHMAPI1, Function: "version"}, "cpsess9999999999")
	require.NoError(t, err)
	assert.Equal(t, "https://[2001:db8::1]:2087/cpsess9999999999/json-api/version?api.version=1", r.URL)

	r, err = BuildRequest("http://127.0.0.1:40123", c, "")
	require.NoError(t, err, "any port: the emulator listens on ephemeral ports; preflight judges ports")
	assert.Equal(t, "http://127.0.0.1:40123/execute/Ftp/list_ftp", r.URL)
}

func TestBuildRequestErrors(t *testing.T) {
	c := Call{Family: UAPI, Module: "Ftp", Function: "list_ftp"}
	for _, tt := range []struct{ base, cpsess, code, msg string }{
		{"host.example.com:2083", "", CodeBase, "scheme"},
		{"ftp://host:2083", "", CodeBase, "scheme"},
		{"https://", "", CodeBase, "no host"},
		{"https://:2083", "", CodeBase, "no host"},
		{"https://host:2083/cpsess0123456789", "", CodeBase, "path"},
		{"https://host:2083?x", "", CodeBase, "query"},
		{"https://host:2083?", "", CodeBase, "query"},
		{"https://host:2083#", "", CodeBase, "fragment"},
		{"https://host:2083/#f", "", CodeBase, "fragment"},
		{"https://ho st:2083", "", CodeBase, "does not parse"},
		{"https://root:pw@host:2087", "", CodeBase, "user name or password"},
		{"https://host:2083", "/cpsess123", CodeCpsess, "exactly 10 digits"},
		{"https://host:2083", "/cpsess01234567890", CodeCpsess, "exactly 10 digits"},
		{"https://host:2083", "/cpsess0123456789/", CodeCpsess, "exactly 10 digits"},
		{"https://host:2083", "/CPSESS0123456789", CodeCpsess, "exactly 10 digits"},
	} {
		t.Run(tt.base+tt.cpsess, func(t *testing.T) {
			_, err := BuildRequest(tt.base, c, tt.cpsess)
			e := assertCode(t, err, tt.code)
			assert.Contains(t, e.Message, tt.msg)
			assert.NotContains(t, e.Message, "pw@")
		})
	}
	_, err := BuildRequest("https://host:2083", Call{Family: UAPI}, "")
	assertCode(t, err, CodeName)
}

func TestRedactUserinfo(t *testing.T) {
	assert.Equal(t, "https://…@host/x@y", redactUserinfo("https://a:b@host/x@y"))
	assert.Equal(t, "https://host/x@y", redactUserinfo("https://host/x@y"))
	assert.Equal(t, "host", redactUserinfo("host"))
}

func TestExtractCpsess(t *testing.T) {
	ok := map[string]string{
		"https://h:2083/cpsess0123456789/frontend/jupiter/index.html": "/cpsess0123456789",
		"/cpsess5542387976/frontend/x3/index.html?post_login=1":       "/cpsess5542387976",
		"/cpsess4927138456":                      "/cpsess4927138456",
		"cpsess4927138456":                       "/cpsess4927138456",
		"0;URL=/cpsess1111111111/?x":             "/cpsess1111111111",
		"https://h/cpsess1/x/cpsess2222222222#f": "/cpsess2222222222",
		"/cpsess3333333333&x":                    "/cpsess3333333333",
		"https://h:2083/cpsess4444444444?goto=1": "/cpsess4444444444",
	}
	for in, want := range ok {
		got, err := ExtractCpsess(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, code := range map[string]string{
		"":                                 CodeCpsessMissing,
		"https://h:2083/frontend/":         CodeCpsessMissing,
		"/xcpsess0123456789/":              CodeCpsessMissing,
		"/cpsess012345678/":                CodeCpsess,
		"/cpsess01234567890":               CodeCpsess,
		"/cpsessabcdefghij":                CodeCpsess,
		"/cpsess0123456789x":               CodeCpsess,
		"/cpsess" + strings.Repeat("9", 9): CodeCpsess,
	} {
		_, err := ExtractCpsess(in)
		assertCode(t, err, code)
	}
}

func TestCreateUserSession(t *testing.T) {
	r, err := CreateUserSession("https://host:2087", SessionParams{User: "bob", Service: endpoint.CPanel,
		App: "Email_Accounts", Locale: "en", PreferredDomain: "bob.example"})
	require.NoError(t, err)
	assert.Equal(t, Request{Method: "GET", URL: "https://host:2087/json-api/create_user_session?api.version=1&user=bob&service=cpaneld&app=Email_Accounts&locale=en&preferred_domain=bob.example"}, r)

	r, err = CreateUserSession("https://host:2087", SessionParams{User: "info@bob.example", Service: endpoint.Webmail})
	require.NoError(t, err)
	assert.Equal(t, "https://host:2087/json-api/create_user_session?api.version=1&user=info%40bob.example&service=webmaild", r.URL)

	r, err = CreateUserSession("https://host:2087", SessionParams{User: "root", Service: endpoint.WHM, App: "file-manager_2", PreferredDomain: "2001:db8::1"})
	require.NoError(t, err)
	assert.Contains(t, r.URL, "service=whostmgrd&app=file-manager_2&preferred_domain=2001%3Adb8%3A%3A1")

	for _, tt := range []struct {
		p    SessionParams
		code string
	}{
		{SessionParams{Service: endpoint.CPanel}, CodeParam},
		{SessionParams{User: "bob"}, CodeParam},
		{SessionParams{User: "bob", Service: "ftp"}, CodeParam},
		{SessionParams{User: "bob ", Service: endpoint.CPanel}, CodeUser},
		{SessionParams{User: "root", Service: endpoint.CPanel}, CodeRootService},
		{SessionParams{User: "root", Service: endpoint.Webmail}, CodeRootService},
		{SessionParams{User: "bob", Service: endpoint.CPanel, App: "Email Accounts"}, CodeParam},
		{SessionParams{User: "bob", Service: endpoint.CPanel, App: "x&user=root"}, CodeParam},
		{SessionParams{User: "bob", Service: endpoint.CPanel, Locale: "abcdefghijklmnopq"}, CodeParam},
		{SessionParams{User: "bob", Service: endpoint.CPanel, Locale: "en;"}, CodeParam},
		{SessionParams{User: "bob", Service: endpoint.CPanel, PreferredDomain: "https://x.example"}, CodeParam},
		{SessionParams{User: "bob", Service: endpoint.CPanel, PreferredDomain: " x.example"}, CodeParam},
	} {
		_, err := CreateUserSession("https://host:2087", tt.p)
		assertCode(t, err, tt.code)
	}
	_, err = CreateUserSession("host:2087", SessionParams{User: "bob", Service: endpoint.CPanel})
	assertCode(t, err, CodeBase)
	_, err = CreateUserSession("https://host:2087", SessionParams{User: "bob", Service: endpoint.CPanel, Locale: "abcdefghijklmnop"})
	assert.NoError(t, err, "16 characters is the maximum, not over it")
}

func TestLogin(t *testing.T) {
	r, err := Login("https://host:2083", LoginParams{User: "bob", Pass: "p&ss w=rd", TFAToken: "123456", GotoURI: "/frontend/jupiter/email_accounts/index.html"})
	require.NoError(t, err)
	assert.Equal(t, Request{Method: "POST", URL: "https://host:2083/login/?login_only=1",
		Body:        "user=bob&pass=p%26ss+w%3Drd&tfa_token=123456&goto_uri=%2Ffrontend%2Fjupiter%2Femail_accounts%2Findex.html",
		ContentType: "application/x-www-form-urlencoded"}, r)

	r, err = Login("https://host:2096/", LoginParams{User: "info@bob.example", Pass: "x"})
	require.NoError(t, err)
	assert.Equal(t, "https://host:2096/login/?login_only=1", r.URL)
	assert.Equal(t, "user=info%40bob.example&pass=x", r.Body)

	const pw = "s3cret-pw"
	for _, p := range []LoginParams{
		{Pass: pw}, {User: "bob"}, {User: "bob", Pass: pw, TFAToken: "12 34"}, {User: "bob", Pass: pw, TFAToken: "abc"},
		{User: "bob", Pass: pw, GotoURI: "https://evil.example/"}, {User: "bob", Pass: pw, GotoURI: "//evil.example/"},
		{User: "bob", Pass: pw, GotoURI: "/a\r\nSet-Cookie: x"},
	} {
		_, err := Login("https://host:2083", p)
		e := assertCode(t, err, CodeParam)
		assert.NotContains(t, e.Message, pw, "the password is never echoed")
	}
	_, err = Login("https://host:2083", LoginParams{User: "bo\tb", Pass: "x"})
	assertCode(t, err, CodeUser)
	_, err = Login("https://host:2083/login", LoginParams{User: "bob", Pass: "x"})
	assertCode(t, err, CodeBase)
}

// assertCode checks that err is an *Error with the code and returns it.
func assertCode(t *testing.T, err error, code string) *Error {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, code, e.Code, e.Message)
	assert.NotEmpty(t, e.Message)
	return e
}
