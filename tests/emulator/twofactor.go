package emulator

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// Two-factor authentication set up through the APIs (§5): UAPI TwoFactorAuth for a cPanel account, and WHM API
// 1's listing of the accounts that have it. Documentation:
// https://api.docs.cpanel.net/openapi/cpanel/operation/generate_user_configuration/ (…/set_user_configuration/,
// …/get_user_configuration/, …/remove_user_configuration/) and
// https://api.docs.cpanel.net/openapi/whm/operation/twofactorauth_get_user_configs/.

// tfaStore holds the 2FA secrets set or removed through the APIs since the start or the last reset; the fixture's
// secrets stay in the directory, which never changes. A removed secret is stored as "".
type tfaStore struct {
	mu      sync.RWMutex
	secrets map[string]string
}

func newTFAStore() *tfaStore { return &tfaStore{secrets: map[string]string{}} }

func (t *tfaStore) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.secrets = map[string]string{}
}

// get returns the secret set through the API for user, and whether one was set or removed.
func (t *tfaStore) get(user string) (string, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	s, ok := t.secrets[user]
	return s, ok
}

func (t *tfaStore) set(user, secret string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.secrets[user] = secret
}

// accountSecret is a cPanel account's 2FA secret now: the one the API set or removed, else the fixture's.
func (s *Server) accountSecret(a *Account) string {
	if secret, ok := s.tfa.get(a.User); ok {
		return secret
	}
	return a.TOTPSecret
}

// issuer is the 2FA issuer: WHM's "Issuer" setting, by default the server's hostname (§5).
func (s *Server) issuer() string { return s.hostnames[0] }

// newTOTPSecret is 16 random base32 characters, as cPanel makes them (§5).
func newTOTPSecret() string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("emulator: crypto/rand: %v", err))
	}
	return base32.StdEncoding.EncodeToString(b)
}

// tfaAccount is the account whose 2FA a UAPI TwoFactorAuth call manages: the caller's own. Decision: a mailbox's
// Webmail session has no 2FA here (README), so it gets a failure.
func tfaAccount(u uapiUser) (*Account, *uapiResult) {
	if u.box != nil {
		r := uapiFail("The emulator does not implement two-factor authentication for email accounts.")
		return nil, &r
	}
	return u.acct, nil
}

// uapiTFAGenerate is TwoFactorAuth::generate_user_configuration: a new secret and its otpauth URI. Nothing is
// stored: set_user_configuration takes the secret back with a code.
func (s *Server) uapiTFAGenerate(c *call, u uapiUser, args url.Values) uapiResult {
	a, fail := tfaAccount(u)
	if fail != nil {
		return *fail
	}
	secret := newTOTPSecret()
	return uapiOK(map[string]any{"otpauth_str": OTPAuthURI(s.issuer(), a.User, secret), "secret": secret})
}

// uapiTFASet is TwoFactorAuth::set_user_configuration: secret (the 16 characters generate made) and tfa_token
// (a code for it, checked at the server clock as at login: ±1 step) turn 2FA on. Decisions: the failure texts
// are ours; a wrong code counts for cPHulk as at login (§9).
func (s *Server) uapiTFASet(c *call, u uapiUser, args url.Values) uapiResult {
	a, fail := tfaAccount(u)
	if fail != nil {
		return *fail
	}
	secret, code := normalizeSecret(args.Get("secret")), strings.TrimSpace(args.Get("tfa_token"))
	switch {
	case secret == "":
		return uapiFail("The “secret” parameter is required.")
	case code == "":
		return uapiFail("The “tfa_token” parameter is required.")
	case len(secret) != 16 || !validSecret(secret):
		return uapiFail("The “secret” parameter must be the 16-character string that “generate_user_configuration” returned.")
	case !s.checkCode(c, a.User, secret, code):
		return uapiFail("The security code is invalid.")
	}
	s.tfa.set(a.User, secret)
	return uapiOK(map[string]any{"tfa_configured": 1})
}

// uapiTFAGet is TwoFactorAuth::get_user_configuration: {is_enabled, issuer}.
func (s *Server) uapiTFAGet(c *call, u uapiUser, args url.Values) uapiResult {
	a, fail := tfaAccount(u)
	if fail != nil {
		return *fail
	}
	return uapiOK(map[string]any{"is_enabled": boolInt(s.accountSecret(a) != ""), "issuer": s.issuer()})
}

// uapiTFARemove is TwoFactorAuth::remove_user_configuration: {tfa_removed: 1}, also when 2FA was off.
func (s *Server) uapiTFARemove(c *call, u uapiUser, args url.Values) uapiResult {
	a, fail := tfaAccount(u)
	if fail != nil {
		return *fail
	}
	s.tfa.set(a.User, "")
	return uapiOK(map[string]any{"tfa_removed": 1})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// whmTFAUserConfigs is twofactorauth_get_user_configs: every cPanel account the caller controls, by user name,
// with is_enabled and primary_domain, as the docs' example shows. Decision: the example's user parameter is not
// described there, so the emulator ignores it and lists every account the caller controls.
func (s *Server) whmTFAUserConfigs(c *call, id *identity, q url.Values) (any, string, bool) {
	out := map[string]any{}
	for _, a := range s.dir.visible(id.user) {
		out[a.User] = map[string]any{"is_enabled": boolInt(s.accountSecret(a) != ""), "primary_domain": a.Domain}
	}
	return out, "OK", true
}
