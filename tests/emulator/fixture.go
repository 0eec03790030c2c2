package emulator

import (
	_ "embed"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Fixture is the emulator's account data, read from JSON (see demo.json for an example).
type Fixture struct {
	// MainIP is the server's main IP (listaccts ip default, preferred_domain). Default 127.0.0.1.
	MainIP string `json:"mainIP,omitempty"`
	// WHMUsers are root and the resellers.
	WHMUsers []WHMUser `json:"whmUsers"`
	// Accounts are the cPanel accounts.
	Accounts []Account `json:"accounts"`
}

// APIToken is a WHM or cPanel API token (§2).
type APIToken struct {
	Name  string `json:"name"`
	Token string `json:"token"`
	// Revoked tokens are kept in the fixture so tests can use them: they answer 401 (§2).
	Revoked bool `json:"revoked,omitempty"`
	// ExpiresAt (Unix seconds, server clock) ends the token; 0 = never. An expired token is not deleted (§2).
	ExpiresAt int64 `json:"expiresAt,omitempty"`
	// CreateTime is reported by Tokens::list.
	CreateTime int64 `json:"createTime,omitempty"`
}

// WHMUser is root or a reseller.
type WHMUser struct {
	User     string     `json:"user"`
	Password string     `json:"password,omitempty"`
	Tokens   []APIToken `json:"tokens,omitempty"`
	// TOTPSecret enables 2FA (SHA1, 6 digits, 30 s; §5).
	TOTPSecret string `json:"totpSecret,omitempty"`
	// AccessHash is ~/.accesshash, newlines included; they are stripped before comparing (§2).
	AccessHash string `json:"accessHash,omitempty"`
	// APIRequires2FA is the "API requests" security policy extension for this user (§5): Basic-auth API calls
	// need X-CPANEL-OTP.
	APIRequires2FA bool `json:"apiRequires2FA,omitempty"`
}

// Mailbox is an email account of a cPanel user, for Webmail.
type Mailbox struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// QuotaMB 0 = unlimited.
	QuotaMB int `json:"quotaMB,omitempty"`
	// DiskUsedMB is reported by Email::listpopswithdisk.
	DiskUsedMB int `json:"diskUsedMB,omitempty"`
}

// Account is a cPanel account.
type Account struct {
	User           string     `json:"user"`
	Owner          string     `json:"owner"`
	Domain         string     `json:"domain"`
	Password       string     `json:"password,omitempty"`
	Tokens         []APIToken `json:"tokens,omitempty"`
	TOTPSecret     string     `json:"totpSecret,omitempty"`
	APIRequires2FA bool       `json:"apiRequires2FA,omitempty"`
	Suspended      bool       `json:"suspended,omitempty"`
	SuspendReason  string     `json:"suspendReason,omitempty"`
	// SuspendTime is Unix seconds.
	SuspendTime   int64     `json:"suspendTime,omitempty"`
	Plan          string    `json:"plan,omitempty"`
	Email         string    `json:"email,omitempty"`
	IP            string    `json:"ip,omitempty"`
	StartDate     int64     `json:"startDate,omitempty"`
	DiskUsedMB    int       `json:"diskUsedMB,omitempty"`
	DiskLimitMB   int       `json:"diskLimitMB,omitempty"`
	AddonDomains  []string  `json:"addonDomains,omitempty"`
	ParkedDomains []string  `json:"parkedDomains,omitempty"`
	SubDomains    []string  `json:"subDomains,omitempty"`
	Mailboxes     []Mailbox `json:"mailboxes,omitempty"`
}

//go:embed demo.json
var demoJSON []byte

// DemoFixture returns a fresh copy of the built-in demo data.
func DemoFixture() *Fixture {
	f, err := ParseFixture(demoJSON)
	if err != nil {
		panic(fmt.Sprintf("emulator: embedded demo.json is invalid: %v", err)) // a build defect, caught by tests
	}
	return f
}

// DemoFixtureJSON returns the demo fixture as written in the repository.
func DemoFixtureJSON() []byte { return append([]byte(nil), demoJSON...) }

// LoadFixture reads and validates a fixture file.
func LoadFixture(path string) (*Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fixture: %w", err)
	}
	f, err := ParseFixture(b)
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	return f, nil
}

