package netgate

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
)

// Server names the server a request, a tab or a session belongs to, as the vault stores it: the base URL the
// options page saved, else the address the user typed. The gate takes its host from here and from nowhere else.
type Server struct {
	BaseURL string
	Address string
}

// input is the text the server's address is read from.
func (s Server) input() string {
	if strings.TrimSpace(s.BaseURL) != "" {
		return s.BaseURL
	}
	return s.Address
}

// hosts is where a server may be reached: its host name or IP address and, for each service, the ports.
type hosts struct {
	// shown is the server's host as messages name it.
	shown string
	// base is the host, or for a server reached through a service subdomain (whm.example.com) the domain under
	// it (example.com).
	base string
	// subdomains: the server is reached through cpanel./whm./webmail. on 443 (§1).
	subdomains bool
}

// hostsOf reads the server's address.
func hostsOf(s Server) (hosts, error) {
	a, err := endpoint.Parse(s.input())
	if err != nil {
		return hosts{}, &Error{Code: CodeServerAddress, Message: "The server's address in the vault is not usable: " + err.Error() + ".",
			Advice: "Fix the server's address in panelkey's options."}
	}
	h := hosts{shown: a.Host, base: a.Host}
	if a.ViaSubdomain {
		h.base, h.subdomains = strings.TrimPrefix(a.Host, a.Service.Subdomain()), true
	}
	return h, nil
}

// own reports whether host is the server's. A server reached through a service subdomain is the cPanel server of
// the domain under it: cPanel creates cpanel., whm. and webmail. for a domain it hosts (§1), and
// create_user_session answers with that domain on the service's TLS port (§3). Any other host is not the server,
// however it resolves.
func (h hosts) own(host string) bool {
	if host == h.base {
		return true
	}
	if !h.subdomains {
		return false
	}
	for _, s := range endpoint.Services() {
		if host == s.Subdomain()+h.base {
			return true
		}
	}
	return false
}

// service returns the service host:port serves on this server: the TLS ports 2083, 2087, 2096 on any of its
// hosts, and 443 on a service subdomain (that service). ok is false for any other port.
func (h hosts) service(host string, port int) (endpoint.Service, bool) {
	for _, s := range endpoint.Services() {
		if port == s.TLSPort() || (port == 443 && h.subdomains && host == s.Subdomain()+h.base) {
			return s, true
		}
	}
	return "", false
}

// ports lists where service s (every service when s is "") is served on this server, for messages.
func (h hosts) ports(s endpoint.Service) string {
	var out []string
	for _, x := range endpoint.Services() {
		if s != "" && x != s {
			continue
		}
		out = append(out, x.Title()+" "+strconv.Itoa(x.TLSPort()))
		if h.subdomains {
			out = append(out, x.Title()+" "+x.Subdomain()+h.base+":443")
		}
	}
	return strings.Join(out, ", ")
}
