package netgate

import (
	"strconv"
	"strings"
	"time"

	"github.com/panelkey/panelkey/endpoint"
)

// Limits of every request.
const (
	// DefaultTimeout is how long a request may take, answer body included, unless the console asks otherwise.
	DefaultTimeout = 30 * time.Second
	// MinTimeout and MaxTimeout bound what the console may ask for one request.
	MinTimeout = 1 * time.Second
	MaxTimeout = 10 * time.Minute
	// MaxBody is how much of an answer is read: 20 MiB, the cap of cpapi.MaxBodySize and of fleetssl/cpanelgo
	// (§10). The rest is never read: the answer is reported truncated.
	MaxBody = 20 << 20
	// MaxRequestBody is the largest body sent: cPanel's forms and API arguments are small.
	MaxRequestBody = 1 << 20
)

// FormContentType is the only body type panelkey sends (the /login form and API arguments, §4, §6).
const FormContentType = "application/x-www-form-urlencoded"

// Header is one request header.
type Header struct{ Name, Value string }

// sendable are the headers a request may carry: the credentials cPanel reads (§2). The browser adds the rest.
var sendable = map[string]string{"authorization": "Authorization", "x-cpanel-otp": "X-CPANEL-OTP"}

// Request is what a caller wants sent for a server.
type Request struct {
	Method      string // GET or POST; "" is GET
	URL         string
	Headers     []Header
	Body        string // POST only
	ContentType string // FormContentType with a body
	// Timeout is the console's choice for this request; zero means DefaultTimeout.
	Timeout time.Duration
}

// Decision is a request the gate allowed, exactly as the worker must perform it: this URL (canonical), method,
// headers and body; the browser's cookies for the host; redirects never followed; aborted after Timeout; at most
// MaxBytes of the answer read.
type Decision struct {
	Method      string
	URL         string
	Headers     []Header
	Body        string
	ContentType string
	// Credentials is fetch's credentials mode: "include" (the cookies of the server's host, over https only).
	Credentials string
	// Redirect is fetch's redirect mode: always "manual". A redirect ends the request; the browser hides where it
	// pointed, and a credential never follows one.
	Redirect string
	Timeout  time.Duration
	MaxBytes int
	// Permission is the host permission the request needs: "https://host/*".
	Permission string
	// Origin is scheme://host:port of the request, for messages and for an "open it in a tab" link.
	Origin string
	// Service is the service the URL reaches on the server.
	Service endpoint.Service
	// Carries lists the credentials the request carries, as the gate read them.
	Carries []Credential
}

// Credential is a kind of credential a request can carry.
type Credential string

// The credentials the gate recognises in a request. Anything it cannot tell apart counts as a credential too.
const (
	WHMToken    Credential = "whm-token"    // Authorization: whm USER:TOKEN
	AccessHash  Credential = "access-hash"  // Authorization: WHM USER:HASH
	CPanelToken Credential = "cpanel-token" // Authorization: cpanel USER:TOKEN
	Basic       Credential = "basic"        // Authorization: Basic (a password)
	OtherAuth   Credential = "authorization"
	OTP         Credential = "otp"      // X-CPANEL-OTP: a 2FA code
	Session     Credential = "session"  // a /cpsessNNNNNNNNNN security token in the path, with the session cookie
	Password    Credential = "password" // a form body: the /login form's pass, or API arguments
	Cookies     Credential = "cookies"  // the browser's cookies of the host (credentials "include")
)

func (c Credential) title() string {
	switch c {
	case WHMToken:
		return "the WHM API token"
	case AccessHash:
		return "the access hash"
	case CPanelToken:
		return "the cPanel API token"
	case Basic:
		return "the password (Basic authentication)"
	case OTP:
		return "the 2FA code"
	case Session:
		return "the session's security token"
	case Password:
		return "the form body (a password, or the call's arguments)"
	case Cookies:
		return "the browser's cookies for that host"
	}
	return "the Authorization header"
}

// joinAnd joins words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// carried lists what r carries. The browser's cookies are always among them: every request panelkey sends is
// made with them.
func carried(r Request) []Credential {
	var out []Credential
	for _, h := range r.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization":
			scheme, _, _ := strings.Cut(strings.TrimSpace(h.Value), " ")
			switch {
			case scheme == "WHM":
				out = append(out, AccessHash)
			case strings.EqualFold(scheme, "whm"):
				out = append(out, WHMToken)
			case strings.EqualFold(scheme, "cpanel"):
				out = append(out, CPanelToken)
			case strings.EqualFold(scheme, "basic"):
				out = append(out, Basic)
			default:
				out = append(out, OtherAuth)
			}
		case "x-cpanel-otp":
			out = append(out, OTP)
		}
	}
	if strings.Contains(r.URL, "/cpsess") {
		out = append(out, Session)
	}
	if r.Body != "" {
		out = append(out, Password)
	}
	return append(out, Cookies)
}

