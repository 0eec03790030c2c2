package netgate

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
)

// MaxURL is the longest URL the gate reads: far above any request panelkey builds (arguments long enough to need
// more go in a POST body), far below what would slow a browser down.
const MaxURL = 32 << 10

// target is a URL read strictly: its scheme, its canonical host and port, and the path with the query.
type target struct {
	scheme string // "https" or "http"
	host   string // endpoint.CanonicalHost: lower case, no trailing dot, IPv6 without brackets
	port   int
	rest   string // "/…" with the query, without a fragment
}

// String is the target's canonical URL: the only spelling of it that leaves the gate, so the browser cannot read
// another host into it than the one the gate checked.
func (t target) String() string {
	return t.origin() + t.rest
}

// origin is scheme://host[:port], the port left out when it is the scheme's default.
func (t target) origin() string {
	h := t.host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if (t.scheme == "https" && t.port == 443) || (t.scheme == "http" && t.port == 80) {
		return t.scheme + "://" + h
	}
	return t.scheme + "://" + h + ":" + strconv.Itoa(t.port)
}

// hostPort names host:port for messages.
func (t target) hostPort() string {
	h := t.host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	return h + ":" + strconv.Itoa(t.port)
}

// parseTarget reads raw the strict way. A browser's URL parser forgives a great deal (white space and tabs
// dropped, \ read as /, user:pass@ taken as credentials, Unicode hosts mapped by IDNA, a missing port read as the
// default); each of those is a way to make a check and the browser disagree about the host, so here each is
// refused instead, and what passes is written out again canonically (target.String).
func parseTarget(raw string) (target, error) {
	if raw == "" {
		return target{}, refuse(CodeURL, "No address given.")
	}
	if len(raw) > MaxURL {
		return target{}, refuse(CodeURL, "The address is longer than "+strconv.Itoa(MaxURL>>10)+" KiB.")
	}
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c <= ' ' || c == 0x7f:
			return target{}, refuse(CodeURL, "The address contains white space or control characters.")
		case c >= 0x80:
			return target{}, refuse(CodeURL, "The address contains non-ASCII characters: a host must be written in its punycode (xn--…) form.")
		case c == '\\':
			return target{}, refuse(CodeURL, "The address contains a backslash, which browsers read as /.")
		}
	}
	colon := strings.IndexByte(raw, ':')
	if colon <= 0 || !isScheme(raw[:colon]) {
		return target{}, refuse(CodeURL, "The address is not an absolute URL.")
	}
	scheme := strings.ToLower(raw[:colon])
	if scheme != "https" && scheme != "http" {
		return target{}, refuse(CodeScheme, "panelkey opens and sends only https:// addresses, not "+echo(scheme+":")+".")
	}
	rest, ok := strings.CutPrefix(raw[colon+1:], "//")
	if !ok {
		return target{}, refuse(CodeURL, "The address has no host after "+scheme+":.")
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if strings.Contains(authority, "@") {
		return target{}, refuse(CodeUserinfo, "The address carries a user name or password (user:pass@host); panelkey never puts credentials in an address.")
	}
	host, port, herr := endpoint.HostPort(authority)
	if herr != nil {
		return target{}, refuse(CodeURL, "The address's host or port is not valid: "+herr.Error()+".")
	}
	t := target{scheme: scheme, host: host, port: port}
	switch {
	case port != 0:
	case scheme == "https":
		t.port = 443
	default:
		t.port = 80
	}
	if i := strings.IndexByte(tail, '#'); i >= 0 {
		tail = tail[:i] // a fragment never leaves the browser; a tab has no use for one here
	}
	switch {
	case tail == "":
		tail = "/"
	case tail[0] == '?':
		tail = "/" + tail
	}
	t.rest = tail
	return t, nil
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}
