// Package preflight checks a request's address (port, service), API family and authentication method before it
// leaves, and words each problem as the server would answer it (docs/protocol.md §1, §2, §4, §7 and
// Decisions 3 and 5). It never sees secrets: only which method is used.
package preflight

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
)

// The authentication methods besides authheader's: a browser session (cookie plus /cpsessN security token),
// and none.
const (
	AuthSession authheader.Method = "session"
	AuthNone    authheader.Method = ""
)

// Severities.
const (
	SeverityError   = "error"   // the request would fail, or must not be sent
	SeverityWarning = "warning" // the request may work but something is off
)

// Problem codes. They are stable: the UI branches on them.
const (
	CodeAddressInvalid      = "address-invalid"         // the Target's address has no valid service or host
	CodeFamilyUnknown       = "family-unknown"          // Family is not a cpapi family
	CodeAuthUnknown         = "auth-unknown"            // Auth is not an authheader method, "session" or ""
	CodeFamilyPathMismatch  = "family-path-mismatch"    // Path belongs to another family than Family
	CodeWHMAPIOnCPanelPort  = "whm-api-on-cpanel-port"  // WHM API 1 / uapi_cpanel / create_user_session off WHM
	CodeUAPIOnWHMPort       = "uapi-on-whm-port"        // UAPI to WHM
	CodeAPI2UserMissing     = "api2-user-missing"       // API 2 through WHM without cpanel_jsonapi_user
	CodeTokenScope          = "token-scope"             // a cPanel API token on WHM API 1 or uapi_cpanel
	CodeCPanelTokenOnWHM    = "cpanel-token-on-whm"     // a cPanel API token sent to WHM
	CodeCPanelTokenWebmail  = "cpanel-token-on-webmail" // a cPanel API token sent to Webmail
	CodeWHMTokenOffWHM      = "whm-token-off-whm"       // a WHM API token sent to cPanel or Webmail
	CodeAccessHashOffWHM    = "access-hash-off-whm"     // an access hash sent to cPanel or Webmail
	CodeAccessHashOld       = "access-hash-deprecated"  // the access hash is deprecated and off by default
	CodePlaintextCredential = "plaintext-credentials"   // a password, access hash or token on a plain-text port
	CodePlaintextRedirect   = "plaintext-redirect"      // any other request to a plain-text port: refused too (and redirected to TLS)
	CodeSessionNoCpsess     = "session-cpsess-missing"  // a session call without the /cpsessN prefix
	CodeSessionBadCpsess    = "session-cpsess-invalid"  // a session call with a malformed /cpsess prefix
)

// Target describes a request about to be sent. Auth is an authheader.Method, AuthSession or AuthNone. Family
// may be empty when Path tells it; Path is the request path (or URL) and is optional.
type Target struct {
	Address endpoint.Address
	Family  cpapi.Family
	Auth    authheader.Method
	Path    string
}

// Problem is one finding: a stable Code, a Message worded as the server would answer (or why panelkey
// refuses), and a Severity ("error" or "warning").
type Problem struct {
	Code     string
	Message  string
	Severity string
}

