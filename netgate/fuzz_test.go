package netgate

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode/errcodetest"
)

// FuzzGate is the gate's property: no decision it allows, for a request or a tab, ever goes over anything but
// https, carries a user name or password in its URL, or reaches a host other than the server's own. Both sides
// are read here by Go's net/url, independently of the gate's own parser: the server's address as stored, the
// request's URL as asked, and the URL decided. Every refusal is a coded *Error without control characters.
func FuzzGate(f *testing.F) {
	for _, s := range [][3]string{
		{"https://server.example.com:2087", "https://server.example.com:2087/json-api/version", "whm root:TOKEN"},
		{"server.example.com", "HTTPS://Server.Example.COM.:2083/execute/Email/list_pops", "cpanel bob:TOKEN"},
		{"https://whm.example.com", "https://example.com:2083/cpsess0123456789/login/?session=x", ""},
		{"https://whm.example.com", "https://cpanel.example.com/execute/x/y", "Basic Ym9iOnB3"},
		{"https://[2001:db8::9]:2087", "https://[2001:DB8::0:9]:2087/", "WHM root:abcdef"},
		{"https://203.0.113.9:2087", "https://[::ffff:203.0.113.9]:2087/", "whm root:T"},
		{"https://server.example.com:2087", "https://server.example.com:2087@evil.example:2087/", "whm root:T"},
		{"https://server.example.com:2087", `https://evil.example\@server.example.com:2087/`, "whm root:T"},
		{"https://server.example.com:2087", "http://server.example.com:2086/", "whm root:T"},
		{"https://server.example.com:2087", "javascript://server.example.com:2087/%0aalert(1)", ""},
		{"http://server.example.com:2086", "https://server.example.com.:2087", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, server, raw, auth string) {
		s := Server{BaseURL: server}
		var hs []Header
		if auth != "" {
			hs = []Header{{"Authorization", auth}}
		}
		d, err := Check(s, Request{URL: raw, Headers: hs})
		if checkRefusal(t, err) {
			return
		}
		checkAllowed(t, server, raw, d.URL)
		if d.Origin != strings.TrimSuffix(strings.TrimSuffix(d.URL, urlRest(d.URL)), "/") {
			t.Fatalf("Check(%q, %q): origin %q does not begin %q", server, raw, d.Origin, d.URL)
		}

		for _, svc := range append(endpoint.Services(), "") {
			n, err := Open(s, svc, raw)
			if checkRefusal(t, err) {
				continue
			}
			checkAllowed(t, server, raw, n.URL)
			if svc != "" && n.Service != svc {
				t.Fatalf("Open(%q, %s, %q) opens %s", server, svc, raw, n.Service)
			}
		}
	})
}

// checkRefusal fails on an error that is not a coded *Error with a clean message, and reports whether err is one.
func checkRefusal(t *testing.T, err error) bool {
	if err == nil {
		return false
	}
	if e := errcodetest.Coded[*Error](t, err); strings.ContainsAny(e.Message, "\x00\r\n\t") {
		t.Fatalf("refusal %#v is not a one-line message", err)
	}
	return true
}

// checkAllowed fails unless decided is https, without userinfo, on the host raw asked for, and that host is the
// server's own.
func checkAllowed(t *testing.T, server, raw, decided string) {
	u, err := url.Parse(decided)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Opaque != "" {
		t.Fatalf("%q for server %q decided %q: not a plain https URL (%v)", raw, server, decided, err)
	}
	asked, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(asked.Scheme, "https") || asked.User != nil {
		t.Fatalf("%q for server %q was allowed, but net/url reads it as %+v (%v)", raw, server, asked, err)
	}
	if hostOf(asked) != hostOf(u) {
		t.Fatalf("%q for server %q decided %q: host %q became %q", raw, server, decided, hostOf(asked), hostOf(u))
	}
	stored := strings.TrimSpace(server)
	if !strings.Contains(stored, "://") {
		stored = "https://" + strings.TrimPrefix(stored, "//")
	}
	su, err := url.Parse(stored)
	if err != nil {
		t.Fatalf("%q allowed for a server %q net/url cannot read: %v", raw, server, err)
	}
	own := hostOf(su)
	base := own
	for _, svc := range endpoint.Services() {
		if rest, ok := strings.CutPrefix(own, string(svc)+"."); ok && strings.Contains(rest, ".") {
			base = rest
		}
	}
	host := hostOf(u)
	if host != own && host != base && !(base != own && (host == "cpanel."+base || host == "whm."+base || host == "webmail."+base)) {
		t.Fatalf("%q for server %q decided %q: host %q is not the server's %q", raw, server, decided, host, own)
	}
}

// hostOf is u's host as a comparison needs it: lower case, without trailing dots, an IP address canonical.
func hostOf(u *url.URL) string {
	h := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.String()
	}
	return h
}

func urlRest(u string) string {
	i := strings.Index(u, "://")
	if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
		return u[i+3+j:]
	}
	return ""
}
