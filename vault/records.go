package vault

import (
	"strconv"

	"github.com/panelkey/panelkey/jsonscan"
)

// The vault's records as both encodings carry them (see fields.go): each
// table lists a record's members in the order they are written. A member
// marked omitZero is written only when set, so a record stays as the version
// that wrote it left it.

var settingsFields = record(func(s *Settings) *Extra { return &s.Extra }, func() []memberMaker[Settings] {
	return []memberMaker[Settings]{
		the("autoLockMinutes", intKind, func(s *Settings) *int { return &s.AutoLockMinutes }).omitZero(),
	}
})

var serverFields = record(func(s *Server) *Extra { return &s.Extra }, func() []memberMaker[Server] {
	return []memberMaker[Server]{
		the("id", textKind, func(s *Server) *string { return &s.ID }),
		the("name", textKind, func(s *Server) *string { return &s.Name }),
		the("address", textKind, func(s *Server) *string { return &s.Address }),
		the("baseURL", textKind, func(s *Server) *string { return &s.BaseURL }),
		the("tags", textsKind, func(s *Server) *[]string { return &s.Tags }).omitZero(),
		the("whm", objectKind(decodeWHM, whmFields.append), func(s *Server) *WHM { return &s.WHM }),
		the("accountsFetchedAt", int64Kind, func(s *Server) *int64 { return &s.AccountsFetchedAt }),
	}
}).nestedBefore("accountsFetchedAt") // accounts (the document) or pages (the meta chunk)

var whmFields = record(func(w *WHM) *Extra { return &w.Extra }, func() []memberMaker[WHM] {
	return []memberMaker[WHM]{
		the("user", textKind, func(w *WHM) *string { return &w.User }),
		the("token", textKind, func(w *WHM) *string { return &w.Token }),
		the("password", textKind, func(w *WHM) *string { return &w.Password }),
		the("accessHash", textKind, func(w *WHM) *string { return &w.AccessHash }),
		the("totp", totpKind, func(w *WHM) **TOTP { return &w.TOTP }),
	}
})

var accountFields = record(func(a *Account) *Extra { return &a.Extra }, func() []memberMaker[Account] {
	return []memberMaker[Account]{
		the("id", textKind, func(a *Account) *string { return &a.ID }),
		the("user", textKind, func(a *Account) *string { return &a.User }),
		the("domain", textKind, func(a *Account) *string { return &a.Domain }),
		the("owner", textKind, func(a *Account) *string { return &a.Owner }),
		the("suspended", boolKind, func(a *Account) *bool { return &a.Suspended }),
		the("missing", boolKind, func(a *Account) *bool { return &a.Missing }).omitZero(),
		the("password", textKind, func(a *Account) *string { return &a.Password }),
		the("apiToken", textKind, func(a *Account) *string { return &a.APIToken }),
		the("totp", totpKind, func(a *Account) **TOTP { return &a.TOTP }),
		the("mailboxes", listKind(mailboxFields.decode, mailboxFields.append), func(a *Account) *[]Mailbox { return &a.Mailboxes }),
		the("favourite", textKind, func(a *Account) *string { return &a.Favourite }).omitZero(),
	}
})

var mailboxFields = record(func(m *Mailbox) *Extra { return &m.Extra }, func() []memberMaker[Mailbox] {
	return []memberMaker[Mailbox]{
		the("email", textKind, func(m *Mailbox) *string { return &m.Email }),
		the("password", textKind, func(m *Mailbox) *string { return &m.Password }),
	}
})

// totpKind is a 2FA secret: null when there is none.
var totpKind = objectKind(decodeTOTP, func(b []byte, p **TOTP) []byte {
	if *p == nil {
		return append(b, "null"...)
	}
	return totpFields.append(b, *p)
})

// decodeTOTP reads a *TOTP: nil for null, else a new TOTP.
func decodeTOTP(r *jsonscan.Reader, p **TOTP) error {
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
}

