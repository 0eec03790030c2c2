// Package optionsform checks what the user typed in the options page's forms
// (a server, an account, the auto-lock delay) and turns it into the record to
// store, or says in one sentence what to fix. Every credential is checked the
// way its header would carry it, so a bad value fails when it is typed, not
// at the first login.
//
// The page reads the fields and shows the result; the rules are here, tested
// natively. Errors are *Error (the errcode contract); messages never contain a
// secret, and are in the words of the catalog the page passes (a refused
// value's reason is the catalog's for its code when it has one, else the
// engine's).
package optionsform

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/policy"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

// Error says which rule a form broke. Code is the failing check's own code
// where one exists (endpoint's, authheader's, totp's, otpauth's), else one of
// the Code* constants; Message names the field.
type Error = errcode.Error

// Codes of the rules this package states itself.
const (
	CodeInsecure        = "address-insecure"     // a plain-text http address for a server
	CodeWHMUserMissing  = "whm-user-missing"     // WHM credentials without the WHM user
	CodeUserMissing     = "account-user-missing" // an account without its cPanel user
	CodeMailboxInvalid  = "mailbox-invalid"      // a mailbox that is not a whole address
	CodeAutoLockInvalid = "autolock-invalid"     // auto-lock minutes out of range
)

// fail is err's code with its message in c's words, after the name of the
// field it is about (none: "").
func fail(c *locale.Catalog, field string, err error) *Error {
	code, msg := errcode.Of(err)
	if !errcode.IsLocalized(err) {
		msg = ui.ProblemText(c, code, msg, errcode.Params(err)...)
	}
	if field != "" {
		msg = c.T("formFieldProblem", field, msg)
	}
	return &Error{Code: code, Message: msg, Localized: true}
}

// Secret is a secret field of an open form: what is typed, the stored value
// it stands for (the page puts it in the field only when "show" is pressed)
// and whether it is marked for removal.
type Secret struct {
	Typed, Stored string
	Removed       bool
}

// Value is what saving the field writes: the typed value, else "" when
// marked removed, else the stored value.
func (s Secret) Value() string {
	if s.Typed != "" {
		return s.Typed
	}
	if s.Removed {
		return ""
	}
	return s.Stored
}

// TOTPField is a two-factor field: a secret or an otpauth:// URI, typed, or
// the stored one (Stored, whose secret the field held when the form opened is
// StoredSecret).
type TOTPField struct {
	Typed, StoredSecret string
	Stored              *vault.TOTP
	Removed             bool
}

// Read returns the TOTP to store: a typed secret or URI parsed; empty keeps
// the stored one (with its parameters) unless it is marked removed; the
// stored secret itself ("show" put it in the field) keeps it too.
func (f TOTPField) Read() (*vault.TOTP, error) {
	typed := strings.TrimSpace(f.Typed)
	if typed == "" {
		if f.Removed || f.StoredSecret == "" {
			return nil, nil
		}
		return f.Stored, nil
	}
	if typed == f.StoredSecret {
		return f.Stored, nil
	}
	return ui.ParseTOTP(typed)
}

// ServerInput is the server form as typed.
type ServerInput struct {
	Address, Name, WHMUser               string
	WHMToken, WHMPassword, WHMAccessHash Secret
	WHMTOTP                              TOTPField
}

// Server is a checked server form: the address as typed, the WHM base URL
// the engine derived from it, the host permission logins need, and the WHM
// credentials.
type Server struct {
	Address, Name, BaseURL, Origin string
	WHM                            vault.WHM
}