// ParseFixture decodes and validates fixture JSON. Unknown fields are errors, so a typo does not silently
// drop a setting.
func ParseFixture(b []byte) (*Fixture, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var f Fixture
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode fixture: %w", err)
	}
	if _, err := newDirectory(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

var (
	userRe   = regexp.MustCompile(`^[a-z][a-z0-9]{0,31}$`)
	domainRe = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$`)
)

// mailboxRef is a mailbox with the account holding it.
type mailboxRef struct {
	acct *Account
	box  *Mailbox
}

// directory indexes a validated fixture.
type directory struct {
	mainIP   string
	whm      map[string]*WHMUser
	accts    map[string]*Account
	byDomain map[string]*Account
	mail     map[string]mailboxRef
	sorted   []*Account // by user name, the order listaccts answers in
}

func normalizeSecret(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "=", "").Replace(s))
}

func validSecret(s string) bool {
	if len(s) < 16 {
		return false
	}
	_, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	return err == nil
}

func newDirectory(f *Fixture) (*directory, error) {
	d := &directory{
		mainIP:   f.MainIP,
		whm:      map[string]*WHMUser{},
		accts:    map[string]*Account{},
		byDomain: map[string]*Account{},
		mail:     map[string]mailboxRef{},
	}
	if d.mainIP == "" {
		d.mainIP = "127.0.0.1"
	}
	for i := range f.WHMUsers {
		u := &f.WHMUsers[i]
		if !userRe.MatchString(u.User) {
			return nil, fmt.Errorf("whmUsers[%d]: bad user name %q", i, u.User)
		}
		if d.whm[u.User] != nil {
			return nil, fmt.Errorf("whmUsers: %q twice", u.User)
		}
		if err := checkCredentials("whmUsers", u.User, &u.TOTPSecret, u.Tokens); err != nil {
			return nil, err
		}
		d.whm[u.User] = u
	}
	for i := range f.Accounts {
		a := &f.Accounts[i]
		if !userRe.MatchString(a.User) || a.User == "root" {
			return nil, fmt.Errorf("accounts[%d]: bad user name %q", i, a.User)
		}
		if d.accts[a.User] != nil {
			return nil, fmt.Errorf("accounts: %q twice", a.User)
		}
		if d.whm[a.Owner] == nil {
			return nil, fmt.Errorf("account %q: owner %q is not in whmUsers", a.User, a.Owner)
		}
		a.Domain = strings.ToLower(a.Domain)
		if err := checkCredentials("account", a.User, &a.TOTPSecret, a.Tokens); err != nil {
			return nil, err
		}
		for _, dom := range a.domains() {
			if !domainRe.MatchString(dom) {
				return nil, fmt.Errorf("account %q: bad domain %q", a.User, dom)
			}
			if other := d.byDomain[dom]; other != nil {
				return nil, fmt.Errorf("domain %q belongs to %q and %q", dom, other.User, a.User)
			}
			d.byDomain[dom] = a
		}
		d.accts[a.User] = a
		for j := range a.Mailboxes {
			m := &a.Mailboxes[j]
			m.Email = strings.ToLower(m.Email)
			local, dom, ok := strings.Cut(m.Email, "@")
			if !ok || local == "" || d.byDomain[dom] != a {
				return nil, fmt.Errorf("account %q: mailbox %q is not on one of its domains", a.User, m.Email)
			}
			if _, dup := d.mail[m.Email]; dup {
				return nil, fmt.Errorf("mailbox %q twice", m.Email)
			}
			d.mail[m.Email] = mailboxRef{acct: a, box: m}
		}
		d.sorted = append(d.sorted, a)
	}
	sort.Slice(d.sorted, func(i, j int) bool { return d.sorted[i].User < d.sorted[j].User })
	return d, nil
}

// checkCredentials checks a user's 2FA secret (normalised in place) and API tokens; kind names the list it is in
// ("whmUsers", "account").
func checkCredentials(kind, user string, totpSecret *string, ts []APIToken) error {
	if *totpSecret != "" {
		*totpSecret = normalizeSecret(*totpSecret)
		if !validSecret(*totpSecret) {
			return fmt.Errorf("%s %q: totpSecret is not base32 of 16+ characters", kind, user)
		}
	}
	return checkTokens(user, ts)
}

func checkTokens(user string, ts []APIToken) error {
	names := map[string]bool{}
	for _, t := range ts {
		if t.Name == "" || t.Token == "" {
			return fmt.Errorf("user %q: token needs name and token", user)
		}
		if names[t.Name] {
			return fmt.Errorf("user %q: token name %q twice", user, t.Name)
		}
		names[t.Name] = true
	}
	return nil
}

// domains lists the main, addon, parked and sub domains of the account.
func (a *Account) domains() []string {
	out := []string{a.Domain}
	for _, l := range [][]string{a.AddonDomains, a.ParkedDomains, a.SubDomains} {
		for _, d := range l {
			out = append(out, strings.ToLower(d))
		}
	}
	return out
}

// isReseller reports whether the user may have a WHM session (root included).
func (d *directory) isReseller(user string) bool { return d.whm[user] != nil }

// owns reports whether WHM user w may act on the cPanel account (root owns everything; a reseller owns the
// accounts whose owner it is, and itself).
func (d *directory) owns(w, acct string) bool {
	if w == "root" || w == acct {
		return true
	}
	a := d.accts[acct]
	return a != nil && a.Owner == w
}

// visible lists the accounts WHM user w may see, in listaccts order.
func (d *directory) visible(w string) []*Account {
	if w == "root" {
		return d.sorted
	}
	var out []*Account
	for _, a := range d.sorted {
		if d.owns(w, a.User) {
			out = append(out, a)
		}
	}
	return out
}

// localDomain reports whether name is a domain or IP of this server (create_user_session preferred_domain, §3).
func (d *directory) localDomain(name string, hostnames []string) bool {
	name = strings.ToLower(name)
	if name == d.mainIP || name == "127.0.0.1" || name == "::1" {
		return true
	}
	for _, h := range hostnames {
		if name == h {
			return true
		}
		for _, s := range Services {
			if name == string(s)+"."+h {
				return true
			}
		}
	}
	_, ok := d.byDomain[name]
	return ok
}
