package emulator

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Service is one of cPanel's three web services.
type Service string

// The services, named as panelkey's endpoint package names them.
const (
	CPanel  Service = "cpanel"
	WHM     Service = "whm"
	Webmail Service = "webmail"
)

// Services lists the services in a stable order.
var Services = []Service{CPanel, WHM, Webmail}

// Daemon is the cpsrvd service name used by create_user_session and the session log (§3).
func (s Service) Daemon() string {
	switch s {
	case WHM:
		return "whostmgrd"
	case Webmail:
		return "webmaild"
	default:
		return "cpaneld"
	}
}

// CookieName is the session cookie of the service (§3).
func (s Service) CookieName() string {
	switch s {
	case WHM:
		return "whostmgrsession"
	case Webmail:
		return "webmailsession"
	default:
		return "cpsession"
	}
}

// HomePath is where a logged-in browser lands, below the cpsess prefix (§3, Decision 1).
func (s Service) HomePath() string {
	switch s {
	case WHM:
		return "/"
	case Webmail:
		return "/webmail/jupiter/index.html"
	default:
		return "/frontend/jupiter/index.html"
	}
}

func serviceForDaemon(d string) (Service, bool) {
	for _, s := range Services {
		if s.Daemon() == d {
			return s, true
		}
	}
	return "", false
}

// Listener names: the keys of Ports and of the -ports flag.
const (
	LCPanel     = "cpanel"      // 2082
	LCPanelTLS  = "cpanel-tls"  // 2083
	LWHM        = "whm"         // 2086
	LWHMTLS     = "whm-tls"     // 2087
	LWebmail    = "webmail"     // 2095
	LWebmailTLS = "webmail-tls" // 2096
	LProxy      = "proxy"       // 443: Apache with service subdomains
	LControl    = "control"     // the emulator's own control endpoint
)

// ListenerNames lists every listener in a stable order.
var ListenerNames = []string{LCPanel, LCPanelTLS, LWHM, LWHMTLS, LWebmail, LWebmailTLS, LProxy, LControl}

// realPorts are cPanel's own port numbers (§1). The proxy stands for Apache on 443; the control port is ours.
var realPorts = map[string]int{
	LCPanel: 2082, LCPanelTLS: 2083, LWHM: 2086, LWHMTLS: 2087, LWebmail: 2095, LWebmailTLS: 2096,
	LProxy: 443, LControl: 2099,
}

// serviceListeners are the service listeners by name: the service each serves and whether it speaks TLS.
var serviceListeners = map[string]struct {
	svc    Service
	secure bool
}{
	LCPanel: {CPanel, false}, LCPanelTLS: {CPanel, true},
	LWHM: {WHM, false}, LWHMTLS: {WHM, true},
	LWebmail: {Webmail, false}, LWebmailTLS: {Webmail, true},
}

// listenerService maps a service listener name to its service and whether it speaks TLS; ok is false for
// another listener (the proxy, the control port).
func listenerService(name string) (svc Service, secure, ok bool) {
	l, ok := serviceListeners[name]
	return l.svc, l.secure, ok
}

func tlsListenerOf(s Service) string   { return string(s) + "-tls" }
func plainListenerOf(s Service) string { return string(s) }

// Ports maps listener names to TCP ports on 127.0.0.1. A missing or zero entry means "pick a free port";
// the chosen ports are reported by Server.Ports after Start.
type Ports map[string]int

// RealPorts returns cPanel's port numbers shifted by offset. The proxy listener (443 on a real server) gets
// 8443+offset so that the emulator runs unprivileged; pass proxy=443 explicitly to bind the real one.
func RealPorts(offset int) Ports {
	p := Ports{}
	for name, port := range realPorts {
		p[name] = port + offset
	}
	p[LProxy] = 8443 + offset
	return p
}

// ParsePorts reads "name=port,name=port" where name is a listener name (cpanel, cpanel-tls, …) or cPanel's own
// port number (2083=12083). The word "free" means every port 0.
func ParsePorts(spec string) (Ports, error) {
	p := Ports{}
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "free" {
		return p, nil
	}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("ports: %q is not name=port", part)
		}
		port, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || port < 0 || port > 65535 {
			return nil, fmt.Errorf("ports: bad port in %q", part)
		}
		name := strings.TrimSpace(k)
		if n, err := strconv.Atoi(name); err == nil {
			name = ""
			for ln, rp := range realPorts {
				if rp == n {
					name = ln
				}
			}
		}
		if !slices.Contains(ListenerNames, name) {
			return nil, fmt.Errorf("ports: unknown listener %q (want one of %s)", k, strings.Join(ListenerNames, ", "))
		}
		p[name] = port
	}
	return p, nil
}

