// Package signin decides the one-click login flows: which request to send, what
// the server's answer means, and whether to open a tab, send another request or
// stop with advice.
//
// It is a step machine with no I/O: the caller (the extension's service worker)
// performs each request with the browser's own fetch, so that cookies land in
// the browser's jar and the session is bound to the browser's address (protocol
// reference §9), and hands the answer back to Next. The flows (Methods lists
// them for the pages' buttons):
//
//   - Token (or legacy access hash): WHM API 1 create_user_session on the WHM
//     port, then a tab on the returned single-use URL, which sets the service's
//     session cookie (§3, Decision 1). Two-factor authentication is not asked:
//     SSO sessions are created already verified (§3). App picks the page.
//   - CPanelToken: a cPanel account's own API token, which reaches UAPI only
//     (§2): Session::create_webmail_session_for_self or _for_mail_user on the
//     cPanel port, then a tab on {token}/login/?session=… on the Webmail port
//     (§3; Decision 1 for the GET). cPanel offers no cPanel or WHM session
//     from such a token.
//   - Password: POST /login/?login_only=1 on the service's TLS port with user,
//     pass and, when a 2FA secret is stored, tfa_token computed at send time
//     (§4, §5 way A, Decision 2); the answer sets the cookie and names the page
//     the tab opens on: GotoURI's, as cPanel's secure remote login (§8) asks
//     for it, or the home. A rejected code is retried once at the server's
//     clock when its Date header shows drift.
//   - SecurityCodePage: the login form's own post (POST /login/, no
//     login_only), whose redirect names the new session's security token, then
//     the TwoFactorAuth security-code form (tfatoken posted to {token}/) with a
//     code computed at send time (§4, §5 way B), then a tab on the session.
//
// Requests are never to be followed through redirects (the caller fetches with
// redirect "manual" and reports Response.Redirected), so a credential reaches
// only the address Start chose. Every address the server proposes (create_user_session's
// URL, a login answer's redirect, a Location read for its security token) and
// every tab a flow opens passes the network gate (netgate.Open) first: https,
// the server's own host, the service's port; anything else fails with both
// hosts named, and no tab opens.
//
// Threat model: a Request and the opaque state carry secrets (token, password,
// 2FA secret) and must stay in the caller's memory; nothing this package returns
// in a Failure contains a secret. Passwords and tokens are only ever sent to
// the TLS port of the service they belong to.
package signin

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/netgate"
	"github.com/panelkey/panelkey/totp"
)

// Method names the credential that opens the session.
type Method string

// The credentials a login can use.
const (
	Token      Method = "token"       // a WHM API token (root or reseller): create_user_session
	AccessHash Method = "access-hash" // the deprecated WHM access hash: create_user_session
	Password   Method = "password"    // the account's password (+ 2FA code): /login/?login_only=1
	// CPanelToken is a cPanel account's API token: a Webmail session through UAPI (Webmail only).
	CPanelToken Method = "cpanel-token"
	// SecurityCodePage is the password, then the 2FA security-code page (§5 way B).
	SecurityCodePage Method = "password-security-code"
)

// Request says what to open and with which credential.
type Request struct {
	Service endpoint.Service // the service the tab lands in
	Method  Method
	Server  string // the server's address as the user typed it
	// User is the account to open: a cPanel user, a mailbox (Webmail) or,
	// for WHM, the WHM user itself.
	User string
	// Secret is the WHM token or access hash (Token, AccessHash) or the
	// account's password (Password).
	Secret string
	// WHMUser owns the token or access hash: root or a reseller. Zero: root.
	WHMUser string
	// Account owns a cPanel API token (CPanelToken): the cPanel account whose
	// mailbox User is. Zero: User itself (its own Webmail).
	Account string
	// TOTP is the account's 2FA secret, for Password logins; nil when the
	// account has no 2FA.
	TOTP *TOTP
	// App is a create_user_session deep link (e.g. FileManager_Home); token
	// flows only.
	App string
	// GotoURI is the page below /cpsessN/ a password login lands on (login's
	// goto_uri, as cPanel's secure remote login sends it, §8); "" is the home.
	// Password flows only; a relative path (the deeplink package's).
	GotoURI string
	// Offset is the server's clock minus the browser's, as learnt earlier.
	Offset time.Duration
}