var totpFields = record(func(t *TOTP) *Extra { return &t.Extra }, func() []memberMaker[TOTP] {
	return []memberMaker[TOTP]{
		the("secret", textKind, func(t *TOTP) *string { return &t.Secret }),
		the("algorithm", textKind, func(t *TOTP) *string { return &t.Algorithm }).omitZero(),
		the("digits", intKind, func(t *TOTP) *int { return &t.Digits }).omitZero(),
		the("period", intKind, func(t *TOTP) *int { return &t.Period }).omitZero(),
	}
})

// authenticatorFields: the members after the secret are written only when
// set, so a TOTP entry stays as format 1 wrote it; a HOTP entry's counter
// always.
var authenticatorFields = record(func(a *Authenticator) *Extra { return &a.Extra }, func() []memberMaker[Authenticator] {
	return []memberMaker[Authenticator]{
		the("id", textKind, func(a *Authenticator) *string { return &a.ID }),
		the("issuer", textKind, func(a *Authenticator) *string { return &a.Issuer }),
		the("account", textKind, func(a *Authenticator) *string { return &a.Account }),
		the("secret", textKind, func(a *Authenticator) *string { return &a.Secret }),
		the("algorithm", textKind, func(a *Authenticator) *string { return &a.Algorithm }).omitZero(),
		the("digits", intKind, func(a *Authenticator) *int { return &a.Digits }).omitZero(),
		the("period", intKind, func(a *Authenticator) *int { return &a.Period }).omitZero(),
		the("type", textKind, func(a *Authenticator) *string { return &a.Type }).omitZero(),
		the("counter", int64Kind, func(a *Authenticator) *int64 { return &a.Counter }).
			omitWhen(func(a *Authenticator) bool { return !a.IsHOTP() && a.Counter == 0 }),
		the("pinned", boolKind, func(a *Authenticator) *bool { return &a.Pinned }).omitZero(),
	}
})

var historyFields = record(func(h *HistoryEntry) *Extra { return &h.Extra }, func() []memberMaker[HistoryEntry] {
	return []memberMaker[HistoryEntry]{
		the("id", textKind, func(h *HistoryEntry) *string { return &h.ID }),
		the("at", int64Kind, func(h *HistoryEntry) *int64 { return &h.At }),
		the("form", objectKind(requestFields.decode, requestFields.append), func(h *HistoryEntry) *Request { return &h.Form }),
		the("status", intKind, func(h *HistoryEntry) *int { return &h.Status }),
		the("ms", int64Kind, func(h *HistoryEntry) *int64 { return &h.MS }),
		the("outcome", textKind, func(h *HistoryEntry) *string { return &h.Outcome }),
	}
})

var requestFields = record(func(q *Request) *Extra { return &q.Extra }, func() []memberMaker[Request] {
	return []memberMaker[Request]{
		the("serverId", textKind, func(q *Request) *string { return &q.ServerID }),
		the("accountId", textKind, func(q *Request) *string { return &q.AccountID }).omitZero(),
		the("service", textKind, func(q *Request) *string { return &q.Service }).omitZero(),
		the("family", textKind, func(q *Request) *string { return &q.Family }),
		the("module", textKind, func(q *Request) *string { return &q.Module }).omitZero(),
		the("function", textKind, func(q *Request) *string { return &q.Function }),
		the("args", argsKind, func(q *Request) *[][2]string { return &q.Args }).omitZero(),
		the("auth", textKind, func(q *Request) *string { return &q.Auth }),
		the("method", textKind, func(q *Request) *string { return &q.Method }).omitZero(),
		the("withheld", indexesKind, func(q *Request) *[]int { return &q.Withheld }).omitZero(),
	}
})

// argsKind is a request's arguments, [["name","value"], …].
var argsKind = kind[[][2]string]{
	read: func(f *field, p *[][2]string) error { return small(f, p, parseArgs) },
	write: func(b []byte, p *[][2]string) []byte {
		return appendList(b, *p, func(b []byte, pair *[2]string) []byte {
			b = append(b, '[')
			b = appendString(b, pair[0])
			b = append(b, ',')
			b = appendString(b, pair[1])
			return append(b, ']')
		})
	},
	zero: func(p *[][2]string) bool { return len(*p) == 0 },
}

