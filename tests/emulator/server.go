package emulator

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// SessionLogFileName is the session log's file in the state directory.
const SessionLogFileName = "session_log"

// maxSANDomains caps how many account domains go into the server certificate (each adds its cpanel./webmail.
// subdomains too); beyond that, preferred_domain URLs for those domains get a name mismatch, as on a real
// server without AutoSSL.
const maxSANDomains = 100

// Server is a running (after Start) cPanel & WHM emulator.
type Server struct {
	cfg       Config
	listenIP  net.IP
	hostnames []string
	fixture   *Fixture
	dir       *directory
	uids      map[string]int

	stateDir    string
	ownStateDir bool
	caFile      string
	ca          *authority
	cert        tls.Certificate

	mu       sync.RWMutex
	settings Settings
	initial  Settings
	lastErr  string

	sessions *sessionStore
	mail     *createdMail
	tfa      *tfaStore
	slog     *sessionLog
	rlog     *requestLog
	// quit closes when the server stops: requests the Delay and Hang fault modes hold are let go.
	quit chan struct{}
	hulk *lockout

	lmu       sync.Mutex
	listeners map[string]net.Listener
	ports     Ports
	servers   []*http.Server
	started   bool
	closed    bool
}

// New prepares a server: loads the accounts, creates the state directory, the CA (written to
// StateDir/ca.pem) and the server certificate. Nothing listens until Start.
func New(cfg Config) (*Server, error) {
	st := cfg.Settings.withDefaults()
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("emulator settings: %w", err)
	}
	fx := cfg.Fixture
	if fx == nil {
		fx = DemoFixture()
	} else {
		// Work on a copy: validation normalises secrets and e-mail addresses in place.
		b, err := json.Marshal(fx)
		if err != nil {
			return nil, fmt.Errorf("copy fixture: %w", err)
		}
		if fx, err = ParseFixture(b); err != nil {
			return nil, err
		}
	}
	listenIP, err := cfg.listenIP()
	if err != nil {
		return nil, err
	}
	dir, err := newDirectory(fx)
	if err != nil {
		return nil, err
	}
	s := &Server{
		listenIP: listenIP,
		cfg:      cfg, hostnames: cfg.hostnames(), fixture: fx, dir: dir, uids: map[string]int{},
		settings: st, initial: st,
		sessions: newSessionStore(), mail: newCreatedMail(), tfa: newTFAStore(), rlog: &requestLog{}, hulk: newLockout(), quit: make(chan struct{}),
		listeners: map[string]net.Listener{}, ports: Ports{},
	}
	for i, a := range dir.sorted {
		s.uids[a.User] = 1001 + i
	}
	if err := s.prepareStateDir(); err != nil {
		return nil, err
	}
	s.slog = &sessionLog{path: filepath.Join(s.stateDir, SessionLogFileName)}
	if err := s.slog.reset(); err != nil {
		s.removeStateDir()
		return nil, err
	}
	if err := s.prepareTLS(); err != nil {
		s.removeStateDir()
		return nil, err
	}
	return s, nil
}

func (s *Server) prepareStateDir() error {
	if s.cfg.StateDir == "" {
		d, err := os.MkdirTemp("", "panelkey-emulator-")
		if err != nil {
			return fmt.Errorf("state dir: %w", err)
		}
		s.stateDir, s.ownStateDir = d, true
		return nil
	}
	if err := os.MkdirAll(s.cfg.StateDir, 0o755); err != nil {
		return fmt.Errorf("state dir: %w", err)
	}
	abs, err := filepath.Abs(s.cfg.StateDir)
	if err != nil {
		return fmt.Errorf("state dir: %w", err)
	}
	s.stateDir = abs
	return nil
}

func (s *Server) removeStateDir() {
	if s.ownStateDir {
		os.RemoveAll(s.stateDir)
	}
}

