// Package jsonobject reads a JSON object as its members in their order, each
// value kept as its JSON text, and writes it back in that order: for
// programs that change a few members of a document and must leave the rest,
// and its order, as written (the extension's manifest, WHM's account rows).
//
// A member of another type than a reader expects reads as absent instead of
// failing. Text that is not valid JSON never panics, but reads as nothing
// useful. Objects are split by jsonscan, without reflection.
package jsonobject

import (
	"encoding/json"
	"slices"

	"github.com/panelkey/panelkey/jsonscan"
)

// Object is a JSON object's members in their order, each value as written. A
// name the text repeats is one member, in its first place with its last
// value, as JSON.parse reads it.
type Object []Member

// Member is a name and its value in an Object.
type Member struct {
	Name  string
	Value json.RawMessage // JSON text
}

// Parse reads a value (valid JSON) as an object: a JSON object's members;
// nil for anything else (absent, null, another type). An empty object is an
// empty, non-nil Object.
func Parse(raw json.RawMessage) Object {
	o := make(Object, 0, 16) // a record's members, in one allocation
	var index map[string]int // names by place, past a few members: a long object stays linear
	ok := eachMember(raw, func(name string, value []byte) {
		if index == nil && len(o) == 8 {
			index = make(map[string]int)
			for k, m := range o {
				index[m.Name] = k
			}
		}
		if k, ok := index[name]; ok {
			o[k].Value = value
		} else if index != nil {
			index[name] = len(o)
			o = append(o, Member{name, value})
		} else {
			o = o.With(name, value)
		}
	})
	if !ok {
		return nil
	}
	return o
}

// Pick reads the named members of an object (valid JSON), last values first
// found, and nothing else: WHM's rows have dozens a reader may not need.
func Pick(raw json.RawMessage, wanted ...string) Object {
	o := make(Object, 0, len(wanted))
	eachMember(raw, func(name string, value []byte) {
		if slices.Contains(wanted, name) {
			o = o.With(name, value)
		}
	})
	return o
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
func (o Object) Value(name string) json.RawMessage {
	for _, m := range o {
		if m.Name == name {
			return m.Value
		}
	}
	return nil
}

// Text returns the named member when it is a string, else "".
func (o Object) Text(name string) string {
	v := o.Value(name)
	if len(v) < 2 || v[0] != '"' {
		return ""
	}
	s, _ := jsonscan.NewReader(string(v)).String() // as encoding/json reads it
	return s
}

// Object returns the named member when it is an object, else nil.
func (o Object) Object(name string) Object { return Parse(o.Value(name)) }

// With returns o with the named member set to value: in its place when o has
// it, else last. It may change o's own members.
func (o Object) With(name string, value json.RawMessage) Object {
	for i := range o {
		if o[i].Name == name {
			o[i].Value = value
			return o
		}
	}
	return append(o, Member{name, value})
}

// Without returns o without the named member. It may change o's own members.
func (o Object) Without(name string) Object {
	for i := range o {
		if o[i].Name == name {
			return append(o[:i], o[i+1:]...)
		}
	}
	return o
}

// MarshalJSON writes the members in their order.
func (o Object) MarshalJSON() ([]byte, error) {
	size := 2
	for _, m := range o {
		size += len(m.Name) + len(m.Value) + 4
	}
	b := make([]byte, 1, size) // escapes aside, one allocation
	b[0] = '{'
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, m.Name)
		b = append(b, ':')
		b = append(b, m.Value...)
	}
	return append(b, '}'), nil
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
