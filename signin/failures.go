package signin

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/netgate"
	"github.com/panelkey/panelkey/totp"
)

// networkFailure explains a request that got no HTTP answer, as the gate words it: an untrusted certificate, a
// server that did not answer, or, when the browser said neither, both.
func networkFailure(text, base string) Step {
	f := netgate.Failure(text, base)
	return fail(f.Code, f.Message, f.Advice, f.OpenURL, f.Params...)
}

// refusedAddress is the failure of an address the server proposed for a tab
// (what) that the gate or §3's shape refused: no tab opens.
func refusedAddress(err error, what string) Step {
	var g *netgate.Error
	if !errors.As(err, &g) {
		return fail("session-url-unexpected", what+" was refused: "+err.Error()+".",
			"The server answered with a login address panelkey does not trust; open the account from WHM instead.", "")
	}
	advice := g.Advice
	if g.Code == netgate.CodeOtherHost {
		advice = "When its hostname does not resolve to the server itself, WHM puts its main IP address (or another " +
			"name) in login addresses (§3). Store the server under the host its login addresses use, or fix the " +
			"server's hostname in WHM » Networking Setup » Change Hostname."
	}
	return fail(g.Code, what+" was refused. "+g.Message, advice, "", g.Params...)
}

// serverFailure turns an error read from the server's answer into advice.
func serverFailure(err error, s state) Step {
	var e *cpapi.Error
	if !errors.As(err, &e) {
		return fail("internal", "The server's answer could not be read.", "Try again.", "")
	}
	who := s.Request.User
	switch e.Code {
	case cpapi.CodeTokenInvalid:
		if s.Request.Method == AccessHash {
			return fail("access-hash-rejected", "The server refused the access hash: it is wrong, or the server does not allow "+
				"access-hash logins (cPanel deprecated them, and turns them off by default).",
				"Switch to a WHM API token: create one in WHM » Manage API Tokens and store it for this server.", "")
		}
		if s.Request.Method == CPanelToken {
			return fail("token-rejected", "The server refused the cPanel API token: it is wrong, expired or revoked, or limited to other IP addresses.",
				"Create a token in cPanel » Security » Manage API Tokens and update it in panelkey's options.", "", "cPanel")
		}
		return fail("token-rejected", "The server refused the WHM API token: it is wrong, expired or revoked, or limited to other IP addresses.",
			"Create a token in WHM » Manage API Tokens and update it in panelkey's options.", "", "WHM")
	case cpapi.CodeAccessDenied:
		if s.Request.Method == Password || s.Request.Method == SecurityCodePage {
			return fail("password-rejected", fmt.Sprintf("The server refused the user name or password for %q.", who),
				"Update the password stored for this account in panelkey's options.", "", who)
		}
		return fail("access-denied", "The server answered Access denied: the credentials were refused.",
			"Check the user name and the token, access hash or password stored for this server.", "")
	case cpapi.CodeInvalidLogin:
		return fail("password-rejected", fmt.Sprintf("The server refused the user name or password for %q.", who),
			"Update the password stored for this account in panelkey's options.", "", who)
	case cpapi.CodeTFARequired:
		return fail("tfa-rejected", "The server asked for a 2FA code and did not accept the one sent.",
			"Check that the stored 2FA secret is this account's current one.", "")
	case cpapi.CodePermissionDenied, cpapi.CodeFunctionNotFound, cpapi.CodeRedirect:
		return fail("wrong-port", "The server answered "+e.Message+" at "+s.Base+".",
			"Check that the server address points at cPanel & WHM (ports 2083, 2087, 2096).", "", s.Base)
	case cpapi.CodeServerError:
		return fail("server-error", "The server at "+s.Base+" failed to answer ("+e.Message+").",
			"cPanel may be restarting or updating: try again in a minute.", "", s.Base)
	case cpapi.CodeLoginRequired:
		return fail("not-cpanel", "The server at "+s.Base+" answered with a login page instead of logging in.",
			"Check that the address reaches cPanel itself and not a proxy in front of it.", "", s.Base)
	case cpapi.CodeNotJSON, cpapi.CodeBadEnvelope, cpapi.CodeBodyTooLarge:
		return fail("not-cpanel", "The answer from "+s.Base+" is not cPanel's: "+e.Message,
			"Check that the address is a cPanel & WHM server.", "", s.Base)
	case cpapi.CodeAPIFailed:
		return refusal(e.Message, s)
	}
	return fail(e.Code, e.Message, "Check the server in panelkey's options and try again.", "")
}

