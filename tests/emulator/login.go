package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Session creation methods and paths written to the session log's NEW lines.
const (
	methodFormLogin         = "handle_form_login"
	methodCreateUserSession = "create_user_session"
	methodWebmailForMail    = "create_webmail_session_for_mail_user"
	methodWebmailForSelf    = "create_webmail_session_for_self"
	pathForm                = "form"
	// logProcess is the process name in the session log's brackets.
	logProcess = "cpsrvd"
)

func (s *Server) logNew(c *call, sess *session, path string) {
	s.logSession(SessionLogEntry{
		Time: c.now, Process: logProcess, Address: c.ip, Event: "NEW", Session: sess.name, User: sess.user,
		Fields: map[string]string{
			"address": sess.clientIP, "app": sess.service.Daemon(), "creator": sess.creator,
			"method": sess.method, "path": path, "possessed": "0",
		},
	})
}

func (s *Server) logPurge(c *call, sess *session, reason string) {
	s.logSession(SessionLogEntry{
		Time: c.now, Process: logProcess, Address: c.ip, Event: "PURGE", Session: sess.name, User: sess.user,
		Reason: reason,
	})
}

// logSession appends to the session log. The in-memory log always gets the entry; a failed file write is kept
// for Info.LastError.
func (s *Server) logSession(e SessionLogEntry) {
	if err := s.slog.add(e); err != nil {
		s.noteError(err)
	}
}

// setSessionCookie writes the service's cookie as cPanel does (§4, §7, Decision 1):
// `cpsession=VALUE; HttpOnly; path=/; port=N[; secure]`.
func setSessionCookie(c *call, value string) {
	v := fmt.Sprintf("%s=%s; HttpOnly; path=/; port=%d", c.svc.CookieName(), value, c.port)
	if c.secure {
		v += "; secure"
	}
	c.w.Header().Add("Set-Cookie", v)
}

func clearSessionCookie(c *call) {
	v := fmt.Sprintf("%s=; HttpOnly; expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/; port=%d", c.svc.CookieName(), c.port)
	if c.secure {
		v += "; secure"
	}
	c.w.Header().Add("Set-Cookie", v)
}

// safeGoto accepts a relative goto_uri (no scheme, no host) and returns it without a leading slash.
func safeGoto(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "//") || strings.ContainsAny(u, "\\\r\n") {
		return ""
	}
	return strings.TrimLeft(u, "/")
}

// landing is where a fresh session goes: the goto_uri, or the service home (§3 targets).
func landing(svc Service, token, gotoURI string) string {
	if g := safeGoto(gotoURI); g != "" {
		return token + "/" + g
	}
	return token + svc.HomePath()
}

func (s *Server) redirectHome(c *call, token, gotoURI string) {
	c.w.Header().Set("Location", landing(c.svc, token, gotoURI))
	c.w.WriteHeader(http.StatusFound)
}

// startSession creates a real session for a login on this daemon and sets its cookie.
func (s *Server) startSession(c *call, user, token, creator, method string, tfaVerified bool, locale, gotoURI string) *session {
	if token == "" {
		token = newSecurityToken()
	}
	sess := s.sessions.add(&session{
		user: user, service: c.svc, token: token, lastUsed: c.now, tfaVerified: tfaVerified,
		clientIP: c.ip, creator: creator, method: method, locale: locale, gotoURI: gotoURI,
	}, "")
	s.logNew(c, sess, pathForm)
	setSessionCookie(c, sess.cookieValue())
	if locale != "" {
		c.w.Header().Add("Set-Cookie", "session_locale="+cpEscape(locale)+"; path=/; port="+fmt.Sprint(c.port))
	}
	return sess
}

