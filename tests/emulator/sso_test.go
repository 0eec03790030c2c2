package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	sessionIDRe = regexp.MustCompile(`^([a-z0-9@.]+):[0-9A-Za-z_]{16}:create_user_session,[0-9a-f]{32}$`)
	cpsessRe10  = regexp.MustCompile(`^/cpsess[0-9]{10}$`)
)

// §3, Decision 1: create_user_session answers the documented shape; the URL's GET sets the service cookie and
// 302s to the home under the same cpsess; the home shows the user; the URL works once; the session log has
// NEW (pre-session), PURGE loginsuccess, NEW (real session).
func TestCreateUserSessionAndConsume(t *testing.T) {
	tests := []struct {
		name, params, user string
		svc                Service
		home               string
	}{
		{"cpanel", "user=bob&service=cpaneld", "bob", CPanel, "/frontend/jupiter/index.html"},
		{"whm reseller", "user=resel&service=whostmgrd", "resel", WHM, "/"},
		{"webmail by email", "user=info@bob.example&service=webmaild", "info@bob.example", Webmail, "/webmail/jupiter/index.html"},
		{"webmail main account", "user=bob&service=webmaild", "bob", Webmail, "/webmail/jupiter/index.html"},
		{"2FA user: SSO bypasses 2FA", "user=alice&service=cpaneld", "alice", CPanel, "/frontend/jupiter/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := startWithClient(t, true)
			before := time.Now()
			data := whmSession(t, c, tt.params)

			id, _ := data["session"].(string)
			if m := sessionIDRe.FindStringSubmatch(id); m == nil || m[1] != tt.user {
				t.Errorf("session id %q", id)
			}
			tok, _ := data["cp_security_token"].(string)
			if !cpsessRe10.MatchString(tok) {
				t.Errorf("cp_security_token %q", tok)
			}
			eq(t, "service", data["service"], any(tt.svc.Daemon()))
			exp := int64(data["expires"].(float64))
			if d := exp - before.Unix(); d < 299 || d > 301 {
				t.Errorf("expires is now+%d s, want 300", d)
			}
			if _, has := data["locale"]; has {
				t.Error("locale present although not passed")
			}
			wantURL := "https://127.0.0.1:" + strconv.Itoa(s.Ports()[tlsListenerOf(tt.svc)]) + tok + "/login/?session=" + cpEscape(id)
			eq(t, "url", data["url"], any(wantURL))
			mustContain(t, wantURL, "%3a", "%2c")

			r := c.get(wantURL)
			eq(t, "consume status", r.status, http.StatusFound)
			eq(t, "Location", r.header.Get("Location"), tok+tt.home)
			ck := cookieNamed(r.header, tt.svc.CookieName())
			if ck == "" {
				t.Fatalf("no %s cookie in %v", tt.svc.CookieName(), r.header.Values("Set-Cookie"))
			}
			mustContain(t, ck, "; HttpOnly; path=/; port="+strconv.Itoa(s.Ports()[tlsListenerOf(tt.svc)])+"; secure")
			mustContain(t, ck, cpEscape(tt.user)+"%3a")

			base := s.URL(tt.svc, false)
			r = c.get(base + r.header.Get("Location"))
			eq(t, "home status", r.status, http.StatusOK)
			mustContain(t, r.body, `<main id="emulator-home" data-service="`+string(tt.svc)+`" data-user="`+tt.user+`"`)

			// Single use (Decision 1).
			r = c.get(wantURL)
			eq(t, "second use", r.status, http.StatusUnauthorized)
			mustContain(t, r.body, `data-msg-code="invalid_session"`)

			log := s.SessionLog()
			if len(log) != 3 {
				t.Fatalf("session log has %d entries: %+v", len(log), log)
			}
			pre := strings.SplitN(id, ",", 2)[0]
			eq(t, "log[0]", log[0].Event+" "+log[0].Session, "NEW "+pre)
			eq(t, "log[0] process", log[0].Process, "cpsrvd")
			eq(t, "log[0] method", log[0].Fields["method"], "create_user_session")
			eq(t, "log[0] creator", log[0].Fields["creator"], "root")
			eq(t, "log[1]", log[1].Event+" "+log[1].Session+" "+log[1].Reason, "PURGE "+pre+" loginsuccess")
			eq(t, "log[2] event", log[2].Event, "NEW")
			eq(t, "log[2] app", log[2].Fields["app"], tt.svc.Daemon())
			if log[2].Session == pre || !strings.HasPrefix(log[2].Session, tt.user+":") {
				t.Errorf("real session %q", log[2].Session)
			}
			for _, e := range log {
				if strings.Contains(e.Line, ",") && strings.Contains(e.Line, strings.SplitN(id, ",", 2)[1]) {
					t.Errorf("the session secret is in the log: %s", e.Line)
				}
			}
			mustContain(t, log[0].Line, "address=127.0.0.1,app="+tt.svc.Daemon()+",creator=root,method=create_user_session,path=json-api,possessed=0")
		})
	}
}