// refusal classifies create_user_session's documented refusals (§3), which
// come back as metadata.result 0 with a reason text.
func refusal(reason string, s state) Step {
	lower := strings.ToLower(reason)
	switch {
	case strings.Contains(lower, "suspended"):
		return fail("account-suspended", "The server refused: "+reason,
			"Unsuspend the account in WHM » Manage Account Suspension, or open another account.", "", reason)
	case strings.Contains(lower, "not a reseller"):
		return fail("not-reseller", "The server refused: "+reason, "Only root and resellers can open WHM.", "", reason)
	case strings.Contains(lower, "permission"):
		return fail("not-owned", "The server refused: "+reason,
			"A reseller can only open the accounts it owns: use a token of the account's owner or of root.", "", reason)
	case strings.Contains(lower, "does not exist") || strings.Contains(lower, "unknown") || strings.Contains(lower, "invalid user"):
		return fail("unknown-user", "The server refused: "+reason,
			"Refresh the server's accounts in panelkey: the account may have been removed or renamed.", "", reason)
	}
	return fail("refused", "The server refused: "+reason, "Check the account on the server and try again.", "", reason)
}

func addressFailure(err error) Step {
	return fail("address-invalid", "The server address is not usable: "+errcode.Message(err),
		"Fix the server's address in panelkey's options.", "")
}

// secureAddress is the server's address for service s, or the failure that
// ends the flow there: an address that is not usable, or a plain-text one
// (no credential is ever sent over plain text).
func secureAddress(server string, s endpoint.Service) (endpoint.Address, *Step) {
	a, err := endpoint.For(server, s)
	if err != nil {
		f := addressFailure(err)
		return a, &f
	}
	if !a.Secure() {
		f := fail("plain-text-refused", "panelkey does not send credentials over plain-text "+a.BaseURL()+".",
			"Use the server's TLS address (https, ports 2083, 2087, 2096).", "", a.BaseURL())
		return a, &f
	}
	return a, nil
}

func credentialFailure(err error) Step {
	return fail("credential-invalid", "The stored credential cannot be sent: "+errcode.Message(err),
		"Edit the server's credentials in panelkey's options.", "")
}

func requestFailure(err error) Step {
	return fail("request-invalid", "The login request cannot be built: "+errcode.Message(err),
		"Check the account's user name in panelkey's options.", "")
}

func errorCode(err error) string {
	var e *cpapi.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// isSessionPath reports whether p is /cpsessN/login/ (N: 10 digits; the last slash optional):
// ^/cpsess[0-9]{10}/login/?$, written out because regexp alone added about 0.5 MB to panelkey.wasm.
func isSessionPath(p string) bool {
	const prefix, login = "/cpsess", "/login"
	p = strings.TrimSuffix(p, "/")
	if len(p) != len(prefix)+10+len(login) || p[:len(prefix)] != prefix || p[len(prefix)+10:] != login {
		return false
	}
	for i := len(prefix); i < len(prefix)+10; i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// checkSessionURL accepts only what §3 documents: https, the service's TLS
// port, /cpsessN/login/ with a session parameter, on the server's own host
// (the gate's Open). A server answering anything else is not given a tab.
func checkSessionURL(server, raw string, s endpoint.Service) (string, error) {
	n, err := netgate.Open(netgate.Server{BaseURL: server}, s, raw)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(n.URL)
	if err != nil {
		return "", errors.New("the server's session URL is not a URL")
	}
	if port, _ := strconv.Atoi(u.Port()); port != s.TLSPort() {
		return "", fmt.Errorf("the server's session URL is not on %s's port %d", s.Title(), s.TLSPort())
	}
	if !isSessionPath(u.Path) || u.Query().Get("session") == "" {
		return "", errors.New("the server's session URL is not a /cpsessN/login/ address")
	}
	return n.URL, nil
}

// landing is where the tab opens after a password login: the redirect the
// server named (a path on the server, or an address the gate allows for
// the service), or else the home under the security token.
func landing(base string, s endpoint.Service, l cpapi.LoginResult) (string, error) {
	target := base + l.SecurityToken + "/"
	switch {
	case strings.HasPrefix(l.Redirect, "/") && !strings.HasPrefix(l.Redirect, "//"):
		target = base + l.Redirect
	case l.Redirect != "":
		target = l.Redirect
	}
	return openOn(base, s, target)
}

// openOn is the tab a flow opens at target for service s of the server at
// base, in the gate's canonical spelling, or the gate's refusal.
func openOn(base string, s endpoint.Service, target string) (string, error) {
	n, err := netgate.Open(netgate.Server{BaseURL: base}, s, target)
	if err != nil {
		return "", err
	}
	return n.URL, nil
}

// httpDate is the Date header's format (RFC 9110 IMF-fixdate), as
// net/http.TimeFormat; net/http itself would pull TLS and x509 into the wasm.
const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

// ServerDrift is the server's clock minus ours, from its Date header
// (date) read at now, rounded to the second; ok is false when date is not an
// HTTP date or is further than totp.MaxOffset from now (codes are never
// computed at such a clock, so it is not learnt).
func ServerDrift(date string, now time.Time) (drift time.Duration, ok bool) {
	t, err := time.Parse(httpDate, date)
	if err != nil {
		return 0, false
	}
	drift = t.Sub(now).Round(time.Second)
	if drift.Abs() > totp.MaxOffset {
		return 0, false
	}
	return drift, true
}

func roundSeconds(d time.Duration) string {
	return d.Abs().Round(time.Second).String()
}
