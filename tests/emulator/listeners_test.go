package emulator

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// §1: every listener is on 127.0.0.1, never on another address.
func TestListenersAreLoopbackOnly(t *testing.T) {
	s := start(t, nil)
	ports := s.Ports()
	for _, name := range ListenerNames {
		p := ports[name]
		if p == 0 {
			t.Fatalf("%s: no port", name)
		}
		conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), time.Second)
		if err != nil {
			t.Fatalf("%s: not listening on 127.0.0.1:%d: %v", name, p, err)
		}
		conn.Close()
		if ip := nonLoopbackIP(t); ip != "" {
			if conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip, strconv.Itoa(p)), time.Second); err == nil {
				conn.Close()
				t.Errorf("%s: reachable on %s:%d", name, ip, p)
			}
		}
	}
}

// nonLoopbackIP returns an address of this machine that is not loopback, or "" (then that half is skipped).
func nonLoopbackIP(t *testing.T) string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return ""
}

// Ports: explicit ports are used as given; the names accept cPanel's numbers.
func TestParsePorts(t *testing.T) {
	tests := []struct {
		spec string
		want Ports
		err  bool
	}{
		{"free", Ports{}, false},
		{"cpanel-tls=12083,2087=12087", Ports{LCPanelTLS: 12083, LWHMTLS: 12087}, false},
		{"proxy=443,control=0", Ports{LProxy: 443, LControl: 0}, false},
		{"nope=1", nil, true},
		{"cpanel", nil, true},
		{"cpanel=99999", nil, true},
	}
	for _, tt := range tests {
		got, err := ParsePorts(tt.spec)
		if (err != nil) != tt.err {
			t.Errorf("%q: err %v", tt.spec, err)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%q: %s=%d, want %d", tt.spec, k, got[k], v)
			}
		}
		if !tt.err && len(got) != len(tt.want) {
			t.Errorf("%q: %v", tt.spec, got)
		}
	}
	if p := RealPorts(10000); p[LCPanelTLS] != 12083 || p[LWHM] != 12086 || p[LProxy] != 18443 {
		t.Errorf("RealPorts(10000) = %v", p)
	}
}

// A fixed port map is honoured.
func TestExplicitPorts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := start(t, func(c *Config) { c.Ports = Ports{LWHMTLS: port} })
	eq(t, "whm-tls port", s.Ports()[LWHMTLS], port)
	eq(t, "URL", s.URL(WHM, false), "https://127.0.0.1:"+strconv.Itoa(port))
}

// TLS: the CA is written to the state dir; a client trusting it verifies every TLS listener for 127.0.0.1,
// localhost and the hostnames with their service subdomains.
func TestTLSTrustedCA(t *testing.T) {
	dir := t.TempDir()
	s := start(t, func(c *Config) { c.StateDir = dir; c.Hostnames = []string{"host.example.net"} })
	eq(t, "CAFile", s.CAFile(), filepath.Join(dir, CAFileName))
	pemBytes, err := os.ReadFile(s.CAFile())
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatal("ca.pem is not a PEM certificate")
	}
	if _, err := os.Stat(filepath.Join(dir, CAKeyFileName)); err == nil {
		t.Error("the CA key is written although ReuseCA is off")
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	for _, l := range []string{LCPanelTLS, LWHMTLS, LWebmailTLS, LProxy} {
		for _, name := range []string{"127.0.0.1", "localhost", "host.example.net", "whm.host.example.net", "cpanel.bob.example"} {
			conn, err := tls.Dial("tcp", s.Addr(l), &tls.Config{RootCAs: pool, ServerName: name})
			if err != nil {
				t.Errorf("%s as %s: %v", l, name, err)
				continue
			}
			conn.Close()
		}
	}
	// A name the certificate does not cover fails verification.
	if conn, err := tls.Dial("tcp", s.Addr(LCPanelTLS), &tls.Config{RootCAs: pool, ServerName: "other.example.org"}); err == nil {
		conn.Close()
		t.Error("certificate accepted for a name it does not cover")
	}
}

