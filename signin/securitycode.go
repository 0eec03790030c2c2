package signin

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
)

// The session-based 2FA login (§5, way B), in two steps:
//
//  1. the login form's own post, POST /login/ with user and pass (no
//     login_only, no tfa_token): cpsrvd creates a session that has not passed
//     the TwoFactorAuth policy, sets its cookie and redirects to a path that
//     begins with its security token (§4);
//  2. the security-code form, POST {token}/ with tfatoken=CODE, sent with that
//     cookie: a valid code answers a redirect to the home or the goto_uri,
//     and the tab opens there.
//
// Neither redirect is followed. Step 1's Location header is read for the
// token only, and must stay on the server's own origin.

// startFormLogin sends step 1.
func startFormLogin(r Request) Step {
	if !r.Service.Valid() {
		return fail("service-unknown", fmt.Sprintf("Unknown service %q.", r.Service), "Choose cPanel, WHM or Webmail.", "", string(r.Service))
	}
	if r.TOTP == nil {
		return fail("tfa-secret-missing", "The security-code login answers cPanel's 2FA page, and panelkey has no 2FA secret for this account.",
			"Add the account's 2FA secret (or its otpauth:// link) in panelkey's options, or use the password login.", "")
	}
	addr, failed := secureAddress(r.Server, r.Service)
	if failed != nil {
		return *failed
	}
	req, err := cpapi.FormLogin(addr.BaseURL(), cpapi.LoginParams{User: r.User, Pass: r.Secret, GotoURI: r.GotoURI})
	if err != nil {
		return requestFailure(err)
	}
	return fetch(req, state{Phase: phaseFormLogin, Request: r, Base: addr.BaseURL()}, r.Offset)
}

func isRedirect(resp Response) bool {
	return resp.Redirected || resp.Status >= 300 && resp.Status < 400
}

// afterFormLogin reads step 1's answer: a redirect into the new session.
func afterFormLogin(s state, resp Response, now time.Time) Step {
	if !isRedirect(resp) {
		if resp.Status == 401 {
			return fail("password-rejected", fmt.Sprintf("The server refused the user name or password for %q.", s.Request.User),
				"Update the password stored for this account in panelkey's options.", "", s.Request.User)
		}
		return fail("not-logged-in", fmt.Sprintf("The server at %s answered the login with HTTP %d instead of a session.", s.Base, resp.Status),
			"Check that the address is a cPanel & WHM server, then try again.", "", s.Base, strconv.Itoa(resp.Status))
	}
	if resp.Location == "" {
		return fail("redirect-unreadable", "The server logged in, but its redirect, which names the session, could not be read here.",
			"Use the password login, which sends the 2FA code with the password.", "")
	}
	token, ok := sessionToken(resp.Location, s.Base, s.Request.Service)
	if !ok {
		return fail("redirected", "The server at "+s.Base+" redirected the login somewhere other than a session of its own.",
			"Check the server's address: panelkey sends credentials only to the TLS port of the service, and follows no redirect with them.", "", s.Base)
	}
	s.Token = token
	return startSecurityCode(s, s.Request.Offset, now)
}

// sessionToken is the security token a login's redirect begins with: the
// Location must be a path, or a URL the gate allows for the service on the
// server at base, whose first segment is /cpsessNNNNNNNNNN.
func sessionToken(location, base string, s endpoint.Service) (string, bool) {
	if !strings.HasPrefix(location, "/") || strings.HasPrefix(location, "//") {
		open, err := openOn(base, s, location)
		if err != nil {
			return "", false
		}
		location = open
	}
	u, err := url.Parse(location)
	if err != nil {
		return "", false
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	token, err := cpapi.ExtractCpsess("/" + first)
	if err != nil || token != "/"+first {
		return "", false
	}
	return token, true
}

// startSecurityCode sends step 2 with a code computed now at offset.
func startSecurityCode(s state, offset time.Duration, now time.Time) Step {
	code, f := tfaCode(s.Request, offset, now)
	if f != nil {
		return *f
	}
	req, err := cpapi.SecurityCode(s.Base, s.Token, code)
	if err != nil {
		return requestFailure(err)
	}
	s.Phase = phaseSecurityCode
	return fetch(req, s, offset)
}

// securityCodeForm is in the security-code page, which comes back with "The
// security code is invalid." for a refused code (§5).
var securityCodeForm = []byte(`name="tfatoken"`)

// afterSecurityCode reads step 2's answer: a redirect is the verified session.
func afterSecurityCode(s state, resp Response, now time.Time) Step {
	switch {
	case isRedirect(resp):
		open, err := openOn(s.Base, s.Request.Service, s.Base+landingAfterCode(s, resp.Location))
		if err != nil {
			return refusedAddress(err, "The page the security code opens")
		}
		return Step{Kind: Open, URL: open, Offset: s.Request.Offset}
	case resp.Status == 200 && bytes.Contains(resp.Body, securityCodeForm):
		return afterRejectedCode(s, resp, now, func(s state, offset time.Duration) Step {
			return startSecurityCode(s, offset, now)
		})
	case resp.Status == 401:
		return fail("session-lost", "The server dropped the new session before the security code was checked.",
			"Try again. If it repeats, the browser's address may change between requests (cPanel's cookie IP validation).", "")
	}
	return fail("not-logged-in", fmt.Sprintf("The server at %s answered the security code with HTTP %d.", s.Base, resp.Status),
		"Check that the address is a cPanel & WHM server, then try again.", "", s.Base, strconv.Itoa(resp.Status))
}

// landingAfterCode is the path the tab opens: the redirect's, when it is a
// path in the session, else the session's goto_uri or home.
func landingAfterCode(s state, location string) string {
	if strings.HasPrefix(location, s.Token+"/") && !strings.ContainsAny(location, "\\\r\n") {
		return location
	}
	return s.Token + "/" + strings.TrimLeft(s.Request.GotoURI, "/")
}
