// Package endpoint knows cPanel's three services (cPanel, WHM, Webmail), the ports cpsrvd serves them on, and
// turns whatever a user types into the service's canonical base URL.
//
// Ports (docs/protocol.md §1): cPanel 2083 (TLS) / 2082 (plain text), WHM 2087 / 2086, Webmail 2096 / 2095.
// Apache also proxies the service subdomains cpanel.DOMAIN, whm.DOMAIN and webmail.DOMAIN on 443 (and 80) to the
// plain-text ports on 127.0.0.1.
package endpoint

import "strings"

// Service is one of the three services cpsrvd serves: "cpanel", "whm" or "webmail".
type Service string

// The three services.
const (
	CPanel  Service = "cpanel"
	WHM     Service = "whm"
	Webmail Service = "webmail"
)

// Services returns the three services in a stable order (cPanel, WHM, Webmail).
func Services() []Service { return []Service{CPanel, WHM, Webmail} }

// serviceFacts are what cPanel fixes for a service (docs/protocol.md §1, §3).
type serviceFacts struct {
	tlsPort, plainPort int
	daemon             string // its name in create_user_session's service parameter and in session logs
	title              string // the product name as cPanel writes it
	cookie             string // the session cookie a login sets
}

var facts = map[Service]serviceFacts{
	CPanel:  {tlsPort: 2083, plainPort: 2082, daemon: "cpaneld", title: "cPanel", cookie: "cpsession"},
	WHM:     {tlsPort: 2087, plainPort: 2086, daemon: "whostmgrd", title: "WHM", cookie: "whostmgrsession"},
	Webmail: {tlsPort: 2096, plainPort: 2095, daemon: "webmaild", title: "Webmail", cookie: "webmailsession"},
}

// Valid reports whether s is one of the three services.
func (s Service) Valid() bool {
	_, ok := facts[s]
	return ok
}

// TLSPort returns the port cpsrvd serves s on over TLS (2083, 2087, 2096), or 0 for an unknown service.
func (s Service) TLSPort() int { return facts[s].tlsPort }

// PlainPort returns the plain-text (unencrypted) port of s (2082, 2086, 2095), or 0 for an unknown service.
// With Tweak Setting "Require SSL" on (the default) these ports only redirect to the TLS port.
func (s Service) PlainPort() int { return facts[s].plainPort }

// Subdomain returns the service ("proxy") subdomain prefix of s including the dot ("cpanel.", "whm.",
// "webmail."), or "" for an unknown service.
func (s Service) Subdomain() string {
	if !s.Valid() {
		return ""
	}
	return string(s) + "."
}

// Daemon returns the name cPanel uses for s in create_user_session's service parameter and in session logs
// ("cpaneld", "whostmgrd", "webmaild"), or "" for an unknown service.
func (s Service) Daemon() string { return facts[s].daemon }

// Title returns the product name of s as cPanel writes it ("cPanel", "WHM", "Webmail"), for messages.
func (s Service) Title() string {
	if f, ok := facts[s]; ok {
		return f.title
	}
	return string(s)
}

// Cookie returns the session cookie a login to s sets (§3: "cpsession", "whostmgrsession", "webmailsession"), or
// "" for an unknown service.
func (s Service) Cookie() string { return facts[s].cookie }

// ParseService accepts a service name ("cpanel", "whm", "webmail") or a daemon name ("cpaneld", "whostmgrd",
// "webmaild"), in any case, and returns the Service. Anything else is an *Error with code CodeUnknownService.
func ParseService(name string) (Service, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range Services() {
		if n == string(s) || n == s.Daemon() {
			return s, nil
		}
	}
	return "", newError(CodeUnknownService, "unknown service "+quote(name)+": use cpanel, whm or webmail", nil)
}

// ServiceForPort returns the service cpsrvd serves on port (TLS or plain text) and true, or "" and false when
// port is not one of 2082, 2083, 2086, 2087, 2095, 2096.
func ServiceForPort(port int) (Service, bool) {
	for _, s := range Services() {
		if port == s.TLSPort() || port == s.PlainPort() {
			return s, true
		}
	}
	return "", false
}
