// Package jsonscan is a small, strict reader of JSON text (RFC 8259) for
// callers that know the shape they expect and decode it by hand.
//
// It exists for the popup's WebAssembly program: encoding/json links
// reflection and costs about 0.6 MB of wasm, and it decodes the vault
// document (100,000 accounts) in about a second there. A hand-written
// decoder on this reader needs no reflection, and strings without escapes
// are returned as substrings of the text, without a copy. Natively, and in
// the worker's cpapi, encoding/json remains the right tool; this package
// does not replace it.
//
// What it does not do: no reflection (nothing is decoded into a struct for
// you), no encoding, no streaming (the whole text is a string in memory).
//
// It is as strict as encoding/json: a text is valid to it exactly when
// json.Valid says so, and read generically (Float for numbers) it gives what
// json.Unmarshal gives into an any, or fails where that fails (the package's
// fuzz test checks both). Strings are decoded as encoding/json decodes
// them: every escape, \uXXXX surrogate pairs, a lone surrogate or a byte of
// invalid UTF-8 becomes U+FFFD, and a raw control character is an error.
// Containers nest at most MaxDepth deep. Numbers are read as encoding/json
// reads them into an int64 (Int: an integer literal within range) or a
// float64 (Float). A repeated object key is passed to the callback each
// time; the caller decides (typically the last one wins).
//
// Errors are a *SyntaxError or a *TypeError. They give byte offsets and
// kinds of values, never the text itself, which can hold secrets.
package jsonscan

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deep objects and arrays may nest, as in encoding/json.
const MaxDepth = 10000

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of values. Invalid is what Kind reports at the end of the text
// or before something that cannot start a value.
const (
	Invalid Kind = iota
	Object
	Array
	String
	Number
	Bool
	Null
)

var kindNames = [...]string{"invalid", "object", "array", "string", "number", "bool", "null"}

// String returns the kind's name: "object", "array", "string", "number",
// "bool", "null" or "invalid".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// A SyntaxError is text that is not JSON. Msg never quotes the text.
type SyntaxError struct {
	Offset int    // bytes from the start of the text
	Msg    string // what is wrong, e.g. "unexpected end of input"
}

