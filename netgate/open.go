package netgate

import "github.com/panelkey/panelkey/endpoint"

// Navigation is an address the gate allowed a tab to open, or a session to be remembered at.
type Navigation struct {
	// URL is the canonical spelling of the address: the tab opens exactly there.
	URL string
	// Origin is https://host[:port]: where the session a login tab opens lives, for the API console.
	Origin  string
	Service endpoint.Service
}

// Open decides whether a tab may open raw for service of server s (service "" allows any of its services), and
// returns the address to open. It is the same rule as Check's for the address: https only; the server's own
// host, exactly; a TLS port of that service; no user name or password. So javascript:, data:, file:, blob: and
// every other scheme are refused, as are http:// and any other host, whoever proposed the address: the server (a
// create_user_session URL, a login answer's redirect) or panelkey itself (a failure's "open the server" link).
func Open(s Server, service endpoint.Service, raw string) (Navigation, error) {
	h, err := hostsOf(s)
	if err != nil {
		return Navigation{}, err
	}
	if service != "" && !service.Valid() {
		return Navigation{}, refuse(endpoint.CodeUnknownService, "Unknown service "+echo(string(service))+".")
	}
	t, err := parseTarget(raw)
	if err != nil {
		return Navigation{}, err
	}
	if t.scheme != "https" {
		return Navigation{}, plainText(h, t, []Credential{Session})
	}
	svc, err := h.place(t, service)
	if err != nil {
		return Navigation{}, err
	}
	return Navigation{URL: t.String(), Origin: t.origin(), Service: svc}, nil
}