// CheckServer checks the server form: an https address cPanel serves WHM on,
// and WHM credentials with their user, each valid as its header would carry
// it. Its messages are in c's words.
func CheckServer(c *locale.Catalog, in ServerInput) (Server, error) {
	out := Server{Address: strings.TrimSpace(in.Address), Name: strings.TrimSpace(in.Name)}
	a, err := endpoint.Parse(out.Address)
	if err != nil {
		return out, fail(c, "", err)
	}
	if !a.Secure() {
		return out, &Error{Code: CodeInsecure, Message: c.T("formErrorInsecure"), Localized: true}
	}
	whm, err := a.WithService(endpoint.WHM)
	if err != nil {
		return out, fail(c, "", err)
	}
	out.BaseURL, out.Origin = whm.BaseURL(), endpoint.HostPermission(a.Host)
	w := vault.WHM{
		User:       strings.TrimSpace(in.WHMUser),
		Token:      strings.TrimSpace(in.WHMToken.Value()),
		Password:   in.WHMPassword.Value(),
		AccessHash: strings.TrimSpace(in.WHMAccessHash.Value()),
	}
	if w.Token != "" || w.Password != "" || w.AccessHash != "" {
		if w.User == "" {
			return out, &Error{Code: CodeWHMUserMissing, Message: c.T("formErrorWHMUser"), Localized: true}
		}
		for _, f := range []struct {
			method       authheader.Method
			value, field string
		}{
			{authheader.MethodWHMToken, w.Token, c.T("methodToken")},
			{authheader.MethodBasic, w.Password, c.T("serverWHMPassword")},
			{authheader.MethodAccessHash, w.AccessHash, c.T("consoleAuthAccessHash")},
		} {
			if f.value == "" {
				continue
			}
			if _, err := authheader.ForMethod(f.method, w.User, f.value); err != nil {
				return out, fail(c, f.field, err)
			}
		}
	}
	t, err := in.WHMTOTP.Read()
	if err != nil {
		return out, fail(c, c.T("formFieldWHMTOTP"), err)
	}
	w.TOTP = t
	out.WHM = w
	return out, nil
}

// AccountInput is the account form as typed.
type AccountInput struct {
	User, Domain       string
	Password, APIToken Secret
	TOTP               TOTPField
	Mailboxes          []MailboxInput
}

// MailboxInput is one mailbox row of the account form.
type MailboxInput struct {
	Email    string
	Password Secret
}

// CheckAccount checks the account form and returns the account to store
// (without an id): its user, a password and cPanel API token each valid as
// its header would carry it, a two-factor secret, and whole mailbox
// addresses (rows without an address are dropped). Its messages are in c's
// words.
func CheckAccount(c *locale.Catalog, in AccountInput) (vault.Account, error) {
	a := vault.Account{User: strings.TrimSpace(in.User)}
	if a.User == "" {
		return a, &Error{Code: CodeUserMissing, Message: c.T("formErrorUser"), Localized: true}
	}
	a.Domain = strings.TrimSpace(in.Domain)
	a.Password = in.Password.Value()
	a.APIToken = strings.TrimSpace(in.APIToken.Value())
	if a.Password != "" {
		if _, err := authheader.Basic(a.User, a.Password); err != nil {
			return a, fail(c, c.T("accountPassword"), err)
		}
	}
	if a.APIToken != "" {
		if _, err := authheader.CPanelToken(a.User, a.APIToken); err != nil {
			return a, fail(c, c.T("methodCPanelToken"), err)
		}
	}
	t, err := in.TOTP.Read()
	if err != nil {
		return a, fail(c, c.T("formFieldTOTP"), err)
	}
	a.TOTP = t
	a.Mailboxes = []vault.Mailbox{}
	for _, m := range in.Mailboxes {
		email := strings.TrimSpace(m.Email)
		if email == "" {
			continue
		}
		if !strings.Contains(email, "@") {
			return a, &Error{Code: CodeMailboxInvalid, Message: c.T("formErrorMailbox", email, a.Domain), Localized: true}
		}
		a.Mailboxes = append(a.Mailboxes, vault.Mailbox{Email: email, Password: m.Password.Value()})
	}
	return a, nil
}

// AutoLockMinutes reads the auto-lock field: a whole number of minutes in
// range (its message in c's words).
func AutoLockMinutes(c *locale.Catalog, typed string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(typed))
	if err != nil || n < policy.MinAutoLockMinutes || n > policy.MaxAutoLockMinutes {
		return 0, &Error{Code: CodeAutoLockInvalid, Message: c.T("formErrorAutoLock", strconv.Itoa(policy.MinAutoLockMinutes),
			strconv.Itoa(policy.MaxAutoLockMinutes)), Localized: true}
	}
	return n, nil
}

// AddressPreview says what the engine understood of a typed server address:
// the three services' addresses, with a warning for plain-text http, or why
// it cannot be used, in c's words; "" for an empty field.
func AddressPreview(c *locale.Catalog, input string) string {
	if strings.TrimSpace(input) == "" {
		return ""
	}
	a, err := endpoint.Parse(input)
	if err != nil {
		return fail(c, "", err).Message
	}
	parts := make([]string, 0, 3)
	for _, s := range endpoint.Services() {
		if sa, err := a.WithService(s); err == nil {
			parts = append(parts, s.Title()+" "+sa.BaseURL())
		}
	}
	text := strings.Join(parts, " · ")
	if !a.Secure() {
		text += " — " + c.T("addressPlainText")
	}
	return text
}