func (e *SyntaxError) Error() string {
	return "syntax error at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// A TypeError is a well-formed value of another kind than the one asked
// for, or a number the asked-for type cannot hold. The value has been
// skipped.
type TypeError struct {
	Offset int    // where the value starts
	Want   string // what was asked for: "a string", "an integer", …
	Got    string // what was found: a Kind's name, or "number with a fraction or exponent", …
}

func (e *TypeError) Error() string {
	return "expects " + e.Want + ", got " + e.Got
}

// Reader reads one JSON text. Its methods read the next value; the ones
// that can fail return an error, and after a *SyntaxError, or an error
// returned by the function given to Object or Array, every later call
// fails with that same error. After a *TypeError from a reading method the
// value has been skipped and reading may go on.
type Reader struct {
	s     string
	pos   int
	depth int
	err   error // sticky
}

// NewReader returns a Reader of text.
func NewReader(text string) *Reader {
	return &Reader{s: text}
}

func (r *Reader) ws() {
	for r.pos < len(r.s) {
		switch r.s[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *Reader) syntax(off int, msg string) error {
	if off >= len(r.s) {
		off, msg = len(r.s), "unexpected end of input"
	}
	r.err = &SyntaxError{Offset: off, Msg: msg}
	return r.err
}

// Kind returns the kind of the next value without reading it (after
// skipping whitespace): Invalid at the end of the text, before something
// that cannot start a value, or after a failure.
func (r *Reader) Kind() Kind {
	if r.err != nil {
		return Invalid
	}
	r.ws()
	if r.pos >= len(r.s) {
		return Invalid
	}
	switch c := r.s[r.pos]; c {
	case '{':
		return Object
	case '[':
		return Array
	case '"':
		return String
	case 't', 'f':
		return Bool
	case 'n':
		return Null
	default:
		if c == '-' || c >= '0' && c <= '9' {
			return Number
		}
		return Invalid
	}
}

// mismatch reports that the next value is not what was asked for: a
// *SyntaxError if it is not a value at all, else a *TypeError once the
// value is skipped (so that an invalid value is a syntax error, as it is to
// encoding/json).
func (r *Reader) mismatch(want string) error {
	k := r.Kind()
	if r.err != nil {
		return r.err
	}
	if k == Invalid {
		return r.syntax(r.pos, "invalid character looking for beginning of value")
	}
	off := r.pos
	if err := r.skip(); err != nil {
		return err
	}
	return &TypeError{Offset: off, Want: want, Got: k.String()}
}

// Object reads an object, calling fn with each member's key in order; fn
// reads the member's value with one of the Reader's methods. If fn returns
// nil without reading the value, the value is skipped (so unknown keys need
// no code). An error from fn ends the object and is returned.
func (r *Reader) Object(fn func(key string) error) error {
	done, err := r.open('{', '}', "an object")
	for !done && err == nil {
		r.ws()
		if r.pos >= len(r.s) || r.s[r.pos] != '"' {
			return r.syntax(r.pos, "invalid character looking for beginning of object key string")
		}
		var key string
		if key, err = r.str(); err != nil {
			return err
		}
		if err = r.colon(); err != nil {
			return err
		}
		if err = r.call(func() error { return fn(key) }); err == nil {
			done, err = r.next('}', "invalid character after object key:value pair")
		}
	}
	return err
}

// Array reads an array, calling fn with each element's index in order; fn
// reads the element with one of the Reader's methods. If fn returns nil
// without reading the element, it is skipped. An error from fn ends the
// array and is returned.
func (r *Reader) Array(fn func(i int) error) error {
	done, err := r.open('[', ']', "an array")
	for i := 0; !done && err == nil; i++ {
		r.ws()
		if err = r.call(func() error { return fn(i) }); err == nil {
			done, err = r.next(']', "invalid character after array element")
		}
	}
	return err
}

// open steps into the object or array that is next, and out of it again if
// it is empty (done).
func (r *Reader) open(opening, closing byte, want string) (done bool, err error) {
	if r.err != nil {
		return false, r.err
	}
	r.ws()
	if r.pos >= len(r.s) || r.s[r.pos] != opening {
		return false, r.mismatch(want)
	}
	if r.depth++; r.depth > MaxDepth {
		return false, r.syntax(r.pos, "exceeded max depth")
	}
	r.pos++
	r.ws()
	if r.pos < len(r.s) && r.s[r.pos] == closing {
		r.pos++
		r.depth--
		return true, nil
	}
	return false, nil
}

// colon reads the ':' after an object key and the whitespace after it.
func (r *Reader) colon() error {
	r.ws()
	if r.pos >= len(r.s) || r.s[r.pos] != ':' {
		return r.syntax(r.pos, "invalid character after object key")
	}
	r.pos++
	r.ws()
	return nil
}

// call runs a member's or element's callback at the start of its value and
// skips the value if the callback left it. An error from the callback
// becomes the Reader's.
func (r *Reader) call(fn func() error) error {
	start := r.pos
	if err := fn(); err != nil {
		r.err = err
		return err
	}
	if r.err != nil {
		return r.err
	}
	if r.pos == start {
		return r.skip()
	}
	return nil
}

// next reads the ',' after a member or element, or the closing byte of the
// container (and leaves it: done).
func (r *Reader) next(closing byte, msg string) (done bool, err error) {
	r.ws()
	if r.pos >= len(r.s) {
		return false, r.syntax(r.pos, msg)
	}
	switch r.s[r.pos] {
	case ',':
		r.pos++
		return false, nil
	case closing:
		r.pos++
		r.depth--
		return true, nil
	}
	return false, r.syntax(r.pos, msg)
}

// Skip reads the next value, whatever it is, checking that it is JSON.
func (r *Reader) Skip() error {
	if r.err != nil {
		return r.err
	}
	return r.skip()
}

// Raw reads the next value and returns its text (without the whitespace
// around it), checked but not decoded.
func (r *Reader) Raw() (string, error) {
	if r.err != nil {
		return "", r.err
	}
	r.ws()
	start := r.pos
	if err := r.skip(); err != nil {
		return "", err
	}
	return r.s[start:r.pos], nil
}

// End checks that only whitespace is left after the values read.
func (r *Reader) End() error {
	if r.err != nil {
		return r.err
	}
	r.ws()
	if r.pos < len(r.s) {
		return r.syntax(r.pos, "invalid character after top-level value")
	}
	return nil
}

func (r *Reader) skip() error {
	r.ws()
	if r.pos >= len(r.s) {
		return r.syntax(r.pos, "")
	}
	switch c := r.s[r.pos]; c {
	case '"':
		return r.skipString()
	case '{':
		return r.Object(ignoreMember)
	case '[':
		return r.Array(ignoreElement)
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	default:
		_, err := r.number()
		return err
	}
}

// ignoreMember and ignoreElement read nothing: Object and Array skip what
// they leave.
func ignoreMember(string) error { return nil }
func ignoreElement(int) error   { return nil }

// literal reads the literal word at r.pos.
func (r *Reader) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if r.pos+i >= len(r.s) || r.s[r.pos+i] != word[i] {
			return r.syntax(r.pos+i, "invalid character in literal "+word)
		}
	}
	r.pos += len(word)
	return nil
}

// number reads the number at r.pos and returns its text.
func (r *Reader) number() (string, error) {
	s, i := r.s, r.pos
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return "", r.syntax(i, "")
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	case i == r.pos:
		return "", r.syntax(i, "invalid character looking for beginning of value")
	default:
		return "", r.syntax(i, "invalid character in numeric literal")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return "", r.syntax(i, "invalid character after decimal point in numeric literal")
		}
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return "", r.syntax(i, "invalid character in exponent of numeric literal")
		}
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	text := s[r.pos:i]
	r.pos = i
	return text, nil
}

