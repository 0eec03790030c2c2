package vault

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/deeplink"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/totp"
)

// Bounds on what an edit may store: enough for any real value, small enough
// that a pasted file cannot bloat every chunk it lands in.
const (
	MaxText   = 1024 // names, users, domains, addresses, ids
	MaxSecret = 8192 // passwords, tokens, access hashes (a WHM access hash is ~1 kB)
)

// The validation of what edits store. Stored data is never validated on
// reading: a vault opens as it was written, whatever an older version let in.

// stored is a value an edit would store: its field (for the pages' forms),
// what it is (for the message) and the value.
type stored struct{ field, what, value string }

// checkText refuses texts over MaxText bytes, invalid UTF-8 and control
// characters (a name is one line): the first refused.
func checkText(texts ...stored) error {
	for _, t := range texts {
		if len(t.value) > MaxText {
			return &Error{Code: CodeTooLarge, Field: t.field, Message: t.what + " is too long (at most " + itoa(MaxText) + " bytes)."}
		}
		if !utf8.ValidString(t.value) || strings.ContainsFunc(t.value, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return invalid(t.field, t.what+" holds a control character or invalid text.")
		}
	}
	return nil
}

// checkSecretSize refuses secrets over MaxSecret bytes: the first refused.
func checkSecretSize(secrets ...stored) error {
	for _, t := range secrets {
		if len(t.value) > MaxSecret {
			return &Error{Code: CodeTooLarge, Field: t.field, Message: t.what + " is too long (at most " + itoa(MaxSecret) + " bytes)."}
		}
	}
	return nil
}

func (s *Server) validate() error {
	if err := checkText(stored{"name", "The server's name", s.Name}, stored{"address", "The server's address", s.Address}); err != nil {
		return err
	}
	if strings.TrimSpace(s.Address) == "" {
		return invalid("address", "Type the server's address.")
	}
	if s.BaseURL != "" {
		a, err := endpoint.Parse(s.BaseURL)
		if err != nil {
			return invalid("baseURL", "The server's WHM address: "+errcode.Message(err))
		}
		if !a.Secure() {
			return invalid("baseURL", "Use an https address: panelkey does not send credentials over plain-text http.")
		}
	}
	if len(s.Tags) > MaxTags {
		return invalid("tags", fmt.Sprintf("A server has at most %d tags.", MaxTags))
	}
	for _, t := range s.Tags {
		if !ValidTag(t) {
			return invalid("tags", "A tag is up to 32 lower-case letters, digits, and . _ : -.")
		}
	}
	return s.WHM.validate()
}

// MaxTags is the most tags a server has.
const MaxTags = 32