// UntrustedCert: the served certificate chains to a CA that is not the written one, so a client trusting
// ca.pem fails with an unknown-authority error.
func TestTLSUntrustedCert(t *testing.T) {
	s := start(t, func(c *Config) { c.UntrustedCert = true })
	c := newClient(t, s, false)
	_, err := c.hc.Get(s.URL(CPanel, false) + "/")
	var unknown x509.UnknownAuthorityError
	if err == nil || !errors.As(err, &unknown) {
		t.Fatalf("want an unknown-authority error, got %v", err)
	}
	eq(t, "Info.UntrustedCert", s.Info().UntrustedCert, true)
}

// ReuseCA: a second server on the same state dir serves with the same CA, so a developer trusts it once.
func TestTLSReuseCA(t *testing.T) {
	dir := t.TempDir()
	a, err := New(Config{StateDir: dir, ReuseCA: true})
	if err != nil {
		t.Fatal(err)
	}
	first := string(a.CAPEM())
	a.Close()
	if _, err := os.Stat(filepath.Join(dir, CAKeyFileName)); err != nil {
		t.Fatalf("ReuseCA did not keep the key: %v", err)
	}
	b := start(t, func(c *Config) { c.StateDir = dir; c.ReuseCA = true })
	eq(t, "same CA", string(b.CAPEM()), first)
	newClient(t, b, false).get(b.URL(WHM, false) + "/") // verifies against the reused CA
	c := start(t, func(c *Config) { c.StateDir = t.TempDir() })
	if string(c.CAPEM()) == first {
		t.Error("a fresh state dir reused the CA")
	}
}

// §1, Decision 3: the plain ports answer 301 to the TLS port of the same service, same path and query,
// whatever the credentials; with Require SSL off they serve.
func TestPlainPortsRedirect(t *testing.T) {
	s, c := startWithClient(t, false)
	for _, sv := range Services {
		r := c.get(s.URL(sv, true)+"/json-api/listaccts?api.version=1&x=%2F", "Authorization", "whm root:"+rootToken)
		eq(t, string(sv)+" status", r.status, http.StatusMovedPermanently)
		eq(t, string(sv)+" location", r.header.Get("Location"), s.URL(sv, false)+"/json-api/listaccts?api.version=1&x=%2F")
	}
	off := false
	if err := s.SetSettings(Settings{RequireSSL: &off}); err != nil {
		t.Fatal(err)
	}
	r := c.get(s.URL(WHM, true)+"/json-api/version?api.version=1", "Authorization", "whm root:"+rootToken)
	eq(t, "requiressl off: status", r.status, http.StatusOK)
	// The cookie on a plain port carries its port and no "secure" (§4).
	r = c.post(s.URL(CPanel, true)+"/login/?login_only=1", formOf("user", "bob", "pass", bobPass))
	ck := cookieNamed(r.header, "cpsession")
	mustContain(t, ck, "port="+strconv.Itoa(s.Ports()[LCPanel]))
	if strings.Contains(ck, "secure") {
		t.Errorf("plain-port cookie is secure: %s", ck)
	}
}

// §1: the 443 listener routes cpanel./whm./webmail. hosts to that service's plain handler (no redirect: Apache
// terminated TLS), seen from 127.0.0.1; other hosts get Apache's /cpanel redirect or 404.
func TestServiceSubdomains(t *testing.T) {
	s, c := startWithClient(t, false)
	proxy := s.Ports()[LProxy]
	base := func(h string) string { return "https://" + h + ":" + strconv.Itoa(proxy) }

	r := c.get(base("whm.server.panelkey.test")+"/json-api/version?api.version=1", "Authorization", "whm root:"+rootToken)
	eq(t, "whm. status", r.status, http.StatusOK)
	mustContain(t, r.body, EmulatedVersion)

	r = c.get(base("cpanel.server.panelkey.test")+"/execute/DomainInfo/list_domains", "Authorization", "cpanel bob:"+bobToken)
	eq(t, "cpanel. status", r.status, http.StatusOK)
	mustContain(t, r.body, `"main_domain":"bob.example"`)

	// WHM API 1 through cpanel. is a cPanel service: Permission denied (Decision 3).
	r = c.get(base("cpanel.server.panelkey.test")+"/json-api/listaccts?api.version=1", "Authorization", "whm root:"+rootToken)
	eq(t, "whm api via cpanel.", r.status, http.StatusForbidden)

	r = c.get(base("webmail.bob.example")+"/", "Authorization", basic(bobMail, bobMailPass))
	eq(t, "webmail. login page", r.status, http.StatusOK)
	mustContain(t, r.body, `data-service="webmail"`)

	r = c.get(base("server.panelkey.test") + "/cpanel")
	eq(t, "/cpanel status", r.status, http.StatusMovedPermanently)
	eq(t, "/cpanel location", r.header.Get("Location"), "https://server.panelkey.test:"+strconv.Itoa(s.Ports()[LCPanelTLS])+"/")
	eq(t, "no subdomain", c.get(base("server.panelkey.test")+"/anything").status, http.StatusNotFound)

	// The request log names the proxy listener and the service it reached.
	var found bool
	for _, rec := range s.Requests(0) {
		if rec.Listener == LProxy && rec.Service == WHM && rec.Host == "whm.server.panelkey.test:"+strconv.Itoa(proxy) {
			found = true
		}
	}
	if !found {
		t.Error("request log has no proxy record for whm.")
	}
}