// Check returns the problems of t, errors first in the order the server would hit them, then warnings; nil
// when there are none.
func Check(t Target) []Problem {
	var errs, warns []Problem
	add := func(sev, code, msg string) {
		p := Problem{Code: code, Message: msg, Severity: sev}
		if sev == SeverityError {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	a := t.Address
	if !a.Service.Valid() || a.Host == "" || (a.Scheme != "https" && a.Scheme != "http") {
		add(SeverityError, CodeAddressInvalid, "the address is incomplete: parse it with endpoint.Parse first")
		return errs
	}
	auth := t.Auth
	switch auth {
	case AuthNone, AuthSession, authheader.MethodBasic, authheader.MethodWHMToken, authheader.MethodCPanelToken, authheader.MethodAccessHash:
	default:
		add(SeverityError, CodeAuthUnknown, "unknown authentication method "+strconv.Quote(string(auth))+
			": use whm-token, cpanel-token, access-hash, basic or session")
		auth = AuthNone
	}
	pathFamily, function := FamilyForPath(t.Path)
	family := t.Family
	switch {
	case family == "":
		family = pathFamily
	case !family.Valid():
		add(SeverityError, CodeFamilyUnknown, "unknown API family "+strconv.Quote(string(family))+": use uapi, whmapi1, api2 or uapi_cpanel")
		family = pathFamily
	case pathFamily != "" && pathFamily != family:
		add(SeverityWarning, CodeFamilyPathMismatch, "the path is a "+pathFamily.Title()+" path, not "+family.Title()+"; checked as "+pathFamily.Title())
		family = pathFamily
	}

	checkPlaintext(a, auth, add)
	checkPort(a, family, function, t.Path, add)
	checkAuth(a, family, auth, add)
	if auth == AuthSession && t.Path != "" {
		switch _, err := cpapi.ExtractCpsess(t.Path); {
		case err == nil:
		case isCode(err, cpapi.CodeCpsess):
			add(SeverityError, CodeSessionBadCpsess, "would fail with Invalid Security Token: the /cpsess prefix must be /cpsess and exactly 10 digits")
		default:
			add(SeverityError, CodeSessionNoCpsess, "would fail with Invalid Security Token: a session (cookie) call needs the /cpsessNNNNNNNNNN prefix the login returned")
		}
	}
	return append(errs, warns...)
}

type adder func(sev, code, msg string)

func checkPlaintext(a endpoint.Address, auth authheader.Method, add adder) {
	if a.Secure() {
		return
	}
	where := "port " + strconv.Itoa(a.Port)
	tls := a.Service.TLSPort()
	alt := "https on port " + strconv.Itoa(tls)
	if a.ViaSubdomain {
		where = "http://" + a.Host
		alt = "https://" + a.Host
	}
	// The gate (netgate) sends nothing over plain text: every request carries a credential or at least the
	// browser's cookies for the host.
	switch auth {
	case AuthNone, AuthSession:
		add(SeverityError, CodePlaintextRedirect, "refused: panelkey sends nothing over plain text: the browser's cookies for the host "+
			"would travel in clear to "+where+" (and with Require SSL on, the default, the server redirects (301) to TLS anyway); use "+alt)
	default:
		add(SeverityError, CodePlaintextCredential, "refused: panelkey sends nothing over plain text: the "+methodTitle(auth)+
			" would travel in clear to "+where+" (and the server redirects plain-text ports to TLS with 301 anyway); use "+alt)
	}
}

func checkPort(a endpoint.Address, family cpapi.Family, function, path string, add adder) {
	whm, _ := a.WithService(endpoint.WHM)
	cp, _ := a.WithService(endpoint.CPanel)
	switch family {
	case cpapi.WHMAPI1, cpapi.UAPICPanel:
		if a.Service == endpoint.WHM {
			return
		}
		what := "WHM API 1"
		switch {
		case family == cpapi.UAPICPanel:
			what = "uapi_cpanel (a WHM API 1 function)"
		case function == "create_user_session":
			what = "create_user_session (a WHM API 1 function)"
		}
		add(SeverityError, CodeWHMAPIOnCPanelPort, "would fail with Permission denied: "+what+" is served on "+
			strconv.Itoa(endpoint.WHM.TLSPort())+" ("+whm.BaseURL()+"), not on "+a.Service.Title())
	case cpapi.UAPI:
		if a.Service == endpoint.WHM {
			add(SeverityError, CodeUAPIOnWHMPort, "would fail with Function not found: UAPI is served on "+
				strconv.Itoa(endpoint.CPanel.TLSPort())+" ("+cp.BaseURL()+") (or through WHM's uapi_cpanel)")
		}
	case cpapi.API2:
		if a.Service == endpoint.WHM && path != "" && !strings.Contains(path, "cpanel_jsonapi_user=") {
			add(SeverityWarning, CodeAPI2UserMissing, "API 2 through WHM runs as the account named in cpanel_jsonapi_user, and the path has none")
		}
	}
}

func checkAuth(a endpoint.Address, family cpapi.Family, auth authheader.Method, add adder) {
	switch auth {
	case authheader.MethodCPanelToken:
		if family == cpapi.WHMAPI1 || family == cpapi.UAPICPanel {
			add(SeverityError, CodeTokenScope, "would fail: Token authentication allows access to UAPI or API 2 calls only. "+
				"A cPanel API token cannot call WHM API 1; use a WHM API token on 2087")
		}
		switch a.Service {
		case endpoint.WHM:
			add(SeverityError, CodeCPanelTokenOnWHM, "a cPanel API token authenticates a cPanel account on 2083 only; WHM needs a WHM API token")
		case endpoint.Webmail:
			add(SeverityWarning, CodeCPanelTokenWebmail, "cPanel API tokens are documented for cPanel (2083); Webmail (2096) is not covered")
		}
	case authheader.MethodWHMToken, authheader.MethodAccessHash:
		if a.Service != endpoint.WHM {
			code := CodeWHMTokenOffWHM
			if auth == authheader.MethodAccessHash {
				code = CodeAccessHashOffWHM
			}
			add(SeverityError, code, "a "+methodTitle(auth)+" authenticates on WHM (2087) only, not on "+a.Service.Title()+
				"; reach the account through WHM (uapi_cpanel, API 2 with cpanel_jsonapi_user, or create_user_session)")
		}
		if auth == authheader.MethodAccessHash {
			add(SeverityWarning, CodeAccessHashOld, "the access hash is deprecated (since v64) and off by default since v124 "+
				"(Tweak Setting “Allow deprecated WHM accesshash authentication”); use a WHM API token")
		}
	}
}

func methodTitle(m authheader.Method) string {
	switch m {
	case authheader.MethodWHMToken:
		return "WHM API token"
	case authheader.MethodCPanelToken:
		return "cPanel API token"
	case authheader.MethodAccessHash:
		return "access hash"
	case authheader.MethodBasic:
		return "password (Basic authentication)"
	}
	return string(m)
}

func isCode(err error, code string) bool {
	var e *cpapi.Error
	return errors.As(err, &e) && e.Code == code
}

// FamilyForPath tells the API family (and the function) of a request path or URL, ignoring a /cpsessN prefix:
// /execute/M/F → UAPI; /json-api/cpanel → API 2; /json-api/uapi_cpanel → uapi_cpanel; any other /json-api/F
// (or /xml-api/F) → WHM API 1 with function F. Anything else gives "".
func FamilyForPath(path string) (cpapi.Family, string) {
	p := path
	if i := strings.Index(p, "://"); i >= 0 {
		u, err := url.Parse(p)
		if err != nil {
			return "", ""
		}
		p = u.Path
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if strings.HasPrefix(p, "/cpsess") {
		if i := strings.IndexByte(p[1:], '/'); i >= 0 {
			p = p[i+1:]
		} else {
			p = ""
		}
	}
	seg := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(seg) < 2 || seg[1] == "" {
		return "", ""
	}
	switch seg[0] {
	case "execute":
		fn := ""
		if len(seg) > 2 {
			fn = seg[2]
		}
		return cpapi.UAPI, fn
	case "json-api", "xml-api":
		switch seg[1] {
		case "cpanel":
			return cpapi.API2, ""
		case "uapi_cpanel":
			return cpapi.UAPICPanel, ""
		}
		return cpapi.WHMAPI1, seg[1]
	}
	return "", ""
}