// ValidTag reports whether t is a tag: 1 to 32 lower-case letters, digits,
// and . _ : - (no space: the search reads tag:NAME as one word).
func ValidTag(t string) bool {
	if t == "" || len(t) > 32 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

func (w *WHM) validate() error {
	if err := checkText(stored{"whm.user", "The WHM user", w.User}); err != nil {
		return err
	}
	if err := checkSecretSize(stored{"whm.token", "The WHM API token", w.Token}, stored{"whm.password", "The WHM password", w.Password},
		stored{"whm.accessHash", "The access hash", w.AccessHash}); err != nil {
		return err
	}
	if w.Token == "" && w.Password == "" && w.AccessHash == "" {
		return w.TOTP.validate("whm.totp", "WHM two-factor secret")
	}
	if w.User == "" {
		return invalid("whm.user", "Type the WHM user (root, or the reseller's user name) for these credentials.")
	}
	for _, c := range []struct {
		field, what, secret string
		header              func(user, secret string) (authheader.Result, error)
	}{
		{"whm.token", "WHM API token", w.Token, authheader.WHMToken},
		{"whm.password", "WHM password", w.Password, authheader.Basic},
		{"whm.accessHash", "Access hash", w.AccessHash, authheader.AccessHash},
	} {
		if err := checkHeader(c.field, c.what, w.User, c.secret, c.header); err != nil {
			return err
		}
	}
	return w.TOTP.validate("whm.totp", "WHM two-factor secret")
}

// checkHeader checks a stored credential (none: nothing to check) in the
// header it will travel in, header being authheader's builder for it: a
// credential that cannot be sent is refused when it is saved, not at the
// first login.
func checkHeader(field, what, user, secret string, header func(user, secret string) (authheader.Result, error)) error {
	if secret == "" {
		return nil
	}
	if _, err := header(user, secret); err != nil {
		return invalid(field, what+": "+errcode.Message(err))
	}
	return nil
}

func (t *TOTP) validate(field, what string) error {
	if t == nil {
		return nil
	}
	return checkOTP(field, what, t.Secret, t.Algorithm, t.Digits, t.Period)
}

func checkOTP(field, what, secret, algorithm string, digits, period int) error {
	if _, err := totp.NormalizeSecret(secret); err != nil {
		return invalid(field, what+": "+errcode.Message(err))
	}
	if _, err := (totp.Options{Algorithm: totp.Algorithm(algorithm), Digits: digits, Period: period}).Normalize(); err != nil {
		return invalid(field, what+": "+errcode.Message(err))
	}
	return nil
}

func (a *Account) validate() error {
	if err := checkText(stored{"user", "The cPanel user", a.User}, stored{"domain", "The domain", a.Domain}, stored{"owner", "The owner", a.Owner}); err != nil {
		return err
	}
	if strings.TrimSpace(a.User) == "" {
		return invalid("user", "Type the cPanel user name.")
	}
	if err := checkSecretSize(stored{"password", "The cPanel password", a.Password}, stored{"apiToken", "The cPanel API token", a.APIToken}); err != nil {
		return err
	}
	if err := checkHeader("password", "cPanel password", a.User, a.Password, authheader.Basic); err != nil {
		return err
	}
	if err := checkHeader("apiToken", "cPanel API token", a.User, a.APIToken, authheader.CPanelToken); err != nil {
		return err
	}
	if err := a.TOTP.validate("totp", "Two-factor secret"); err != nil {
		return err
	}
	if a.Favourite != "" {
		if _, err := deeplink.Favourite(a.Favourite); err != nil {
			return invalid("favourite", "The favourite page is not one panelkey knows.")
		}
	}
	seen := map[string]bool{}
	for _, m := range a.Mailboxes {
		if err := checkText(stored{"mailboxes", "A mailbox address", m.Email}); err != nil {
			return err
		}
		if err := checkSecretSize(stored{"mailboxes", "A mailbox password", m.Password}); err != nil {
			return err
		}
		if !strings.Contains(m.Email, "@") {
			return invalid("mailboxes", "Mailbox "+m.Email+": type the whole address, e.g. info@"+a.Domain+".")
		}
		if seen[strings.ToLower(m.Email)] {
			return &Error{Code: CodeDuplicate, Field: "mailboxes", Message: "The mailbox " + m.Email + " is listed twice."}
		}
		seen[strings.ToLower(m.Email)] = true
	}
	return nil
}

func (a *Authenticator) validate() error {
	if err := checkText(stored{"issuer", "The issuer", a.Issuer}, stored{"account", "The account name", a.Account}); err != nil {
		return err
	}
	switch a.Type {
	case "", TypeTOTP:
		if a.Counter != 0 {
			return invalid("counter", "A time-based authenticator has no counter.")
		}
	case TypeHOTP:
		if a.Period != 0 {
			return invalid("period", "A counter-based authenticator has no period.")
		}
		if a.Counter < 0 || a.Counter > MaxCounter {
			return invalid("counter", "The counter must be a whole number from 0 to "+strconv.FormatInt(MaxCounter, 10)+".")
		}
	default:
		return invalid("type", "An authenticator is time-based (totp) or counter-based (hotp).")
	}
	return checkOTP("secret", "Two-factor secret", a.Secret, a.Algorithm, a.Digits, a.Period)
}

func (h *HistoryEntry) validate() error {
	q := &h.Form
	if q.ServerID == "" {
		return invalid("form.serverId", "A history entry names its server.")
	}
	for _, s := range []string{h.ID, h.Outcome, q.ServerID, q.AccountID, q.Service, q.Family, q.Module, q.Function, q.Auth, q.Method} {
		if err := checkText(stored{"form", "A history entry", s}); err != nil {
			return err
		}
	}
	size := 0
	for _, a := range q.Args {
		size += len(a[0]) + len(a[1])
	}
	if size > MaxSecret || len(q.Args) > 256 {
		return &Error{Code: CodeTooLarge, Field: "form.args", Message: "The request's arguments are too large to keep in the history."}
	}
	return nil
}

var itoa = strconv.Itoa
