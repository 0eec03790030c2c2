package emulator

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loginOnly posts the login_only form to the TLS port of svc.
func loginOnly(c *client, svc Service, kv ...string) resp {
	c.t.Helper()
	return c.post(c.s.URL(svc, false)+"/login/?login_only=1", formOf(kv...))
}

// §4, Decision 2: login_only=1 answers JSON with the token and the cookie, or 401 with the login.js code.
func TestLoginOnly(t *testing.T) {
	s := start(t, nil)
	tests := []struct {
		name   string
		svc    Service
		form   []string
		status int
		msg    string
		user   string
	}{
		{"cpanel", CPanel, []string{"user", "bob", "pass", bobPass}, 200, "", "bob"},
		{"whm", WHM, []string{"user", "root", "pass", rootPass, "tfa_token", code(t, s, rootSecret)}, 200, "", "root"},
		{"webmail mailbox", Webmail, []string{"user", bobMail, "pass", bobMailPass}, 200, "", bobMail},
		{"webmail mailbox, any case", Webmail, []string{"user", "INFO@bob.example", "pass", bobMailPass}, 200, "", bobMail},
		{"bad password", CPanel, []string{"user", "bob", "pass", "nope"}, 401, "invalid_login", ""},
		{"unknown user", CPanel, []string{"user", "nobody", "pass", "x"}, 401, "invalid_login", ""},
		{"suspended", CPanel, []string{"user", "dave", "pass", "demo-dave-pass"}, 401, "invalid_login", ""},
		{"no username", CPanel, []string{"pass", "x"}, 401, "no_username", ""},
		{"cPanel user on WHM", WHM, []string{"user", "bob", "pass", bobPass}, 401, "invalid_login", ""},
		{"2FA, no code", CPanel, []string{"user", "alice", "pass", alicePass}, 401, "token_missing", ""},
		{"2FA, wrong code", CPanel, []string{"user", "alice", "pass", alicePass, "tfa_token", "123456"}, 401, "token_incorrect", ""},
		{"2FA, right code", CPanel, []string{"user", "alice", "pass", alicePass, "tfa_token", code(t, s, aliceSecret)}, 200, "", "alice"},
		{"2FA, bad password first", CPanel, []string{"user", "alice", "pass", "nope", "tfa_token", code(t, s, aliceSecret)}, 401, "invalid_login", ""},
		{"whm 2FA, no code", WHM, []string{"user", "root", "pass", rootPass}, 401, "token_missing", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, s, true)
			r := loginOnly(c, tt.svc, tt.form...)
			eq(t, "status", r.status, tt.status)
			v := r.json(t)
			if tt.status != 200 {
				eq(t, "body", r.body, `{"message":"`+tt.msg+`","status":0}`)
				eq(t, "no cookie", cookieNamed(r.header, tt.svc.CookieName()), "")
				return
			}
			eq(t, "status field", v["status"], any(float64(1)))
			tok, _ := v["security_token"].(string)
			if !cpsessRe10.MatchString(tok) {
				t.Fatalf("security_token %q", tok)
			}
			eq(t, "redirect", v["redirect"], any(tok+tt.svc.HomePath()))
			ck := cookieNamed(r.header, tt.svc.CookieName())
			mustContain(t, ck, cpEscape(tt.user)+"%3a", "; HttpOnly; path=/; port="+strconv.Itoa(s.Ports()[tlsListenerOf(tt.svc)])+"; secure")
			h := c.get(s.URL(tt.svc, false) + tok + tt.svc.HomePath())
			eq(t, "home", h.status, 200)
			mustContain(t, h.body, `id="emulator-home" data-service="`+string(tt.svc)+`" data-user="`+tt.user+`" data-auth="session"`)
		})
	}
	log := s.SessionLog()
	if len(log) == 0 || log[0].Fields["method"] != "handle_form_login" || log[0].Fields["path"] != "form" || log[0].Fields["creator"] != "bob" {
		t.Errorf("form login NEW entry: %+v", log)
	}
}

