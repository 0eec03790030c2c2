package emulator

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// Demo credentials used across the tests (demo.json).
const (
	rootToken    = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"
	rootRevoked  = "ROOTREVOKEDDEMO7X4Q9ZK2M8P3R6T1W"
	rootExpired  = "ROOTEXPIREDDEMO7X4Q9ZK2M8P3R6T1W"
	rootPass     = "demo-root-pass"
	rootSecret   = "ROOTTWOFACTORKEY"
	reselToken   = "RESELTOKENDEMO7X4Q9ZK2M8P3R6T1W5"
	resel2Pass   = "demo-resel2fa-pass"
	resel2Secret = "RESELLERTWOFAKEY"
	bobToken     = "BOBTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y0"
	bobRevoked   = "BOBREVOKEDDEMO7X4Q9ZK2M8P3R6T1W5"
	bobPass      = "demo-bob-pass"
	aliceToken   = "ALICETOKENDEMO7X4Q9ZK2M8P3R6T1W5"
	alicePass    = "demo-alice-pass"
	aliceSecret  = "ALICETWOFACTORAB"
	erinPass     = "demo-erin-pass"
	erinSecret   = "ERINTWOFACTORKEY"
	bobMail      = "info@bob.example"
	bobMailPass  = "demo-mail-pass"
)

// start runs a server on free ports with the given settings and closes it when the test ends.
func start(t *testing.T, mod func(*Config)) *Server {
	t.Helper()
	cfg := Config{}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := s.Start(); err != nil {
		s.Close()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// startWithClient is start with its default settings, and a client for it (with a cookie jar when withJar).
func startWithClient(t *testing.T, withJar bool) (*Server, *client) {
	t.Helper()
	s := start(t, nil)
	return s, newClient(t, s, withJar)
}

// client is an HTTP client trusting the server's CA, mapping every host name to 127.0.0.1 (like
// --host-resolver-rules), not following redirects, with an optional cookie jar.
type client struct {
	t  *testing.T
	s  *Server
	hc *http.Client
}

func newClient(t *testing.T, s *Server, withJar bool) *client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CAPEM()) {
		t.Fatal("CA PEM does not parse")
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return dialer.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		},
		DisableKeepAlives: true,
	}
	hc := &http.Client{
		Transport:     tr,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if withJar {
		jar, err := cookiejar.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		hc.Jar = jar
	}
	return &client{t: t, s: s, hc: hc}
}

// resp is a read response.
type resp struct {
	status int
	header http.Header
	body   string
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("body is not a JSON object (%v): %.300s", err, r.body)
	}
	return v
}

// do sends a request; headers come in name, value pairs.
func (c *client) do(method, rawURL string, body url.Values, headers ...string) resp {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(body.Encode())
	}
	req, err := http.NewRequest(method, rawURL, rd)
	if err != nil {
		c.t.Fatalf("request %s: %v", rawURL, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	setHeaders(req, headers)
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("read body: %v", err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}
}

// setHeaders sets headers given as name, value, …; Host sets the request's host.
func setHeaders(req *http.Request, headers []string) {
	for i := 0; i+1 < len(headers); i += 2 {
		if strings.EqualFold(headers[i], "Host") {
			req.Host = headers[i+1]
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
}

// getWithin is get with a deadline: the answer's status, or 0 when none came within d (the request is then
// cancelled).
func (c *client) getWithin(d time.Duration, rawURL string, headers ...string) int {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		c.t.Fatalf("request %s: %v", rawURL, err)
	}
	setHeaders(req, headers)
	res, err := c.hc.Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// whm calls WHM API 1's call (json-api, api.version=1, then query when given) with the Authorization auth.
func (c *client) whm(auth, call, query string) resp {
	c.t.Helper()
	u := c.s.URL(WHM, false) + "/json-api/" + call + "?api.version=1"
	if query != "" {
		u += "&" + query
	}
	return c.get(u, "Authorization", auth)
}

func (c *client) get(rawURL string, headers ...string) resp {
	c.t.Helper()
	return c.do(http.MethodGet, rawURL, nil, headers...)
}

func (c *client) post(rawURL string, form url.Values, headers ...string) resp {
	c.t.Helper()
	return c.do(http.MethodPost, rawURL, form, headers...)
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// code returns the current TOTP code for a secret at the server's clock.
func code(t *testing.T, s *Server, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// whmSession calls create_user_session as root and returns the data object.
func whmSession(t *testing.T, c *client, params string) map[string]any {
	t.Helper()
	r := c.whm("whm root:"+rootToken, "create_user_session", params)
	if r.status != http.StatusOK {
		t.Fatalf("create_user_session: HTTP %d %s", r.status, r.body)
	}
	v := r.json(t)
	md := v["metadata"].(map[string]any)
	if md["result"] != float64(1) {
		t.Fatalf("create_user_session failed: %v", md["reason"])
	}
	return v["data"].(map[string]any)
}

// metadata returns a WHM API 1 answer's metadata.
func metadata(t *testing.T, r resp) map[string]any {
	t.Helper()
	md, ok := r.json(t)["metadata"].(map[string]any)
	if !ok {
		t.Fatalf("no metadata in %.300s", r.body)
	}
	return md
}

// cookieNamed finds a Set-Cookie header by cookie name.
func cookieNamed(h http.Header, name string) string {
	for _, v := range h.Values("Set-Cookie") {
		if strings.HasPrefix(v, name+"=") {
			return v
		}
	}
	return ""
}

// mustContain fails when s lacks any of the parts.
func mustContain(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("missing %q in %.600s", p, s)
		}
	}
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// formOf builds form values from name, value pairs.
func formOf(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func totpAt(secret string, at time.Time) (string, error) { return totp.GenerateCode(secret, at) }

// awayFromStepEdge waits until the server clock is not within 2 s of a TOTP step change, so that a code
// computed for a neighbouring step is still that neighbour when the server checks it.
func awayFromStepEdge(s *Server) {
	for s.Now().Unix()%30 >= 28 {
		time.Sleep(200 * time.Millisecond)
	}
}
