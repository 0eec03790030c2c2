package ui

import (
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/vault"
)

// Kind is what a popup row stands for.
type Kind string

// Row kinds.
const (
	KindServer        Kind = "server"
	KindAccount       Kind = "account"
	KindMailbox       Kind = "mailbox"
	KindAuthenticator Kind = "authenticator"
)

// Services a row can open, as the worker's login message names them.
const (
	ServiceCPanel  = "cpanel"
	ServiceWebmail = "webmail"
	ServiceWHM     = "whm"
)

// ServiceTitle is a service's name as users know it.
func ServiceTitle(service string) string {
	switch service {
	case ServiceWHM:
		return "WHM"
	case ServiceWebmail:
		return "Webmail"
	}
	return "cPanel"
}

// Login methods of the worker's login message.
const (
	MethodToken    = "token"
	MethodPassword = "password"
)

// Button is one one-click login of a row.
type Button struct {
	Service string // ServiceCPanel, ServiceWebmail or ServiceWHM
	Label   string // the service's name (not translated)
	Method  string // MethodToken or MethodPassword; "" when no stored credential allows this login
	Why     string // when Method is "": the catalog key of what to store to enable it
}

// Row is one line of the popup list.
type Row struct {
	// ID is the vault id of the entity: server, account or authenticator
	// id; for a mailbox, the account id, "/" and the address.
	ID        string
	Kind      Kind
	ServerID  string
	AccountID string
	Mailbox   string
	Title     string
	Detail    string // the row's data under its title (user · server); List.HTML adds the words
	Suspended bool   // an account WHM lists as suspended
	Missing   bool   // an account WHM no longer lists, kept for its saved credentials
	Buttons   []Button
	// OTP is the row's two-factor secret, nil when it has none.
	OTP *vault.TOTP
	// HOTP: the row's secret is counter-based; Counter is the count of its
	// next code, which the row shows only when asked (each code once).
	HOTP    bool
	Counter int64
	// Pinned: an authenticator the user pinned, listed first.
	Pinned bool
	// Creds are the stored credentials its logins can use (its menu's);
	// Favourite is an account's favourite page (deeplink's id).
	Creds     Creds
	Favourite string
	// Key is the lower-cased text the search matches, fields separated by
	// FieldSep.
	Key string
}

// FieldSep separates the searchable fields of a Row's Key.
const FieldSep = "\x1f"

// DefaultButton returns the button Enter presses: WHM for servers, cPanel
// for accounts, Webmail for mailboxes; ok is false when that button cannot log
// in or the row has none.
func (r *Row) DefaultButton() (Button, bool) {
	want := ServiceCPanel
	switch r.Kind {
	case KindServer:
		want = ServiceWHM
	case KindMailbox:
		want = ServiceWebmail
	}
	for _, b := range r.Buttons {
		if b.Service == want {
			return b, b.Method != ""
		}
	}
	return Button{}, false
}

// Login is the worker's login message for a button of a row.
type Login struct {
	ServerID  string
	AccountID string
	Mailbox   string
	Service   string
	Method    string
}

// LoginFor returns the login message for the row's button for service; ok is
// false when the row has no usable button for it.
func (r *Row) LoginFor(service string) (Login, bool) {
	for _, b := range r.Buttons {
		if b.Service == service && b.Method != "" {
			return Login{ServerID: r.ServerID, AccountID: r.AccountID, Mailbox: r.Mailbox, Service: service, Method: b.Method}, true
		}
	}
	return Login{}, false
}

// Rows lists the vault as popup rows: the pinned authenticators, each server
// followed by its accounts (each followed by its mailboxes), then the other
// standalone authenticators, each group in the vault's order.
func Rows(v *vault.Vault) []Row {
	n := RowCount(v)
	return firstRows(v, n, n)
}

// RowCount is len(Rows(v)) once every chunk is loaded, counted without
// building the rows: from the pages' sizes, loaded or not, and the
// authenticators loaded.
func RowCount(v *vault.Vault) int {
	if v == nil {
		return 0
	}
	n := len(v.Authenticators)
	for i := range v.Servers {
		n++
		for j := range v.Servers[i].Pages {
			n += v.Servers[i].Pages[j].Rows()
		}
	}
	return n
}