// §9: the proxied session cookie is bound to 127.0.0.1 (Apache), so a session created from the browser's
// own address does not work through a service subdomain under strict cookie IP validation.
func TestServiceSubdomainChangesIP(t *testing.T) {
	s := start(t, func(c *Config) { c.Settings.TrustClientIPHeader = true })
	c := newClient(t, s, false)
	r := c.post(s.URL(CPanel, false)+"/login/?login_only=1", formOf("user", "bob", "pass", bobPass), ClientIPHeader, "203.0.113.9")
	eq(t, "login", r.status, http.StatusOK)
	tok := r.json(t)["security_token"].(string)
	ck := strings.SplitN(cookieNamed(r.header, "cpsession"), ";", 2)[0]
	url := "https://cpanel.server.panelkey.test:" + strconv.Itoa(s.Ports()[LProxy]) + tok + "/execute/DomainInfo/list_domains"
	r = c.get(url, "Cookie", ck, ClientIPHeader, "203.0.113.9")
	eq(t, "status", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `data-msg-code="changed_ip"`)
}

// The Date header follows the server clock, offset included.
func TestDateHeaderFollowsClock(t *testing.T) {
	s := start(t, func(c *Config) { c.Settings.ClockOffset = Duration(-2 * time.Hour) })
	r := newClient(t, s, false).get(s.URL(CPanel, false) + "/login/")
	d, err := http.ParseTime(r.header.Get("Date"))
	if err != nil {
		t.Fatalf("Date %q: %v", r.header.Get("Date"), err)
	}
	if off := time.Until(d); off > -110*time.Minute || off < -130*time.Minute {
		t.Errorf("Date is %v from now, want about -2h", off)
	}
	eq(t, "X-Frame-Options", r.header.Get("X-Frame-Options"), "SAMEORIGIN")
}

// Several emulators hold cPanel's real ports at once, each on its own loopback address.
func TestListenIPSharesRealPorts(t *testing.T) {
	var urls []string
	for _, ip := range []string{"127.0.0.41", "127.0.0.42"} {
		ports := RealPorts(0)
		ports[LProxy], ports[LControl] = 0, 0
		s, err := New(Config{ListenIP: ip, Ports: ports})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Start(); err != nil {
			t.Fatalf("start on %s: %v", ip, err)
		}
		t.Cleanup(func() { s.Close() })
		urls = append(urls, s.URL(WHM, false))
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(s.CAPEM())
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
		resp, err := c.Get(s.URL(WHM, false) + "/json-api/version?api.version=1")
		if err != nil {
			t.Fatalf("TLS to %s (the certificate must name the listen IP): %v", ip, err)
		}
		resp.Body.Close()
	}
	if urls[0] != "https://127.0.0.41:2087" || urls[1] != "https://127.0.0.42:2087" {
		t.Fatalf("URLs = %v", urls)
	}
}

func TestListenIPMustBeLoopback(t *testing.T) {
	for _, ip := range []string{"0.0.0.0", "10.0.0.1", "192.168.1.2", "example.com"} {
		if _, err := New(Config{ListenIP: ip}); err == nil {
			t.Errorf("ListenIP %q accepted", ip)
		}
	}
}
