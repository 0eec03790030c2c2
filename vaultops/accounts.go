package vaultops

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
)

// Merged is a server's accounts after a refresh.
type Merged struct {
	Accounts []Record `json:"accounts"`
	// Count is how many of Accounts WHM listed (the others are missing).
	Count int `json:"count"`
}

// MergeAccounts merges WHM's listaccts rows (listed) into a server's stored
// accounts (existing); both hold JSON texts. Server facts come from WHM:
// user, domain, owner and suspended. What the user saved (id, password,
// apiToken, totp, mailboxes, and any field this package does not know) stays
// with the stored account of the same user name, members in their order,
// which loses its "missing" mark. Accounts come in WHM's order; a new one gets
// an id from newID and empty credentials.
//
// A stored account WHM no longer lists is dropped unless it holds saved
// credentials (a password, an API token, a 2FA object or a mailbox); then it
// stays after the listed ones, marked "missing": true, so nothing the user
// typed disappears behind their back.
//
// Rows that are not objects or have no user name, and every row after the
// first of a user, are ignored; so are stored entries that are not objects.
// Of stored accounts with the same user, the last one counts, in the place of
// the first (the worker's JavaScript Map did that).
func MergeAccounts(existing, listed []json.RawMessage, newID func() string) Merged {
	byUser := make(map[string]Record, len(existing))
	order := make([]string, 0, len(existing))
	for i, raw := range existing {
		a := AsRecord(raw)
		if a == nil {
			continue
		}
		k := userKey(a, i)
		if _, ok := byUser[k]; !ok {
			order = append(order, k)
		}
		byUser[k] = a
	}

	out := make([]Record, 0, len(listed)+len(order))
	seen := make(map[string]bool, len(listed))
	for _, raw := range listed {
		row := pick(raw, "user", "domain", "owner", "suspended")
		user := row.Text("user")
		if user == "" || seen[user] {
			continue
		}
		seen[user] = true
		a, ok := byUser["s"+user]
		if ok {
			delete(byUser, "s"+user)
			a = a.Without("missing") // listed again
		} else {
			a = Record{{"id", jsonText(newID())}, {"password", jsonText("")}, {"apiToken", jsonText("")},
				{"totp", json.RawMessage("null")}, {"mailboxes", json.RawMessage("[]")}}
		}
		a = a.With("user", jsonText(user)).With("domain", jsonText(row.Text("domain"))).
			With("owner", jsonText(row.Text("owner"))).With("suspended", jsonBool(suspended(row.Value("suspended"))))
		out = append(out, a)
	}
	count := len(out)

	for _, k := range order {
		if a, ok := byUser[k]; ok && a.saved() {
			out = append(out, a.With("missing", jsonBool(true)))
		}
	}
	return Merged{Accounts: out, Count: count}
}

// saved reports whether an account holds credentials the user saved.
func (r Record) saved() bool {
	return r.Text("password") != "" || r.Text("apiToken") != "" || r.Record("totp") != nil || len(AsList(r.Value("mailboxes"))) > 0
}

// userKey is the key the worker's JavaScript Map gave a stored account (i is
// its index): accounts whose user fields are the same string, number, null,
// boolean or absence share a key; "s"+user is a string's, the only kind a
// listed row can match. Every object or array is a key of its own.
func userKey(a Record, i int) string {
	raw := a.Value("user")
	if len(raw) > 0 && raw[0] == '"' {
		return "s" + unquote(raw) // the usual case, without decoding
	}
	v, ok := value(raw)
	if !ok {
		return "undefined"
	}
	switch v := v.(type) {
	case string:
		return "s" + v
	case json.Number:
		return "n" + strconv.FormatFloat(number(v)+0, 'g', -1, 64) // +0: -0 and 0 are one key
	case bool:
		return "b" + strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return "o" + strconv.Itoa(i)
}

// value decodes a stored JSON value, with numbers as json.Number; false when
// raw is absent.
func value(raw json.RawMessage) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	return v, d.Decode(&v) == nil
}