// indexesKind is a list of indexes, [0, 3, …].
var indexesKind = kind[[]int]{
	read: func(f *field, p *[]int) error { return small(f, p, parseInts) },
	write: func(b []byte, p *[]int) []byte {
		return appendList(b, *p, func(b []byte, n *int) []byte { return strconv.AppendInt(b, int64(*n), 10) })
	},
	zero: func(p *[]int) bool { return len(*p) == 0 },
}

// pageRefFields is a page as the meta chunk lists it: its id and its figures
// (a reference keeps no unknown members).
var pageRefFields = record(nil, func() []memberMaker[Page] {
	return []memberMaker[Page]{
		the("id", textKind, func(p *Page) *string { return &p.ID }),
		the("accounts", intKind, func(p *Page) *int { return &p.count }),
		the("rows", intKind, func(p *Page) *int { return &p.rows }),
	}
})

// listedFields is an account as WHM's list gives it (MergeAccounts): the
// members it sets on the stored account.
var listedFields = record(nil, func() []memberMaker[Listed] {
	return []memberMaker[Listed]{
		the("user", textKind, func(l *Listed) *string { return &l.User }),
		the("domain", textKind, func(l *Listed) *string { return &l.Domain }),
		the("owner", textKind, func(l *Listed) *string { return &l.Owner }),
		the("suspended", boolKind, func(l *Listed) *bool { return &l.Suspended }),
	}
})

// The members update edits may set, in the order they write them.
var (
	serverUpdate = update(serverFields, func() []option[UpdateServer, Server] {
		return []option[UpdateServer, Server]{
			set(serverFields, "name", func(e *UpdateServer) **string { return &e.Name }),
			set(serverFields, "address", func(e *UpdateServer) **string { return &e.Address }),
			set(serverFields, "baseURL", func(e *UpdateServer) **string { return &e.BaseURL }),
			set(serverFields, "tags", func(e *UpdateServer) **[]string { return &e.Tags }),
			set(serverFields, "whm", func(e *UpdateServer) **WHM { return &e.WHM }),
		}
	})
	accountUpdate = update(accountFields, func() []option[UpdateAccount, Account] {
		return []option[UpdateAccount, Account]{
			set(accountFields, "user", func(e *UpdateAccount) **string { return &e.User }),
			set(accountFields, "domain", func(e *UpdateAccount) **string { return &e.Domain }),
			set(accountFields, "password", func(e *UpdateAccount) **string { return &e.Password }),
			set(accountFields, "apiToken", func(e *UpdateAccount) **string { return &e.APIToken }),
			set(accountFields, "totp", func(e *UpdateAccount) ***TOTP { return &e.TOTP }),
			set(accountFields, "mailboxes", func(e *UpdateAccount) **[]Mailbox { return &e.Mailboxes }),
			set(accountFields, "favourite", func(e *UpdateAccount) **string { return &e.Favourite }),
		}
	})
	authenticatorUpdate = update(authenticatorFields, func() []option[UpdateAuthenticator, Authenticator] {
		return []option[UpdateAuthenticator, Authenticator]{
			set(authenticatorFields, "issuer", func(e *UpdateAuthenticator) **string { return &e.Issuer }),
			set(authenticatorFields, "account", func(e *UpdateAuthenticator) **string { return &e.Account }),
			set(authenticatorFields, "secret", func(e *UpdateAuthenticator) **string { return &e.Secret }),
			set(authenticatorFields, "algorithm", func(e *UpdateAuthenticator) **string { return &e.Algorithm }),
			set(authenticatorFields, "type", func(e *UpdateAuthenticator) **string { return &e.Type }),
			set(authenticatorFields, "digits", func(e *UpdateAuthenticator) **int { return &e.Digits }),
			set(authenticatorFields, "period", func(e *UpdateAuthenticator) **int { return &e.Period }),
			set(authenticatorFields, "counter", func(e *UpdateAuthenticator) **int64 { return &e.Counter }),
			set(authenticatorFields, "pinned", func(e *UpdateAuthenticator) **bool { return &e.Pinned }),
		}
	})
)