func (s *Server) prepareTLS() error {
	now := time.Now()
	caDir, reuse := s.stateDir, s.cfg.ReuseCA
	if s.cfg.CADir != "" {
		caDir, reuse = s.cfg.CADir, true
	}
	var ca *authority
	if reuse {
		var err error
		if ca, err = loadAuthority(caDir); err != nil {
			return err
		}
	}
	if ca == nil {
		var err error
		if ca, err = newAuthority("panelkey emulator CA", now); err != nil {
			return err
		}
	}
	if err := ca.save(caDir, reuse); err != nil {
		return err
	}
	s.ca = ca
	s.caFile = filepath.Join(caDir, CAFileName)

	signer := ca
	if s.cfg.UntrustedCert {
		// A second CA that nobody can trust because it is never written anywhere.
		var err error
		if signer, err = newAuthority("panelkey emulator UNTRUSTED CA", now); err != nil {
			return err
		}
	}
	cert, err := signer.issue(s.certNames(), s.listenIP, now)
	if err != nil {
		return err
	}
	s.cert = cert
	return nil
}

// certNames lists the DNS SANs: each hostname with its service subdomains, and the accounts' domains (with
// cpanel./webmail. subdomains) up to maxSANDomains.
func (s *Server) certNames() []string {
	var names []string
	for _, h := range s.hostnames {
		names = append(names, h)
		for _, sv := range Services {
			names = append(names, string(sv)+"."+h)
		}
	}
	n := 0
	for _, a := range s.dir.sorted {
		for _, d := range a.domains() {
			if n >= maxSANDomains {
				return names
			}
			n++
			names = append(names, d, "cpanel."+d, "webmail."+d)
		}
	}
	return names
}

// Start opens every listener on the listen IP (127.0.0.1 by default) and serves. With a port of 0 it picks a free one; Ports reports it.
func (s *Server) Start() error {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	if s.started {
		return errors.New("emulator: already started")
	}
	tlsConf := &tls.Config{Certificates: []tls.Certificate{s.cert}, MinVersion: tls.VersionTLS12}
	for _, name := range ListenerNames {
		ln, err := net.Listen("tcp", net.JoinHostPort(s.listenIP.String(), strconv.Itoa(s.cfg.Ports[name])))
		if err != nil {
			for _, l := range s.listeners {
				l.Close()
			}
			s.listeners = map[string]net.Listener{}
			return fmt.Errorf("emulator: listen %s on %s port %d: %w", name, s.listenIP, s.cfg.Ports[name], err)
		}
		s.ports[name] = ln.Addr().(*net.TCPAddr).Port
		s.listeners[name] = ln
	}
	for _, name := range ListenerNames {
		ln := s.listeners[name]
		var h http.Handler
		_, secure, isService := listenerService(name)
		switch {
		case name == LControl:
			h = s.controlHandler()
		case name == LProxy:
			secure = true
			h = s.proxyHandler()
		case isService:
			h = s.daemonHandler(name)
		}
		if secure {
			ln = tls.NewListener(ln, tlsConf)
		}
		srv := &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
			// Handshake failures from clients that do not trust the certificate are expected here.
			ErrorLog: log.New(io.Discard, "", 0),
		}
		s.servers = append(s.servers, srv)
		go srv.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on Close
	}
	s.started = true
	return nil
}

// Close stops every listener and removes a temporary state directory.
func (s *Server) Close() error {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.quit)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range s.servers {
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, srv.Close())
		}
	}
	if !s.started {
		for _, l := range s.listeners {
			l.Close()
		}
	}
	s.removeStateDir()
	return errors.Join(errs...)
}

// Ports returns the port of every listener (after Start).
func (s *Server) Ports() Ports {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	out := Ports{}
	for k, v := range s.ports {
		out[k] = v
	}
	return out
}

func (s *Server) port(name string) int {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	return s.ports[name]
}

// Addr returns "LISTENIP:PORT" of a listener, e.g. "127.0.0.1:2083".
func (s *Server) Addr(listener string) string {
	return net.JoinHostPort(s.listenIP.String(), strconv.Itoa(s.port(listener)))
}

// URL returns the base URL of a service on its TLS port ("https://127.0.0.1:2083"), or of the plain port when
// plain is set.
func (s *Server) URL(sv Service, plain bool) string {
	if plain {
		return "http://" + s.Addr(plainListenerOf(sv))
	}
	return "https://" + s.Addr(tlsListenerOf(sv))
}

