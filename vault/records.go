package vault

import (
	"strconv"

	"github.com/panelkey/panelkey/jsonscan"
)

// The vault's records as both encodings carry them (see fields.go): each
// table lists a record's members in the order they are written. A member
// with an omit is written only when set, so a record stays as the version
// that wrote it left it.

var settingsFields = &members[*Settings]{
	extra: func(s *Settings) *Extra { return &s.Extra },
	list: []member[*Settings]{
		{name: "autoLockMinutes", num: func(s *Settings) *int { return &s.AutoLockMinutes },
			omit: func(s *Settings) bool { return s.AutoLockMinutes == 0 }},
	},
}

var serverFields = &members[*Server]{
	extra: func(s *Server) *Extra { return &s.Extra },
	list: []member[*Server]{
		{name: "id", text: func(s *Server) *string { return &s.ID }},
		{name: "name", text: func(s *Server) *string { return &s.Name }},
		{name: "address", text: func(s *Server) *string { return &s.Address }},
		{name: "baseURL", text: func(s *Server) *string { return &s.BaseURL }},
		{name: "tags", read: func(f *field, s *Server) error { return f.strings(&s.Tags) },
			write: func(b []byte, s *Server) []byte { return appendTexts(b, s.Tags) },
			omit:  func(s *Server) bool { return len(s.Tags) == 0 }},
		{name: "whm", read: func(f *field, s *Server) error {
			return f.object(func(r *jsonscan.Reader) error { return decodeWHM(r, &s.WHM) })
		},
			write: func(b []byte, s *Server) []byte { return whmFields.append(b, &s.WHM) }},
		{name: "accountsFetchedAt", num64: func(s *Server) *int64 { return &s.AccountsFetchedAt }},
	},
	nestedBefore: "accountsFetchedAt", // accounts (the document) or pages (the meta chunk)
}

var whmFields = &members[*WHM]{
	extra: func(w *WHM) *Extra { return &w.Extra },
	list: []member[*WHM]{
		{name: "user", text: func(w *WHM) *string { return &w.User }},
		{name: "token", text: func(w *WHM) *string { return &w.Token }},
		{name: "password", text: func(w *WHM) *string { return &w.Password }},
		{name: "accessHash", text: func(w *WHM) *string { return &w.AccessHash }},
		{name: "totp", read: func(f *field, w *WHM) error { return readTOTP(f, &w.TOTP) },
			write: func(b []byte, w *WHM) []byte { return appendTOTP(b, w.TOTP) }},
	},
}

var accountFields = &members[*Account]{
	extra: func(a *Account) *Extra { return &a.Extra },
	list: []member[*Account]{
		{name: "id", text: func(a *Account) *string { return &a.ID }},
		{name: "user", text: func(a *Account) *string { return &a.User }},
		{name: "domain", text: func(a *Account) *string { return &a.Domain }},
		{name: "owner", text: func(a *Account) *string { return &a.Owner }},
		{name: "suspended", flag: func(a *Account) *bool { return &a.Suspended }},
		{name: "missing", flag: func(a *Account) *bool { return &a.Missing },
			omit: func(a *Account) bool { return !a.Missing }},
		{name: "password", text: func(a *Account) *string { return &a.Password }},
		{name: "apiToken", text: func(a *Account) *string { return &a.APIToken }},
		{name: "totp", read: func(f *field, a *Account) error { return readTOTP(f, &a.TOTP) },
			write: func(b []byte, a *Account) []byte { return appendTOTP(b, a.TOTP) }},
		{name: "mailboxes", read: func(f *field, a *Account) error { return list(f, &a.Mailboxes, decodeMailbox) },
			write: func(b []byte, a *Account) []byte { return appendList(b, nonNil(a.Mailboxes), appendMailbox) }},
		{name: "favourite", text: func(a *Account) *string { return &a.Favourite },
			omit: func(a *Account) bool { return a.Favourite == "" }},
	},
}

var mailboxFields = &members[*Mailbox]{
	extra: func(m *Mailbox) *Extra { return &m.Extra },
	list: []member[*Mailbox]{
		{name: "email", text: func(m *Mailbox) *string { return &m.Email }},
		{name: "password", text: func(m *Mailbox) *string { return &m.Password }},
	},
}

func decodeMailbox(r *jsonscan.Reader, m *Mailbox) error { return mailboxFields.decode(r, m) }
func appendMailbox(b []byte, m *Mailbox) []byte          { return mailboxFields.append(b, m) }

