package vault

import (
	"strconv"
	"unicode/utf8"
)

// objectWriter writes one JSON object: known members first (each skipped when
// extra holds a member of that name, which is then written from extra), then
// extra's members in their order.
type objectWriter struct {
	b       []byte
	n       int
	extra   Extra
	rawOnly bool // the record stands for a list element that is not an object (rawElement)
}

func openObject(b []byte, extra Extra) *objectWriter {
	if extra.Raw() {
		return &objectWriter{b: b, extra: extra, rawOnly: true}
	}
	return &objectWriter{b: append(b, '{'), extra: extra}
}

// key starts a member; false when extra holds it instead.
func (w *objectWriter) key(name string) bool {
	if w.rawOnly || len(w.extra) > 0 && w.extra.has(name) {
		return false
	}
	if w.n > 0 {
		w.b = append(w.b, ',')
	}
	w.n++
	w.b = appendString(w.b, name)
	w.b = append(w.b, ':')
	return true
}

func (w *objectWriter) str(name, v string) {
	if w.key(name) {
		w.b = appendString(w.b, v)
	}
}

func (w *objectWriter) int(name string, v int64) {
	if w.key(name) {
		w.b = strconv.AppendInt(w.b, v, 10)
	}
}

func (w *objectWriter) boolean(name string, v bool) {
	if w.key(name) {
		w.b = strconv.AppendBool(w.b, v)
	}
}

func (w *objectWriter) raw(name, text string) {
	if w.key(name) {
		w.b = append(w.b, text...)
	}
}

// value writes a member with its own writer.
func (w *objectWriter) value(name string, write func(b []byte) []byte) {
	if w.key(name) {
		w.b = write(w.b)
	}
}

func (w *objectWriter) close() []byte {
	if w.rawOnly {
		return append(w.b, w.extra[0].Value...)
	}
	for _, m := range w.extra {
		if w.n > 0 {
			w.b = append(w.b, ',')
		}
		w.n++
		w.b = appendString(w.b, m.Name)
		w.b = append(w.b, ':')
		w.b = append(w.b, m.Value...)
	}
	return append(w.b, '}')
}

// appendList writes a JSON array of items with write.
func appendList[T any](b []byte, items []T, write func(b []byte, t *T) []byte) []byte {
	b = append(b, '[')
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = write(b, &items[i])
	}
	return append(b, ']')
}

// appendString appends s as a JSON string: valid UTF-8 is kept as it is,
// invalid bytes become U+FFFD; the quote, the backslash and control
// characters are escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 { // invalid UTF-8 is written as U+FFFD, as encoding/json does
				b = append(b, s[start:i]...)
				b = append(b, "\uFFFD"...)
				start = i + 1
			}
			i += size - 1
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendSettings(b []byte, s *Settings) []byte {
	w := openObject(b, s.Extra)
	if s.AutoLockMinutes != 0 {
		w.int("autoLockMinutes", int64(s.AutoLockMinutes))
	}
	return w.close()
}

// appendServer writes a server; members writes its accounts or its pages.
func appendServer(b []byte, s *Server, members func(w *objectWriter)) []byte {
	w := openObject(b, s.Extra)
	w.str("id", s.ID)
	w.str("name", s.Name)
	w.str("address", s.Address)
	w.str("baseURL", s.BaseURL)
	if len(s.Tags) > 0 {
		w.value("tags", func(b []byte) []byte {
			return appendList(b, s.Tags, func(b []byte, t *string) []byte { return appendString(b, *t) })
		})
	}
	w.value("whm", func(b []byte) []byte { return appendWHM(b, &s.WHM) })
	members(w)
	w.int("accountsFetchedAt", s.AccountsFetchedAt)
	return w.close()
}

func appendWHM(b []byte, m *WHM) []byte {
	w := openObject(b, m.Extra)
	w.str("user", m.User)
	w.str("token", m.Token)
	w.str("password", m.Password)
	w.str("accessHash", m.AccessHash)
	w.value("totp", func(b []byte) []byte { return appendTOTP(b, m.TOTP) })
	return w.close()
}

