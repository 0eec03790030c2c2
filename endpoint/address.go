package endpoint

import (
	"net/netip"
	"strconv"
	"strings"
)

// Address is a canonical cPanel/WHM/Webmail address.
//
// Host is lower-case, without trailing dots, and an IPv6 address is kept without brackets in its canonical
// (RFC 5952) form. Port is always set: a cpsrvd port (2082/2083/2086/2087/2095/2096), or 443/80 when the address
// goes through a service subdomain (ViaSubdomain; Host then starts with Service.Subdomain()).
type Address struct {
	Scheme       string // "https" or "http"
	Host         string
	Port         int
	Service      Service
	ViaSubdomain bool
}

const validPorts = "cPanel 2083, WHM 2087, Webmail 2096 (plain-text 2082, 2086, 2095), " +
	"or 443 through a cpanel./whm./webmail. subdomain"

// Parse turns what a user typed into an Address, or an *Error saying what is wrong.
//
// Accepted: a host name, an IPv4 address or an IPv6 address in brackets, optionally with scheme http:// or
// https://, a port, a path, a query or a fragment (path, query and fragment are ignored), trailing dots, upper
// case and surrounding white space. Refused: user-info such as user:pass@ (credentials do not belong in an
// address), other schemes, ports cpsrvd does not serve, a TLS port with http:// or a plain-text port with
// https://, and malformed hosts.
//
// Which service: the port decides (2083 → cPanel, 2087 → WHM, …). Without a port, a cpanel./whm./webmail.
// subdomain means that service via Apache on 443 (on 80 with http://); otherwise a path /cpanel, /whm or /webmail
// picks the service, and the default is cPanel. Without a port the scheme is https unless http:// was typed; only
// an explicit http:// or plain-text port gives a plain-text (not Secure) address.
func Parse(input string) (Address, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return Address{}, newError(CodeEmpty, "no address given: type a host name or IP address, e.g. server.example.com:2087", nil)
	}
	scheme, rest := splitScheme(s)
	switch scheme {
	case "", "http", "https":
	default:
		return Address{}, newError(CodeUnknownScheme, "unsupported scheme "+quote(scheme)+": use https:// (or leave it out)", nil)
	}
	end := strings.IndexAny(rest, "/?#\\")
	if end < 0 {
		end = len(rest)
	}
	authority, path := rest[:end], rest[end:]
	if strings.Contains(authority, "@") {
		return Address{}, newError(CodeCredentials,
			"the address contains a user name or password (user:pass@): remove it; panelkey keeps credentials in its vault, never in addresses", nil)
	}
	if authority == "" {
		return Address{}, newError(CodeEmpty, "no host in "+quote(s), nil)
	}
	hostPart, portStr, err := splitHostPort(authority)
	if err != nil {
		return Address{}, err
	}
	host, isIP, err := normalizeHost(hostPart)
	if err != nil {
		return Address{}, err
	}
	port := 0
	if portStr != "" {
		if port, err = parsePort(portStr); err != nil {
			return Address{}, err
		}
	}
	var subSvc Service
	if !isIP {
		subSvc = subdomainService(host)
	}
	return resolve(scheme, host, port, subSvc, path)
}

// resolve picks the service, the port and the scheme (see Parse).
func resolve(scheme, host string, port int, subSvc Service, path string) (Address, error) {
	if port != 0 {
		if svc, ok := ServiceForPort(port); ok {
			tls := port == svc.TLSPort()
			if err := checkScheme(scheme, port, tls); err != nil {
				return Address{}, err
			}
			return Address{Scheme: schemeFor(tls), Host: host, Port: port, Service: svc}, nil
		}
		if port != 443 && port != 80 {
			return Address{}, newError(CodeUnknownPort, "cPanel & WHM do not listen on port "+strconv.Itoa(port)+"; valid: "+validPorts, nil).withParams(strconv.Itoa(port))
		}
		if subSvc == "" {
			return Address{}, newError(CodeUnknownPort, "port "+strconv.Itoa(port)+" reaches cPanel & WHM only through a service subdomain such as cpanel."+
				host+"; valid: "+validPorts, nil).withParams(strconv.Itoa(port))
		}
		tls := port == 443
		if err := checkScheme(scheme, port, tls); err != nil {
			return Address{}, err
		}
		return Address{Scheme: schemeFor(tls), Host: host, Port: port, Service: subSvc, ViaSubdomain: true}, nil
	}
	tls := scheme != "http"
	if subSvc != "" {
		p := 443
		if !tls {
			p = 80
		}
		return Address{Scheme: schemeFor(tls), Host: host, Port: p, Service: subSvc, ViaSubdomain: true}, nil
	}
	svc := servicePath(path)
	p := svc.TLSPort()
	if !tls {
		p = svc.PlainPort()
	}
	return Address{Scheme: schemeFor(tls), Host: host, Port: p, Service: svc}, nil
}

func schemeFor(tls bool) string {
	if tls {
		return "https"
	}
	return "http"
}