// §4: without login_only the form login redirects (3xx) with the token as the Location's first segment;
// failures show the login page with the message code and 401 (our decision for the status).
func TestFormLogin(t *testing.T) {
	s, c := startWithClient(t, true)
	r := c.post(s.URL(CPanel, false)+"/login/", formOf("user", "bob", "pass", bobPass, "goto_uri", "/frontend/jupiter/filemanager/index.html"))
	eq(t, "status", r.status, http.StatusFound)
	loc := r.header.Get("Location")
	tok := "/" + strings.Split(loc, "/")[1]
	if !cpsessRe10.MatchString(tok) {
		t.Fatalf("Location %q", loc)
	}
	eq(t, "goto_uri kept", loc, tok+"/frontend/jupiter/filemanager/index.html")
	r = c.get(s.URL(CPanel, false) + loc)
	mustContain(t, r.body, `id="emulator-page"`, `data-user="bob"`)

	// An absolute goto_uri is not followed off the server.
	r = newClient(t, s, false).post(s.URL(CPanel, false)+"/login/", formOf("user", "bob", "pass", bobPass, "goto_uri", "https://evil.example/"))
	if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/frontend/jupiter/index.html") {
		t.Errorf("Location %q", loc)
	}

	r = newClient(t, s, false).post(s.URL(CPanel, false)+"/login/", formOf("user", "bob", "pass", "nope"))
	eq(t, "bad status", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `id="emulator-login"`, `data-msg-code="invalid_login"`, `<form id="login_form" action="/login/" method="post">`)

	// The login page itself.
	for _, sv := range Services {
		r = newClient(t, s, false).get(s.URL(sv, false) + "/login/")
		eq(t, string(sv)+" login page", r.status, http.StatusOK)
		mustContain(t, r.body, `data-service="`+string(sv)+`"`, `name="user"`, `name="pass"`)
	}
	mustContain(t, r.body, "Email Address")
}

// §5 option B: a form login without tfa_token for a 2FA user creates the session, and every page of it serves
// the security-code form until a valid tfatoken is posted to {cpsess}/; API calls meanwhile get the
// TwoFactorAuth failure.
func TestSecurityCodePage(t *testing.T) {
	s, c := startWithClient(t, true)
	base := s.URL(CPanel, false)
	r := c.post(base+"/login/", formOf("user", "alice", "pass", alicePass))
	eq(t, "login", r.status, http.StatusFound)
	loc := r.header.Get("Location")
	tok := "/" + strings.Split(loc, "/")[1]

	r = c.get(base + loc)
	eq(t, "page status", r.status, http.StatusOK)
	mustContain(t, r.body, `id="emulator-tfa"`, `data-user="alice"`, "Enter the security code for “alice”", `action="`+tok+`/"`, `name="tfatoken"`)

	r = c.get(base + tok + "/execute/DomainInfo/list_domains")
	eq(t, "API before 2FA", r.status, http.StatusForbidden)
	mustContain(t, r.body, "TwoFactorAuth check failed")

	r = c.post(base+tok+"/", formOf("tfatoken", "000000"))
	eq(t, "wrong code status", r.status, http.StatusOK)
	mustContain(t, r.body, `<p id="tfa-error" role="alert">The security code is invalid.</p>`)

	r = c.post(base+tok+"/", formOf("tfatoken", code(t, s, aliceSecret)))
	eq(t, "right code", r.status, http.StatusFound)
	eq(t, "to home", r.header.Get("Location"), tok+"/frontend/jupiter/index.html")
	r = c.get(base + r.header.Get("Location"))
	mustContain(t, r.body, `id="emulator-home"`, `data-user="alice"`)
	eq(t, "API after 2FA", c.get(base+tok+"/execute/DomainInfo/list_domains").status, http.StatusOK)

	// Posting the code without the cookie.
	r = newClient(t, s, false).post(base+tok+"/", formOf("tfatoken", "123456"))
	mustContain(t, r.body, "Cookies must be enabled in your browser to log in.")

	// A wrong form tfa_token fails like login_only (Decision 2), on the login page.
	r = newClient(t, s, false).post(base+"/login/", formOf("user", "alice", "pass", alicePass, "tfa_token", "999999"))
	eq(t, "form tfa_token wrong", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `data-msg-code="token_incorrect"`)
}