// TOTP is a stored 2FA secret with its parameters.
type TOTP struct {
	Secret  string
	Options totp.Options
}

// Kind says what the caller must do next.
type Kind string

// The kinds of step.
const (
	Fetch Kind = "fetch" // send Step.Request, then call Next with the answer
	Open  Kind = "open"  // open a tab on Step.URL: the flow is done
	Fail  Kind = "fail"  // stop and show Step.Failure
)

// Step is what to do next.
type Step struct {
	Kind    Kind
	Request cpapi.Request // Fetch: the request to send
	// State is opaque: hand it back to Next unchanged. It holds secrets: keep
	// it in memory only.
	State   string
	URL     string   // Open: where the tab goes
	Failure *Failure // Fail: what went wrong and what to do
	// Offset is the server clock offset the flow worked with; when it differs
	// from Request.Offset the caller should remember it for the next login.
	Offset time.Duration
}

// Failure explains a failed login in words a user can act on. No field
// contains a secret.
type Failure struct {
	Code    string // stable, kebab-case
	Message string // what happened
	Advice  string // what to do
	// Params are the variable parts of Message and Advice (a server's
	// address, a user name, an HTTP status), which the pages' catalog shows
	// in the translation of Code as $1, $2, ….
	Params []string
	// OpenURL, when set, is a page worth opening in a tab, e.g. the server's
	// address so the user can inspect and accept its certificate.
	OpenURL string
}

// Response is the server's answer to a Fetch step, as the browser saw it.
type Response struct {
	Status int
	// Date is the server's Date header, used to detect clock drift.
	Date string
	// Location is the Location header of a redirect.
	Location string
	Body     []byte
	// Redirected is set when the server answered with a redirect, which the
	// caller must not follow: credentials go only where Start sent them.
	Redirected bool
	// NetworkError is set when no HTTP answer came back, with the browser's
	// error text (e.g. "net::ERR_CERT_AUTHORITY_INVALID" or "Failed to fetch").
	NetworkError string
	// Truncated is set when the answer was larger than the gate reads
	// (netgate.MaxBody): Body holds its head only.
	Truncated bool
}

// maxDriftRetries bounds the retries at the server's clock: one.
const maxDriftRetries = 1

// DriftThreshold is the clock difference worth retrying for: codes are
// accepted one 30-second step either side (§5), so anything under that is
// already covered by the server's window.
const DriftThreshold = 15 * time.Second

// phase is where the flow stands.
type phase string

const (
	phaseSession        phase = "create_user_session"
	phaseLogin          phase = "login"
	phaseWebmailSession phase = "webmail_session"
	phaseFormLogin      phase = "form_login"
	phaseSecurityCode   phase = "security_code"
)

// state is what Next needs from the earlier steps. It is serialised into
// Step.State so the caller can treat it as opaque.
type state struct {
	Phase   phase   `json:"phase"`
	Request Request `json:"request"`
	Base    string  `json:"base"`
	Retries int     `json:"retries"`
	// Token is the session's security token once the form login named it.
	Token string `json:"token,omitempty"`
}

// Start returns the first step of the login r describes.
func Start(r Request, now time.Time) Step {
	switch r.Method {
	case Token, AccessHash:
		return startSession(r)
	case Password:
		return startLogin(r, r.Offset, now, 0)
	case CPanelToken:
		return startWebmailSession(r)
	case SecurityCodePage:
		return startFormLogin(r)
	}
	return fail("method-unknown", fmt.Sprintf("Unknown login method %q.", r.Method),
		"Use a WHM or cPanel API token, an access hash or a password.", "", string(r.Method))
}