// totpFields: a 2FA secret's parameters are written only when set (zero
// values are cPanel's).
var totpFields = &members[*TOTP]{
	extra: func(t *TOTP) *Extra { return &t.Extra },
	list: []member[*TOTP]{
		{name: "secret", text: func(t *TOTP) *string { return &t.Secret }},
		{name: "algorithm", text: func(t *TOTP) *string { return &t.Algorithm },
			omit: func(t *TOTP) bool { return t.Algorithm == "" }},
		{name: "digits", num: func(t *TOTP) *int { return &t.Digits },
			omit: func(t *TOTP) bool { return t.Digits == 0 }},
		{name: "period", num: func(t *TOTP) *int { return &t.Period },
			omit: func(t *TOTP) bool { return t.Period == 0 }},
	},
}

// readTOTP reads a 2FA secret: nil for null, else a new TOTP.
func readTOTP(f *field, p **TOTP) error {
	return f.object(func(r *jsonscan.Reader) error {
		if r.Null() {
			*p = nil
			return nil
		}
		t := new(TOTP)
		if err := totpFields.decode(r, t); err != nil {
			return err
		}
		*p = t
		return nil
	})
}

func appendTOTP(b []byte, t *TOTP) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	return totpFields.append(b, t)
}

// authenticatorFields: the members after the secret are written only when
// set, so a TOTP entry stays as format 1 wrote it; a HOTP entry's counter
// always.
var authenticatorFields = &members[*Authenticator]{
	extra: func(a *Authenticator) *Extra { return &a.Extra },
	list: []member[*Authenticator]{
		{name: "id", text: func(a *Authenticator) *string { return &a.ID }},
		{name: "issuer", text: func(a *Authenticator) *string { return &a.Issuer }},
		{name: "account", text: func(a *Authenticator) *string { return &a.Account }},
		{name: "secret", text: func(a *Authenticator) *string { return &a.Secret }},
		{name: "algorithm", text: func(a *Authenticator) *string { return &a.Algorithm },
			omit: func(a *Authenticator) bool { return a.Algorithm == "" }},
		{name: "digits", num: func(a *Authenticator) *int { return &a.Digits },
			omit: func(a *Authenticator) bool { return a.Digits == 0 }},
		{name: "period", num: func(a *Authenticator) *int { return &a.Period },
			omit: func(a *Authenticator) bool { return a.Period == 0 }},
		{name: "type", text: func(a *Authenticator) *string { return &a.Type },
			omit: func(a *Authenticator) bool { return a.Type == "" }},
		{name: "counter", num64: func(a *Authenticator) *int64 { return &a.Counter },
			omit: func(a *Authenticator) bool { return !a.IsHOTP() && a.Counter == 0 }},
		{name: "pinned", flag: func(a *Authenticator) *bool { return &a.Pinned },
			omit: func(a *Authenticator) bool { return !a.Pinned }},
	},
}

var historyFields = &members[*HistoryEntry]{
	extra: func(h *HistoryEntry) *Extra { return &h.Extra },
	list: []member[*HistoryEntry]{
		{name: "id", text: func(h *HistoryEntry) *string { return &h.ID }},
		{name: "at", num64: func(h *HistoryEntry) *int64 { return &h.At }},
		{name: "form", read: func(f *field, h *HistoryEntry) error {
			return f.object(func(r *jsonscan.Reader) error { return requestFields.decode(r, &h.Form) })
		},
			write: func(b []byte, h *HistoryEntry) []byte { return requestFields.append(b, &h.Form) }},
		{name: "status", num: func(h *HistoryEntry) *int { return &h.Status }},
		{name: "ms", num64: func(h *HistoryEntry) *int64 { return &h.MS }},
		{name: "outcome", text: func(h *HistoryEntry) *string { return &h.Outcome }},
	},
}

var requestFields = &members[*Request]{
	extra: func(q *Request) *Extra { return &q.Extra },
	list: []member[*Request]{
		{name: "serverId", text: func(q *Request) *string { return &q.ServerID }},
		{name: "accountId", text: func(q *Request) *string { return &q.AccountID },
			omit: func(q *Request) bool { return q.AccountID == "" }},
		{name: "service", text: func(q *Request) *string { return &q.Service },
			omit: func(q *Request) bool { return q.Service == "" }},
		{name: "family", text: func(q *Request) *string { return &q.Family }},
		{name: "module", text: func(q *Request) *string { return &q.Module },
			omit: func(q *Request) bool { return q.Module == "" }},
		{name: "function", text: func(q *Request) *string { return &q.Function }},
		{name: "args", read: func(f *field, q *Request) error { return small(f, &q.Args, parseArgs) },
			write: func(b []byte, q *Request) []byte { return appendList(b, q.Args, appendArg) },
			omit:  func(q *Request) bool { return len(q.Args) == 0 }},
		{name: "auth", text: func(q *Request) *string { return &q.Auth }},
		{name: "method", text: func(q *Request) *string { return &q.Method },
			omit: func(q *Request) bool { return q.Method == "" }},
		{name: "withheld", read: func(f *field, q *Request) error { return small(f, &q.Withheld, parseInts) },
			write: func(b []byte, q *Request) []byte { return appendList(b, q.Withheld, appendIndex) },
			omit:  func(q *Request) bool { return len(q.Withheld) == 0 }},
	},
}