// §4: a valid cookie with a missing or wrong cpsess prefix gets the "Invalid Security Token" page (401, our
// decision) with token_denied=1.
func TestInvalidSecurityToken(t *testing.T) {
	s, c := startWithClient(t, true)
	r := loginOnly(c, CPanel, "user", "bob", "pass", bobPass)
	tok := r.json(t)["security_token"].(string)
	for _, path := range []string{"/frontend/jupiter/index.html", "/cpsess0000000000/frontend/jupiter/index.html", "/execute/DomainInfo/list_domains"} {
		r = c.get(s.URL(CPanel, false) + path)
		eq(t, path+" status", r.status, http.StatusUnauthorized)
		mustContain(t, r.body, "Invalid Security Token", `data-msg-code="invalid_token"`, `name="token_denied" value="1"`, `value="bob"`)
	}
	eq(t, "right token", c.get(s.URL(CPanel, false)+tok+"/execute/DomainInfo/list_domains").status, http.StatusOK)
	// The cookie of one service means nothing to another.
	r = c.get(s.URL(WHM, false) + tok + "/")
	eq(t, "cpsession on WHM", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `id="emulator-login"`)
}

// §7: sessions die after the idle timeout (PURGE expired) and live on while used.
func TestIdleExpiry(t *testing.T) {
	s := start(t, func(c *Config) { c.Settings.IdleTimeout = Duration(time.Minute) })
	c := newClient(t, s, true)
	tok := loginOnly(c, CPanel, "user", "bob", "pass", bobPass).json(t)["security_token"].(string)
	home := s.URL(CPanel, false) + tok + "/frontend/jupiter/index.html"
	s.SetClockOffset(50 * time.Second)
	eq(t, "used within the timeout", c.get(home).status, http.StatusOK)
	s.SetClockOffset(100 * time.Second) // 50 s after the last use
	eq(t, "idle < timeout since last use", c.get(home).status, http.StatusOK)
	s.SetClockOffset(170 * time.Second)
	r := c.get(home)
	eq(t, "expired", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `data-msg-code="expired_session"`)
	log := s.SessionLog()
	eq(t, "purge", log[len(log)-1].Event+" "+log[len(log)-1].Reason, "PURGE expired")
	eq(t, "gone", len(s.Sessions()), 0)
}

// §9: cookie IP validation strict (default), loose (/24) and disabled, with the client IP simulated through
// ClientIPHeader (honoured only when TrustClientIPHeader is on).
func TestCookieIPValidation(t *testing.T) {
	tests := []struct {
		mode    CookieIPMode
		laterIP string
		ok      bool
	}{
		{CookieIPStrict, "198.51.100.7", true},
		{CookieIPStrict, "198.51.100.8", false},
		{CookieIPLoose, "198.51.100.200", true},
		{CookieIPLoose, "198.51.101.7", false},
		{CookieIPDisabled, "203.0.113.1", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode)+" "+tt.laterIP, func(t *testing.T) {
			s := start(t, func(c *Config) {
				c.Settings.TrustClientIPHeader = true
				c.Settings.CookieIPValidation = tt.mode
			})
			c := newClient(t, s, true)
			r := c.post(s.URL(CPanel, false)+"/login/?login_only=1", formOf("user", "bob", "pass", bobPass), ClientIPHeader, "198.51.100.7")
			tok := r.json(t)["security_token"].(string)
			r = c.get(s.URL(CPanel, false)+tok+"/execute/DomainInfo/list_domains", ClientIPHeader, tt.laterIP)
			if tt.ok {
				eq(t, "status", r.status, http.StatusOK)
				return
			}
			eq(t, "status", r.status, http.StatusUnauthorized)
			mustContain(t, r.body, `data-msg-code="changed_ip"`, "Your IP address has changed. Please log in again.")
		})
	}
	// Without the test switch the header is ignored.
	s, c := startWithClient(t, true)
	tok := loginOnly(c, CPanel, "user", "bob", "pass", bobPass).json(t)["security_token"].(string)
	eq(t, "header ignored", c.get(s.URL(CPanel, false)+tok+"/execute/DomainInfo/list_domains", ClientIPHeader, "203.0.113.1").status, http.StatusOK)
	eq(t, "session address", s.Sessions()[0].ClientIP, "127.0.0.1")
}

