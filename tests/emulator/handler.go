package emulator

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// call is one request as a cpsrvd daemon sees it.
type call struct {
	w   *recorder
	r   *http.Request
	svc Service
	// port is the port the daemon listens on (the cookie's port= attribute).
	port int
	// secure: the browser's connection is TLS (directly, or to Apache in front of a service subdomain).
	secure bool
	// proxied: the request came through the service-subdomain listener (§1).
	proxied bool
	// ip is the client address as cpsrvd sees it.
	ip string
	// path is the URL path without the security token; token is "/cpsessNNNNNNNNNN" or "".
	path  string
	token string
	now   time.Time
	st    Settings
	// form caches formValues: the call's arguments from the query string and the body.
	form url.Values
}

// recorder remembers the status code for the request log.
type recorder struct {
	http.ResponseWriter
	status int
}

func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	return rw.ResponseWriter.Write(b)
}

// maxBody caps request bodies (login forms and API arguments are small).
const maxBody = 1 << 20

// logged reads the body (so that it can be logged and still parsed), runs serve, and appends the request
// to the request log.
func (s *Server) logged(listener string, port int, isTLS bool, w http.ResponseWriter, r *http.Request, serve func(*recorder) Service) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{ResponseWriter: w}
	received := time.Now()
	st := s.Settings()
	svc, _, _ := listenerService(listener) // a request held and never answered still came to its listener's service
	if s.held(r, st) {
		svc = serve(rec)
		s.pad(rec, st.PadBody)
	}
	logBody := body
	if len(logBody) > maxBodyLogged {
		logBody = logBody[:maxBodyLogged]
	}
	s.rlog.add(RequestRecord{
		Time: received, Method: r.Method, URL: r.RequestURI, Host: r.Host, Listener: listener, Port: port,
		TLS: isTLS, Service: svc, RemoteAddr: r.RemoteAddr, Headers: r.Header.Clone(), Cookies: cookiesOf(r),
		Body: string(logBody), Status: rec.status, Location: rec.Header().Get("Location"),
	})
}

// held applies the Delay and Hang fault modes before a request is answered; false when the request is to get no
// answer at all (the client went away or the emulator stops).
func (s *Server) held(r *http.Request, st Settings) bool {
	if d := time.Duration(st.Delay); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return false
		case <-s.quit:
			return false
		}
	}
	for st.Hang {
		select {
		case <-time.After(50 * time.Millisecond):
			st = s.Settings() // turning the mode off releases the requests it holds
		case <-r.Context().Done():
			return false
		case <-s.quit:
			return false
		}
	}
	return true
}

// pad writes n bytes of white space after an answer's body (the PadBody fault mode), as a stream, stopping when the
// client goes away.
func (s *Server) pad(w *recorder, n int64) {
	if n <= 0 || w.status == http.StatusMovedPermanently || w.status == http.StatusFound {
		return
	}
	chunk := bytes.Repeat([]byte(" "), 64<<10)
	for n > 0 {
		b := chunk
		if n < int64(len(b)) {
			b = b[:n]
		}
		if _, err := w.Write(b); err != nil {
			return
		}
		n -= int64(len(b))
	}
}

// outage answers with the Outage fault mode's error page: the login page (401), or a 500, 502 or 503 page as
// cpsrvd or a proxy in front of it writes one (the words are ours).
func (s *Server) outage(c *call) {
	if c.st.Outage == "login-page" {
		s.loginPage(c, http.StatusUnauthorized, "")
		return
	}
	status, _ := strconv.Atoi(c.st.Outage)
	text := map[int]string{
		http.StatusInternalServerError: "Internal Server Error: the request could not be completed.",
		http.StatusBadGateway:          "Bad Gateway: the proxy received no valid answer from cpsrvd.",
		http.StatusServiceUnavailable:  "Service Unavailable: cPanel & WHM is restarting or being updated. Try again in a few minutes.",
	}[status]
	c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	c.w.WriteHeader(status)
	c.w.Write([]byte("<html><head><title>" + strconv.Itoa(status) + "</title></head><body><h1>" + text + "</h1></body></html>\n"))
}

// daemonHandler serves one of the six service listeners.
func (s *Server) daemonHandler(listener string) http.Handler {
	svc, secure, _ := listenerService(listener)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		port := s.port(listener)
		s.logged(listener, port, secure, w, r, func(rw *recorder) Service {
			s.serve(&call{w: rw, r: r, svc: svc, port: port, secure: secure, ip: s.clientIP(r)})
			return svc
		})
	})
}

// proxyHandler is Apache on 443 with service subdomains (§1): cpanel.X, whm.X and webmail.X are handed to the
// plain-port handler of that service, which sees the request as coming from 127.0.0.1. Other hosts get
// Apache's /cpanel, /whm and /webmail redirects to the TLS ports, or a 404.
func (s *Server) proxyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		port := s.port(LProxy)
		s.logged(LProxy, port, true, w, r, func(rw *recorder) Service {
			host := hostOnly(r.Host)
			for _, sv := range Services {
				if strings.HasPrefix(host, string(sv)+".") {
					// Decision: Apache terminated TLS, so Require SSL is satisfied and the cookie gets "secure";
					// otherwise every service-subdomain request would loop through the plain-port redirect.
					s.serve(&call{w: rw, r: r, svc: sv, port: s.port(plainListenerOf(sv)), secure: true, proxied: true, ip: "127.0.0.1"})
					return sv
				}
			}
			rw.Header().Set("Date", s.Now().UTC().Format(http.TimeFormat))
			for _, sv := range Services {
				if p := "/" + string(sv); r.URL.Path == p || r.URL.Path == p+"/" {
					// cgi-sys/redirect.cgi & co (§1): to the service's TLS port on the same host.
					http.Redirect(rw, r, "https://"+joinHostPort(host, s.port(tlsListenerOf(sv)))+"/", http.StatusMovedPermanently)
					return ""
				}
			}
			http.Error(rw, "Not Found: no service subdomain (cpanel., whm., webmail.) in host "+host, http.StatusNotFound)
			return ""
		})
	})
}

