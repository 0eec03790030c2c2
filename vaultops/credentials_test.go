package vaultops

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/vault"
)

// The records below are written as the vault's document holds them, and read
// by the vault's own decoder (vault.Decode), as the engine holds them: a member
// of another type than expected is kept aside (Extra) and reads as absent.

// server is the server text as the vault holds it (its accounts aside); nil
// for "".
func server(t *testing.T, text string) *vault.Server {
	t.Helper()
	if text == "" {
		return nil
	}
	v, err := vault.Decode(`{"servers":[` + text + `]}`)
	require.NoError(t, err, text)
	return &v.Servers[0]
}

// account is the account text as the vault holds it; nil for "".
func account(t *testing.T, text string) *vault.Account {
	t.Helper()
	if text == "" {
		return nil
	}
	s := server(t, `{"id":"s","accounts":[`+text+`]}`)
	require.Equal(t, 1, s.AccountCount(), text)
	return s.AccountAt(0)
}

// mailbox is the mailbox text as the vault holds it (in an account); nil for "".
func mailbox(t *testing.T, text string) *vault.Mailbox {
	t.Helper()
	if text == "" {
		return nil
	}
	a := account(t, `{"id":"a","mailboxes":[`+text+`]}`)
	require.Len(t, a.Mailboxes, 1, text)
	return &a.Mailboxes[0]
}

// whm is the WHM credentials text as a server holds them; none for "".
func whm(t *testing.T, text string) vault.WHM {
	t.Helper()
	if text == "" {
		return server(t, `{"id":"s"}`).WHM
	}
	return server(t, `{"id":"s","whm":`+text+`}`).WHM
}

// codeOf is the code of the vaultops, vault, endpoint or cpapi error in err's chain.
func codeOf(err error) string {
	var v *Error
	if errors.As(err, &v) {
		return v.Code
	}
	var ve *vault.Error
	if errors.As(err, &ve) {
		return ve.Code
	}
	var e *endpoint.Error
	if errors.As(err, &e) {
		return e.Code
	}
	var c *cpapi.Error
	if errors.As(err, &c) {
		return c.Code
	}
	return ""
}

func TestWHMAuth(t *testing.T) {
	const totp = `{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30}`
	saved := &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30}
	const missing = "No WHM API token is saved for this server."
	tests := []struct {
		name, whm     string
		want          Auth
		code, message string
	}{
		{"the API token first", `{"user":"root","token":"WHMTOKEN123","password":"pw","accessHash":"H","totp":` + totp + `}`,
			Auth{Method: authheader.MethodWHMToken, User: "root", Secret: "WHMTOKEN123"}, "", ""},
		{"else the password as Basic, with the saved 2FA secret", `{"user":"res","token":"","password":"pw","accessHash":"H","totp":` + totp + `}`,
			Auth{Method: authheader.MethodBasic, User: "res", Secret: "pw", OTP: saved}, "", ""},
		{"Basic without 2FA: no otp for null", `{"user":"root","password":"pw","totp":null}`,
			Auth{Method: authheader.MethodBasic, User: "root", Secret: "pw"}, "", ""},
		{"Basic without 2FA: no otp for an empty text", `{"user":"root","password":"pw","totp":""}`,
			Auth{Method: authheader.MethodBasic, User: "root", Secret: "pw"}, "", ""},
		{"Basic: any other 2FA value is refused, never dropped: the call would go without the code", `{"user":"root","password":"pw","totp":false}`,
			Auth{}, CodeTOTPUnreadable, "The saved 2FA secret of root cannot be read; save it again (edit the server or the account)."},
		{"else the access hash", `{"user":"root","token":"","password":"","accessHash":"ab12\ncd34"}`,
			Auth{Method: authheader.MethodAccessHash, User: "root", Secret: "ab12\ncd34"}, "", ""},
		{"no user is passed as none", `{"token":"T"}`, Auth{Method: authheader.MethodWHMToken, Secret: "T"}, "", ""},
		{"credentials of other types are not credentials", `{"user":"root","token":5,"password":true,"accessHash":{"h":1}}`,
			Auth{}, CodeCredentialsMissing, missing},
		{"none saved", `{"user":"root","token":"","password":"","accessHash":"","totp":null}`, Auth{}, CodeCredentialsMissing, missing},
		{"no WHM record", ``, Auth{}, CodeCredentialsMissing, missing},
		{"a WHM record of another type", `"root"`, Auth{}, CodeCredentialsMissing, missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WHMAuth(whm(t, tt.whm))
			assert.Equal(t, tt.code, codeOf(err))
			assert.Equal(t, tt.want, got)
			if tt.code != "" {
				assert.EqualError(t, err, tt.message)
			}
		})
	}
}

