// Package apiconsole is the API console's logic, without I/O: the form state
// (which server, account, service, API call and authentication method), its
// assembly into the exact request the worker sends (credentials resolved from
// the vault, the 2FA code computed at that moment) together with the same
// request with its secrets masked, the preflight problems of the combination,
// the history of sent requests, and the HTML of the console's views (every
// string from the vault or a server escaped).
package apiconsole

import (
	"strings"
	"time"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/secretarg"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

// Auth is how a console request authenticates.
type Auth string

// The console's authentication methods.
const (
	AuthSession     Auth = "session"      // the browser's session: cookie + /cpsessN token in the path
	AuthWHMToken    Auth = "whm-token"    // Authorization: whm USER:TOKEN (the server's WHM user)
	AuthCPanelToken Auth = "cpanel-token" // Authorization: cpanel USER:TOKEN (the chosen account)
	AuthAccessHash  Auth = "access-hash"  // Authorization: WHM USER:HASH (the server's WHM user)
	AuthBasic       Auth = "basic"        // Authorization: Basic (the account's, else the WHM user's password)
	AuthBasicOTP    Auth = "basic-otp"    // Basic plus X-CPANEL-OTP computed from the stored 2FA secret
)

// auths are the console's methods in the order it offers them, each with its title's catalog key.
var auths = [...]struct {
	auth  Auth
	title string
}{
	{AuthSession, locale.Key("consoleAuthSession")},
	{AuthWHMToken, locale.Key("methodToken")},
	{AuthCPanelToken, locale.Key("methodCPanelToken")},
	{AuthAccessHash, locale.Key("consoleAuthAccessHash")},
	{AuthBasic, locale.Key("consoleAuthBasic")},
	{AuthBasicOTP, locale.Key("consoleAuthBasic2FA")},
}

// Auths returns the methods in the order the console offers them.
func Auths() []Auth {
	out := make([]Auth, len(auths))
	for i, x := range auths {
		out[i] = x.auth
	}
	return out
}

// titleKey is the catalog key of the method's title; ok is false for a method the console does not offer.
func (a Auth) titleKey() (key string, ok bool) {
	for _, x := range auths {
		if x.auth == a {
			return x.title, true
		}
	}
	return "", false
}

// Title is the method's name for people, in c's words.
func (a Auth) Title(c *locale.Catalog) string {
	if key, ok := a.titleKey(); ok {
		return c.T(key)
	}
	return string(a)
}

// Sent is the credential the method sends, as preflight and cpapi.ForCredential name it.
func (a Auth) Sent() authheader.Method {
	switch a {
	case AuthSession:
		return preflight.AuthSession
	case AuthBasicOTP:
		return authheader.MethodBasic
	}
	return authheader.Method(a)
}

func (a Auth) valid() bool {
	_, ok := a.titleKey()
	return ok
}

// Form is the console's form. It names credentials (server, account, method)
// and never holds them; the values of secret arguments (secretarg.Is) are the
// only secrets in it, and ForHistory takes them out before it is stored.
type Form struct {
	ServerID  string `json:"serverId"`
	AccountID string `json:"accountId,omitempty"`
	// Service is "cpanel", "whm" or "webmail"; "" picks the one the family
	// and method call for (DefaultService).
	Service  string      `json:"service,omitempty"`
	Family   string      `json:"family"`
	Module   string      `json:"module,omitempty"`
	Function string      `json:"function"`
	Args     [][2]string `json:"args,omitempty"`
	Auth     Auth        `json:"auth"`
	// Method is how the arguments travel: MethodGET (in the query string),
	// MethodPOST (in a form body), or "" for DefaultMethod's choice.
	Method string `json:"method,omitempty"`
	// Withheld are the indexes in Args of the secret arguments whose values
	// the history did not keep (ForHistory): the user types them again.
	Withheld []int `json:"withheld,omitempty"`
}

// The ways arguments travel. cPanel reads them from the query string and
// from an application/x-www-form-urlencoded body alike, for every family:
// docs/protocol.md (§6) says "GET or POST form" for UAPI; cPanel's own
// client cPanel::PublicAPI (CpanelInc/cPanel-PublicAPI, lib/cPanel/PublicAPI.pm)
// sends every WHM API 1 call (json-api/FUNC, api.version=1 included) as a
// POST with the form as its body, and API 2 through json-api/cpanel as a POST
// once the form is long (10 keys or 1 kB); cPanel's Cpanel::RemoteAPI::cPanel
// request_uapi POSTs to /execute/Module/function; and cpsrvd's form parser
// (Cpanel::Form::parseform) reads the query string, then the body, into one
// form. The console keeps in the URL what its engine always put there
// (api.version=1, cpanel_jsonapi_*, cpanel.user/module/function): only the
// call's own arguments move to the body.
const (
	MethodGET  = "GET"
	MethodPOST = "POST"
)

// DefaultMethod is how args travel when the form leaves it to the console:
// in a form body (POST) when an argument's name looks secret (secretarg.Is), so
// that its value stays out of the URL (which servers, proxies and browsers
// log and keep); else in the query string (GET), as cPanel's documented
// examples do.
func DefaultMethod(args [][2]string) string {
	for _, kv := range args {
		if secretarg.Is(kv[0]) {
			return MethodPOST
		}
	}
	return MethodGET
}

// SendMethod is the method the form's request uses: its Method, or
// DefaultMethod's for its arguments.
func (f Form) SendMethod() string {
	switch strings.ToUpper(f.Method) {
	case MethodGET:
		return MethodGET
	case MethodPOST:
		return MethodPOST
	}
	return DefaultMethod(f.Args)
}

// ForHistory is the form as the history stores it: each secret argument
// with its name and an empty value, its index in Withheld (an argument left
// empty by the user is not withheld: it is sent empty again). f is not
// changed.
func (f Form) ForHistory() Form {
	out := f
	out.Args, out.Withheld = make([][2]string, len(f.Args)), nil
	for i, kv := range f.Args {
		if secretarg.Is(kv[0]) && (kv[1] != "" || f.withheld(i)) {
			kv[1] = ""
			out.Withheld = append(out.Withheld, i)
		}
		out.Args[i] = kv
	}
	if len(f.Args) == 0 {
		out.Args = f.Args
	}
	return out
}

func (f Form) withheld(i int) bool {
	for _, w := range f.Withheld {
		if w == i {
			return true
		}
	}
	return false
}

// Missing returns the indexes of the withheld arguments that are still
// empty: the values the user has to type again before the form can be sent.
func (f Form) Missing() []int {
	var out []int
	for _, i := range f.Withheld {
		if i >= 0 && i < len(f.Args) && f.Args[i][1] == "" {
			out = append(out, i)
		}
	}
	return out
}

// WithoutArg returns the form without its argument i, the withheld indexes
// moved along. f is not changed.
func (f Form) WithoutArg(i int) Form {
	if i < 0 || i >= len(f.Args) {
		return f
	}
	out := f
	out.Args = append(append([][2]string{}, f.Args[:i]...), f.Args[i+1:]...)
	out.Withheld = nil
	for _, w := range f.Withheld {
		switch {
		case w < i:
			out.Withheld = append(out.Withheld, w)
		case w > i:
			out.Withheld = append(out.Withheld, w-1)
		}
	}
	return out
}

// Session is a browser session the worker remembered when a login tab
// opened it: where its cookie lives and its security token.
type Session struct {
	BaseURL string `json:"baseURL"`
	Cpsess  string `json:"cpsess"`
	User    string `json:"user"`
	At      int64  `json:"at"` // ms since the epoch
}

// Sessions are one server's remembered sessions by service name.
type Sessions map[string]Session

// Error codes of Prepare.
const (
	CodeServer          = "server-missing"      // the form's server is not in the vault
	CodeAccount         = "account-missing"     // the form's account is not on that server
	CodeAuth            = "auth-unknown"        // not one of Auths
	CodeService         = "service-unknown"     // not cpanel, whm, webmail or ""
	CodeAccountRequired = "account-required"    // the method or call needs an account and none is chosen
	CodeCredentials     = "credentials-missing" // the vault holds no such credential
	CodeSession         = "session-missing"     // no remembered browser session for that service
	CodeWithheld        = "argument-withheld"   // a secret argument from the history has no value yet
)

// Error is why a form cannot become a request. Messages never contain a
// secret.
type Error = errcode.Error

// Prepared is a form assembled into a request.
type Prepared struct {
	Service endpoint.Service
	BaseURL string
	Family  cpapi.Family
	// User is who the request authenticates as.
	User string
	// Problems are preflight's findings for the combination.
	Problems []preflight.Problem
	// Request is what the worker sends, secrets included.
	Request cpapi.Request
	// Snippet is the same request for display and copying: each secret
	// header, and each secret argument in the URL or the form body, carries
	// its masked form.
	Snippet snippet.Request
}

// Blocked returns the problem that panelkey will not send a request with
// (anything on a plain-text port: the gate sends nothing there), or nil.
// Every other problem is only explained: the user may still send, to see
// the server's own answer.
func (p *Prepared) Blocked() *preflight.Problem {
	for i, pr := range p.Problems {
		if pr.Code == preflight.CodePlaintextCredential || pr.Code == preflight.CodePlaintextRedirect {
			return &p.Problems[i]
		}
	}
	return nil
}

// DefaultService is the service a call of family f goes to with method a:
// WHM for WHM API 1 and uapi_cpanel, cPanel for UAPI, and for API 2 WHM when
// the credential is the WHM user's (a WHM token or access hash, or a
// password without an account), else cPanel.
func DefaultService(f cpapi.Family, a Auth, hasAccount bool) endpoint.Service {
	switch f {
	case cpapi.WHMAPI1, cpapi.UAPICPanel:
		return endpoint.WHM
	case cpapi.API2:
		if a == AuthWHMToken || a == AuthAccessHash || (!hasAccount && (a == AuthBasic || a == AuthBasicOTP)) {
			return endpoint.WHM
		}
	}
	return endpoint.CPanel
}

// TargetService is the service the form's request goes to: the one it
// names, else DefaultService's for family f.
func (f Form) TargetService(family cpapi.Family) endpoint.Service {
	if f.Service != "" {
		return endpoint.Service(f.Service)
	}
	return DefaultService(family, f.Auth, f.AccountID != "")
}

// Prepare assembles form f into the request to send at now, with the
// credentials of v and, for the browser session, the session sessions holds
// for the service. offset is the server's clock minus this computer's (the
// worker's clockOffsets, or one measured by Drift): a 2FA code is computed
// at now+offset, the server's time.
//
// The errors are *Error, or the engine packages' errors (cpapi, authheader,
// totp, endpoint) for names, arguments or stored values they refuse. When the
// address is known, the returned Prepared is not nil even with an error: it
// holds the address and the preflight problems, which do not depend on
// credentials. The *Error messages are in c's words.
func Prepare(c *locale.Catalog, f Form, v *vault.Vault, sessions Sessions, now time.Time, offset time.Duration) (*Prepared, error) {
	var server *vault.Server
	if v != nil {
		server = v.Server(f.ServerID)
	}
	if server == nil {
		return nil, &Error{Code: CodeServer, Message: c.T("consoleChooseServer"), Localized: true}
	}
	var account *vault.Account
	if f.AccountID != "" {
		if account = server.Account(f.AccountID); account == nil {
			return nil, &Error{Code: CodeAccount, Message: c.T("consoleAccountGone"), Localized: true}
		}
	}
	if !f.Auth.valid() {
		return nil, &Error{Code: CodeAuth, Message: c.T("consoleChooseAuth"), Localized: true}
	}
	family, err := cpapi.ParseFamily(f.Family)
	if err != nil {
		return nil, err
	}
	service := f.TargetService(family)
	if !service.Valid() {
		return nil, &Error{Code: CodeService, Message: c.T("consoleChooseService"), Localized: true}
	}

	p := &Prepared{Service: service, Family: family}
	var cpsess string
	if f.Auth == AuthSession {
		s, ok := sessions[string(service)]
		if !ok || s.BaseURL == "" {
			return nil, &Error{Code: CodeSession, Message: c.T("consoleNoSession", service.Title()), Localized: true}
		}
		p.BaseURL, cpsess, p.User = s.BaseURL, s.Cpsess, s.User
		p.Snippet.Cookie = service.Cookie()
	} else {
		input := server.BaseURL
		if input == "" {
			input = server.Address
		}
		addr, err := endpoint.For(input, service)
		if err != nil {
			return nil, err
		}
		p.BaseURL = addr.BaseURL()
	}

	call := cpapi.Call{Family: family, Module: strings.TrimSpace(f.Module), Function: strings.TrimSpace(f.Function)}
	if family == cpapi.WHMAPI1 {
		call.Module = ""
	}
	for _, kv := range f.Args {
		if kv[0] == "" && kv[1] == "" {
			continue // an empty row of the form
		}
		call.Args = append(call.Args, cpapi.Arg{Key: strings.TrimSpace(kv[0]), Value: kv[1]})
	}
	// API 2 and uapi_cpanel through WHM run as an account (cpanel_jsonapi_user, cpanel.user).
	if family == cpapi.UAPICPanel || (family == cpapi.API2 && service == endpoint.WHM) {
		if account == nil {
			if family == cpapi.UAPICPanel {
				p.Problems = check(p, family, f.Auth, "")
				return p, &Error{Code: CodeAccountRequired, Message: c.T("consoleChooseAccount"), Localized: true}
			}
		} else {
			call.User = account.User
		}
	}

	// The whole call is checked (names, argument keys); the URL is built
	// without its arguments, which go after it or into the body.
	fixed := call
	fixed.Args = nil
	fixedPath, err := call.Path()
	if err == nil {
		fixedPath, err = fixed.Path()
	}
	if err != nil {
		p.Problems = check(p, family, f.Auth, "")
		return p, err
	}
	p.Problems = check(p, family, f.Auth, cpsess+fixedPath)
	if missing := f.Missing(); len(missing) > 0 {
		return p, &Error{Code: CodeWithheld, Message: c.T("consoleWithheld", strings.TrimSpace(f.Args[missing[0]][0])), Localized: true}
	}
	req, err := cpapi.BuildRequest(p.BaseURL, fixed, cpsess)
	if err != nil {
		return p, err
	}
	headers, err := authHeaders(c, f.Auth, server, account, now, offset, p)
	if err != nil {
		return p, err
	}
	for _, h := range headers {
		req.Headers = append(req.Headers, authheader.Header{Name: h.Name, Value: h.Value})
	}
	fields := make([]snippet.Field, len(call.Args))
	for i, a := range call.Args {
		fields[i] = snippet.Field{Name: a.Key, Value: a.Value}
		if secretarg.Is(a.Key) {
			fields[i].Masked = Placeholder(a.Key)
		}
	}
	p.Snippet.URL = req.URL
	if f.SendMethod() == MethodPOST {
		req.Method = MethodPOST
		if req.Body = snippet.FormBody(fields); req.Body != "" {
			req.ContentType = cpapi.FormContentType
		}
		p.Snippet.Form = fields
	} else if len(fields) > 0 {
		sep := "?"
		if strings.Contains(req.URL, "?") {
			sep = "&"
		}
		// FormBody encodes as cpapi's Call.Path does: the URL it would build.
		base := req.URL + sep
		req.URL = base + snippet.FormBody(fields)
		p.Snippet.URL = req.URL
		if shown := base + (snippet.Request{Form: fields}).ShowBody(false); shown != req.URL {
			p.Snippet.MaskedURL = shown
		}
	}
	p.Request = req
	p.Snippet.Method, p.Snippet.Body, p.Snippet.ContentType = req.Method, req.Body, req.ContentType
	p.Snippet.Headers = headers
	return p, nil
}

// check runs preflight on the prepared address.
func check(p *Prepared, f cpapi.Family, a Auth, path string) []preflight.Problem {
	addr, err := endpoint.Parse(p.BaseURL)
	if err != nil {
		return []preflight.Problem{{Code: preflight.CodeAddressInvalid, Message: err.Error(), Severity: preflight.SeverityError}}
	}
	return preflight.Check(preflight.Target{Address: addr, Family: f, Auth: a.Sent(), Path: path})
}

// authHeaders resolves the method's credential from the vault and builds its
// headers, each with its masked form (a 2FA code at now+offset); it sets
// p.User. Its errors are in c's words.
func authHeaders(c *locale.Catalog, a Auth, s *vault.Server, acct *vault.Account, now time.Time, offset time.Duration, p *Prepared) ([]snippet.Header, error) {
	var (
		r        authheader.Result
		err      error
		masked   string
		otp      *vault.TOTP
		identity = c.T("consoleTheWHMUser")
	)
	if acct != nil {
		identity = acct.User
	} else if s.WHM.User != "" {
		identity = s.WHM.User
	}
	need := func(value, missing string) error {
		if value == "" {
			return &Error{Code: CodeCredentials, Message: missing, Localized: true}
		}
		return nil
	}
	switch a {
	case AuthSession:
		return nil, nil
	case AuthWHMToken, AuthAccessHash:
		identity = c.T("consoleThisServersWHMUser")
		user, secret, missing := s.WHM.User, s.WHM.Token, c.T("consoleNoSavedWHMToken", identity)
		if a == AuthAccessHash {
			secret, missing = s.WHM.AccessHash, c.T("consoleNoSavedAccessHash", identity)
		}
		if err := need(secret, missing); err != nil {
			return nil, err
		}
		if a == AuthWHMToken {
			r, err = authheader.WHMToken(user, secret)
			masked = "whm " + user + ":<WHM_API_TOKEN>"
		} else {
			r, err = authheader.AccessHash(user, secret)
			masked = "WHM " + user + ":<ACCESS_HASH>"
		}
		p.User = user
	case AuthCPanelToken:
		if acct == nil {
			return nil, &Error{Code: CodeAccountRequired, Message: c.T("consoleTokenNeedsAccount"), Localized: true}
		}
		if err := need(acct.APIToken, c.T("consoleNoSavedCPanelToken", identity)); err != nil {
			return nil, err
		}
		r, err = authheader.CPanelToken(acct.User, acct.APIToken)
		masked = "cpanel " + acct.User + ":<CPANEL_API_TOKEN>"
		p.User = acct.User
	case AuthBasic, AuthBasicOTP:
		user, password := s.WHM.User, s.WHM.Password
		otp = s.WHM.TOTP
		if acct != nil {
			user, password, otp = acct.User, acct.Password, acct.TOTP
		}
		if err := need(password, c.T("consoleNoSavedPassword", identity)); err != nil {
			return nil, err
		}
		if a == AuthBasicOTP && (otp == nil || otp.Secret == "") {
			return nil, &Error{Code: CodeCredentials, Message: c.T("consoleNoSaved2FA", identity), Localized: true}
		}
		r, err = authheader.Basic(user, password)
		masked = "Basic <BASE64(" + user + ":PASSWORD)>"
		p.User = user
	}
	if err != nil {
		return nil, err
	}
	out := make([]snippet.Header, 0, len(r.Headers)+1)
	for _, h := range r.Headers {
		out = append(out, snippet.Header{Name: h.Name, Value: h.Value, Masked: masked})
	}
	if a == AuthBasicOTP {
		o := totp.Options{Algorithm: totp.Algorithm(otp.Algorithm), Digits: otp.Digits, Period: otp.Period, Offset: offset}
		code, err := totp.Code(otp.Secret, now, o)
		if err != nil {
			return nil, err
		}
		h, err := authheader.OTP(code)
		if err != nil {
			return nil, err
		}
		out = append(out, snippet.Header{Name: h.Name, Value: h.Value, Masked: "<2FA_CODE>"})
	}
	return out, nil
}

// SessionLogin is the worker's login that opens a browser session into
// service for the form's server and account (WHM: the server's WHM user;
// cPanel and Webmail: the account), as the popup's button for it would; ok
// is false when no stored credential allows one.
func SessionLogin(v *vault.Vault, f Form, service endpoint.Service) (ui.Login, bool) {
	want, id := ui.KindAccount, f.AccountID
	if service == endpoint.WHM {
		want, id = ui.KindServer, f.ServerID
	}
	if id == "" || v == nil {
		return ui.Login{}, false
	}
	for _, r := range ui.Rows(v) {
		if r.Kind == want && r.ID == id && r.ServerID == f.ServerID {
			return r.LoginFor(string(service))
		}
	}
	return ui.Login{}, false
}