// appendTexts writes a list of strings.
func appendTexts(b []byte, texts []string) []byte {
	return appendList(b, texts, func(b []byte, t *string) []byte { return appendString(b, *t) })
}

// appendArg writes an argument, ["name","value"].
func appendArg(b []byte, pair *[2]string) []byte {
	b = append(b, '[')
	b = appendString(b, pair[0])
	b = append(b, ',')
	b = appendString(b, pair[1])
	return append(b, ']')
}

func appendIndex(b []byte, n *int) []byte { return strconv.AppendInt(b, int64(*n), 10) }

// pageRefFields is a page as the meta chunk lists it: its id and its figures
// (a reference keeps no unknown members).
var pageRefFields = &members[*Page]{
	list: []member[*Page]{
		{name: "id", text: func(p *Page) *string { return &p.ID }},
		{name: "accounts", num: func(p *Page) *int { return &p.count }},
		{name: "rows", num: func(p *Page) *int { return &p.rows }},
	},
}

// listedFields is an account as WHM's list gives it (MergeAccounts): the
// members it sets on the stored account.
var listedFields = &members[*Listed]{
	list: []member[*Listed]{
		{name: "user", text: func(l *Listed) *string { return &l.User }},
		{name: "domain", text: func(l *Listed) *string { return &l.Domain }},
		{name: "owner", text: func(l *Listed) *string { return &l.Owner }},
		{name: "suspended", flag: func(l *Listed) *bool { return &l.Suspended }},
	},
}

// The members update edits may set, in the order they write them.
var (
	serverUpdate = &options[*UpdateServer, *Server]{
		record: serverFields,
		fresh:  func() *Server { return new(Server) },
		list: []option[*UpdateServer, *Server]{
			{"name", func(e *UpdateServer, s *Server, in bool) bool { return bind(&e.Name, &s.Name, in) }},
			{"address", func(e *UpdateServer, s *Server, in bool) bool { return bind(&e.Address, &s.Address, in) }},
			{"baseURL", func(e *UpdateServer, s *Server, in bool) bool { return bind(&e.BaseURL, &s.BaseURL, in) }},
			{"tags", func(e *UpdateServer, s *Server, in bool) bool { return bind(&e.Tags, &s.Tags, in) }},
			{"whm", func(e *UpdateServer, s *Server, in bool) bool { return bind(&e.WHM, &s.WHM, in) }},
		},
	}
	accountUpdate = &options[*UpdateAccount, *Account]{
		record: accountFields,
		fresh:  func() *Account { return new(Account) },
		list: []option[*UpdateAccount, *Account]{
			{"user", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.User, &a.User, in) }},
			{"domain", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.Domain, &a.Domain, in) }},
			{"password", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.Password, &a.Password, in) }},
			{"apiToken", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.APIToken, &a.APIToken, in) }},
			{"totp", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.TOTP, &a.TOTP, in) }},
			{"mailboxes", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.Mailboxes, &a.Mailboxes, in) }},
			{"favourite", func(e *UpdateAccount, a *Account, in bool) bool { return bind(&e.Favourite, &a.Favourite, in) }},
		},
	}
	authenticatorUpdate = &options[*UpdateAuthenticator, *Authenticator]{
		record: authenticatorFields,
		fresh:  func() *Authenticator { return new(Authenticator) },
		list: []option[*UpdateAuthenticator, *Authenticator]{
			{"issuer", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Issuer, &a.Issuer, in) }},
			{"account", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Account, &a.Account, in) }},
			{"secret", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Secret, &a.Secret, in) }},
			{"algorithm", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool {
				return bind(&e.Algorithm, &a.Algorithm, in)
			}},
			{"type", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Type, &a.Type, in) }},
			{"digits", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Digits, &a.Digits, in) }},
			{"period", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Period, &a.Period, in) }},
			{"counter", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Counter, &a.Counter, in) }},
			{"pinned", func(e *UpdateAuthenticator, a *Authenticator, in bool) bool { return bind(&e.Pinned, &a.Pinned, in) }},
		},
	}
)