// Check decides whether r may be sent for server s, and returns exactly what to send.
//
// Allowed: https, on the server's own host (exact, after lower-casing, trailing dots, IPv6 canonical form;
// Unicode hosts must be punycode), on a TLS port of one of its services (2083, 2087, 2096; 443 on a service
// subdomain of a server reached that way), no user name or password in the URL, GET or POST, only the
// credential headers cPanel reads, a form body on POST only, a timeout from MinTimeout to MaxTimeout. Plain
// text (http://) is refused whatever the request carries: every request is made with the host's cookies, and
// cPanel redirects plain-text ports to TLS anyway (Decision 3).
func Check(s Server, r Request) (Decision, error) {
	h, err := hostsOf(s)
	if err != nil {
		return Decision{}, err
	}
	t, err := parseTarget(r.URL)
	if err != nil {
		return Decision{}, err
	}
	carries := carried(r)
	if t.scheme != "https" {
		return Decision{}, plainText(h, t, carries)
	}
	svc, err := h.place(t, "")
	if err != nil {
		return Decision{}, err
	}
	d := Decision{URL: t.String(), Credentials: "include", Redirect: "manual", Timeout: DefaultTimeout, MaxBytes: MaxBody,
		Permission: "https://" + bracket(t.host) + "/*", Origin: t.origin(), Service: svc, Carries: carries}
	switch strings.ToUpper(r.Method) {
	case "", "GET":
		d.Method = "GET"
		if r.Body != "" || r.ContentType != "" {
			return Decision{}, refuse(CodeMethod, "A GET request carries no body.")
		}
	case "POST":
		d.Method = "POST"
	default:
		return Decision{}, refuse(CodeMethod, "panelkey sends only GET and POST requests, not "+echo(r.Method)+".")
	}
	if r.Body != "" {
		if len(r.Body) > MaxRequestBody {
			return Decision{}, refuse(CodeBody, "The request body is larger than "+strconv.Itoa(MaxRequestBody>>20)+" MiB.")
		}
		if r.ContentType != FormContentType {
			return Decision{}, refuse(CodeBody, "panelkey sends only "+FormContentType+" bodies, as cPanel's forms and APIs read them.")
		}
		d.Body, d.ContentType = r.Body, r.ContentType
	}
	if d.Headers, err = headers(r.Headers); err != nil {
		return Decision{}, err
	}
	if r.Timeout != 0 {
		if r.Timeout < MinTimeout || r.Timeout > MaxTimeout {
			return Decision{}, refuse(CodeTimeout, "A request may wait from "+MinTimeout.String()+" to "+MaxTimeout.String()+
				" for its answer, not "+r.Timeout.String()+".")
		}
		d.Timeout = r.Timeout
	}
	return d, nil
}

// headers checks and copies the request's headers, names in their canonical spelling.
func headers(in []Header) ([]Header, error) {
	out := make([]Header, 0, len(in))
	seen := map[string]bool{}
	for _, hd := range in {
		name, ok := sendable[strings.ToLower(hd.Name)]
		if !ok {
			return nil, refuse(CodeHeader, "panelkey sends no "+echo(hd.Name)+" header: only Authorization and X-CPANEL-OTP.")
		}
		if seen[name] {
			return nil, refuse(CodeHeader, "The request has two "+name+" headers.")
		}
		seen[name] = true
		for i := 0; i < len(hd.Value); i++ {
			if c := hd.Value[i]; c < ' ' || c > '~' {
				return nil, refuse(CodeHeader, "The "+name+" header contains a control or non-ASCII character.")
			}
		}
		if strings.TrimSpace(hd.Value) == "" {
			return nil, refuse(CodeHeader, "The "+name+" header is empty.")
		}
		out = append(out, Header{Name: name, Value: hd.Value})
	}
	return out, nil
}

// place returns the service t reaches on the server, refusing other hosts and ports. want, when set, is the only
// service allowed.
func (h hosts) place(t target, want endpoint.Service) (endpoint.Service, error) {
	if !h.own(t.host) {
		return "", &Error{Code: CodeOtherHost,
			Message: "The address is on " + bracket(t.host) + ", not on the server's own host " + bracket(h.shown) +
				": panelkey sends and opens nothing for this server anywhere else.",
			Advice: "If the server really moved, change its address in panelkey's options.",
			Params: []string{bracket(t.host), bracket(h.shown)}}
	}
	svc, ok := h.service(t.host, t.port)
	if !ok || (want != "" && svc != want) {
		e := refuse(CodePort, "Port "+strconv.Itoa(t.port)+" of "+bracket(t.host)+" is not where this server serves "+
			titleOf(want)+" over TLS ("+h.ports(want)+").")
		e.Params = []string{strconv.Itoa(t.port), bracket(t.host), h.ports(want)}
		return "", e
	}
	return svc, nil
}

func titleOf(s endpoint.Service) string {
	if s == "" {
		return "cPanel, WHM or Webmail"
	}
	return s.Title()
}

// plainText is the refusal of an http:// request, naming what it would have exposed and where to go instead.
func plainText(h hosts, t target, carries []Credential) error {
	what := make([]string, 0, len(carries))
	for _, c := range carries {
		what = append(what, c.title())
	}
	alt := "the server's https address"
	if svc, ok := endpoint.ServiceForPort(t.port); ok {
		alt = "https on port " + strconv.Itoa(svc.TLSPort())
	}
	msg := "panelkey sends nothing over plain-text http://" + t.hostPort() + ": " + joinAnd(what) +
		" would cross the network in clear (and cPanel redirects plain-text ports to TLS anyway)."
	if !h.own(t.host) {
		msg += " That host is not the server's own (" + bracket(h.shown) + ") either."
	}
	return &Error{Code: CodePlainText, Message: msg, Advice: "Use " + alt + ": change the server's address in panelkey's options.",
		Params: []string{"http://" + t.hostPort()}}
}

func bracket(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}