// /logout/ purges the session (PURGE logout) and clears the cookie.
func TestLogout(t *testing.T) {
	s, c := startWithClient(t, true)
	tok := loginOnly(c, WHM, "user", "resel", "pass", "demo-resel-pass").json(t)["security_token"].(string)
	r := c.get(s.URL(WHM, false) + tok + "/logout/")
	eq(t, "status", r.status, http.StatusOK)
	mustContain(t, r.body, `data-msg-code="logout"`)
	mustContain(t, cookieNamed(r.header, "whostmgrsession"), "expires=Thu, 01-Jan-1970")
	log := s.SessionLog()
	eq(t, "purge", log[len(log)-1].Event+" "+log[len(log)-1].Reason, "PURGE logout")
	eq(t, "gone", len(s.Sessions()), 0)
}

// §3: a cPanel session creates a Webmail session for a mailbox (UAPI), which the browser POSTs to
// {token}/login on the Webmail port: cookie webmailsession, 302 to the Webmail home, single use.
func TestWebmailSessionFromCPanel(t *testing.T) {
	s, c := startWithClient(t, true)
	r := c.get(s.URL(CPanel, false)+"/execute/Session/create_webmail_session_for_mail_user?login=info&domain=bob.example", "Authorization", "cpanel bob:"+bobToken)
	v := r.json(t)
	eq(t, "status", v["status"], any(float64(1)))
	data := v["data"].(map[string]any)
	id, tok := data["session"].(string), data["token"].(string)
	if !strings.HasPrefix(id, bobMail+":") || !strings.Contains(id, ":"+webmailSessionTag+",") || !cpsessRe10.MatchString(tok) {
		t.Fatalf("session %q token %q", id, tok)
	}
	if _, ok := data["hostname"]; !ok || data["hostname"] != nil {
		t.Errorf("hostname %v", data["hostname"])
	}
	r = c.post(s.URL(Webmail, false)+tok+"/login", url.Values{"session": {id}})
	eq(t, "consume", r.status, http.StatusFound)
	eq(t, "Location", r.header.Get("Location"), tok+"/webmail/jupiter/index.html")
	mustContain(t, cookieNamed(r.header, "webmailsession"), "webmailsession="+cpEscape(bobMail)+"%3a")
	r = c.get(s.URL(Webmail, false) + tok + "/webmail/jupiter/index.html")
	mustContain(t, r.body, `id="emulator-home" data-service="webmail" data-user="info@bob.example"`)
	eq(t, "second use", c.post(s.URL(Webmail, false)+tok+"/login", url.Values{"session": {id}}).status, http.StatusUnauthorized)

	for _, q := range []string{"login=nobody&domain=bob.example", "login=alice&domain=alice.example", "domain=bob.example"} {
		v := c.get(s.URL(CPanel, false)+"/execute/Session/create_webmail_session_for_mail_user?"+q, "Authorization", "cpanel bob:"+bobToken).json(t)
		eq(t, q, v["status"], any(float64(0)))
	}
	v = c.get(s.URL(CPanel, false)+"/execute/Session/create_webmail_session_for_self", "Authorization", "cpanel bob:"+bobToken).json(t)
	if !strings.HasPrefix(v["data"].(map[string]any)["session"].(string), "bob:") {
		t.Errorf("for_self: %v", v)
	}
}