func writeJSON(c *call, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		http.Error(c.w, "emulator: cannot encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.w.WriteHeader(status)
	c.w.Write(b)
}

// marshalJSON encodes without Go's HTML escaping (cPanel writes & < > as they are).
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// formLogin is POST /login/ (§4, §5, Decision 2). With ?login_only=1 it answers JSON; otherwise it redirects
// (3xx, Location /cpsessN/…) or shows the login page again.
func (s *Server) formLogin(c *call) {
	loginOnly := c.r.URL.Query().Get("login_only") == "1"
	user := strings.TrimSpace(c.r.PostFormValue("user"))
	pass := c.r.PostFormValue("pass")
	tfaToken := strings.TrimSpace(c.r.PostFormValue("tfa_token"))
	gotoURI := c.r.PostFormValue("goto_uri")

	fail := func(code string) {
		if loginOnly {
			writeJSON(c, http.StatusUnauthorized, map[string]any{"status": 0, "message": code})
			return
		}
		s.loginPage(c, http.StatusUnauthorized, code)
	}
	if user == "" {
		fail("no_username")
		return
	}
	id := s.passwordLogin(c, user, pass)
	if id == nil {
		fail("invalid_login")
		return
	}
	verified := true
	if secret, _ := s.tfaSecret(c.svc, id.user); secret != "" {
		switch {
		case tfaToken == "" && loginOnly:
			fail("token_missing") // Decision 2
			return
		case tfaToken == "":
			// §5 option B: the session exists but must pass the security-code page first.
			verified = false
		case !s.checkCode(c, id.user, secret, tfaToken):
			fail("token_incorrect") // Decision 2
			return
		}
	}
	sess := s.startSession(c, id.user, "", id.user, methodFormLogin, verified, "", gotoURI)
	target := landing(c.svc, sess.token, gotoURI)
	if loginOnly {
		writeJSON(c, http.StatusOK, map[string]any{"status": 1, "security_token": sess.token, "redirect": target})
		return
	}
	c.w.Header().Set("Location", target)
	c.w.WriteHeader(http.StatusFound)
}

// consumeTransfer exchanges a pre-auth session for a real one (§3, Decision 1): GET {token}/login/?session=ID
// (create_user_session URLs) or POST {token}/login with session=ID (Webmail sessions from UAPI, §3). The URL
// works once: the pre-session is purged (PURGE loginsuccess) and a new session is created (NEW) with the same
// security token; its cookie is set and the browser goes (302) to the goto_uri or the service home.
func (s *Server) consumeTransfer(c *call) {
	id := c.r.URL.Query().Get("session")
	if c.r.Method == http.MethodPost {
		if v := c.r.PostFormValue("session"); v != "" {
			id = v
		}
	}
	pre := s.sessions.lookup(id)
	// Decision: an unknown, used, or foreign (other service, other token) session id answers the login page
	// with 401 and msg_code invalid_session; the pre-session is left alone unless it was the right one.
	if pre == nil || !pre.pre || pre.service != c.svc || pre.token != c.token {
		s.loginPage(c, http.StatusUnauthorized, "invalid_session")
		return
	}
	if !c.now.Before(pre.expires) {
		if s.sessions.remove(pre) {
			s.logPurge(c, pre, PurgeExpired)
		}
		s.loginPage(c, http.StatusUnauthorized, "expired_session")
		return
	}
	if !s.sessions.remove(pre) {
		s.loginPage(c, http.StatusUnauthorized, "invalid_session")
		return
	}
	s.logPurge(c, pre, PurgeLoginSuccess)
	gotoURI := pre.gotoURI
	if g := c.r.FormValue("goto_uri"); g != "" {
		gotoURI = g
	}
	s.startSession(c, pre.user, pre.token, pre.creator, pre.method, true, pre.locale, gotoURI)
	s.redirectHome(c, pre.token, gotoURI)
}

// logout ends the cookie's session (PURGE logout) and shows the login page.
func (s *Server) logout(c *call) {
	if ck, err := c.r.Cookie(c.svc.CookieName()); err == nil {
		if sess := s.sessions.lookup(ck.Value); sess != nil && !sess.pre && sess.service == c.svc && s.sessions.remove(sess) {
			s.logPurge(c, sess, PurgeLogout)
		}
	}
	clearSessionCookie(c)
	s.loginPage(c, http.StatusOK, "logout")
}

// tfaPolicy serves a session that has not passed 2FA yet (§5 option B): API calls get the TwoFactorAuth JSON
// failure, a POST of tfatoken to {token}/ checks the code, anything else shows the security-code page.
func (s *Server) tfaPolicy(c *call, id *identity) {
	if apiFamily(c.path) != "" {
		writeTFAFailed(c)
		return
	}
	code := c.r.PostFormValue("tfatoken")
	if c.r.Method != http.MethodPost || c.path != "/" || code == "" {
		s.tfaPage(c, id.user, "")
		return
	}
	secret, _ := s.tfaSecret(c.svc, id.user)
	if !s.checkCode(c, id.user, secret, code) {
		s.tfaPage(c, id.user, "The security code is invalid.")
		return
	}
	s.sessions.setTFAVerified(id.sess)
	s.redirectHome(c, id.sess.token, id.sess.gotoURI)
}

// checkCode verifies a 2FA code for user; a wrong code counts towards the lockout, and a locked-out user+IP
// fails even with the right code (see lockout).
func (s *Server) checkCode(c *call, user, secret, code string) bool {
	if s.hulk.locked(user, c.ip, c.now, c.st) {
		return false
	}
	if validCode(code, secret, c.now) {
		return true
	}
	s.hulk.fail(user, c.ip, c.now)
	return false
}

// noteError keeps the last internal error (a failed session log write) for Info.
func (s *Server) noteError(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastErr = err.Error()
}