// §3: app keys become goto_uri (and the consumed URL lands there); locale and preferred_domain shape the URL.
func TestCreateUserSessionOptions(t *testing.T) {
	s, c := startWithClient(t, true)
	data := whmSession(t, c, "user=bob&service=cpaneld&app=Email_Accounts&locale=fr&preferred_domain=bob.example")
	u := data["url"].(string)
	tok := data["cp_security_token"].(string)
	if !strings.HasPrefix(u, "https://bob.example:"+strconv.Itoa(s.Ports()[LCPanelTLS])+tok+"/login/?session=") {
		t.Errorf("url %s", u)
	}
	mustContain(t, u, "&goto_uri=frontend%2fjupiter%2fmail%2fpops%2findex.html", "&locale=fr")
	eq(t, "locale", data["locale"], any("fr"))
	r := c.get(u)
	eq(t, "Location", r.header.Get("Location"), tok+"/frontend/jupiter/mail/pops/index.html")
	mustContain(t, cookieNamed(r.header, "session_locale"), "session_locale=fr")
	// The cookie belongs to bob.example (the jar scopes it by host, as a browser does).
	r = c.get("https://bob.example:" + strconv.Itoa(s.Ports()[LCPanelTLS]) + r.header.Get("Location"))
	mustContain(t, r.body, `id="emulator-page"`, `data-path="/frontend/jupiter/mail/pops/index.html"`)

	// An unknown but well-formed app still creates the session, without goto_uri.
	data = whmSession(t, c, "user=bob&service=cpaneld&app=No_Such_App")
	if strings.Contains(data["url"].(string), "goto_uri") {
		t.Errorf("goto_uri for an unknown app: %s", data["url"])
	}
	// WHM app keys.
	data = whmSession(t, c, "user=root&service=whostmgrd&app=list_accounts")
	mustContain(t, data["url"].(string), "goto_uri=scripts4%2flistaccts")

	// An IPv6 Host keeps its brackets; the Host's port is dropped (§3 [INF]).
	r = c.get(s.URL(WHM, false)+"/json-api/create_user_session?api.version=1&user=bob&service=cpaneld", "Authorization", "whm root:"+rootToken, "Host", "[::1]:2087")
	mustContain(t, r.body, `"url":"https://[::1]:`+strconv.Itoa(s.Ports()[LCPanelTLS])+"/cpsess")
}

