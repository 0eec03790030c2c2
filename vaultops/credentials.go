package vaultops

import (
	"encoding/json"
	"fmt"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/deeplink"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/signin"
)

// Error codes.
const (
	CodeCredentialsMissing = "credentials-missing" // the vault holds no credential for the call or login
	CodeMethodUnknown      = "method-unknown"      // a login method signin does not have
	CodeDestination        = "destination-invalid" // a deep link panelkey does not know, or of another service
)

// Error is why no credential can be chosen. Messages never contain a secret.
type Error = errcode.Error

// Auth is the credential of a WHM API call, as the bridge's buildRequest
// takes it.
type Auth struct {
	Method authheader.Method `json:"method"`
	User   string            `json:"user,omitempty"`
	Secret string            `json:"secret"`
	// OTP is the stored 2FA record for Basic, as saved (its code goes in
	// X-CPANEL-OTP); nil when there is none.
	OTP json.RawMessage `json:"otp,omitempty"`
}

// WHMAuth chooses the credential a WHM API call on a server uses, from the
// server's WHM record: its API token; else its password as Basic, with the
// 2FA record when one is saved; else its access hash. With none of them it
// fails with credentials-missing.
func WHMAuth(whm Record) (Auth, error) {
	user := whm.Text("user")
	if token := whm.Text("token"); token != "" {
		return Auth{Method: authheader.MethodWHMToken, User: user, Secret: token}, nil
	}
	if password := whm.Text("password"); password != "" {
		return Auth{Method: authheader.MethodBasic, User: user, Secret: password, OTP: whm.given("totp")}, nil
	}
	if hash := whm.Text("accessHash"); hash != "" {
		return Auth{Method: authheader.MethodAccessHash, User: user, Secret: hash}, nil
	}
	return Auth{}, &Error{Code: CodeCredentialsMissing, Message: "No WHM API token is saved for this server."}
}

// LoginChoice is what a one-click login opens, with the vault records it
// reads.
type LoginChoice struct {
	Server  Record // the server's record (its WHM credentials in "whm")
	Account Record // the account's record; nil to log in as the WHM user
	Mailbox Record // the mailbox's record (one of the account's); nil unless logging in as a mailbox
	Service endpoint.Service
	Method  signin.Method // any of signin's methods
	App     string        // a create_user_session deep link (token methods), or ""
	GotoURI string        // the page a password login lands on (password methods), or ""
	// Dest is a destination (deeplink.Favourite's id: "file-manager", "app:Cron_Home", …) that sets App or
	// GotoURI for the method: its app key for token methods, its documented page for password ones.
	Dest string
}

// Login is a one-click login's input to the sign-in step machine: the
// bridge's signinStart input, without the clock.
type Login struct {
	Service endpoint.Service `json:"service"`
	Method  signin.Method    `json:"method"`
	// BaseURL is WHM's (the server's saved base URL) for Token, the
	// service's own for Password.
	BaseURL string `json:"baseURL,omitempty"`
	User    string `json:"user,omitempty"` // the mailbox, else the account, else the WHM user
	Secret  string `json:"secret"`
	WHMUser string `json:"whmUser,omitempty"` // Token, AccessHash: the WHM user who owns the credential
	// Account owns a cPanel API token (CPanelToken): the account whose
	// Webmail, or mailbox's, opens.
	Account string `json:"account,omitempty"`
	// TOTP is the password holder's stored 2FA record, as saved (an account's
	// or the WHM user's; a mailbox has none); nil when there is none.
	TOTP    json.RawMessage `json:"totp,omitempty"`
	App     string          `json:"app,omitempty"`
	GotoURI string          `json:"gotoURI,omitempty"`
}

// SigninInput chooses the credential of a one-click login. The user is the
// mailbox's address, else the account's user, else the server's WHM user.
//
// Token (and AccessHash): WHM's create_user_session at the server's saved base
// URL, with the server's WHM API token (access hash) and WHM user (§3).
// CPanelToken: the account's own API token, for its Webmail or a mailbox's
// (§3). Password and SecurityCodePage: the service's own address on that host
// (§4, §5, §8), with the password of the mailbox, else the account, else the
// WHM user, and that holder's 2FA record (SecurityCodePage needs one). A
// missing credential fails with credentials-missing; an unusable server
// address with the endpoint package's error.
func SigninInput(c LoginChoice) (Login, error) {
	if c.Dest != "" {
		d, err := deeplink.Favourite(c.Dest)
		if err != nil {
			return Login{}, &Error{Code: CodeDestination, Message: "That page is not one panelkey knows."}
		}
		if d.Service != c.Service {
			return Login{}, &Error{Code: CodeDestination, Message: d.Title + " opens in " + d.Service.Title() + ", not " + c.Service.Title() + "."}
		}
		c.App, c.GotoURI = d.App, d.Path
	}
	whm := c.Server.Record("whm")
	holder := whm
	user := whm.Text("user")
	if c.Account != nil {
		holder, user = c.Account, c.Account.Text("user")
	}
	if c.Mailbox != nil {
		holder, user = c.Mailbox, c.Mailbox.Text("email")
	}
	in := Login{Service: c.Service, Method: c.Method, User: user, App: c.App}

	switch c.Method {
	case signin.Token, signin.AccessHash:
		field, what := "token", "WHM API token"
		if c.Method == signin.AccessHash {
			field, what = "accessHash", "access hash"
		}
		in.Secret = whm.Text(field)
		if in.Secret == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No " + what + " is saved for this server."}
		}
		in.BaseURL, in.WHMUser = c.Server.Text("baseURL"), whm.Text("user")
		return in, nil

	case signin.CPanelToken:
		if c.Account == nil || c.Account.Text("apiToken") == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No cPanel API token is saved for this account."}
		}
		in.Secret, in.Account = c.Account.Text("apiToken"), c.Account.Text("user")
		in.BaseURL = c.Server.Text("baseURL")
		if in.BaseURL == "" {
			in.BaseURL = c.Server.Text("address")
		}
		return in, nil

	case signin.Password, signin.SecurityCodePage:
		in.GotoURI = c.GotoURI
		in.Secret = holder.Text("password")
		if in.Secret == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No password is saved for " + user + "."}
		}
		input := c.Server.Text("baseURL")
		if input == "" {
			input = c.Server.Text("address")
		}
		a, err := endpoint.Parse(input)
		if err == nil {
			a, err = a.WithService(c.Service)
		}
		if err != nil {
			return Login{}, fmt.Errorf("the server's %s address: %w", c.Service, err)
		}
		in.BaseURL = a.BaseURL()
		if c.Mailbox == nil {
			in.TOTP = holder.given("totp")
		}
		if c.Method == signin.SecurityCodePage && in.TOTP == nil {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No 2FA secret is saved for " + user + ": the security-code login answers cPanel's 2FA page."}
		}
		return in, nil
	}
	return Login{}, &Error{Code: CodeMethodUnknown, Message: fmt.Sprintf("Unknown login method %q.", c.Method)}
}
