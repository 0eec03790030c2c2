package vaultops

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/jsonobject"
	"github.com/panelkey/panelkey/vault"
)

// listed reads one of WHM's listaccts rows as the vault's merge takes it:
// the server facts (user, domain, owner, suspended); a member of another type
// than expected reads as empty, a row that is not an object as one without a
// user (the merge ignores those), as the worker's JavaScript read them.
func listed(raw json.RawMessage) vault.Listed {
	row := jsonobject.Pick(raw, "user", "domain", "owner", "suspended")
	return vault.Listed{User: row.Text("user"), Domain: row.Text("domain"), Owner: row.Text("owner"),
		Suspended: suspended(row.Value("suspended"))}
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