func TestWHMAuthCopiesTheSecret(t *testing.T) {
	w := whm(t, `{"user":"root","password":"pw","totp":{"secret":"S"}}`)
	a, err := WHMAuth(w)
	require.NoError(t, err)
	a.OTP.Secret = "changed"
	assert.Equal(t, "S", w.TOTP.Secret, "the vault's own 2FA secret is not handed out")
}

const (
	testServer = `{"id":"s1","address":"host.example","baseURL":"https://host.example:2087","future":1,
		"whm":{"user":"root","token":"WHMTOKEN123","password":"root-pw","accessHash":"","totp":{"secret":"ROOTSECRET"}}}`
	testAccount = `{"id":"a1","user":"bob","password":"bob-secret-pw","apiToken":"",
		"totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30},
		"mailboxes":[{"email":"info@bob.example","password":"mail-secret-pw"}]}`
	testMailbox = `{"email":"info@bob.example","password":"mail-secret-pw"}`
)

var (
	bobTOTP  = &vault.TOTP{Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30}
	rootTOTP = &vault.TOTP{Secret: "ROOTSECRET"}
)

func TestSigninInput(t *testing.T) {
	tests := []struct {
		name                     string
		server, account, mailbox string
		service                  endpoint.Service
		method                   signin.Method
		app, gotoURI             string
		want                     Login
		code, message            string
	}{
		// Token: create_user_session on WHM with the server's token, for the account, mailbox or WHM user.
		{name: "token for an account, with a deep link", server: testServer, account: testAccount,
			service: endpoint.CPanel, method: signin.Token, app: "FileManager_Home",
			want: Login{Service: endpoint.CPanel, Method: signin.Token, BaseURL: "https://host.example:2087", User: "bob",
				Secret: "WHMTOKEN123", WHMUser: "root", App: "FileManager_Home"}},
		{name: "token for a mailbox: the address is the user, no 2FA", server: testServer, account: testAccount, mailbox: testMailbox,
			service: endpoint.Webmail, method: signin.Token,
			want: Login{Service: endpoint.Webmail, Method: signin.Token, BaseURL: "https://host.example:2087",
				User: "info@bob.example", Secret: "WHMTOKEN123", WHMUser: "root"}},
		{name: "token for WHM itself: the WHM user", server: testServer, service: endpoint.WHM, method: signin.Token,
			want: Login{Service: endpoint.WHM, Method: signin.Token, BaseURL: "https://host.example:2087", User: "root",
				Secret: "WHMTOKEN123", WHMUser: "root"}},
		{name: "token without one saved", server: `{"baseURL":"https://host.example:2087","whm":{"user":"root","token":"","password":"pw"}}`,
			account: testAccount, service: endpoint.CPanel, method: signin.Token,
			code: CodeCredentialsMissing, message: "No WHM API token is saved for this server."},
		{name: "token without a WHM record", server: `{"baseURL":"https://host.example:2087","whm":"root"}`,
			service: endpoint.WHM, method: signin.Token,
			code: CodeCredentialsMissing, message: "No WHM API token is saved for this server."},

		// Password: /login on the service's own port with the holder's password and 2FA.
		{name: "password of an account: cPanel's port, the account's 2FA", server: testServer, account: testAccount,
			service: endpoint.CPanel, method: signin.Password, app: "FileManager_Home",
			want: Login{Service: endpoint.CPanel, Method: signin.Password, BaseURL: "https://host.example:2083", User: "bob",
				Secret: "bob-secret-pw", TOTP: bobTOTP, App: "FileManager_Home"}},
		{name: "password of an account into Webmail", server: testServer, account: testAccount,
			service: endpoint.Webmail, method: signin.Password,
			want: Login{Service: endpoint.Webmail, Method: signin.Password, BaseURL: "https://host.example:2096", User: "bob",
				Secret: "bob-secret-pw", TOTP: bobTOTP}},
		{name: "password of a mailbox: Webmail's port, never the account's 2FA", server: testServer, account: testAccount,
			mailbox: testMailbox, service: endpoint.Webmail, method: signin.Password,
			want: Login{Service: endpoint.Webmail, Method: signin.Password, BaseURL: "https://host.example:2096",
				User: "info@bob.example", Secret: "mail-secret-pw"}},
		{name: "password of a mailbox: no 2FA, even in a record written by hand", server: testServer, account: testAccount,
			mailbox: `{"email":"info@bob.example","password":"mail-secret-pw","totp":{"secret":"S"}}`,
			service: endpoint.Webmail, method: signin.Password,
			want: Login{Service: endpoint.Webmail, Method: signin.Password, BaseURL: "https://host.example:2096",
				User: "info@bob.example", Secret: "mail-secret-pw"}},
		{name: "password of the WHM user: WHM's port, its 2FA", server: testServer, service: endpoint.WHM, method: signin.Password,
			want: Login{Service: endpoint.WHM, Method: signin.Password, BaseURL: "https://host.example:2087", User: "root",
				Secret: "root-pw", TOTP: rootTOTP}},
		{name: "password landing on a chosen page (secure remote login)", server: testServer, account: testAccount,
			service: endpoint.CPanel, method: signin.Password, gotoURI: "frontend/jupiter/ssl/index.html",
			want: Login{Service: endpoint.CPanel, Method: signin.Password, BaseURL: "https://host.example:2083", User: "bob",
				Secret: "bob-secret-pw", TOTP: bobTOTP, GotoURI: "frontend/jupiter/ssl/index.html"}},
		{name: "password without 2FA", server: testServer, account: `{"user":"carol","password":"pw","totp":null}`,
			service: endpoint.CPanel, method: signin.Password,
			want: Login{Service: endpoint.CPanel, Method: signin.Password, BaseURL: "https://host.example:2083", User: "carol", Secret: "pw"}},
		{name: "password with a saved 2FA value that is no secret: refused, never sent without the code", server: testServer,
			account: `{"user":"carol","password":"pw","totp":"JBSWY3DPEHPK3PXP"}`, service: endpoint.CPanel, method: signin.Password,
			code: CodeTOTPUnreadable, message: "The saved 2FA secret of carol cannot be read; save it again (edit the server or the account)."},
		{name: "password with 2FA saved as an empty text: none", server: testServer, account: `{"user":"carol","password":"pw","totp":""}`,
			service: endpoint.CPanel, method: signin.Password,
			want: Login{Service: endpoint.CPanel, Method: signin.Password, BaseURL: "https://host.example:2083", User: "carol", Secret: "pw"}},
		{name: "no server", account: testAccount, service: endpoint.CPanel, method: signin.Password, code: "not-found",
			message: "That server is no longer in the vault."},
		{name: "the address as typed when no base URL is saved", server: `{"address":"cpanel.host.example","whm":{"user":"root","password":"pw"}}`,
			account: `{"user":"bob","password":"pw"}`, service: endpoint.Webmail, method: signin.Password,
			want: Login{Service: endpoint.Webmail, Method: signin.Password, BaseURL: "https://webmail.host.example", User: "bob", Secret: "pw"}},
		{name: "the base URL before the address", server: `{"address":"other.example","baseURL":"http://host.example:2086","whm":{}}`,
			account: `{"user":"bob","password":"pw"}`, service: endpoint.CPanel, method: signin.Password,
			want: Login{Service: endpoint.CPanel, Method: signin.Password, BaseURL: "http://host.example:2082", User: "bob", Secret: "pw"}},
		{name: "the account's password, not the WHM user's", server: testServer, account: `{"user":"dave","password":""}`,
			service: endpoint.CPanel, method: signin.Password,
			code: CodeCredentialsMissing, message: "No password is saved for dave."},
		{name: "the mailbox's password, not the account's", server: testServer, account: testAccount,
			mailbox: `{"email":"sales@bob.example"}`, service: endpoint.Webmail, method: signin.Password,
			code: CodeCredentialsMissing, message: "No password is saved for sales@bob.example."},
		{name: "no WHM password", server: `{"baseURL":"https://host.example:2087","whm":{"user":"root","token":"T"}}`,
			service: endpoint.WHM, method: signin.Password,
			code: CodeCredentialsMissing, message: "No password is saved for root."},
		{name: "a server without an address", server: `{"whm":{"user":"root","password":"pw"}}`,
			service: endpoint.WHM, method: signin.Password, code: endpoint.CodeEmpty},
		{name: "a server address of another service", server: `{"baseURL":"https://host.example:8443","whm":{"user":"root","password":"pw"}}`,
			service: endpoint.WHM, method: signin.Password, code: endpoint.CodeUnknownPort},
		{name: "a service that is none of cPanel's", server: testServer, account: testAccount,
			service: "ftp", method: signin.Password, code: endpoint.CodeUnknownService},

		// The other methods.
		{name: "access hash: create_user_session with the saved hash", server: `{"baseURL":"https://host.example:2087","whm":{"user":"root","accessHash":"ab12\ncd"}}`,
			account: testAccount, service: endpoint.CPanel, method: signin.AccessHash, app: "Backups_Home",
			want: Login{Service: endpoint.CPanel, Method: signin.AccessHash, BaseURL: "https://host.example:2087", User: "bob",
				Secret: "ab12\ncd", WHMUser: "root", App: "Backups_Home"}},
		{name: "access hash without one saved", server: testServer, service: endpoint.WHM, method: signin.AccessHash,
			code: CodeCredentialsMissing, message: "No access hash is saved for this server."},
		{name: "cPanel token: the account's own Webmail", server: testServer, account: `{"user":"bob","apiToken":"BOBTOKEN"}`,
			service: endpoint.Webmail, method: signin.CPanelToken,
			want: Login{Service: endpoint.Webmail, Method: signin.CPanelToken, BaseURL: "https://host.example:2087", User: "bob",
				Secret: "BOBTOKEN", Account: "bob"}},
		{name: "cPanel token: a mailbox's Webmail", server: testServer, account: `{"user":"bob","apiToken":"BOBTOKEN"}`, mailbox: testMailbox,
			service: endpoint.Webmail, method: signin.CPanelToken,
			want: Login{Service: endpoint.Webmail, Method: signin.CPanelToken, BaseURL: "https://host.example:2087", User: "info@bob.example",
				Secret: "BOBTOKEN", Account: "bob"}},
		{name: "cPanel token without one saved", server: testServer, account: testAccount, service: endpoint.Webmail,
			method: signin.CPanelToken, code: CodeCredentialsMissing, message: "No cPanel API token is saved for this account."},
		{name: "security-code page: the password, the 2FA record", server: testServer, account: testAccount,
			service: endpoint.CPanel, method: signin.SecurityCodePage,
			want: Login{Service: endpoint.CPanel, Method: signin.SecurityCodePage, BaseURL: "https://host.example:2083", User: "bob",
				Secret: "bob-secret-pw", TOTP: bobTOTP}},
		{name: "security-code page without 2FA", server: testServer, account: `{"user":"carol","password":"pw"}`,
			service: endpoint.CPanel, method: signin.SecurityCodePage, code: CodeCredentialsMissing},
		{name: "another login method", server: testServer, account: testAccount, service: endpoint.CPanel, method: "magic",
			code: CodeMethodUnknown, message: `Unknown login method "magic".`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SigninInput(LoginChoice{Server: server(t, tt.server), Account: account(t, tt.account),
				Mailbox: mailbox(t, tt.mailbox), Service: tt.service, Method: tt.method, App: tt.app, GotoURI: tt.gotoURI})
			assert.Equal(t, tt.want, got)
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.code, codeOf(err), err.Error())
			if tt.message != "" {
				assert.EqualError(t, err, tt.message)
			}
		})
	}
}
