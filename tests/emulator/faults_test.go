package emulator

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fault modes (README, "Fault modes"): each does what it says, only while it is on, and the default emulator is
// untouched by them.

func setFaults(t *testing.T, s *Server, mod func(*Settings)) {
	t.Helper()
	st := s.Settings()
	mod(&st)
	if err := s.SetSettings(st); err != nil {
		t.Fatal(err)
	}
}

func TestFaultDelay(t *testing.T) {
	s, c := startWithClient(t, false)
	setFaults(t, s, func(st *Settings) { st.Delay = Duration(300 * time.Millisecond) })
	started := time.Now()
	r := c.whm("whm root:"+rootToken, "version", "")
	eq(t, "status", r.status, http.StatusOK)
	if took := time.Since(started); took < 300*time.Millisecond {
		t.Fatalf("answered after %s, before the delay", took)
	}
	setFaults(t, s, func(st *Settings) { st.Delay = 0 })
	started = time.Now()
	c.get(s.URL(WHM, false) + "/json-api/version?api.version=1")
	if took := time.Since(started); took > 250*time.Millisecond {
		t.Fatalf("still slow (%s) with the delay off", took)
	}
}

func TestFaultHang(t *testing.T) {
	s, c := startWithClient(t, false)
	setFaults(t, s, func(st *Settings) { st.Hang = true })
	if status := c.getWithin(400*time.Millisecond, s.URL(WHM, false)+"/json-api/version?api.version=1"); status != 0 {
		t.Fatalf("a hung server answered %d", status)
	}

	// Turned off, the requests it holds are answered.
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL(WHM, false)+"/json-api/version?api.version=1", nil)
		req.Header.Set("Authorization", "whm root:"+rootToken)
		res, err := c.hc.Do(req)
		if err != nil {
			done <- -1
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	time.Sleep(200 * time.Millisecond)
	select {
	case st := <-done:
		t.Fatalf("answered %d while hanging", st)
	default:
	}
	setFaults(t, s, func(st *Settings) { st.Hang = false })
	select {
	case st := <-done:
		eq(t, "status once released", st, http.StatusOK)
	case <-time.After(3 * time.Second):
		t.Fatal("not released")
	}
}

func TestFaultHangDoesNotHoldClose(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s, false)
	setFaults(t, s, func(st *Settings) { st.Hang = true })
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL(WHM, false)+"/", nil)
		if res, err := c.hc.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	started := time.Now()
	s.Close()
	if took := time.Since(started); took > 1500*time.Millisecond {
		t.Fatalf("Close waited %s for a hung request", took)
	}
}

func TestFaultPadBody(t *testing.T) {
	s, c := startWithClient(t, false)
	const pad = 3 << 20
	setFaults(t, s, func(st *Settings) { st.PadBody = pad })
	r := c.whm("whm root:"+rootToken, "version", "")
	eq(t, "status", r.status, http.StatusOK)
	if len(r.body) < pad || strings.TrimSpace(r.body[len(r.body)-pad:]) != "" {
		t.Fatalf("body of %d bytes does not end in %d bytes of white space", len(r.body), pad)
	}
	if v := r.json(t); v["metadata"] == nil {
		t.Fatal("the padded answer is no longer the JSON answer")
	}
}

func TestFaultSessionURLHost(t *testing.T) {
	s, c := startWithClient(t, false)
	setFaults(t, s, func(st *Settings) { st.SessionURLHost = "203.0.113.9" })
	data := whmSession(t, c, "user=bob&service=cpaneld")
	u, _ := data["url"].(string)
	if !strings.HasPrefix(u, "https://203.0.113.9:"+strconv.Itoa(s.port(LCPanelTLS))+"/cpsess") {
		t.Fatalf("url %q is not on the configured host", u)
	}
	setFaults(t, s, func(st *Settings) { st.SessionURLHost = "" })
	u, _ = whmSession(t, c, "user=bob&service=cpaneld")["url"].(string)
	if strings.Contains(u, "203.0.113.9") {
		t.Fatalf("url %q still on the fault's host", u)
	}
}

func TestFaultAccessDeniedText(t *testing.T) {
	s, c := startWithClient(t, false)
	setFaults(t, s, func(st *Settings) { st.AccessDeniedText = true })
	for _, tc := range []struct {
		auth   string
		status int
	}{{"whm root:WRONGTOKEN", http.StatusUnauthorized}, {basic("root", "wrong"), http.StatusForbidden}} {
		r := c.whm(tc.auth, "version", "")
		eq(t, "status", r.status, tc.status)
		eq(t, "body", r.body, "Access denied\n")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Fatalf("Content-Type %q", ct)
		}
	}
	// Wrong-port answers keep their own body (Decision 3).
	r := c.get(s.URL(CPanel, false)+"/json-api/version?api.version=1", "Authorization", "whm root:"+rootToken)
	mustContain(t, r.body, `"Permission denied"`)
}

func TestFaultOutage(t *testing.T) {
	s, c := startWithClient(t, false)
	for _, tc := range []struct {
		mode   string
		status int
		has    string
	}{{"login-page", 401, `id="login_form"`}, {"500", 500, "Internal Server Error"}, {"502", 502, "Bad Gateway"}, {"503", 503, "Service Unavailable"}} {
		setFaults(t, s, func(st *Settings) { st.Outage = tc.mode })
		r := c.whm("whm root:"+rootToken, "version", "")
		eq(t, tc.mode+" status", r.status, tc.status)
		mustContain(t, r.body, tc.has)
	}
	setFaults(t, s, func(st *Settings) { st.Outage = "" })
	eq(t, "status after", c.whm("whm root:"+rootToken, "version", "").status, 200)
}

func TestFaultSettingsValidated(t *testing.T) {
	s := start(t, nil)
	for _, st := range []Settings{{Outage: "404"}, {Delay: Duration(time.Hour)}, {Delay: -1}, {PadBody: -1}, {PadBody: MaxPadBody + 1},
		{SessionURLHost: "evil.example/path"}} {
		if err := s.SetSettings(st); err == nil {
			t.Fatalf("%+v accepted", st)
		}
	}
	// The control endpoint takes them as JSON, durations in seconds.
	res, err := http.Post(s.ControlURL()+"/config", "application/json", strings.NewReader(`{"delay":0.5,"hang":false,"padBody":10,"outage":"503","accessDeniedText":true,"sessionURLHost":"127.0.0.9"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	eq(t, "control status", res.StatusCode, 200)
	mustContain(t, string(b), `"delay":0.5`, `"padBody":10`, `"outage":"503"`, `"accessDeniedText":true`, `"sessionURLHost":"127.0.0.9"`)
	// Reset turns every fault off.
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if st := s.Settings(); st.Delay != 0 || st.Outage != "" || st.AccessDeniedText || st.SessionURLHost != "" || st.PadBody != 0 {
		t.Fatalf("faults left after reset: %+v", st)
	}
}

func TestFaultHeldRequestsAreLogged(t *testing.T) {
	s, c := startWithClient(t, false)
	setFaults(t, s, func(st *Settings) { st.Hang = true })
	c.getWithin(200*time.Millisecond, s.URL(WHM, false)+"/json-api/version?api.version=1", "Authorization", "whm root:"+rootToken)
	for i := 0; i < 50 && len(s.Requests(0)) == 0; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	rs := s.Requests(0)
	if len(rs) != 1 || rs[0].Service != WHM || rs[0].Status != 0 || len(rs[0].Headers["Authorization"]) == 0 {
		t.Fatalf("the held request is not logged as WHM's, unanswered, with its headers: %+v", rs)
	}
}
