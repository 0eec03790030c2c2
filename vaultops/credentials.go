// Package vaultops holds the decisions the service worker takes with the
// vault's contents: reading WHM's account list for the vault's merge, and
// choosing which saved credential a WHM API call or a one-click login uses.
// It does no I/O: the engine holds the decrypted vault (package vault's
// typed model) and the worker talks to servers.
package vaultops

import (
	"fmt"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/deeplink"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/vault"
)

// Error codes.
const (
	CodeCredentialsMissing = "credentials-missing" // the vault holds no credential for the call or login
	CodeMethodUnknown      = "method-unknown"      // a login method signin does not have
	CodeDestination        = "destination-invalid" // a deep link panelkey does not know, or of another service
	// CodeTOTPUnreadable: the holder's saved 2FA value is not a 2FA secret (a document written by hand, or by a
	// newer version): the request is not sent without the code cPanel would ask for.
	CodeTOTPUnreadable = "totp-unreadable"
)

// Error is why no credential can be chosen. Messages never contain a secret.
type Error = errcode.Error

// Auth is the credential of a WHM API call.
type Auth struct {
	Method authheader.Method
	User   string // the WHM user; "" when none is saved
	Secret string
	// OTP is the saved 2FA secret for Basic, whose code goes in
	// X-CPANEL-OTP; nil when there is none.
	OTP *vault.TOTP
}

// WHMAuth chooses the credential a WHM API call on a server uses, from the
// server's WHM credentials: its API token; else its password as Basic, with
// the 2FA secret when one is saved; else its access hash. With none of them
// it fails with credentials-missing.
func WHMAuth(whm vault.WHM) (Auth, error) {
	if whm.Token != "" {
		return Auth{Method: authheader.MethodWHMToken, User: whm.User, Secret: whm.Token}, nil
	}
	if whm.Password != "" {
		otp, err := savedTOTP(whm.TOTP, whm.Extra, whm.User)
		if err != nil {
			return Auth{}, err
		}
		return Auth{Method: authheader.MethodBasic, User: whm.User, Secret: whm.Password, OTP: otp}, nil
	}
	if whm.AccessHash != "" {
		return Auth{Method: authheader.MethodAccessHash, User: whm.User, Secret: whm.AccessHash}, nil
	}
	return Auth{}, &Error{Code: CodeCredentialsMissing, Message: "No WHM API token is saved for this server."}
}

// savedTOTP is a holder's saved 2FA secret (a copy), nil when none is saved
// (absent, null or an empty text, as the pages once wrote "none"). A value
// the vault kept because it is not a 2FA secret (extra's "totp") fails: the
// login or call would go without the code cPanel asks for.
func savedTOTP(t *vault.TOTP, extra vault.Extra, holder string) (*vault.TOTP, error) {
	if t != nil {
		c := *t
		return &c, nil
	}
	if raw, ok := extra.Get("totp"); ok && raw != `""` {
		return nil, &Error{Code: CodeTOTPUnreadable, Message: "The saved 2FA secret of " + holder +
			" cannot be read; save it again (edit the server or the account)."}
	}
	return nil, nil
}

// LoginChoice is what a one-click login opens, with the vault's contents it
// reads (vault.Vault.Resolve finds them by id).
type LoginChoice struct {
	Server  *vault.Server  // the server (its WHM credentials)
	Account *vault.Account // the account; nil to log in as the WHM user
	Mailbox *vault.Mailbox // one of the account's mailboxes; nil unless logging in as a mailbox
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
	Service endpoint.Service
	Method  signin.Method
	// BaseURL is WHM's (the server's saved base URL) for Token, the
	// service's own for Password.
	BaseURL string
	User    string // the mailbox, else the account, else the WHM user
	Secret  string
	WHMUser string // Token, AccessHash: the WHM user who owns the credential
	// Account owns a cPanel API token (CPanelToken): the account whose
	// Webmail, or mailbox's, opens.
	Account string
	// TOTP is the password holder's saved 2FA secret (an account's or the
	// WHM user's; a mailbox has none); nil when there is none.
	TOTP    *vault.TOTP
	App     string
	GotoURI string
}

// SigninInput chooses the credential of a one-click login. The user is the
// mailbox's address, else the account's user, else the server's WHM user.
//
// Token (and AccessHash): WHM's create_user_session at the server's saved base
// URL, with the server's WHM API token (access hash) and WHM user (§3).
// CPanelToken: the account's own API token, for its Webmail or a mailbox's
// (§3). Password and SecurityCodePage: the service's own address on that host
// (§4, §5, §8), with the password of the mailbox, else the account, else the
// WHM user, and that holder's 2FA secret (SecurityCodePage needs one). A
// missing credential fails with credentials-missing; an unusable server
// address with the endpoint package's error.
func SigninInput(c LoginChoice) (Login, error) {
	if c.Server == nil {
		return Login{}, &vault.Error{Code: vault.CodeNotFound, Message: "That server is no longer in the vault."}
	}
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
	whm := c.Server.WHM
	// The password holder: the mailbox, else the account, else the WHM user; a mailbox has no 2FA of its own.
	user, password := whm.User, whm.Password
	holderTOTP := func() (*vault.TOTP, error) { return savedTOTP(whm.TOTP, whm.Extra, user) }
	if c.Account != nil {
		a := c.Account
		user, password = a.User, a.Password
		holderTOTP = func() (*vault.TOTP, error) { return savedTOTP(a.TOTP, a.Extra, user) }
	}
	if c.Mailbox != nil {
		user, password = c.Mailbox.Email, c.Mailbox.Password
		holderTOTP = func() (*vault.TOTP, error) { return nil, nil }
	}
	in := Login{Service: c.Service, Method: c.Method, User: user, App: c.App}

	switch c.Method {
	case signin.Token, signin.AccessHash:
		secret, what := whm.Token, "WHM API token"
		if c.Method == signin.AccessHash {
			secret, what = whm.AccessHash, "access hash"
		}
		if in.Secret = secret; secret == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No " + what + " is saved for this server."}
		}
		in.BaseURL, in.WHMUser = c.Server.BaseURL, whm.User
		return in, nil

	case signin.CPanelToken:
		if c.Account == nil || c.Account.APIToken == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No cPanel API token is saved for this account."}
		}
		in.Secret, in.Account = c.Account.APIToken, c.Account.User
		in.BaseURL = c.Server.BaseURL
		if in.BaseURL == "" {
			in.BaseURL = c.Server.Address
		}
		return in, nil

	case signin.Password, signin.SecurityCodePage:
		in.GotoURI = c.GotoURI
		in.Secret = password
		if in.Secret == "" {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No password is saved for " + user + "."}
		}
		input := c.Server.BaseURL
		if input == "" {
			input = c.Server.Address
		}
		a, err := endpoint.Parse(input)
		if err == nil {
			a, err = a.WithService(c.Service)
		}
		if err != nil {
			return Login{}, fmt.Errorf("the server's %s address: %w", c.Service, err)
		}
		in.BaseURL = a.BaseURL()
		if in.TOTP, err = holderTOTP(); err != nil {
			return Login{}, err
		}
		if c.Method == signin.SecurityCodePage && in.TOTP == nil {
			return Login{}, &Error{Code: CodeCredentialsMissing, Message: "No 2FA secret is saved for " + user + ": the security-code login answers cPanel's 2FA page."}
		}
		return in, nil
	}
	return Login{}, &Error{Code: CodeMethodUnknown, Message: fmt.Sprintf("Unknown login method %q.", c.Method)}
}
