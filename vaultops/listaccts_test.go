package vaultops

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/vault"
)

func TestListedAccounts(t *testing.T) {
	ok := func(data string) string {
		return `{"metadata":{"command":"listaccts","result":1,"reason":"OK","version":1},"data":` + data + `}`
	}
	tests := []struct {
		name       string
		status     int
		body       string
		redirected bool
		truncated  bool
		sent       authheader.Method
		want       []vault.Listed
		code       string // the error's code, "" for none
	}{
		{name: "rows", status: 200, body: ok(`{"acct":[{"user":"bob","domain":"bob.example","owner":"root","ip":"203.0.113.9"},
			{"user":"carol","suspended":1},{"user":5,"domain":null,"suspended":"0x1"},"x"]}`),
			want: []vault.Listed{{User: "bob", Domain: "bob.example", Owner: "root"}, {User: "carol", Suspended: true},
				{Suspended: true}, {}}},
		{name: "no accounts", status: 200, body: ok(`{"acct":[]}`), want: []vault.Listed{}},
		{name: "redirect", status: 0, body: "", redirected: true, code: CodeRedirected},
		{name: "redirect wins over a body", status: 200, body: ok(`{"acct":[]}`), redirected: true, code: CodeRedirected},
		{name: "no acct", status: 200, body: ok(`{}`), code: CodeNoAccountList},
		{name: "acct null", status: 200, body: ok(`{"acct":null}`), code: CodeNoAccountList},
		{name: "acct not a list", status: 200, body: ok(`{"acct":{"user":"bob"}}`), code: CodeNoAccountList},
		{name: "token refused", status: 401, code: cpapi.CodeTokenInvalid, // cpsrvd's body, as for bad Basic credentials (403)
			body: `{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}`},
		{name: "WHM says no", status: 200, body: `{"metadata":{"result":0,"reason":"Permission denied"},"data":null}`,
			code: cpapi.CodePermissionDenied},
		{name: "not JSON", status: 200, body: "<html>login</html>", code: cpapi.CodeNotJSON},
		{name: "a token refused in plain text", status: 401, body: "Access denied\n", sent: authheader.MethodWHMToken, code: cpapi.CodeTokenInvalid},
		{name: "a token refused with 403 text", status: 403, body: "Access denied", sent: authheader.MethodWHMToken, code: cpapi.CodeTokenInvalid},
		{name: "a password refused in plain text", status: 401, body: "Access denied", sent: authheader.MethodBasic, code: cpapi.CodeAccessDenied},
		{name: "cPanel updating", status: 503, body: "", sent: authheader.MethodWHMToken, code: cpapi.CodeServerError},
		{name: "more than the worker reads", status: 200, body: `{"metadata":`, truncated: true, code: cpapi.CodeBodyTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ListedAccounts(ListAnswer{Status: tc.status, Body: []byte(tc.body), Redirected: tc.redirected,
				Truncated: tc.truncated, Origin: "https://host.example:2087", Sent: tc.sent})
			if tc.code != "" {
				require.Error(t, err)
				assert.Nil(t, rows)
				assert.Equal(t, tc.code, codeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, rows)
		})
	}
}

func TestListedAccountsRedirectNamesTheServer(t *testing.T) {
	_, err := ListedAccounts(ListAnswer{Redirected: true, Origin: "https://host.example:2087"})
	assert.Contains(t, err.Error(), "https://host.example:2087")
	_, err = ListedAccounts(ListAnswer{Status: 401, Body: []byte("Access denied"), Origin: "https://host.example:2087", Sent: authheader.MethodWHMToken})
	assert.Contains(t, err.Error(), "WHM API token was refused")
	assert.NotContains(t, err.Error(), "password")
}