// FirstRows is Rows(v)[:n] (all of them when there are fewer), built
// without the rows after them: the popup shows the first ones of a large
// vault before it decrypts and builds the rest for the search (building a
// row's text is most of the cost). It stops early at a page of accounts not
// loaded (vault.FirstChunks lists what n rows need).
func FirstRows(v *vault.Vault, n int) []Row { return firstRows(v, n, RowCount(v)) }

// firstRows is FirstRows for a vault of count rows.
func firstRows(v *vault.Vault, n, count int) []Row {
	n = min(n, count)
	if n <= 0 {
		return nil
	}
	rows := make([]Row, 0, n)
	full := func() bool { return len(rows) == n }
	for i := range v.Authenticators {
		if a := &v.Authenticators[i]; a.Pinned {
			if rows = append(rows, authenticatorRow(a)); full() {
				return rows
			}
		}
	}
	for i := range v.Servers {
		s := &v.Servers[i]
		if rows = append(rows, serverRow(s)); full() {
			return rows
		}
		for j := range s.Pages {
			p := &s.Pages[j]
			if !p.Loaded {
				return rows
			}
			for k := range p.Accounts {
				a := &p.Accounts[k]
				if rows = append(rows, accountRow(s, a)); full() {
					return rows
				}
				for m := range a.Mailboxes {
					if rows = append(rows, mailboxRow(s, a, a.Mailboxes[m])); full() {
						return rows
					}
				}
			}
		}
	}
	for i := range v.Authenticators {
		if a := &v.Authenticators[i]; !a.Pinned {
			if rows = append(rows, authenticatorRow(a)); full() {
				return rows
			}
		}
	}
	return rows
}

// ServerLabel is how a server is named to people: its name, else its
// address.
func ServerLabel(s *vault.Server) string {
	if s.Name != "" {
		return s.Name
	}
	if s.Address != "" {
		return s.Address
	}
	return s.BaseURL
}

// whmMethod is how the worker can log in through WHM on s: a WHM API token
// creates sessions for any account (create_user_session); a password logs
// in as the WHM user only. The worker does not sign in with an access hash.
func whmMethod(s *vault.Server) (token bool, password bool) {
	return s.WHM.Token != "", s.WHM.Password != ""
}

func serverRow(s *vault.Server) Row {
	token, password := whmMethod(s)
	m := ""
	switch {
	case token:
		m = MethodToken
	case password:
		m = MethodPassword
	}
	why := locale.Key("whyServer")
	user := s.WHM.User
	detail := s.BaseURL
	if user != "" {
		detail = user + " · " + detail
	}
	r := Row{
		ID:       s.ID,
		Kind:     KindServer,
		ServerID: s.ID,
		Title:    ServerLabel(s),
		Detail:   detail,
		Buttons:  []Button{button(ServiceWHM, m, why)},
		OTP:      s.WHM.TOTP,
	}
	// A reseller has a cPanel account of the same name; root has only WHM
	// (create_user_session refuses root for cPanel and Webmail).
	if user != "root" {
		r.Buttons = append(r.Buttons, button(ServiceCPanel, m, why), button(ServiceWebmail, m, why))
	}
	r.Creds = serverCreds(s)
	if len(s.Tags) > 0 {
		r.Detail += " · " + strings.Join(s.Tags, ", ")
	}
	r.Key = key(append([]string{r.Title, s.Address, user, s.BaseURL}, tagFields(s)...)...)
	return r
}

// serverCreds are the server's WHM credentials as Creds.
func serverCreds(s *vault.Server) Creds {
	var c Creds
	if s.WHM.Token != "" {
		c |= CredWHMToken
	}
	if s.WHM.AccessHash != "" {
		c |= CredAccessHash
	}
	if s.WHM.Password != "" {
		c |= CredWHMPassword
	}
	if s.WHM.TOTP != nil {
		c |= CredWHMTOTP
	}
	return c
}

