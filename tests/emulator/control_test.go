package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// ctl calls the control endpoint and decodes the JSON answer into out.
func ctl(t *testing.T, s *Server, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, s.ControlURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// The request log keeps method, URL, host, listener, port, every header and cookie, the body and the answer,
// in-process and through GET /requests.
func TestRequestLog(t *testing.T) {
	s, c := startWithClient(t, false)
	c.post(s.URL(CPanel, true)+"/login/?login_only=1", formOf("user", "bob", "pass", bobPass), "Cookie", "cpsession=x; timezone=UTC", "X-Test", "1")

	var recs []RequestRecord
	eq(t, "status", ctl(t, s, "GET", "/requests", "", &recs), http.StatusOK)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	eq(t, "method", r.Method, "POST")
	eq(t, "url", r.URL, "/login/?login_only=1")
	eq(t, "listener", r.Listener, LCPanel)
	eq(t, "port", r.Port, s.Ports()[LCPanel])
	eq(t, "tls", r.TLS, false)
	eq(t, "service", r.Service, CPanel)
	eq(t, "host", r.Host, s.Addr(LCPanel))
	eq(t, "header", strings.Join(r.Headers["X-Test"], ","), "1")
	eq(t, "cookies", len(r.Cookies), 2)
	eq(t, "body: the password went to the plain port and the log shows it", r.Body, "pass="+bobPass+"&user=bob")
	eq(t, "answer", r.Status, http.StatusMovedPermanently)
	eq(t, "location", r.Location, s.URL(CPanel, false)+"/login/?login_only=1")
	if time.Since(r.Time) > time.Minute {
		t.Errorf("time %v", r.Time)
	}
	c.get(s.URL(WHM, false)+"/", "Authorization", "whm root:"+rootToken)
	eq(t, "since", len(s.Requests(r.Seq)), 1)
	eq(t, "authorization header kept", s.Requests(r.Seq)[0].Headers["Authorization"][0], "whm root:"+rootToken)
}

// Control endpoint: session log (JSON and text), sessions, clock, config, reset, info, fixture, cross-origin refusal.
func TestControlEndpoint(t *testing.T) {
	s, c := startWithClient(t, false)
	data := whmSession(t, c, "user=bob&service=cpaneld")
	c.get(data["url"].(string))

	var entries []SessionLogEntry
	ctl(t, s, "GET", "/sessionlog", "", &entries)
	eq(t, "entries", len(entries), 3)
	res, err := http.Get(s.ControlURL() + "/sessionlog?format=text")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		text.Write(buf[:n])
		if err != nil {
			break
		}
	}
	res.Body.Close()
	eq(t, "text lines", strings.Count(text.String(), "\n"), 3)
	mustContain(t, text.String(), " PURGE bob:", " loginsuccess\n")

	var sessions []SessionInfo
	ctl(t, s, "GET", "/sessions", "", &sessions)
	if len(sessions) != 1 || sessions[0].User != "bob" || sessions[0].PreAuth || !sessions[0].TFAVerified {
		t.Errorf("sessions %+v", sessions)
	}

	var clock map[string]float64
	ctl(t, s, "POST", "/clock", `{"offsetSeconds": 90}`, &clock)
	eq(t, "offset", clock["offsetSeconds"], 90)
	if d := s.Now().Sub(time.Now()); d < 89*time.Second || d > 91*time.Second {
		t.Errorf("Now is %v ahead", d)
	}
	eq(t, "bad clock", ctl(t, s, "POST", "/clock", `{}`, nil), http.StatusBadRequest)

	var st Settings
	ctl(t, s, "POST", "/config", `{"idleTimeout": 2, "allowAccessHash": true, "requireSSL": false}`, &st)
	eq(t, "idle", time.Duration(st.IdleTimeout), 2*time.Second)
	eq(t, "hash", st.AllowAccessHash, true)
	eq(t, "ssl", *st.RequireSSL, false)
	eq(t, "merged: clock kept", time.Duration(st.ClockOffset), 90*time.Second)
	eq(t, "unknown field", ctl(t, s, "POST", "/config", `{"nope": 1}`, nil), http.StatusBadRequest)
	eq(t, "bad mode", ctl(t, s, "POST", "/config", `{"cookieIPValidation": "sometimes"}`, nil), http.StatusBadRequest)

	ctl(t, s, "POST", "/reset", "", nil)
	eq(t, "log after reset", len(s.SessionLog()), 0)
	eq(t, "requests after reset", len(s.Requests(0)), 0)
	eq(t, "sessions after reset", len(s.Sessions()), 0)
	eq(t, "settings after reset", *s.Settings().RequireSSL, true)
	eq(t, "clock after reset", s.Settings().ClockOffset, Duration(0))

	var info Info
	ctl(t, s, "GET", "/info", "", &info)
	eq(t, "info control", info.Control, s.ControlURL())
	eq(t, "info ca", info.CAFile, s.CAFile())
	eq(t, "info whm url", info.URLs["whm"], s.URL(WHM, false))
	eq(t, "info ports", info.Ports[LProxy], s.Ports()[LProxy])

	var fx Fixture
	ctl(t, s, "GET", "/fixture", "", &fx)
	eq(t, "fixture root", fx.WHMUsers[0].User, "root")

	req, _ := http.NewRequest("POST", s.ControlURL()+"/reset", nil)
	req.Header.Set("Origin", "https://evil.example")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	eq(t, "cross-origin", res.StatusCode, http.StatusForbidden)
}

// The session log file in the state dir holds the same lines.
func TestSessionLogFile(t *testing.T) {
	s, c := startWithClient(t, false)
	c.get(whmSession(t, c, "user=bob&service=cpaneld")["url"].(string))
	b, err := readFile(s.Info().SessionLog)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, e := range s.SessionLog() {
		want.WriteString(e.Line + "\n")
	}
	eq(t, "file", b, want.String())
}