func checkScheme(scheme string, port int, tls bool) error {
	switch {
	case scheme == "https" && !tls:
		svc, _ := ServiceForPort(port)
		alt := "https:// on port " + strconv.Itoa(svc.TLSPort())
		if port == 80 {
			alt = "https:// without a port"
		}
		return newError(CodeSchemeMismatch, "port "+strconv.Itoa(port)+" is a plain-text port and does not speak https; use "+alt, nil).withParams(strconv.Itoa(port))
	case scheme == "http" && tls:
		return newError(CodeSchemeMismatch, "port "+strconv.Itoa(port)+" only speaks https; use https:// (or leave the scheme out)", nil).withParams(strconv.Itoa(port))
	}
	return nil
}

// splitScheme returns the lower-cased scheme (or "") and the rest. "//host" counts as no scheme. A "://" after a
// character that cannot be part of a scheme (e.g. in a query) is not a scheme.
func splitScheme(s string) (string, string) {
	i := strings.Index(s, "://")
	if i > 0 && isSchemeToken(s[:i]) {
		return strings.ToLower(s[:i]), s[i+3:]
	}
	if strings.HasPrefix(s, "//") {
		return "", s[2:]
	}
	return "", s
}

func isSchemeToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// splitHostPort splits an authority into host and port string ("" when absent or empty after the colon). An
// IPv6 host keeps no brackets.
func splitHostPort(a string) (host, port string, err error) {
	if strings.HasPrefix(a, "[") {
		j := strings.IndexByte(a, ']')
		if j < 0 {
			return "", "", newError(CodeBadIPv6, "IPv6 address "+quote(a)+" lacks its closing ]", nil)
		}
		after := a[j+1:]
		switch {
		case after == "":
		case after[0] == ':':
			port = after[1:]
		default:
			return "", "", newError(CodeBadIPv6, "unexpected "+quote(after)+" after the IPv6 address; write [address]:port", nil)
		}
		return a[:j+1], port, nil
	}
	switch strings.Count(a, ":") {
	case 0:
		return a, "", nil
	case 1:
		i := strings.IndexByte(a, ':')
		return a[:i], a[i+1:], nil
	}
	return "", "", newError(CodeBadIPv6, "IPv6 addresses need brackets, e.g. [2001:db8::1]:2087", nil)
}

func parsePort(p string) (int, error) {
	bad := newError(CodeBadPort, "port "+quote(p)+" is not a number from 1 to 65535", nil)
	if len(p) > 5 {
		return 0, bad
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return 0, bad
		}
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		bad.Err = err
		return 0, bad
	}
	return n, nil
}

// normalizeHost validates a host (IPv6 in brackets, IPv4 or DNS name) and returns it canonical: lower case, no
// trailing dots, IPv6 without brackets in RFC 5952 form.
func normalizeHost(h string) (host string, isIP bool, err error) {
	if strings.HasPrefix(h, "[") {
		if len(h) < 2 || !strings.HasSuffix(h, "]") {
			return "", false, newError(CodeBadIPv6, "IPv6 address "+quote(h)+" lacks its closing ]", nil)
		}
		inner := h[1 : len(h)-1]
		ip, perr := netip.ParseAddr(inner)
		switch {
		case perr != nil:
			return "", false, newError(CodeBadIPv6, quote(inner)+" is not a valid IPv6 address", perr)
		case ip.Zone() != "":
			return "", false, newError(CodeBadIPv6, "IPv6 zone "+quote(ip.Zone())+" is not supported by browsers; remove the %zone part", nil)
		case !ip.Is6():
			return "", false, newError(CodeBadIPv6, quote(inner)+" is an IPv4 address: write it without brackets", nil)
		}
		return ip.String(), true, nil
	}
	for strings.HasSuffix(h, ".") {
		h = h[:len(h)-1]
	}
	if h == "" {
		return "", false, newError(CodeEmpty, "no host name given", nil)
	}
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			return "", false, newError(CodeBadHost, "host "+quote(h)+" has non-ASCII characters: use the punycode (xn--…) form", nil)
		}
	}
	h = strings.ToLower(h)
	labels := strings.Split(h, ".")
	if allDigits(labels[len(labels)-1]) {
		ip, perr := netip.ParseAddr(h)
		if perr != nil || !ip.Is4() {
			return "", false, newError(CodeBadIPv4, quote(h)+" is not a valid IPv4 address (four numbers 0-255 without leading zeros)", perr)
		}
		return ip.String(), true, nil
	}
	if len(h) > 253 {
		return "", false, newError(CodeBadHost, "host name is longer than 253 characters", nil)
	}
	for _, l := range labels {
		if err := checkLabel(l); err != nil {
			return "", false, err
		}
	}
	return h, false, nil
}

