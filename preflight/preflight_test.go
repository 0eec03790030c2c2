package preflight

import (
	"strings"
	"testing"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func addr(t *testing.T, in string) endpoint.Address {
	t.Helper()
	a, err := endpoint.Parse(in)
	require.NoError(t, err)
	return a
}

func codes(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

// The whole matrix: family × address × auth. Each cell lists the expected codes in order (errors first),
// "-" for none. Columns: 2083 2082 2087 2086 2096 2095, then cpanel./whm./webmail. on 443.
var matrixColumns = []string{"h.example:2083", "h.example:2082", "h.example:2087", "h.example:2086", "h.example:2096",
	"h.example:2095", "cpanel.h.example", "whm.h.example", "webmail.h.example"}

var matrixAlias = map[string]string{
	"PC": CodePlaintextCredential, "PR": CodePlaintextRedirect, "WP": CodeWHMAPIOnCPanelPort, "UP": CodeUAPIOnWHMPort,
	"TS": CodeTokenScope, "CW": CodeCPanelTokenOnWHM, "CM": CodeCPanelTokenWebmail, "WO": CodeWHMTokenOffWHM,
	"HO": CodeAccessHashOffWHM, "HD": CodeAccessHashOld,
}

var matrix = []struct {
	family cpapi.Family
	auth   authheader.Method
	cells  string // 2083 | 2082 | 2087 | 2086 | 2096 | 2095 | cpanel. | whm. | webmail.
}{
	{cpapi.UAPI, AuthNone, "-|PR|UP|PR,UP|-|PR|-|UP|-"},
	{cpapi.UAPI, AuthSession, "-|PR|UP|PR,UP|-|PR|-|UP|-"},
	{cpapi.UAPI, authheader.MethodBasic, "-|PC|UP|PC,UP|-|PC|-|UP|-"},
	{cpapi.UAPI, authheader.MethodWHMToken, "WO|PC,WO|UP|PC,UP|WO|PC,WO|WO|UP|WO"},
	{cpapi.UAPI, authheader.MethodCPanelToken, "-|PC|UP,CW|PC,UP,CW|CM|PC,CM|-|UP,CW|CM"},
	{cpapi.UAPI, authheader.MethodAccessHash, "HO,HD|PC,HO,HD|UP,HD|PC,UP,HD|HO,HD|PC,HO,HD|HO,HD|UP,HD|HO,HD"},

	{cpapi.WHMAPI1, AuthNone, "WP|PR,WP|-|PR|WP|PR,WP|WP|-|WP"},
	{cpapi.WHMAPI1, AuthSession, "WP|PR,WP|-|PR|WP|PR,WP|WP|-|WP"},
	{cpapi.WHMAPI1, authheader.MethodBasic, "WP|PC,WP|-|PC|WP|PC,WP|WP|-|WP"},
	{cpapi.WHMAPI1, authheader.MethodWHMToken, "WP,WO|PC,WP,WO|-|PC|WP,WO|PC,WP,WO|WP,WO|-|WP,WO"},
	{cpapi.WHMAPI1, authheader.MethodCPanelToken, "WP,TS|PC,WP,TS|TS,CW|PC,TS,CW|WP,TS,CM|PC,WP,TS,CM|WP,TS|TS,CW|WP,TS,CM"},
	{cpapi.WHMAPI1, authheader.MethodAccessHash, "WP,HO,HD|PC,WP,HO,HD|HD|PC,HD|WP,HO,HD|PC,WP,HO,HD|WP,HO,HD|HD|WP,HO,HD"},

	{cpapi.UAPICPanel, AuthNone, "WP|PR,WP|-|PR|WP|PR,WP|WP|-|WP"},
	{cpapi.UAPICPanel, AuthSession, "WP|PR,WP|-|PR|WP|PR,WP|WP|-|WP"},
	{cpapi.UAPICPanel, authheader.MethodBasic, "WP|PC,WP|-|PC|WP|PC,WP|WP|-|WP"},
	{cpapi.UAPICPanel, authheader.MethodWHMToken, "WP,WO|PC,WP,WO|-|PC|WP,WO|PC,WP,WO|WP,WO|-|WP,WO"},
	{cpapi.UAPICPanel, authheader.MethodCPanelToken, "WP,TS|PC,WP,TS|TS,CW|PC,TS,CW|WP,TS,CM|PC,WP,TS,CM|WP,TS|TS,CW|WP,TS,CM"},
	{cpapi.UAPICPanel, authheader.MethodAccessHash, "WP,HO,HD|PC,WP,HO,HD|HD|PC,HD|WP,HO,HD|PC,WP,HO,HD|WP,HO,HD|HD|WP,HO,HD"},

	{cpapi.API2, AuthNone, "-|PR|-|PR|-|PR|-|-|-"},
	{cpapi.API2, AuthSession, "-|PR|-|PR|-|PR|-|-|-"},
	{cpapi.API2, authheader.MethodBasic, "-|PC|-|PC|-|PC|-|-|-"},
	{cpapi.API2, authheader.MethodWHMToken, "WO|PC,WO|-|PC|WO|PC,WO|WO|-|WO"},
	{cpapi.API2, authheader.MethodCPanelToken, "-|PC|CW|PC,CW|CM|PC,CM|-|CW|CM"},
	{cpapi.API2, authheader.MethodAccessHash, "HO,HD|PC,HO,HD|HD|PC,HD|HO,HD|PC,HO,HD|HO,HD|HD|HO,HD"},
}

func TestCheckMatrix(t *testing.T) {
	for _, row := range matrix {
		cells := strings.Split(row.cells, "|")
		require.Len(t, cells, len(matrixColumns), "row %s/%s", row.family, row.auth)
		for i, col := range matrixColumns {
			var want []string
			if cells[i] != "-" {
				for _, a := range strings.Split(cells[i], ",") {
					require.Contains(t, matrixAlias, a)
					want = append(want, matrixAlias[a])
				}
			}
			name := string(row.family) + "/" + col + "/" + string(row.auth)
			t.Run(name, func(t *testing.T) {
				got := Check(Target{Address: addr(t, col), Family: row.family, Auth: row.auth})
				assert.Equal(t, want, codes(got))
				for _, p := range got {
					severity := SeverityError
					if warningCodes[p.Code] {
						severity = SeverityWarning
					}
					assert.Equal(t, severity, p.Severity, p.Code)
					assert.NotEmpty(t, p.Message)
				}
			})
		}
	}
}

// warningCodes are the problems that do not stop a request; every other code is an error.
var warningCodes = map[string]bool{
	CodeCPanelTokenWebmail: true, CodeAccessHashOld: true, CodeAPI2UserMissing: true,
	CodeFamilyPathMismatch: true,
}

func TestCheckMessages(t *testing.T) {
	tests := []struct {
		name   string
		target Target
		code   string
		sev    string
		msg    string
	}{
		{"whm api on 2083", Target{Family: cpapi.WHMAPI1}, CodeWHMAPIOnCPanelPort, SeverityError,
			"would fail with Permission denied: WHM API 1 is served on 2087 (https://h.example:2087), not on cPanel"},
		{"uapi_cpanel on 2083", Target{Family: cpapi.UAPICPanel}, CodeWHMAPIOnCPanelPort, SeverityError,
			"would fail with Permission denied: uapi_cpanel (a WHM API 1 function) is served on 2087"},
		{"create_user_session on 2096", Target{Path: "/json-api/create_user_session?api.version=1&user=bob&service=cpaneld"},
			CodeWHMAPIOnCPanelPort, SeverityError, "would fail with Permission denied: create_user_session (a WHM API 1 function) is served on 2087"},
		{"uapi on 2087", Target{Family: cpapi.UAPI}, CodeUAPIOnWHMPort, SeverityError,
			"would fail with Function not found: UAPI is served on 2083 (https://h.example:2083) (or through WHM's uapi_cpanel)"},
		{"cpanel token on whm api", Target{Family: cpapi.WHMAPI1, Auth: authheader.MethodCPanelToken}, CodeTokenScope, SeverityError,
			"Token authentication allows access to UAPI or API 2 calls only."},
		{"whm token to 2083", Target{Family: cpapi.UAPI, Auth: authheader.MethodWHMToken}, CodeWHMTokenOffWHM, SeverityError,
			"a WHM API token authenticates on WHM (2087) only, not on cPanel"},
		{"access hash deprecated", Target{Family: cpapi.WHMAPI1, Auth: authheader.MethodAccessHash}, CodeAccessHashOld, SeverityWarning,
			"off by default since v124 (Tweak Setting “Allow deprecated WHM accesshash authentication”)"},
		{"basic on 2086", Target{Family: cpapi.WHMAPI1, Auth: authheader.MethodBasic}, CodePlaintextCredential, SeverityError,
			"refused: panelkey sends nothing over plain text: the password (Basic authentication) would travel in clear to port 2086 (and the server redirects plain-text ports to TLS with 301 anyway); use https on port 2087"},
		{"token on http subdomain", Target{Family: cpapi.UAPI, Auth: authheader.MethodCPanelToken}, CodePlaintextCredential, SeverityError,
			"to http://cpanel.h.example (and the server redirects plain-text ports to TLS with 301 anyway); use https://cpanel.h.example"},
		{"session on 2082", Target{Family: cpapi.UAPI, Auth: AuthSession}, CodePlaintextRedirect, SeverityError,
			"refused: panelkey sends nothing over plain text: the browser's cookies for the host would travel in clear to port 2082 (and with Require SSL on, the default, the server redirects (301) to TLS anyway); use https on port 2083"},
		{"session without cpsess", Target{Family: cpapi.UAPI, Auth: AuthSession, Path: "/execute/Email/list_pops"}, CodeSessionNoCpsess, SeverityError,
			"would fail with Invalid Security Token"},
		{"session with bad cpsess", Target{Auth: AuthSession, Path: "/cpsess123/execute/Email/list_pops"}, CodeSessionBadCpsess, SeverityError,
			"exactly 10 digits"},
		{"api2 through whm without user", Target{Auth: authheader.MethodWHMToken, Path: "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops"},
			CodeAPI2UserMissing, SeverityWarning, "cpanel_jsonapi_user"},
		{"family path mismatch", Target{Family: cpapi.UAPI, Auth: authheader.MethodWHMToken, Path: "/json-api/listaccts?api.version=1"},
			CodeFamilyPathMismatch, SeverityWarning, "the path is a WHM API 1 path, not UAPI"},
		{"unknown family", Target{Family: "xml"}, CodeFamilyUnknown, SeverityError, `"xml"`},
		{"unknown auth", Target{Auth: "bearer"}, CodeAuthUnknown, SeverityError, `"bearer"`},
		{"invalid address", Target{}, CodeAddressInvalid, SeverityError, "endpoint.Parse"},
	}
	addrs := map[string]string{
		"whm api on 2083": "h.example:2083", "uapi_cpanel on 2083": "h.example:2083", "create_user_session on 2096": "h.example:2096",
		"uapi on 2087": "h.example:2087", "cpanel token on whm api": "h.example:2083", "whm token to 2083": "h.example:2083",
		"access hash deprecated": "h.example:2087", "basic on 2086": "h.example:2086", "token on http subdomain": "http://cpanel.h.example",
		"session on 2082": "h.example:2082", "session without cpsess": "h.example:2083", "session with bad cpsess": "h.example:2083",
		"api2 through whm without user": "h.example:2087", "family path mismatch": "h.example:2087", "unknown family": "h.example:2087",
		"unknown auth": "h.example:2087",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if in, ok := addrs[tt.name]; ok {
				tt.target.Address = addr(t, in)
			}
			ps := Check(tt.target)
			var found *Problem
			for i := range ps {
				if ps[i].Code == tt.code {
					found = &ps[i]
				}
			}
			require.NotNil(t, found, "codes: %v", codes(ps))
			assert.Equal(t, tt.sev, found.Severity)
			assert.Contains(t, found.Message, tt.msg)
		})
	}
}