func appendAccount(b []byte, a *Account) []byte {
	w := openObject(b, a.Extra)
	w.str("id", a.ID)
	w.str("user", a.User)
	w.str("domain", a.Domain)
	w.str("owner", a.Owner)
	w.boolean("suspended", a.Suspended)
	if a.Missing {
		w.boolean("missing", true)
	}
	w.str("password", a.Password)
	w.str("apiToken", a.APIToken)
	w.value("totp", func(b []byte) []byte { return appendTOTP(b, a.TOTP) })
	w.value("mailboxes", func(b []byte) []byte { return appendList(b, nonNil(a.Mailboxes), appendMailbox) })
	if a.Favourite != "" {
		w.str("favourite", a.Favourite)
	}
	return w.close()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func appendMailbox(b []byte, m *Mailbox) []byte {
	w := openObject(b, m.Extra)
	w.str("email", m.Email)
	w.str("password", m.Password)
	return w.close()
}

func appendTOTP(b []byte, t *TOTP) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	w := openObject(b, t.Extra)
	w.str("secret", t.Secret)
	w.otpParameters(t.Algorithm, t.Digits, t.Period)
	return w.close()
}

// otpParameters writes a 2FA secret's parameters, leaving out the defaults
// (zero values).
func (w *objectWriter) otpParameters(algorithm string, digits, period int) {
	if algorithm != "" {
		w.str("algorithm", algorithm)
	}
	if digits != 0 {
		w.int("digits", int64(digits))
	}
	if period != 0 {
		w.int("period", int64(period))
	}
}

func appendAuthenticator(b []byte, a *Authenticator) []byte {
	w := openObject(b, a.Extra)
	w.str("id", a.ID)
	w.str("issuer", a.Issuer)
	w.str("account", a.Account)
	w.str("secret", a.Secret)
	w.otpParameters(a.Algorithm, a.Digits, a.Period)
	// Written only when set: a TOTP entry stays as format 1 wrote it.
	if a.Type != "" {
		w.str("type", a.Type)
	}
	if a.IsHOTP() || a.Counter != 0 {
		w.int("counter", a.Counter)
	}
	if a.Pinned {
		w.boolean("pinned", true)
	}
	return w.close()
}

func appendHistoryEntry(b []byte, h *HistoryEntry) []byte {
	w := openObject(b, h.Extra)
	w.str("id", h.ID)
	w.int("at", h.At)
	w.value("form", func(b []byte) []byte { return appendRequest(b, &h.Form) })
	w.int("status", int64(h.Status))
	w.int("ms", h.MS)
	w.str("outcome", h.Outcome)
	return w.close()
}

func appendRequest(b []byte, q *Request) []byte {
	w := openObject(b, q.Extra)
	w.str("serverId", q.ServerID)
	if q.AccountID != "" {
		w.str("accountId", q.AccountID)
	}
	if q.Service != "" {
		w.str("service", q.Service)
	}
	w.str("family", q.Family)
	if q.Module != "" {
		w.str("module", q.Module)
	}
	w.str("function", q.Function)
	if len(q.Args) > 0 {
		w.value("args", func(b []byte) []byte {
			return appendList(b, q.Args, func(b []byte, p *[2]string) []byte {
				b = append(b, '[')
				b = appendString(b, p[0])
				b = append(b, ',')
				b = appendString(b, p[1])
				return append(b, ']')
			})
		})
	}
	w.str("auth", q.Auth)
	if q.Method != "" {
		w.str("method", q.Method)
	}
	if len(q.Withheld) > 0 {
		w.value("withheld", func(b []byte) []byte {
			return appendList(b, q.Withheld, func(b []byte, n *int) []byte { return strconv.AppendInt(b, int64(*n), 10) })
		})
	}
	return w.close()
}
