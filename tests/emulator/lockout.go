package emulator

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// lockout is a cPHulk-like brute force guard (§9): failed passwords and failed 2FA codes are counted per
// user+IP; at Settings.LockoutThreshold failures within Settings.LockoutWindow the pair is locked until the
// oldest failure leaves the window.
//
// Decision (docs/protocol.md is silent on cPHulk's answer): a locked pair gets exactly the answer of a wrong
// password (Basic: 403 "Access denied"; /login: invalid_login; a 2FA code: invalid code), even when the
// credentials are right, and the refused attempt is not counted again. cPanel's login page has no message of
// its own for a cPHulk block (login.js MESSAGES, §4), so a client cannot tell; GET /lockouts on the control
// endpoint tells a test.
type lockout struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func newLockout() *lockout { return &lockout{fails: map[string][]time.Time{}} }

func lockKey(user, ip string) string { return strings.ToLower(user) + "\x00" + ip }

// prune drops failures older than the window; the caller holds mu.
func (l *lockout) prune(key string, now time.Time, window time.Duration) []time.Time {
	kept := l.fails[key][:0]
	for _, t := range l.fails[key] {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = kept
	return kept
}

// locked reports whether user+ip is locked out now.
func (l *lockout) locked(user, ip string, now time.Time, st Settings) bool {
	if st.LockoutThreshold < 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(lockKey(user, ip), now, time.Duration(st.LockoutWindow))) >= st.LockoutThreshold
}

// fail counts one failed attempt.
func (l *lockout) fail(user, ip string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := lockKey(user, ip)
	l.fails[k] = append(l.fails[k], now)
}

func (l *lockout) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails = map[string][]time.Time{}
}

// LockoutInfo is one user+IP pair with recent failures (control endpoint GET /lockouts).
type LockoutInfo struct {
	User     string `json:"user"`
	IP       string `json:"ip"`
	Failures int    `json:"failures"`
	Locked   bool   `json:"locked"`
}

func (l *lockout) list(now time.Time, st Settings) []LockoutInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []LockoutInfo{}
	for k := range l.fails {
		n := len(l.prune(k, now, time.Duration(st.LockoutWindow)))
		if n == 0 {
			continue
		}
		user, ip, _ := strings.Cut(k, "\x00")
		out = append(out, LockoutInfo{User: user, IP: ip, Failures: n, Locked: st.LockoutThreshold >= 0 && n >= st.LockoutThreshold})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].User+out[i].IP < out[j].User+out[j].IP })
	return out
}

// Lockouts lists the user+IP pairs with failures inside the window.
func (s *Server) Lockouts() []LockoutInfo { return s.hulk.list(s.Now(), s.Settings()) }