func TestCheckClean(t *testing.T) {
	tests := []Target{
		{Address: addr(t, "h.example:2083"), Family: cpapi.UAPI, Auth: AuthSession, Path: "/cpsess0123456789/execute/Email/list_pops"},
		{Address: addr(t, "h.example:2083"), Auth: authheader.MethodCPanelToken, Path: "/execute/Email/list_pops"},
		{Address: addr(t, "h.example:2087"), Auth: authheader.MethodWHMToken, Path: "/json-api/create_user_session?api.version=1&user=bob&service=cpaneld"},
		{Address: addr(t, "h.example:2087"), Auth: authheader.MethodWHMToken, Path: "https://h.example:2087/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2"},
		{Address: addr(t, "h.example:2087"), Family: cpapi.UAPICPanel, Auth: authheader.MethodBasic},
		{Address: addr(t, "h.example:2096"), Family: cpapi.UAPI, Auth: authheader.MethodBasic},
		{Address: addr(t, "whm.h.example"), Family: cpapi.WHMAPI1, Auth: authheader.MethodWHMToken},
		{Address: addr(t, "h.example:2087")},
	}
	for _, tt := range tests {
		assert.Nil(t, Check(tt), "%+v", tt)
	}
}

func TestFamilyForPath(t *testing.T) {
	tests := []struct {
		path   string
		family cpapi.Family
		fn     string
	}{
		{"/execute/Email/list_pops?x=1", cpapi.UAPI, "list_pops"},
		{"/cpsess0123456789/execute/Email/list_pops", cpapi.UAPI, "list_pops"},
		{"/execute/Email", cpapi.UAPI, ""},
		{"/json-api/listaccts?api.version=1", cpapi.WHMAPI1, "listaccts"},
		{"/xml-api/version", cpapi.WHMAPI1, "version"},
		{"https://h:2087/cpsess0123456789/json-api/create_user_session?user=bob#x", cpapi.WHMAPI1, "create_user_session"},
		{"/json-api/cpanel?cpanel_jsonapi_apiversion=2", cpapi.API2, ""},
		{"/json-api/uapi_cpanel?api.version=1", cpapi.UAPICPanel, ""},
		{"/login/?login_only=1", "", ""},
		{"/json-api/", "", ""},
		{"/cpsess0123456789", "", ""},
		{"", "", ""},
		{"https://h:2087/%zz", "", ""},
	}
	for _, tt := range tests {
		f, fn := FamilyForPath(tt.path)
		assert.Equal(t, tt.family, f, tt.path)
		assert.Equal(t, tt.fn, fn, tt.path)
	}
}
