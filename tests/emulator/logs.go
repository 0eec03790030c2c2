package emulator

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// SessionLogEntry is one line of the SSO session log (cPanel's /usr/local/cpanel/logs/session_log), e.g.
//
//	[2024-06-10 12:00:00 +0000] info [cpsrvd] 127.0.0.1 NEW bob:AbCd…:create_user_session address=127.0.0.1,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0
//	[2024-06-10 12:00:01 +0000] info [cpsrvd] 127.0.0.1 PURGE bob:AbCd…:create_user_session loginsuccess
//
// The bracket names the logging process (cpsrvd, the one daemon behind every service port); the service is
// the NEW line's app. path is "form" for logins and session-URL exchanges, "json-api" or "execute" for sessions
// an API call created. The ",HEX32" secret part of a session id is never logged.
type SessionLogEntry struct {
	Time    time.Time `json:"time"`
	Process string    `json:"process"`
	Address string    `json:"address"`
	Event   string    `json:"event"` // NEW or PURGE
	Session string    `json:"session"`
	User    string    `json:"user"`
	// Fields of a NEW line: address, app, creator, method, path, possessed.
	Fields map[string]string `json:"fields,omitempty"`
	// Reason of a PURGE line (the emulator writes loginsuccess, logout and expired; cPanel has more, e.g. badpass).
	Reason string `json:"reason,omitempty"`
	Line   string `json:"line"`
}

// PURGE reasons used by the emulator.
const (
	PurgeLoginSuccess = "loginsuccess" // a pre-auth session was exchanged for a real one (§3)
	PurgeLogout       = "logout"       // /logout/
	PurgeExpired      = "expired"      // idle timeout, or a pre-auth URL used after `expires`
)

var newFieldOrder = []string{"address", "app", "creator", "method", "path", "possessed"}

// sessionLog keeps the log in memory and appends it to a file.
type sessionLog struct {
	mu      sync.Mutex
	path    string
	entries []SessionLogEntry
}

func (l *sessionLog) add(e SessionLogEntry) error {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] info [%s] %s %s %s", e.Time.Format("2006-01-02 15:04:05 -0700"), e.Process, e.Address, e.Event, e.Session)
	if e.Event == "NEW" {
		parts := make([]string, 0, len(newFieldOrder))
		for _, k := range newFieldOrder {
			parts = append(parts, k+"="+e.Fields[k])
		}
		b.WriteString(" " + strings.Join(parts, ","))
	} else if e.Reason != "" {
		b.WriteString(" " + e.Reason)
	}
	e.Line = b.String()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	if l.path == "" {
		return nil
	}
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("session log: %w", err)
	}
	if _, err := f.WriteString(e.Line + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("session log: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("session log: %w", err)
	}
	return nil
}

func (l *sessionLog) snapshot() []SessionLogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]SessionLogEntry(nil), l.entries...)
}

// reset empties the log and truncates its file.
func (l *sessionLog) reset() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
	if l.path == "" {
		return nil
	}
	if err := os.WriteFile(l.path, nil, 0o644); err != nil {
		return fmt.Errorf("session log: %w", err)
	}
	return nil
}

// RequestRecord is one request as the emulator received it: every header, every cookie and the body, so a
// test can prove no credential went where it should not.
type RequestRecord struct {
	Seq    int       `json:"seq"`
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	// URL is the request URI as sent (path and query).
	URL  string `json:"url"`
	Host string `json:"host"`
	// Listener is the name of the listener it came in on (cpanel, cpanel-tls, …, proxy) and Port its port.
	Listener string `json:"listener"`
	Port     int    `json:"port"`
	TLS      bool   `json:"tls"`
	// Service handling it ("" when the proxy found no service subdomain).
	Service    Service             `json:"service,omitempty"`
	RemoteAddr string              `json:"remoteAddr"`
	Headers    map[string][]string `json:"headers"`
	Cookies    []NameValue         `json:"cookies"`
	Body       string              `json:"body,omitempty"`
	// Status is the answer's HTTP status code.
	Status int `json:"status"`
	// Location is the answer's Location header, if any.
	Location string `json:"location,omitempty"`
}

// NameValue is a cookie.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// maxBodyLogged caps the body kept per request.
const maxBodyLogged = 64 << 10

// maxRequestsLogged caps the request log; the oldest records are dropped first.
const maxRequestsLogged = 20000

type requestLog struct {
	mu   sync.Mutex
	seq  int
	recs []RequestRecord
}

func (l *requestLog) add(r RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	r.Seq = l.seq
	l.recs = append(l.recs, r)
	if len(l.recs) > maxRequestsLogged {
		l.recs = append([]RequestRecord(nil), l.recs[len(l.recs)-maxRequestsLogged:]...)
	}
}

// since returns the records with Seq > seq.
func (l *requestLog) since(seq int) []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []RequestRecord{}
	for _, r := range l.recs {
		if r.Seq > seq {
			out = append(out, r)
		}
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = nil
}

func cookiesOf(r *http.Request) []NameValue {
	out := []NameValue{}
	for _, c := range r.Cookies() {
		out = append(out, NameValue{Name: c.Name, Value: c.Value})
	}
	return out
}