// §3: refusals have metadata.result=0, HTTP 200 and Session.pm's texts, in its order.
func TestCreateUserSessionRefusals(t *testing.T) {
	s, c := startWithClient(t, false)
	tests := []struct {
		name, auth, params, reason string
	}{
		{"no user", "whm root:" + rootToken, "service=cpaneld", "The “user” parameter is required."},
		{"no service", "whm root:" + rootToken, "user=bob", "The “service” parameter is required."},
		{"bad service", "whm root:" + rootToken, "user=bob&service=ftpd", "The “service” parameter is invalid. The only supported services for this API call are “cpaneld”, “webmaild”, and “whostmgrd”."},
		{"unknown user", "whm root:" + rootToken, "user=nobody&service=cpaneld", "You cannot create a session for the user “nobody” because they do not exist."},
		{"email for cpaneld", "whm root:" + rootToken, "user=info@bob.example&service=cpaneld", "You cannot create a session for the user “info@bob.example” because they do not exist."},
		{"suspended", "whm root:" + rootToken, "user=dave&service=cpaneld", "You cannot create a session for the user “dave” because they are currently suspended."},
		{"suspended mailbox", "whm root:" + rootToken, "user=dave@dave.example&service=webmaild", "You cannot create a session for the user “dave@dave.example” because they are currently suspended."},
		{"not owner", "whm resel:" + reselToken, "user=bob&service=cpaneld", "You do not have permission to create sessions for the user “bob”."},
		{"not owner webmail", "whm resel:" + reselToken, "user=info@bob.example&service=webmaild", "You do not have permission to create sessions for the user “info@bob.example”."},
		{"root for cpaneld", "whm root:" + rootToken, "user=root&service=cpaneld", "You do not have permission to create sessions for the user “root”."},
		{"long locale", "whm root:" + rootToken, "user=bob&service=cpaneld&locale=xxxxxxxxxxxxxxxxx", "The “xxxxxxxxxxxxxxxxx” parameter is invalid. The “xxxxxxxxxxxxxxxxx” parameter may not be longer than 16 characters."},
		{"whm for non-reseller", "whm root:" + rootToken, "user=bob&service=whostmgrd", "You cannot create a “whostmgrd” session for the user “bob” because they are not a reseller."},
		{"bad preferred_domain", "whm root:" + rootToken, "user=bob&service=cpaneld&preferred_domain=not_a_domain", "The “not_a_domain” parameter is invalid. The “not_a_domain” parameter must be a valid domain name or IP address."},
		{"foreign preferred_domain", "whm root:" + rootToken, "user=bob&service=cpaneld&preferred_domain=example.org", "The “example.org” parameter is invalid. The “example.org” parameter must be a domain or IP address on this server."},
		{"bad app", "whm root:" + rootToken, "user=bob&service=cpaneld&app=../etc", "The requested application, ../etc, is invalid."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.whm(tt.auth, "create_user_session", tt.params)
			eq(t, "status", r.status, http.StatusOK)
			md := metadata(t, r)
			eq(t, "result", md["result"], any(float64(0)))
			eq(t, "reason", md["reason"], any(tt.reason))
			if _, has := r.json(t)["data"]; has {
				t.Error("data present on failure")
			}
		})
	}
	if n := len(s.SessionLog()); n != 0 {
		t.Errorf("refusals wrote %d session log entries", n)
	}
	// The reseller may open its own accounts and its own WHM.
	for _, p := range []string{"user=alice&service=cpaneld", "user=alice@alice.example&service=webmaild", "user=resel&service=whostmgrd", "user=resel&service=cpaneld"} {
		r := c.whm("whm resel:"+reselToken, "create_user_session", p)
		eq(t, p, metadata(t, r)["result"], any(float64(1)))
	}
}

// §3: the URL only works on its own service and token; after `expires` it is refused and purged (expired).
func TestSessionURLMisuse(t *testing.T) {
	s := start(t, func(c *Config) { c.Settings.PreauthTTL = Duration(time.Second) })
	c := newClient(t, s, false)
	data := whmSession(t, c, "user=bob&service=cpaneld")
	u, _ := url.Parse(data["url"].(string))
	tok := data["cp_security_token"].(string)

	// On the WHM port the cpaneld session is foreign.
	r := c.get(s.URL(WHM, false) + u.RequestURI())
	eq(t, "other service", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `data-msg-code="invalid_session"`)
	// Another token.
	r = c.get(s.URL(CPanel, false) + strings.Replace(u.RequestURI(), tok, "/cpsess0000000000", 1))
	eq(t, "other token", r.status, http.StatusUnauthorized)
	// A tampered secret.
	uri := u.RequestURI()
	flip := "0"
	if strings.HasSuffix(uri, "0") {
		flip = "1"
	}
	r = c.get(s.URL(CPanel, false) + uri[:len(uri)-1] + flip)
	eq(t, "tampered", r.status, http.StatusUnauthorized)

	s.SetClockOffset(2 * time.Second) // past `expires` without sleeping
	r = c.get(data["url"].(string))
	eq(t, "expired", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `data-msg-code="expired_session"`)
	log := s.SessionLog()
	eq(t, "purge reason", log[len(log)-1].Reason, PurgeExpired)
}

// §3: cp_security_token reuses an active token of the user.
func TestCreateUserSessionReusesToken(t *testing.T) {
	_, c := startWithClient(t, false)
	first := whmSession(t, c, "user=bob&service=cpaneld")
	c.get(first["url"].(string))
	tok := first["cp_security_token"].(string)
	again := whmSession(t, c, "user=bob&service=cpaneld&cp_security_token="+tok)
	eq(t, "reused token", again["cp_security_token"], any(tok))
	other := whmSession(t, c, "user=bob&service=cpaneld&cp_security_token=/cpsess0000000001")
	if other["cp_security_token"] == "/cpsess0000000001" {
		t.Error("an unknown token was reused")
	}
}