func checkLabel(l string) error {
	switch {
	case l == "":
		return newError(CodeBadHost, "host name has an empty label (two dots in a row or a leading dot)", nil)
	case len(l) > 63:
		return newError(CodeBadHost, "host label "+quote(l)+" is longer than 63 characters", nil)
	case l[0] == '-' || l[len(l)-1] == '-':
		return newError(CodeBadHost, "host label "+quote(l)+" starts or ends with a hyphen", nil)
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return newError(CodeBadHost, "host label "+quote(l)+" contains "+quote(string(c))+": only letters, digits and hyphens are allowed", nil)
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// subdomainService returns the service whose subdomain prefixes host (with at least one more label after it).
func subdomainService(host string) Service {
	for _, s := range Services() {
		if p := s.Subdomain(); strings.HasPrefix(host, p) && len(host) > len(p) {
			return s
		}
	}
	return ""
}

// servicePath maps a first path segment /cpanel, /whm or /webmail (what cphttpd redirects to the service ports)
// to its service; anything else is cPanel.
func servicePath(path string) Service {
	path = strings.TrimLeft(path, "/\\")
	if i := strings.IndexAny(path, "/?#\\"); i >= 0 {
		path = path[:i]
	}
	switch strings.ToLower(path) {
	case "whm":
		return WHM
	case "webmail":
		return Webmail
	}
	return CPanel
}

// For returns the canonical address of service s on the host the user typed: the same host with s's port
// (TLS, or plain text when the input was explicitly plain text), or, when the input was a service subdomain, the
// subdomain of s (cpanel.example.com → whm.example.com for WHM).
func For(input string, s Service) (Address, error) {
	if !s.Valid() {
		return Address{}, newError(CodeUnknownService, "unknown service "+quote(string(s))+": use cpanel, whm or webmail", nil)
	}
	a, err := Parse(input)
	if err != nil {
		return Address{}, err
	}
	return a.WithService(s)
}

// WithService returns the address of service s on a's host, as For does.
func (a Address) WithService(s Service) (Address, error) {
	if !s.Valid() {
		return Address{}, newError(CodeUnknownService, "unknown service "+quote(string(s))+": use cpanel, whm or webmail", nil)
	}
	out := a
	out.Service = s
	if a.ViaSubdomain {
		out.Host = s.Subdomain() + strings.TrimPrefix(a.Host, a.Service.Subdomain())
		return out, nil
	}
	if a.Secure() {
		out.Port = s.TLSPort()
	} else {
		out.Port = s.PlainPort()
	}
	return out, nil
}

// Secure reports whether the address uses TLS (https).
func (a Address) Secure() bool { return a.Scheme == "https" }

// BaseURL returns the base URL without a trailing slash: "https://host:2087", "https://[2001:db8::1]:2083", or
// "https://whm.example.com" (no port for 443 with https, nor for 80 with http). The zero Address gives "".
func (a Address) BaseURL() string {
	if a.Host == "" || a.Scheme == "" {
		return ""
	}
	u := a.Scheme + "://" + bracket(a.Host)
	if (a.Scheme == "https" && a.Port == 443) || (a.Scheme == "http" && a.Port == 80) || a.Port == 0 {
		return u
	}
	return u + ":" + strconv.Itoa(a.Port)
}

// String returns BaseURL.
func (a Address) String() string { return a.BaseURL() }

// HostPermission returns the Chrome match pattern covering every port of a's host with a's scheme, e.g.
// "https://server.example.com/*" (see the package function HostPermission).
func (a Address) HostPermission() string {
	if a.Host == "" || a.Scheme == "" {
		return ""
	}
	return a.Scheme + "://" + bracket(a.Host) + "/*"
}

// HostPort reads the authority of a URL, host[:port], strictly: the host as Parse checks it (a DNS name, an IPv4
// address, or an IPv6 address in brackets), returned canonical (lower case, without trailing dots, IPv6 without
// brackets in RFC 5952 form); the port 0 when there is none. Non-ASCII hosts are refused (their punycode form is
// the one to use), as is an empty port after a colon, so two spellings of one host always compare equal and two
// hosts never do. User-info is not read: the caller refuses it first.
func HostPort(authority string) (host string, port int, err error) {
	if strings.HasSuffix(authority, ":") {
		return "", 0, newError(CodeBadPort, "the port after "+quote(authority)+" is empty", nil)
	}
	h, p, err := splitHostPort(authority)
	if err != nil {
		return "", 0, err
	}
	if host, _, err = normalizeHost(h); err != nil {
		return "", 0, err
	}
	if p != "" {
		if port, err = parsePort(p); err != nil {
			return "", 0, err
		}
	}
	return host, port, nil
}

// HostPermission returns the Chrome match pattern "https://HOST/*" for a host name or IP address (IPv6 with or
// without brackets), for optional_host_permissions: match patterns carry no port, so one pattern covers 2083,
// 2087 and 2096. It returns "" when host is not a valid host.
func HostPermission(host string) string {
	h := strings.TrimSpace(host)
	if !strings.HasPrefix(h, "[") && strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	n, _, err := normalizeHost(h)
	if err != nil {
		return ""
	}
	return "https://" + bracket(n) + "/*"
}

func bracket(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}
