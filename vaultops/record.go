// Package vaultops holds the decisions the service worker takes on the
// records of the vault: reading WHM's account list for the vault's merge, and
// choosing which saved credential a WHM API call or a one-click login uses.
// It does no I/O: the worker reads and writes the vault and talks to servers.
//
// Records are read as the vault stores them, JSON objects member by member in
// their order, so fields this package does not know survive a rewrite in
// their place; a field of another type than expected (a document written by
// hand) reads as absent instead of failing, as it did in the worker's
// JavaScript these decisions came from.
//
// The values handed in are JSON texts (the bridge's input): they are split
// by jsonscan, without reflection. Text that is not valid JSON never panics,
// but reads as nothing useful.
package vaultops

import (
	"encoding/json"
	"slices"

	"github.com/panelkey/panelkey/jsonscan"
)

// Record is one JSON object of the vault document (a server, its WHM
// credentials, an account, a mailbox): its members in their stored order,
// each value as stored. A name the text repeats is one member, in its first
// place with its last value, as JSON.parse reads it.
type Record []Member

// Member is a name and its value in a Record.
type Member struct {
	Name  string
	Value json.RawMessage // JSON text
}

// AsRecord reads a stored value (valid JSON) as a record: a JSON object's
// members; nil for anything else (absent, null, another type). An empty
// object is an empty, non-nil record.
func AsRecord(raw json.RawMessage) Record {
	r := make(Record, 0, 16) // an account's members, in one allocation
	var index map[string]int // names by place, past a few members: a long object stays linear
	ok := eachMember(raw, func(name string, value []byte) {
		if index == nil && len(r) == 8 {
			index = make(map[string]int)
			for k, m := range r {
				index[m.Name] = k
			}
		}
		if k, ok := index[name]; ok {
			r[k].Value = value
		} else if index != nil {
			index[name] = len(r)
			r = append(r, Member{name, value})
		} else {
			r = r.With(name, value)
		}
	})
	if !ok {
		return nil
	}
	return r
}

// pick reads the named members of a stored object (valid JSON), last values
// first found, and nothing else: WHM's rows have dozens the merge does not
// read.
func pick(raw json.RawMessage, wanted ...string) Record {
	r := make(Record, 0, len(wanted))
	eachMember(raw, func(name string, value []byte) {
		if slices.Contains(wanted, name) {
			r = r.With(name, value)
		}
	})
	return r
}

// eachMember calls fn with each member of raw, a JSON object: its name and
// its value's text. It reports false when raw is not an object, or is not
// JSON (fn may have been called for the members before).
func eachMember(raw []byte, fn func(name string, value []byte)) bool {
	r := jsonscan.NewReader(string(raw))
	err := r.Object(func(name string) error {
		v, err := r.Raw()
		if err == nil {
			fn(name, []byte(v))
		}
		return err
	})
	return err == nil && r.End() == nil
}

// Value returns the named member's value, or nil.
func (r Record) Value(name string) json.RawMessage {
	for _, m := range r {
		if m.Name == name {
			return m.Value
		}
	}
	return nil
}

// Text returns the named member when it is a string, else "".
func (r Record) Text(name string) string {
	v := r.Value(name)
	if len(v) < 2 || v[0] != '"' {
		return ""
	}
	return unquote(v)
}

// Record returns the named member when it is an object, else nil.
func (r Record) Record(name string) Record { return AsRecord(r.Value(name)) }

// With returns r with the named member set to value: in its place when r has
// it, else last. It may change r's own members.
func (r Record) With(name string, value json.RawMessage) Record {
	for i := range r {
		if r[i].Name == name {
			r[i].Value = value
			return r
		}
	}
	return append(r, Member{name, value})
}

// Without returns r without the named member. It may change r's own members.
func (r Record) Without(name string) Record {
	for i := range r {
		if r[i].Name == name {
			return append(r[:i], r[i+1:]...)
		}
	}
	return r
}

// MarshalJSON writes the members in their order.
func (r Record) MarshalJSON() ([]byte, error) {
	size := 2
	for _, m := range r {
		size += len(m.Name) + len(m.Value) + 4
	}
	b := make([]byte, 1, size) // escapes aside, one allocation
	b[0] = '{'
	for i, m := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, m.Name)
		b = append(b, ':')
		b = append(b, m.Value...)
	}
	return append(b, '}'), nil
}

// given returns the named member's value, or nil when it is absent, null or
// "" (the values the worker dropped before handing an input on).
func (r Record) given(name string) json.RawMessage {
	v := r.Value(name)
	if string(v) == "null" || string(v) == `""` {
		return nil
	}
	return v
}

// unquote is the text of a JSON string (with its quotes), as encoding/json
// reads it; "" for anything else.
func unquote(q []byte) string {
	s, _ := jsonscan.NewReader(string(q)).String()
	return s
}

// appendString appends s to b as a JSON string. Valid UTF-8 is kept as it is;
// only the quote, the backslash and control characters are escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