// ProxyURL is the base URL of the service-subdomain listener (Apache's 443).
func (s *Server) ProxyURL() string { return "https://" + s.Addr(LProxy) }

// ControlURL is the base URL of the control endpoint.
func (s *Server) ControlURL() string { return "http://" + s.Addr(LControl) }

// CAFile is the path of the CA certificate (PEM) that signs the server certificate, unless UntrustedCert.
func (s *Server) CAFile() string { return s.caFile }

// CAPEM returns the CA certificate in PEM form.
func (s *Server) CAPEM() []byte { return s.ca.certPEM() }

// Hostnames returns the configured host names.
func (s *Server) Hostnames() []string { return append([]string(nil), s.hostnames...) }

// Fixture returns the account data in use (a copy).
func (s *Server) Fixture() *Fixture {
	b, err := json.Marshal(s.fixture)
	if err != nil {
		panic(fmt.Sprintf("emulator: fixture does not marshal: %v", err))
	}
	var f Fixture
	if err := json.Unmarshal(b, &f); err != nil {
		panic(fmt.Sprintf("emulator: fixture does not round-trip: %v", err))
	}
	return &f
}

// Requests returns the request log records with Seq greater than since (0: all).
func (s *Server) Requests(since int) []RequestRecord { return s.rlog.since(since) }

// SessionLog returns the session log entries.
func (s *Server) SessionLog() []SessionLogEntry { return s.slog.snapshot() }

// Sessions lists the live sessions.
func (s *Server) Sessions() []SessionInfo { return s.sessions.list() }

// Settings returns the current run-time settings.
func (s *Server) Settings() Settings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.settings.clone()
}

// SetSettings replaces the run-time settings (zero fields take their defaults).
func (s *Server) SetSettings(st Settings) error {
	st = st.withDefaults()
	if err := st.validate(); err != nil {
		return fmt.Errorf("emulator settings: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings = st
	return nil
}

// SetClockOffset moves the server clock by d from real time.
func (s *Server) SetClockOffset(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings.ClockOffset = Duration(d)
}

// Now is the server clock: real time plus the clock offset.
func (s *Server) Now() time.Time {
	return time.Now().Add(time.Duration(s.Settings().ClockOffset))
}

// Reset forgets sessions, logs, lockouts, the mailboxes Email::add_pop created and the 2FA set up or removed
// through TwoFactorAuth, and restores the settings
// the server started with.
func (s *Server) Reset() error {
	s.sessions.reset()
	s.mail.reset()
	s.tfa.reset()
	s.rlog.reset()
	s.hulk.reset()
	s.mu.Lock()
	s.settings = s.initial
	s.mu.Unlock()
	return s.slog.reset()
}

// Info describes where everything is; the -json startup line and GET /info print it.
type Info struct {
	Hostnames []string          `json:"hostnames"`
	Ports     Ports             `json:"ports"`
	URLs      map[string]string `json:"urls"`
	Control   string            `json:"control"`
	CAFile    string            `json:"caFile"`
	StateDir  string            `json:"stateDir"`
	// SessionLog is the path of the session log file.
	SessionLog string `json:"sessionLog"`
	// UntrustedCert is true when the listeners serve a certificate CAFile does not sign.
	UntrustedCert bool `json:"untrustedCert"`
	// LastError is the last internal error (a failed session log write), if any.
	LastError string `json:"lastError,omitempty"`
}

func (s *Server) lastError() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.lastErr
}

// Info returns the addresses of a started server.
func (s *Server) Info() Info {
	urls := map[string]string{"proxy": s.ProxyURL(), "control": s.ControlURL()}
	for _, sv := range Services {
		urls[string(sv)] = s.URL(sv, false)
		urls[string(sv)+"-plain"] = s.URL(sv, true)
	}
	return Info{
		Hostnames: s.Hostnames(), Ports: s.Ports(), URLs: urls, Control: s.ControlURL(), CAFile: s.caFile,
		StateDir: s.stateDir, SessionLog: s.slog.path, UntrustedCert: s.cfg.UntrustedCert, LastError: s.lastError(),
	}
}