// CookieIPMode is the cookieipvalidation tweak setting (§9).
type CookieIPMode string

// Cookie IP validation modes.
const (
	CookieIPStrict   CookieIPMode = "strict"
	CookieIPLoose    CookieIPMode = "loose"
	CookieIPDisabled CookieIPMode = "disabled"
)

// ClientIPHeader is honoured (when Config.TrustClientIPHeader is on) as the client address, so a test on
// 127.0.0.1 can simulate a browser whose IP changed (§9 cookie IP validation). Requests through the proxy
// listener ignore it: cpsrvd sees Apache, i.e. 127.0.0.1 (§1).
const ClientIPHeader = "X-Emulator-Client-IP"

// Config configures a Server. The zero value is usable: free ports, demo accounts, a temporary state dir.
type Config struct {
	// Ports of the listeners; missing or 0 → a free port.
	Ports Ports
	// Hostnames of the server (certificate SANs, preferred_domain); default DefaultHostname. localhost is
	// always covered.
	Hostnames []string
	// StateDir receives ca.pem and session_log; "" → a temporary directory removed by Close.
	StateDir string
	// CADir, when set, is where the CA (ca.pem, ca-key.pem) is read from, or made and written with its key when
	// absent: several servers then share one CA (a fleet) while each keeps its own StateDir.
	CADir string
	// ReuseCA loads ca.pem + ca-key.pem from StateDir when present (and writes the key when not), so a
	// developer trusts the CA once.
	ReuseCA bool
	// UntrustedCert serves a certificate from a second CA that is never written out.
	UntrustedCert bool
	// Fixture holds the accounts; nil → the built-in demo fixture.
	Fixture *Fixture
	// ListenIP is the loopback address every listener binds (and the certificate names): default
	// 127.0.0.1. Any 127.0.0.0/8 address or ::1 works without setup on Linux, so several emulators can each
	// hold cPanel's real ports (the ports panelkey's engine knows) at once. Non-loopback is refused.
	ListenIP string

	Settings Settings
}

// Settings are the knobs a test may change at run time (control endpoint POST /config).
type Settings struct {
	// RequireSSL redirects the plain ports to the TLS ports (§1 requiressl; Decision 3). Default on.
	RequireSSL *bool `json:"requireSSL,omitempty"`
	// AllowAccessHash accepts `WHM root:HASH` (§2; default off like cPanel v124).
	AllowAccessHash bool `json:"allowAccessHash"`
	// CookieIPValidation: strict (default), loose (same /24, /64 for IPv6), disabled (§9).
	CookieIPValidation CookieIPMode `json:"cookieIPValidation,omitempty"`
	// TrustClientIPHeader honours ClientIPHeader as the client address.
	TrustClientIPHeader bool `json:"trustClientIPHeader"`
	// IdleTimeout ends a session unused this long (§7: 15 min).
	IdleTimeout Duration `json:"idleTimeout,omitempty"`
	// PreauthTTL is how long a create_user_session URL stays usable (§3: 300 s).
	PreauthTTL Duration `json:"preauthTTL,omitempty"`
	// LockoutThreshold failed logins/2FA codes per user+IP within LockoutWindow lock that pair out
	// (cPHulk, §9). 0 → default 5; negative → off.
	LockoutThreshold int `json:"lockoutThreshold,omitempty"`
	// LockoutWindow is cPHulk's brute force protection period (default 5 min).
	LockoutWindow Duration `json:"lockoutWindow,omitempty"`
	// ClockOffset moves the server clock (Date header, TOTP verification, expiry) ahead or behind.
	ClockOffset Duration `json:"clockOffset"`

	// Fault modes (README, "Fault modes"): what a client meets when something around cpsrvd goes wrong, for testing
	// how it copes. All off by default, when the emulator answers as cPanel does. They apply to the service
	// listeners and the 443 proxy, never to the control endpoint.

	// Delay holds every answer this long before anything is written: a slow server or network.
	Delay Duration `json:"delay,omitempty"`
	// Hang reads each request and never answers it, until the client gives up, the mode is turned off or the
	// emulator stops: a server (or a firewall) that accepts the connection and then says nothing.
	Hang bool `json:"hang"`
	// PadBody appends this many bytes of white space to every answer's body, written as a stream: a huge answer
	// (a JSON answer stays valid JSON).
	PadBody int64 `json:"padBody,omitempty"`
	// SessionURLHost is the host create_user_session names in its url instead of the request's: the server's main
	// IP address, as WHM answers when its hostname does not resolve to the server itself (§3), or any host a hostile
	// or misconfigured server might name.
	SessionURLHost string `json:"sessionURLHost,omitempty"`
	// AccessDeniedText answers refused credentials (a bad token with 401, bad Basic credentials with 403) with the
	// plain text "Access denied" instead of the JSON body of Decision 5, as some cpsrvd builds and proxies do.
	AccessDeniedText bool `json:"accessDeniedText"`
	// Outage answers every request with one of the error pages a client meets besides cPanel's own answers:
	// "login-page" (401 with the login page, as when a proxy drops the Authorization header), "500", "502" (a
	// proxy in front of cpsrvd) or "503" (cPanel restarting or updating, §6). "" is none.
	Outage string `json:"outage,omitempty"`
}