// String reads a string.
func (r *Reader) String() (string, error) {
	if r.err != nil {
		return "", r.err
	}
	r.ws()
	if r.pos >= len(r.s) || r.s[r.pos] != '"' {
		return "", r.mismatch("a string")
	}
	return r.str()
}

// Bool reads true or false.
func (r *Reader) Bool() (bool, error) {
	if r.err != nil {
		return false, r.err
	}
	r.ws()
	if r.pos < len(r.s) {
		switch r.s[r.pos] {
		case 't':
			return true, r.literal("true")
		case 'f':
			return false, r.literal("false")
		}
	}
	return false, r.mismatch("a bool")
}

// Null reads a null if one is next and reports whether it did. If what is
// next starts like null but is not, Null returns false and the Reader has
// failed: the next call returns the *SyntaxError.
func (r *Reader) Null() bool {
	if r.err != nil {
		return false
	}
	r.ws()
	if r.pos >= len(r.s) || r.s[r.pos] != 'n' {
		return false
	}
	return r.literal("null") == nil
}

// Int reads a number that is an integer literal within the range of an
// int64. A number with a fraction or an exponent (even 1.0 or 1e3) is a
// *TypeError, as it is to encoding/json decoding into an integer.
func (r *Reader) Int() (int64, error) {
	off, text, err := r.numberText("an integer")
	if err != nil {
		return 0, err
	}
	// Up to 18 digits cannot overflow: add them up without strconv.
	if len(text) <= 18 {
		var n int64
		neg := text[0] == '-'
		digits := text
		if neg {
			digits = text[1:]
		}
		for i := 0; i < len(digits); i++ {
			c := digits[i]
			if c < '0' || c > '9' {
				return 0, &TypeError{Offset: off, Want: "an integer", Got: "number with a fraction or exponent"}
			}
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, nil
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		got := "number with a fraction or exponent"
		if errors.Is(err, strconv.ErrRange) {
			got = "number out of int64 range"
		}
		return 0, &TypeError{Offset: off, Want: "an integer", Got: got}
	}
	return n, nil
}

// Float reads a number as the nearest float64. A number beyond the range of
// a float64 (1e400) is a *TypeError, as it is to encoding/json.
func (r *Reader) Float() (float64, error) {
	off, text, err := r.numberText("a number")
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, &TypeError{Offset: off, Want: "a number", Got: "number out of float64 range"}
	}
	return f, nil
}

