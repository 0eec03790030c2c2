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

// appendServer writes a server; nested writes its accounts or its pages.
func appendServer(b []byte, s *Server, nested func(w *objectWriter)) []byte {
	return serverFields.appendWith(b, s, nested)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