// The limits of the fault modes.
const (
	MaxDelay   = 10 * time.Minute
	MaxPadBody = 1 << 30
)

// Duration is a time.Duration that reads and writes JSON as seconds (a number, fractions allowed) or as a
// Go duration string ("1m30s").
type Duration time.Duration

// MarshalJSON writes seconds.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(time.Duration(d).Seconds(), 'f', -1, 64)), nil
}

// UnmarshalJSON reads seconds or a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, `"`) {
		v, err := time.ParseDuration(strings.Trim(s, `"`))
		if err != nil {
			return fmt.Errorf("duration %s: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("duration %s: want seconds or a string like \"90s\": %w", s, err)
	}
	*d = Duration(f * float64(time.Second))
	return nil
}

// Defaults used when a Settings field is zero.
const (
	DefaultHostname         = "server.panelkey.test"
	DefaultIdleTimeout      = 15 * time.Minute
	DefaultPreauthTTL       = 300 * time.Second
	DefaultLockoutThreshold = 5
	DefaultLockoutWindow    = 5 * time.Minute
)

// clone copies the settings without sharing RequireSSL's pointer, so a caller may decode JSON onto the copy.
func (st Settings) clone() Settings {
	if st.RequireSSL != nil {
		v := *st.RequireSSL
		st.RequireSSL = &v
	}
	return st
}

// withDefaults fills zero fields.
func (st Settings) withDefaults() Settings {
	st = st.clone()
	if st.RequireSSL == nil {
		on := true
		st.RequireSSL = &on
	}
	if st.CookieIPValidation == "" {
		st.CookieIPValidation = CookieIPStrict
	}
	if st.IdleTimeout <= 0 {
		st.IdleTimeout = Duration(DefaultIdleTimeout)
	}
	if st.PreauthTTL <= 0 {
		st.PreauthTTL = Duration(DefaultPreauthTTL)
	}
	if st.LockoutThreshold == 0 {
		st.LockoutThreshold = DefaultLockoutThreshold
	}
	if st.LockoutWindow <= 0 {
		st.LockoutWindow = Duration(DefaultLockoutWindow)
	}
	return st
}

func (st Settings) validate() error {
	switch st.CookieIPValidation {
	case CookieIPStrict, CookieIPLoose, CookieIPDisabled:
	default:
		return fmt.Errorf("cookieIPValidation %q: want strict, loose or disabled", st.CookieIPValidation)
	}
	switch st.Outage {
	case "", "login-page", "500", "502", "503":
	default:
		return fmt.Errorf("outage %q: want login-page, 500, 502, 503 or nothing", st.Outage)
	}
	if st.Delay < 0 || time.Duration(st.Delay) > MaxDelay {
		return fmt.Errorf("delay %s: want 0 to %s", time.Duration(st.Delay), MaxDelay)
	}
	if st.PadBody < 0 || st.PadBody > MaxPadBody {
		return fmt.Errorf("padBody %d: want 0 to %d bytes", st.PadBody, MaxPadBody)
	}
	if h := st.SessionURLHost; h != "" && (strings.ContainsAny(h, "/?#\\ \t\r\n") || len(h) > 253) {
		return fmt.Errorf("sessionURLHost %q: want a host (a name, an IP address, [IPv6]; user@host is accepted, to test clients)", h)
	}
	return nil
}

// hostnames returns the configured hostnames (default DefaultHostname), lower-case, without duplicates.
func (c Config) hostnames() []string {
	hs := c.Hostnames
	if len(hs) == 0 {
		hs = []string{DefaultHostname}
	}
	seen := map[string]bool{}
	var out []string
	for _, h := range hs {
		h = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		out = []string{DefaultHostname}
	}
	return out
}

// listenIP is ListenIP parsed, defaulting to 127.0.0.1; anything but loopback is refused (the emulator
// never listens where another machine could reach it).
func (c Config) listenIP() (net.IP, error) {
	if c.ListenIP == "" {
		return net.IPv4(127, 0, 0, 1), nil
	}
	ip := net.ParseIP(strings.Trim(c.ListenIP, "[]"))
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("emulator: listen IP %q is not a loopback address (127.0.0.0/8 or ::1)", c.ListenIP)
	}
	return ip, nil
}