// Next reads the answer to the previous Fetch step and returns the next step.
func Next(stateText string, resp Response, now time.Time) Step {
	var s state
	if err := json.Unmarshal([]byte(stateText), &s); err != nil {
		return fail("state-invalid", "The login state was damaged.", "Start the login again.", "")
	}
	if resp.NetworkError != "" {
		return networkFailure(resp.NetworkError, s.Base)
	}
	if resp.Truncated {
		return fail("not-cpanel", "The answer from "+s.Base+" is larger than "+strconv.Itoa(netgate.MaxBody>>20)+
			" MiB: it is not cPanel's; panelkey read no further.", "Check that the address is a cPanel & WHM server.", "", s.Base)
	}
	// The security-code flow expects redirects: their requests carry the
	// password or a code, and are not followed either.
	switch s.Phase {
	case phaseFormLogin:
		return afterFormLogin(s, resp, now)
	case phaseSecurityCode:
		return afterSecurityCode(s, resp, now)
	}
	if resp.Redirected || resp.Status >= 300 && resp.Status < 400 {
		return fail("redirected", "The server at "+s.Base+" answered with a redirect instead of logging in.",
			"Check the server's address: panelkey sends credentials only to the TLS port of the service, and follows no redirect with them.", "", s.Base)
	}
	switch s.Phase {
	case phaseSession:
		return afterSession(s, resp)
	case phaseLogin:
		return afterLogin(s, resp, now)
	case phaseWebmailSession:
		return afterWebmailSession(s, resp)
	}
	return fail("state-invalid", "The login state was damaged.", "Start the login again.", "")
}

func startSession(r Request) Step {
	if !r.Service.Valid() {
		return fail("service-unknown", fmt.Sprintf("Unknown service %q.", r.Service), "Choose cPanel, WHM or Webmail.", "", string(r.Service))
	}
	whm, failed := secureAddress(r.Server, endpoint.WHM)
	if failed != nil {
		return *failed
	}
	whmUser := r.WHMUser
	if whmUser == "" {
		whmUser = "root"
	}
	user := r.User
	if r.Service == endpoint.WHM && user == "" {
		user = whmUser
	}
	var auth authheader.Result
	var err error
	if r.Method == Token {
		auth, err = authheader.WHMToken(whmUser, r.Secret)
	} else {
		auth, err = authheader.AccessHash(whmUser, r.Secret)
	}
	if err != nil {
		return credentialFailure(err)
	}
	req, err := cpapi.CreateUserSession(whm.BaseURL(), cpapi.SessionParams{User: user, Service: r.Service, App: r.App})
	if err != nil {
		return requestFailure(err)
	}
	req.Headers = append(req.Headers, auth.Headers...)
	return fetch(req, state{Phase: phaseSession, Request: r, Base: whm.BaseURL()}, r.Offset)
}

func startLogin(r Request, offset time.Duration, now time.Time, retries int) Step {
	if !r.Service.Valid() {
		return fail("service-unknown", fmt.Sprintf("Unknown service %q.", r.Service), "Choose cPanel, WHM or Webmail.", "", string(r.Service))
	}
	addr, failed := secureAddress(r.Server, r.Service)
	if failed != nil {
		return *failed
	}
	params := cpapi.LoginParams{User: r.User, Pass: r.Secret, GotoURI: r.GotoURI}
	if r.TOTP != nil {
		code, f := tfaCode(r, offset, now)
		if f != nil {
			return *f
		}
		params.TFAToken = code
	}
	req, err := cpapi.Login(addr.BaseURL(), params)
	if err != nil {
		return requestFailure(err)
	}
	return fetch(req, state{Phase: phaseLogin, Request: r, Base: addr.BaseURL(), Retries: retries}, offset)
}