// tagFields are the search fields of the server's tags: tag:NAME each, and an
// empty last field, so that every one ends at a field separator (the search
// matches tag: words whole).
func tagFields(s *vault.Server) []string {
	if len(s.Tags) == 0 {
		return nil
	}
	out := make([]string, 0, len(s.Tags)+1)
	for _, t := range s.Tags {
		out = append(out, TagPrefix+t)
	}
	return append(out, "")
}

// TagPrefix starts a search word that names a server's tag (tag:prod).
const TagPrefix = "tag:"

// loginMethod is how an account's or a mailbox's buttons sign in: through
// the server's WHM token when it has one, else with the stored password, if
// any ("": no way in).
func loginMethod(s *vault.Server, password string) string {
	switch token, _ := whmMethod(s); {
	case token:
		return MethodToken
	case password != "":
		return MethodPassword
	}
	return ""
}

func accountRow(s *vault.Server, a *vault.Account) Row {
	m := loginMethod(s, a.Password)
	title := a.Domain
	if title == "" {
		title = a.User
	}
	why := locale.Key("whyAccount")
	r := Row{
		ID:        a.ID,
		Kind:      KindAccount,
		ServerID:  s.ID,
		AccountID: a.ID,
		Title:     title,
		Detail:    a.User + " · " + ServerLabel(s),
		Suspended: a.Suspended,
		Missing:   a.Missing,
		Buttons:   []Button{button(ServiceCPanel, m, why), button(ServiceWebmail, m, why)},
		OTP:       a.TOTP,
	}
	r.Creds = serverCreds(s)
	if a.Password != "" {
		r.Creds |= CredPassword
	}
	if a.TOTP != nil {
		r.Creds |= CredTOTP
	}
	if a.APIToken != "" {
		r.Creds |= CredAPIToken
	}
	r.Favourite = a.Favourite
	r.Key = key(append([]string{a.Domain, a.User, a.Owner, ServerLabel(s)}, tagFields(s)...)...)
	return r
}

func mailboxRow(s *vault.Server, a *vault.Account, mb vault.Mailbox) Row {
	m := loginMethod(s, mb.Password)
	r := Row{
		ID:        a.ID + "/" + mb.Email,
		Kind:      KindMailbox,
		ServerID:  s.ID,
		AccountID: a.ID,
		Mailbox:   mb.Email,
		Title:     mb.Email,
		Detail:    a.User + " · " + ServerLabel(s),
		Buttons:   []Button{button(ServiceWebmail, m, locale.Key("whyMailbox"))},
	}
	r.Creds = serverCreds(s)
	if mb.Password != "" {
		r.Creds |= CredPassword
	}
	if a.APIToken != "" {
		r.Creds |= CredAPIToken
	}
	r.Key = key(append([]string{mb.Email, a.User, a.Domain}, tagFields(s)...)...)
	return r
}

func authenticatorRow(t *vault.Authenticator) Row {
	title := t.Issuer
	if title == "" {
		title = t.Account
	}
	r := Row{
		ID:      t.ID,
		Kind:    KindAuthenticator,
		Title:   title,
		Detail:  t.Account,
		OTP:     &vault.TOTP{Secret: t.Secret, Algorithm: t.Algorithm, Digits: t.Digits, Period: t.Period},
		HOTP:    t.IsHOTP(),
		Counter: t.Counter,
		Pinned:  t.Pinned,
	}
	if t.Issuer == "" {
		r.Detail = ""
	}
	r.Key = key(t.Issuer, t.Account)
	return r
}

func button(service, method, why string) Button {
	b := Button{Service: service, Label: "cPanel", Method: method}
	switch service {
	case ServiceWebmail:
		b.Label = "Webmail"
	case ServiceWHM:
		b.Label = "WHM"
	}
	if method == "" {
		b.Why = why
	}
	return b
}

func key(fields ...string) string {
	return strings.ToLower(strings.Join(fields, FieldSep))
}