// §9 cPHulk, our decision: N failures (passwords or 2FA codes) per user+IP inside the window lock the pair;
// while locked even the right password answers as a wrong one; other IPs and users are unaffected; the lock
// lifts when the failures leave the window.
func TestLockout(t *testing.T) {
	s := start(t, func(c *Config) {
		c.Settings.LockoutThreshold = 3
		c.Settings.LockoutWindow = Duration(time.Minute)
		c.Settings.TrustClientIPHeader = true
	})
	c := newClient(t, s, false)
	login := func(user, pass, ip string) int {
		return c.post(s.URL(CPanel, false)+"/login/?login_only=1", formOf("user", user, "pass", pass), ClientIPHeader, ip).status
	}
	for range 3 {
		eq(t, "bad password", login("bob", "nope", "192.0.2.1"), 401)
	}
	eq(t, "locked: right password refused", login("bob", bobPass, "192.0.2.1"), 401)
	r := c.get(s.URL(CPanel, false)+"/execute/DomainInfo/list_domains", "Authorization", basic("bob", bobPass), ClientIPHeader, "192.0.2.1")
	eq(t, "locked: Basic refused", r.status, http.StatusForbidden)
	eq(t, "locked: body", r.body, accessDeniedBody)
	eq(t, "other IP", login("bob", bobPass, "192.0.2.2"), 200)
	eq(t, "other user", login("carol", "demo-carol-pass", "192.0.2.1"), 200)
	eq(t, "tokens are not locked", c.get(s.URL(CPanel, false)+"/execute/DomainInfo/list_domains", "Authorization", "cpanel bob:"+bobToken, ClientIPHeader, "192.0.2.1").status, 200)
	locks := s.Lockouts()
	if len(locks) != 1 || locks[0].User != "bob" || locks[0].IP != "192.0.2.1" || !locks[0].Locked || locks[0].Failures != 3 {
		t.Errorf("lockouts %+v", locks)
	}
	s.SetClockOffset(61 * time.Second)
	eq(t, "after the window", login("bob", bobPass, "192.0.2.1"), 200)

	// Wrong 2FA codes count too.
	for range 3 {
		eq(t, "bad code", c.post(s.URL(CPanel, false)+"/login/?login_only=1", formOf("user", "alice", "pass", alicePass, "tfa_token", "000000"), ClientIPHeader, "192.0.2.9").status, 401)
	}
	r = c.post(s.URL(CPanel, false)+"/login/?login_only=1", formOf("user", "alice", "pass", alicePass, "tfa_token", code(t, s, aliceSecret)), ClientIPHeader, "192.0.2.9")
	eq(t, "locked after bad codes", r.body, `{"message":"invalid_login","status":0}`)
}

// A browser loads a session's pages in parallel while the security code goes in; the session store must take
// that (run with -race). Before the code a page is the 2FA form, after it the home: both are 200; the code
// POST answers 302.
func TestParallelRequestsOneSession(t *testing.T) {
	s, c := startWithClient(t, true)
	r := c.post(s.URL(CPanel, false)+"/login/", formOf("user", "alice", "pass", alicePass))
	tok := "/" + strings.Split(r.header.Get("Location"), "/")[1]
	code := code(t, s, aliceSecret)
	type result struct {
		status, want int
		err          error
	}
	done := make(chan result, 9)
	send := func(want int, do func() (*http.Response, error)) {
		res, err := do()
		if err != nil {
			done <- result{err: err}
			return
		}
		res.Body.Close()
		done <- result{status: res.StatusCode, want: want}
	}
	go send(http.StatusFound, func() (*http.Response, error) {
		return c.hc.PostForm(s.URL(CPanel, false)+tok+"/", formOf("tfatoken", code))
	})
	for range 8 {
		go send(http.StatusOK, func() (*http.Response, error) {
			return c.hc.Get(s.URL(CPanel, false) + tok + "/frontend/jupiter/index.html")
		})
	}
	for range 9 {
		if r := <-done; r.err != nil || r.status != r.want {
			t.Errorf("status %d (want %d), err %v", r.status, r.want, r.err)
		}
	}
	eq(t, "verified", s.Sessions()[0].TFAVerified, true)
}
