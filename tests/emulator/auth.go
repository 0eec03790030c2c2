package emulator

import (
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Authentication methods, as panelkey's authheader package names them, plus "session".
const (
	MethodWHMToken    = "whm-token"
	MethodCPanelToken = "cpanel-token"
	MethodAccessHash  = "access-hash"
	MethodBasic       = "basic"
	MethodSession     = "session"
)

// identity is who a request authenticated as.
type identity struct {
	method string
	// user is the login name: a WHM user on WHM, a cPanel user on cPanel, an e-mail address or cPanel user
	// on Webmail.
	user string
	whm  *WHMUser
	acct *Account // the cPanel account (on Webmail: the one holding the mailbox)
	box  *Mailbox // Webmail mailbox logins only
	sess *session
	// tfaVerified: a session identity's session has passed 2FA (header methods check 2FA per request).
	tfaVerified bool
}

// tfaSecret returns the user's TOTP secret on the service and whether the "API requests" policy applies (§5).
// Webmail mailboxes have no 2FA in the emulator.
func (s *Server) tfaSecret(svc Service, user string) (secret string, apiPolicy bool) {
	switch svc {
	case WHM:
		if u := s.dir.whm[user]; u != nil {
			return u.TOTPSecret, u.APIRequires2FA
		}
	case CPanel:
		if a := s.dir.accts[user]; a != nil {
			return s.accountSecret(a), a.APIRequires2FA
		}
	}
	return "", false
}

// validCode checks a 6-digit code against the secret with cPanel's parameters (§5: SHA1, 30 s, ±1 step) at
// the server clock.
func validCode(code, secret string, at time.Time) bool {
	code = strings.TrimSpace(code)
	if len(code) != 6 || secret == "" {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, at.UTC(), totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	return err == nil && ok
}

// passwordLogin checks user's password for c's service as checkCode checks a code: a wrong one counts towards the
// lockout, and a locked-out user+IP is refused even with the right one (see lockout). nil: refused.
func (s *Server) passwordLogin(c *call, user, pass string) *identity {
	if s.hulk.locked(user, c.ip, c.now, c.st) {
		return nil
	}
	id := s.checkPassword(c.svc, user, pass)
	if id == nil {
		s.hulk.fail(user, c.ip, c.now)
	}
	return id
}

// checkPassword validates a password login for the service. A suspended account cannot log in.
func (s *Server) checkPassword(svc Service, user, pass string) *identity {
	if pass == "" {
		return nil
	}
	eq := func(a, b string) bool { return b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
	switch svc {
	case WHM:
		if u := s.dir.whm[user]; u != nil && eq(pass, u.Password) {
			return &identity{method: MethodBasic, user: user, whm: u}
		}
	case CPanel:
		if a := s.dir.accts[user]; a != nil && !a.Suspended && eq(pass, a.Password) {
			return &identity{method: MethodBasic, user: user, acct: a}
		}
	case Webmail:
		if m, ok := s.mailbox(user); ok && !m.acct.Suspended && eq(pass, m.box.Password) {
			return &identity{method: MethodBasic, user: m.box.Email, acct: m.acct, box: m.box}
		}
		// The cPanel user's own login reaches Webmail's default account.
		if a := s.dir.accts[user]; a != nil && !a.Suspended && eq(pass, a.Password) {
			return &identity{method: MethodBasic, user: user, acct: a}
		}
	}
	return nil
}

// sessionIdentity resolves a session's user on its service; nil when the user is gone or suspended.
func (s *Server) sessionIdentity(sess *session) *identity {
	id := &identity{method: MethodSession, user: sess.user, sess: sess}
	switch sess.service {
	case WHM:
		if id.whm = s.dir.whm[sess.user]; id.whm == nil {
			return nil
		}
	case CPanel:
		if id.acct = s.dir.accts[sess.user]; id.acct == nil {
			return nil
		}
	case Webmail:
		if m, ok := s.mailbox(sess.user); ok {
			id.acct, id.box = m.acct, m.box
		} else if id.acct = s.dir.accts[sess.user]; id.acct == nil {
			return nil
		}
	}
	if id.acct != nil && id.acct.Suspended {
		return nil
	}
	return id
}

// authenticate finds the request's credentials (§2): an Authorization header (whm, WHM, cpanel, Basic) or
// the service's session cookie with the cpsess prefix. (nil, false): no credentials. done: an error answer
// was written.
func (s *Server) authenticate(c *call) (id *identity, done bool) {
	if auth := strings.TrimSpace(c.r.Header.Get("Authorization")); auth != "" {
		scheme, rest, _ := strings.Cut(auth, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToLower(scheme) {
		case "whm":
			return s.authWHMHeader(c, rest)
		case "cpanel":
			return s.authCPanelToken(c, rest)
		case "basic":
			return s.authBasic(c, rest)
		}
		// An unknown scheme is ignored, as if absent.
	}
	return s.authCookie(c)
}

// tokenAuthFailed answers a token/access-hash failure: token errors are real HTTP statuses (§2), 401 for a
// bad or revoked token (Decision 5).
func tokenAuthFailed(c *call) (*identity, bool) {
	writeCpsrvdError(c, http.StatusUnauthorized, "Access denied")
	return nil, true
}

// matchToken finds the token; usable is false for a revoked or expired one.
func matchToken(tokens []APIToken, given string, now time.Time) (found, usable bool) {
	for _, t := range tokens {
		if subtle.ConstantTimeCompare([]byte(t.Token), []byte(given)) == 1 {
			return true, !t.Revoked && (t.ExpiresAt == 0 || now.Unix() < t.ExpiresAt)
		}
	}
	return false, false
}

func stripNewlines(s string) string { return strings.NewReplacer("\r", "", "\n", "").Replace(s) }

// authWHMHeader handles `whm USER:TOKEN` and the legacy `WHM root:HASH` (§2). The value is split on the first
// colon. Both forms share one scheme; the access hash is only tried when AllowAccessHash is on.
func (s *Server) authWHMHeader(c *call, rest string) (*identity, bool) {
	user, tok, _ := strings.Cut(rest, ":")
	tok = stripNewlines(strings.TrimSpace(tok))
	u := s.dir.whm[user]
	if c.svc != WHM || u == nil || tok == "" {
		return tokenAuthFailed(c)
	}
	if found, usable := matchToken(u.Tokens, tok, c.now); found {
		if !usable {
			return tokenAuthFailed(c)
		}
		return &identity{method: MethodWHMToken, user: user, whm: u}, false
	}
	if c.st.AllowAccessHash && u.AccessHash != "" && subtle.ConstantTimeCompare([]byte(stripNewlines(u.AccessHash)), []byte(tok)) == 1 {
		return &identity{method: MethodAccessHash, user: user, whm: u}, false
	}
	return tokenAuthFailed(c)
}

// cpanelTokenPath reports whether a cPanel API token may be used on the path (§2: UAPI and API 2 only; API 1
// through json-api/cpanel is refused the same way).
func cpanelTokenPath(c *call) bool {
	switch apiFamily(c.path) {
	case "uapi":
		return true
	case "api2":
		return formValues(c).Get("cpanel_jsonapi_apiversion") != "1"
	}
	return false
}

// authCPanelToken handles `cpanel USER:TOKEN` (§2): cPanel ports only, UAPI and API 2 only.
func (s *Server) authCPanelToken(c *call, rest string) (*identity, bool) {
	user, tok, _ := strings.Cut(rest, ":")
	tok = strings.TrimSpace(tok)
	a := s.dir.accts[user]
	if c.svc != CPanel || a == nil || tok == "" || a.Suspended {
		return tokenAuthFailed(c)
	}
	found, usable := matchToken(a.Tokens, tok, c.now)
	if !found || !usable {
		return tokenAuthFailed(c)
	}
	if !cpanelTokenPath(c) {
		c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.w.WriteHeader(http.StatusForbidden)
		c.w.Write([]byte("Token authentication allows access to UAPI or API 2 calls only.\n"))
		return nil, true
	}
	return &identity{method: MethodCPanelToken, user: user, acct: a}, false
}

// authBasic handles `Basic b64(user:pass)` with X-CPANEL-OTP when the user has 2FA and the "API requests"
// policy is on (§5). Bad credentials: 403 "Access denied" (Decision 5). Failures count towards the lockout.
func (s *Server) authBasic(c *call, rest string) (*identity, bool) {
	raw, err := base64.StdEncoding.DecodeString(rest)
	user, pass, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok || user == "" {
		writeCpsrvdError(c, http.StatusForbidden, "Access denied")
		return nil, true
	}
	id := s.passwordLogin(c, user, pass)
	if id == nil {
		writeCpsrvdError(c, http.StatusForbidden, "Access denied")
		return nil, true
	}
	secret, apiPolicy := s.tfaSecret(c.svc, id.user)
	if secret == "" {
		return id, false
	}
	if apiFamily(c.path) == "" {
		// A page with Basic auth meets the 2FA security policy like a login without a code would (§5).
		s.tfaPage(c, id.user, "")
		return nil, true
	}
	if !apiPolicy {
		return id, false // §5: 2FA is not enforced for API requests unless the policy is on.
	}
	if !s.checkCode(c, id.user, secret, c.r.Header.Get("X-CPANEL-OTP")) {
		writeTFAFailed(c)
		return nil, true
	}
	return id, false
}

// authCookie checks the service's session cookie (§3, §4, §7): unknown or expired → expired_session; IP
// changed → changed_ip; wrong or missing cpsess → the "Invalid Security Token" page.
func (s *Server) authCookie(c *call) (*identity, bool) {
	ck, err := c.r.Cookie(c.svc.CookieName())
	if err != nil || ck.Value == "" {
		return nil, false
	}
	sess := s.sessions.lookup(ck.Value)
	if sess == nil || sess.pre || sess.service != c.svc {
		s.loginPage(c, http.StatusUnauthorized, "expired_session")
		return nil, true
	}
	lastUsed, tfaVerified := s.sessions.state(sess)
	if c.now.Sub(lastUsed) > time.Duration(c.st.IdleTimeout) {
		if s.sessions.remove(sess) {
			s.logPurge(c, sess, PurgeExpired)
		}
		s.loginPage(c, http.StatusUnauthorized, "expired_session")
		return nil, true
	}
	if !sameClient(sess.clientIP, c.ip, c.st.CookieIPValidation) {
		s.loginPage(c, http.StatusUnauthorized, "changed_ip")
		return nil, true
	}
	if c.token != sess.token {
		s.tokenDeniedPage(c, sess.user)
		return nil, true
	}
	id := s.sessionIdentity(sess)
	if id == nil {
		s.loginPage(c, http.StatusUnauthorized, "expired_session")
		return nil, true
	}
	s.sessions.touch(sess, c.now)
	id.tfaVerified = tfaVerified
	return id, false
}

// sameClient applies cookie IP validation (§9): strict = same address, loose = same /24 (IPv4) or /64 (IPv6).
func sameClient(sessionIP, ip string, mode CookieIPMode) bool {
	switch mode {
	case CookieIPDisabled:
		return true
	case CookieIPLoose:
		a, b := net.ParseIP(sessionIP), net.ParseIP(ip)
		if a == nil || b == nil {
			return sessionIP == ip
		}
		if a4, b4 := a.To4(), b.To4(); a4 != nil && b4 != nil {
			return a4.Mask(net.CIDRMask(24, 32)).Equal(b4.Mask(net.CIDRMask(24, 32)))
		}
		return a.Mask(net.CIDRMask(64, 128)).Equal(b.Mask(net.CIDRMask(64, 128)))
	default:
		return sessionIP == ip
	}
}
