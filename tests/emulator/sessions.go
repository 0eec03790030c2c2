package emulator

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// session is a cpsrvd session (§3, §7).
type session struct {
	// name is USER:RAND16 (real sessions) or USER:RAND16:TAG (pre-auth sessions from create_user_session and
	// create_webmail_session_for_mail_user). The ",HEX32" secret is kept apart: it never goes to the log.
	name    string
	secret  string
	user    string // cPanel user, WHM user, or the email address of a Webmail mailbox
	service Service
	token   string // "/cpsessNNNNNNNNNN"
	// pre marks a pre-auth session: usable once, until expires, only to be exchanged for a real session.
	pre     bool
	expires time.Time
	// lastUsed (the idle timeout of real sessions) and tfaVerified change after creation: read and write them
	// through the store's methods, under its lock. The other fields never change.
	lastUsed    time.Time
	tfaVerified bool
	clientIP    string
	creator     string
	method      string
	locale      string
	gotoURI     string
}

// id is the full session id as create_user_session returns it: NAME,SECRET.
func (s *session) id() string { return s.name + "," + s.secret }

// cookieValue is the id percent-encoded the way cpsrvd writes it (`:`→%3a, `,`→%2c; §7).
func (s *session) cookieValue() string { return cpEscape(s.id()) }

// cpEscape percent-encodes like cPanel's query strings: everything but [A-Za-z0-9_.~-], lower-case hex (§3).
func cpEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.', c == '~', c == '-':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return b.String()
}

const randAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"

// randString returns n characters of [0-9A-Za-z_] (Cpanel::Rand::Get, §3).
func randString(n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(randAlphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(fmt.Sprintf("emulator: crypto/rand: %v", err)) // cannot happen on supported platforms
		}
		b[i] = randAlphabet[v.Int64()]
	}
	return string(b)
}

func randHex(nbytes int) string {
	b := make([]byte, nbytes)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("emulator: crypto/rand: %v", err))
	}
	return hex.EncodeToString(b)
}

// randDigits returns n decimal digits.
func randDigits(n int) string {
	var b strings.Builder
	for range n {
		v, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic(fmt.Sprintf("emulator: crypto/rand: %v", err))
		}
		b.WriteByte(byte('0' + v.Int64()))
	}
	return b.String()
}

// newSecurityToken returns "/cpsess" + 10 digits (§3).
func newSecurityToken() string { return "/cpsess" + randDigits(10) }

// sessionStore holds the sessions by name.
type sessionStore struct {
	mu   sync.Mutex
	byID map[string]*session
}

func newSessionStore() *sessionStore { return &sessionStore{byID: map[string]*session{}} }

// add creates a session named USER:RAND16[:tag] with a fresh 32-hex secret.
func (st *sessionStore) add(s *session, tag string) *session {
	st.mu.Lock()
	defer st.mu.Unlock()
	for {
		s.name = s.user + ":" + randString(16)
		if tag != "" {
			s.name += ":" + tag
		}
		if st.byID[s.name] == nil {
			break
		}
	}
	s.secret = randHex(16)
	st.byID[s.name] = s
	return s
}

// lookup finds a session by its full id NAME,SECRET (or a cookie value of it). The secret is compared in
// constant time.
func (st *sessionStore) lookup(id string) *session {
	if dec, err := url.QueryUnescape(id); err == nil {
		id = dec
	}
	name, secret, ok := strings.Cut(id, ",")
	if !ok {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.byID[name]
	if s == nil || subtle.ConstantTimeCompare([]byte(s.secret), []byte(secret)) != 1 {
		return nil
	}
	return s
}

// remove deletes the session; false when it was already gone (a second consumer of a single-use URL).
func (st *sessionStore) remove(s *session) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.byID[s.name] != s {
		return false
	}
	delete(st.byID, s.name)
	return true
}

// touch marks the session used at t.
func (st *sessionStore) touch(s *session, t time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s.lastUsed = t
}

// state reads the session's mutable fields (concurrent requests of one browser share a session).
func (st *sessionStore) state(s *session) (lastUsed time.Time, tfaVerified bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return s.lastUsed, s.tfaVerified
}

// setTFAVerified marks the session as past the 2FA security policy.
func (st *sessionStore) setTFAVerified(s *session) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s.tfaVerified = true
}

// activeToken reports whether token belongs to a live session of user (create_user_session cp_security_token reuse, §3).
func (st *sessionStore) activeToken(user, token string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, s := range st.byID {
		if s.user == user && s.token == token && !s.pre {
			return true
		}
	}
	return false
}

func (st *sessionStore) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.byID = map[string]*session{}
}

// SessionInfo describes a live session (control endpoint GET /sessions).
type SessionInfo struct {
	Name        string    `json:"name"`
	User        string    `json:"user"`
	Service     Service   `json:"service"`
	Token       string    `json:"securityToken"`
	PreAuth     bool      `json:"preAuth"`
	Expires     time.Time `json:"expires,omitzero"`
	LastUsed    time.Time `json:"lastUsed,omitzero"`
	TFAVerified bool      `json:"tfaVerified"`
	ClientIP    string    `json:"clientIP"`
	Creator     string    `json:"creator"`
	Method      string    `json:"method"`
}

func (st *sessionStore) list() []SessionInfo {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]SessionInfo, 0, len(st.byID))
	for _, s := range st.byID {
		out = append(out, SessionInfo{
			Name: s.name, User: s.user, Service: s.service, Token: s.token, PreAuth: s.pre,
			Expires: s.expires, LastUsed: s.lastUsed, TFAVerified: s.tfaVerified, ClientIP: s.clientIP,
			Creator: s.creator, Method: s.method,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