// Number reads a number and returns its text as it is in the JSON, checked
// but not converted (for numbers neither an int64 nor a float64 can hold).
func (r *Reader) Number() (string, error) {
	_, text, err := r.numberText("a number")
	return text, err
}

// numberText reads a number, or fails with what was wanted, and returns
// where it starts and its text.
func (r *Reader) numberText(want string) (off int, text string, err error) {
	if r.err != nil {
		return 0, "", r.err
	}
	r.ws()
	if r.pos >= len(r.s) || r.s[r.pos] != '-' && (r.s[r.pos] < '0' || r.s[r.pos] > '9') {
		return 0, "", r.mismatch(want)
	}
	off = r.pos
	text, err = r.number()
	return off, text, err
}

// str reads the string at r.pos (its opening quote). A string that needs no
// decoding is returned as a substring of the text.
func (r *Reader) str() (string, error) {
	s := r.s
	start := r.pos + 1
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return s[start:i], nil
		case c == '\\':
			return r.unquote(start, i)
		case c < 0x20:
			return "", r.syntax(i, "invalid character in string literal")
		case c < utf8.RuneSelf:
			i++
		default:
			c, size := utf8.DecodeRuneInString(s[i:])
			if c == utf8.RuneError && size == 1 {
				return r.unquote(start, i)
			}
			i += size
		}
	}
	return "", r.syntax(i, "")
}

// unquote decodes the string that starts at start from i on, where the
// first escape or invalid byte is.
func (r *Reader) unquote(start, i int) (string, error) {
	s := r.s
	b := make([]byte, i-start, i-start+16)
	copy(b, s[start:i])
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return string(b), nil
		case c == '\\':
			if i+1 >= len(s) {
				return "", r.syntax(i+1, "")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				c, err := r.hex4(i + 2)
				if err != nil {
					return "", err
				}
				i += 6
				if utf16.IsSurrogate(c) {
					// A pair is two escapes; anything else is U+FFFD, and
					// what follows is read on its own (as encoding/json does).
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if c2, ok := parseHex4(s, i+2); ok {
							if d := utf16.DecodeRune(c, c2); d != utf8.RuneError {
								b = utf8.AppendRune(b, d)
								i += 6
								continue
							}
						}
					}
					c = utf8.RuneError
				}
				b = utf8.AppendRune(b, c)
				continue
			default:
				return "", r.syntax(i+1, "invalid character in string escape code")
			}
			i += 2
		case c < 0x20:
			return "", r.syntax(i, "invalid character in string literal")
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			c, size := utf8.DecodeRuneInString(s[i:])
			if c == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return "", r.syntax(i, "")
}

// hex4 reads the four hex digits of a \u escape at i.
func (r *Reader) hex4(i int) (rune, error) {
	for k := i; k < i+4; k++ {
		if k >= len(r.s) {
			return 0, r.syntax(k, "")
		}
		if !isHex(r.s[k]) {
			return 0, r.syntax(k, "invalid character in \\u hexadecimal character escape")
		}
	}
	c, _ := parseHex4(r.s, i)
	return c, nil
}

func parseHex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var c rune
	for _, h := range []byte(s[i : i+4]) {
		switch {
		case h >= '0' && h <= '9':
			h -= '0'
		case h >= 'a' && h <= 'f':
			h -= 'a' - 10
		case h >= 'A' && h <= 'F':
			h -= 'A' - 10
		default:
			return 0, false
		}
		c = c<<4 | rune(h)
	}
	return c, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// skipString checks the string at r.pos (its opening quote) and steps over
// it without decoding it.
func (r *Reader) skipString() error {
	s := r.s
	for i := r.pos + 1; i < len(s); {
		switch c := s[i]; {
		case c == '"':
			r.pos = i + 1
			return nil
		case c == '\\':
			if i+1 >= len(s) {
				return r.syntax(i+1, "")
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, err := r.hex4(i + 2); err != nil {
					return err
				}
				i += 6
			default:
				return r.syntax(i+1, "invalid character in string escape code")
			}
		case c < 0x20:
			return r.syntax(i, "invalid character in string literal")
		default:
			i++
		}
	}
	return r.syntax(len(s), "")
}
