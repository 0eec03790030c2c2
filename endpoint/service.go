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

// Valid reports whether s is one of the three services.
func (s Service) Valid() bool {
	switch s {
	case CPanel, WHM, Webmail:
		return true
	}
	return false
}

// TLSPort returns the port cpsrvd serves s on over TLS (2083, 2087, 2096), or 0 for an unknown service.
func (s Service) TLSPort() int {
	switch s {
	case CPanel:
		return 2083
	case WHM:
		return 2087
	case Webmail:
		return 2096
	}
	return 0
}

// PlainPort returns the plain-text (unencrypted) port of s (2082, 2086, 2095), or 0 for an unknown service.
// With Tweak Setting "Require SSL" on (the default) these ports only redirect to the TLS port.
func (s Service) PlainPort() int {
	switch s {
	case CPanel:
		return 2082
	case WHM:
		return 2086
	case Webmail:
		return 2095
	}
	return 0
}

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
func (s Service) Daemon() string {
	switch s {
	case CPanel:
		return "cpaneld"
	case WHM:
		return "whostmgrd"
	case Webmail:
		return "webmaild"
	}
	return ""
}

// Title returns the product name of s as cPanel writes it ("cPanel", "WHM", "Webmail"), for messages.
func (s Service) Title() string {
	switch s {
	case CPanel:
		return "cPanel"
	case WHM:
		return "WHM"
	case Webmail:
		return "Webmail"
	}
	return string(s)
}

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