// clientIP is the peer address, or the test header when trusted.
func (s *Server) clientIP(r *http.Request) string {
	if s.Settings().TrustClientIPHeader {
		if v := strings.TrimSpace(r.Header.Get(ClientIPHeader)); net.ParseIP(v) != nil {
			return v
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// hostOnly strips the port from a Host header and lower-cases it; IPv6 literals keep their brackets.
func hostOnly(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if host, _, err := net.SplitHostPort(h); err == nil {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return h
}

// joinHostPort joins a host from hostOnly (maybe bracketed) with a port.
func joinHostPort(host string, port int) string { return host + ":" + strconv.Itoa(port) }

var cpsessRe = regexp.MustCompile(`^/cpsess[0-9]{10}(/|$)`)

// splitCpsess splits "/cpsess0123456789/execute/…" into ("/execute/…", "/cpsess0123456789").
func splitCpsess(p string) (path, token string) {
	if m := cpsessRe.FindString(p); m != "" {
		token = strings.TrimSuffix(m, "/")
		path = p[len(token):]
		if path == "" {
			path = "/"
		}
		return path, token
	}
	return p, ""
}

// serve is the daemon: redirect to TLS, wrong-port answers, login flows, then authenticated content.
func (s *Server) serve(c *call) {
	c.st = s.Settings()
	c.now = s.Now()
	h := c.w.Header()
	h.Set("Date", c.now.UTC().Format(http.TimeFormat))
	h.Set("X-Frame-Options", "SAMEORIGIN") // §9: on by default on every cpsrvd port
	h.Set("Server", "cpsrvd/"+EmulatedVersion)
	h.Set("Cache-Control", "no-cache, no-store, must-revalidate, private")

	if c.st.Outage != "" {
		s.outage(c)
		return
	}
	if !c.secure && *c.st.RequireSSL {
		// §1 requiressl; Decision 3: 301 to the TLS port of the same service, same path and query.
		target := "https://" + joinHostPort(hostOnly(c.r.Host), s.port(tlsListenerOf(c.svc))) + c.r.URL.RequestURI()
		h.Set("Location", target)
		c.w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	c.path, c.token = splitCpsess(c.r.URL.Path)
	if s.wrongPort(c) {
		return
	}
	switch {
	case c.path == "/login" || c.path == "/login/":
		switch {
		case c.token != "" && (c.r.Method == http.MethodPost || c.r.URL.Query().Has("session")):
			s.consumeTransfer(c)
		case c.r.Method == http.MethodPost:
			s.formLogin(c)
		default:
			s.loginPage(c, http.StatusOK, "")
		}
	case c.path == "/logout" || c.path == "/logout/":
		s.logout(c)
	case c.path == "/" && c.token == "":
		s.loginPage(c, http.StatusOK, "")
	default:
		s.serveProtected(c)
	}
}

// apiFamily classifies an API path: "whmapi1", "api2" (json-api/cpanel), "uapi" or "".
func apiFamily(path string) string {
	switch {
	case path == "/json-api/cpanel":
		return "api2"
	case strings.HasPrefix(path, "/json-api/"):
		return "whmapi1"
	case strings.HasPrefix(path, "/execute/"):
		return "uapi"
	}
	return ""
}

// wrongPort answers API calls made to a service that does not serve them (§1, Decision 3): WHM API 1 on a
// cPanel or Webmail port → 403 "Permission denied"; a cPanel-only path (UAPI /execute/) on a WHM port → 404
// "Function not found". These come before authentication: the docs say "otherwise-correct calls" get them.
//
// Decision (docs/protocol.md leaves the body open): both bodies use cpsrvd's own error shape, the one of the
// "Access denied" answer in §2.
func (s *Server) wrongPort(c *call) bool {
	fam := apiFamily(c.path)
	switch {
	case fam == "whmapi1" && c.svc != WHM:
		writeCpsrvdError(c, http.StatusForbidden, "Permission denied")
	case fam == "uapi" && c.svc == WHM:
		writeCpsrvdError(c, http.StatusNotFound, "Function not found")
	default:
		return false
	}
	return true
}

// serveProtected authenticates and serves API calls and pages.
func (s *Server) serveProtected(c *call) {
	if c.r.Method == http.MethodPost && c.path == "/" && c.token != "" && c.r.Header.Get("Authorization") == "" {
		if _, err := c.r.Cookie(c.svc.CookieName()); err != nil && c.r.PostFormValue("tfatoken") != "" {
			// §5: the security-code form was posted without the session cookie.
			s.tfaPage(c, "", "Cookies must be enabled in your browser to log in.")
			return
		}
	}
	id, done := s.authenticate(c)
	if done {
		return
	}
	if id == nil {
		s.loginPage(c, http.StatusUnauthorized, "")
		return
	}
	if id.sess != nil && !id.tfaVerified {
		s.tfaPolicy(c, id)
		return
	}
	if c.r.Method == http.MethodPost && c.path == "/" && c.r.PostFormValue("tfatoken") != "" && id.sess != nil {
		// The security code form posted again after a successful check: go home.
		s.redirectHome(c, id.sess.token, id.sess.gotoURI)
		return
	}
	switch apiFamily(c.path) {
	case "whmapi1":
		s.serveWHMAPI1(c, id)
	case "api2":
		s.serveAPI2(c, id)
	case "uapi":
		s.serveUAPI(c, id)
	default:
		s.page(c, id)
	}
}