func afterSession(s state, resp Response) Step {
	sess, err := cpapi.ParseCreateUserSession(resp.Status, resp.Body)
	if err != nil {
		sent := authheader.MethodWHMToken
		if s.Request.Method == AccessHash {
			sent = authheader.MethodAccessHash
		}
		return serverFailure(cpapi.ForCredential(err, sent), s)
	}
	open, err := checkSessionURL(s.Base, sess.URL, s.Request.Service)
	if err != nil {
		return refusedAddress(err, "WHM's login address for this session")
	}
	return Step{Kind: Open, URL: open, Offset: s.Request.Offset}
}

func afterLogin(s state, resp Response, now time.Time) Step {
	login, err := cpapi.ParseLogin(resp.Status, resp.Body)
	if err == nil {
		open, err := landing(s.Base, s.Request.Service, login)
		if err != nil {
			return refusedAddress(err, "The page the login answer sends the browser to")
		}
		return Step{Kind: Open, URL: open, Offset: s.Request.Offset}
	}
	err = cpapi.ForCredential(err, authheader.MethodBasic) // the form's password, read as Basic's
	if code := errorCode(err); code == cpapi.CodeTFAIncorrect {
		return afterRejectedCode(s, resp, now, func(s state, offset time.Duration) Step {
			return startLogin(s.Request, offset, now, s.Retries)
		})
	} else if code == cpapi.CodeTFARequired && s.Request.TOTP == nil {
		return fail("tfa-secret-missing", "This account has two-factor authentication and panelkey has no 2FA secret for it.",
			"Add the account's 2FA secret (or its otpauth:// link) in panelkey's options, then try again.", "")
	}
	return serverFailure(err, s)
}

// afterRejectedCode retries once at the server's clock when the Date header
// shows the clocks disagree by more than the server's window tolerates:
// retry sends the code again at that offset, with s's retries counted.
func afterRejectedCode(s state, resp Response, now time.Time, retry func(s state, offset time.Duration) Step) Step {
	drift, ok := ServerDrift(resp.Date, now)
	current := s.Request.Offset
	if ok && (drift-current).Abs() >= DriftThreshold && s.Retries < maxDriftRetries {
		s.Request.Offset = drift
		s.Retries++
		return retry(s, drift)
	}
	f := fail("tfa-rejected", "The server rejected the 2FA code.",
		"Check that the stored 2FA secret is this account's current one (cPanel » Two-Factor Authentication).", "")
	if ok && drift.Abs() >= DriftThreshold {
		f.Failure.Message = fmt.Sprintf("The server rejected the 2FA code; its clock differs from this computer's by %s.", roundSeconds(drift))
		f.Failure.Advice = "Correct the clock of this computer or of the server (NTP); panelkey already retried at the server's time."
	}
	f.Offset = drift
	return f
}

// tfaCode is the code of r's 2FA secret at now plus offset, or the failure of
// a secret that cannot make one.
func tfaCode(r Request, offset time.Duration, now time.Time) (string, *Step) {
	o := r.TOTP.Options
	o.Offset = offset
	code, err := totp.Code(r.TOTP.Secret, now, o)
	if err != nil {
		f := fail("tfa-secret-invalid", "The stored 2FA secret cannot make a code: "+errcode.Message(err),
			"Edit the account in panelkey's options and paste the secret or otpauth:// link again.", "")
		return "", &f
	}
	return code, nil
}

func fetch(req cpapi.Request, s state, offset time.Duration) Step {
	text, err := json.Marshal(s)
	if err != nil {
		return fail("internal", "The login could not be prepared.", "Try again.", "")
	}
	return Step{Kind: Fetch, Request: req, State: string(text), Offset: offset}
}

func fail(code, message, advice, openURL string, params ...string) Step {
	return Step{Kind: Fail, Failure: &Failure{Code: code, Message: message, Advice: advice, OpenURL: openURL, Params: params}}
}