// number is a JSON number's value as JSON.parse reads it: the nearest double,
// ±Inf beyond the largest.
func number(n json.Number) float64 {
	f, _ := strconv.ParseFloat(string(n), 64) // ±Inf with ErrRange when too large, like JSON.parse
	return f
}

// suspended reads WHM's suspended field as the worker's JavaScript did
// (Number(v) === 1 || v === true): true, 1, and whatever JavaScript's Number
// turns into 1 ("1", " 1.0 ", "0x1", [1], …).
func suspended(raw json.RawMessage) bool {
	switch string(raw) {
	case "0", "1": // WHM's, without decoding
		return raw[0] == '1'
	}
	v, _ := value(raw) // absent: nil, not 1
	return numberIsOne(v)
}

// numberIsOne reports whether JavaScript's Number(v) is 1 for a decoded JSON
// value.
func numberIsOne(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case json.Number:
		return number(v) == 1
	case string:
		return textIsOne(v)
	case []any:
		return textIsOne(elementText(v)) // an array converts through its text
	}
	return false // null is 0, an object NaN
}

// elementText is the text JavaScript gives v as an array element (String(v),
// but "" for null): arrays join their elements with ",". A number keeps its
// JSON text, which may differ from JavaScript's but means the same value.
func elementText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return string(v)
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = elementText(e)
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// radix is the base of JavaScript's 0x, 0o and 0b number texts, by the
// letter after the 0.
var radix = map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}

// textIsOne reports whether JavaScript's Number(s) is 1: s without its
// JavaScript white space is a decimal literal worth 1, or 0x…, 0o…, 0b…
// digits worth 1.
func textIsOne(s string) bool {
	s = strings.TrimFunc(s, jsSpace)
	if len(s) > 2 && s[0] == '0' {
		if base, ok := radix[s[1]]; ok {
			n, err := strconv.ParseUint(s[2:], base, 64) // no sign, no "_"; too large is not 1
			return err == nil && n == 1
		}
	}
	if !decimal(s) {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f == 1
}

// decimal reports whether s is JavaScript's StrDecimalLiteral, Infinity
// aside: an optional sign, then digits with an optional point and fraction
// or a point and digits, then an optional exponent. (Hand-written: regexp
// costs the wasm 0.26 MB.)
func decimal(s string) bool {
	i := 0
	sign := func() {
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
	}
	digits := func() int {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - start
	}
	sign()
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		sign()
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// jsSpace reports whether JavaScript trims r from a number's text: its white
// space (tab, vertical tab, form feed, BOM, the Zs category of Unicode 15)
// and line terminators. Not U+0085, which Go's unicode.IsSpace counts.
func jsSpace(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r == ' ', r == 0xa0, r == 0x1680,
		0x2000 <= r && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff:
		return true
	}
	return false
}

// NewIDs returns a source of new account ids: random version 4 UUIDs, like
// the crypto.randomUUID() ids the worker gave them before. It draws the
// randomness for 64 ids at a time (in the wasm, each draw is a call into the
// browser). Not for concurrent use.
func NewIDs() func() string {
	var buf [64 * 16]byte
	next := len(buf)
	return func() string {
		if next == len(buf) {
			rand.Read(buf[:]) // crypto/rand.Read never fails and fills buf (Go 1.24+)
			next = 0
		}
		b := buf[next : next+16]
		next += 16
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		var id [36]byte
		hex.Encode(id[0:8], b[0:4])
		hex.Encode(id[9:13], b[4:6])
		hex.Encode(id[14:18], b[6:8])
		hex.Encode(id[19:23], b[8:10])
		hex.Encode(id[24:36], b[10:16])
		id[8], id[13], id[18], id[23] = '-', '-', '-', '-'
		return string(id[:])
	}
}
