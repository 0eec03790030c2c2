package snippet

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// String literals for each language. Every literal is paste-safe: control
// characters, C1 controls, DEL and bytes that are not UTF-8 are written as
// escapes, never as themselves, so a terminal or an editor shows what is sent.

// GoString is s as a Go string literal (strconv.Quote: any byte).
func GoString(s string) string { return strconv.Quote(s) }

// PythonString is s as a Python 3 literal: a str when s is UTF-8 (requests
// sends it as UTF-8), else a bytes literal, so that every byte survives.
func PythonString(s string) string {
	var b strings.Builder
	if !utf8.ValidString(s) {
		b.WriteString(`b"`)
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\\' || c == '"':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c >= 0x20 && c < 0x7f:
				b.WriteByte(c)
			default:
				writeHexByte(&b, c)
			}
		}
		b.WriteByte('"')
		return b.String()
	}
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case isControl(r):
			writeHexByte(&b, byte(r)) // \xHH is the code point U+00HH in a str
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// PHPString is s as a PHP literal: single-quoted when printable UTF-8, else
// double-quoted with \xHH escapes (PHP strings are bytes).
func PHPString(s string) string { return perlish(s, "\\\"$") }

// PerlString is s as a Perl literal, as PHPString (Perl strings without
// `use utf8` are bytes); @ is escaped too in the double-quoted form.
func PerlString(s string) string { return perlish(s, "\\\"$@") }

// perlish quotes for PHP and Perl, which share single-quoted literals (only
// \ and ' escaped) and double-quoted ones with \xHH; special lists the
// characters a double-quoted literal escapes with a backslash.
func perlish(s, special string) string {
	var b strings.Builder
	if printable(s) {
		b.WriteByte('\'')
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' || s[i] == '\'' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte('\'')
		return b.String()
	}
	b.WriteByte('"')
	writeEscaped(&b, s, special)
	b.WriteByte('"')
	return b.String()
}

// writeEscaped writes s with control characters (C0, C1, DEL) and bytes that
// are not UTF-8 as \xHH escapes and each character of special after a
// backslash: the body of a double-quoted PHP or Perl string, or of a shell's
// $'…' word.
func writeEscaped(b *strings.Builder, s, special string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1, isControl(r):
			for _, c := range []byte(s[i : i+size]) {
				writeHexByte(b, c)
			}
		case strings.ContainsRune(special, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func writeHexByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}
