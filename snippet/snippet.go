// Package snippet turns an HTTP request into text a developer can paste: a curl
// command line for a shell, and a JavaScript fetch call.
//
// Secrets are masked unless the caller asks to reveal them: each header may
// carry a masked form of its value (the secret replaced by a placeholder such
// as <WHM_API_TOKEN>), used in place of the value; so may each field of a
// form body, and the URL as a whole. A request that relies on
// the browser's session cookie names that cookie; the cookie itself is
// HttpOnly and never known here, so curl gets a placeholder for it and fetch
// gets credentials: "include".
//
// Every argument of the curl command is quoted for POSIX shells: single
// quotes, which keep every byte as it is, or, for text with control
// characters or bytes that are not UTF-8 (which a terminal could interpret
// when pasted), ANSI-C quoting ($'…' with \xHH escapes) as bash, zsh, ksh
// and busybox sh read it. A NUL byte cannot be passed in a command-line
// argument at all: Curl refuses it.
package snippet

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Header is one request header. Masked is Value with its secret replaced by
// a placeholder; "" when the header holds no secret.
type Header struct {
	Name, Value, Masked string
}

// Show returns the value to show: Masked unless reveal is set or the header
// has no mask.
func (h Header) Show(reveal bool) string {
	if reveal || h.Masked == "" {
		return h.Value
	}
	return h.Masked
}

// Field is one field of an application/x-www-form-urlencoded body: a name, a
// value and, when the value is a secret, its masked form (a placeholder such
// as <PASSWORD>), exactly as for a Header.
type Field = Header

// Request is the request to render.
type Request struct {
	Method string // "" means GET
	URL    string
	// MaskedURL is URL with the values of its secret query arguments
	// replaced by placeholders; "" when URL holds no secret.
	MaskedURL   string
	Headers     []Header
	Body        string
	ContentType string // sent as Content-Type when Body is set
	// Form, when set, is the body as form fields, and Body is their
	// encoding, FormBody(Form). The snippets then write the body field by
	// field, each secret value masked unless revealed: curl with one
	// --data-urlencode per field, so that a value typed in place of a
	// placeholder is sent encoded as it should be.
	Form []Field
	// Cookie is the name of the browser's session cookie the request
	// authenticates with ("cpsession", "whostmgrsession",
	// "webmailsession"), or "" for header authentication.
	Cookie string
}

// CookiePlaceholder stands for the value of the browser's session cookie in a
// curl command.
const CookiePlaceholder = "<SESSION_COOKIE_FROM_THE_BROWSER>"

// ErrNUL is returned for text containing a NUL byte, which no command-line
// argument can hold.
var ErrNUL = errors.New("snippet: a NUL byte cannot be passed to curl on a command line")

// ShowURL returns the URL to show: MaskedURL unless reveal is set or the URL
// has no mask.
func (r Request) ShowURL(reveal bool) string {
	if reveal || r.MaskedURL == "" {
		return r.URL
	}
	return r.MaskedURL
}

// ShowBody returns the body to show: Body, or with Form the same encoding
// with each secret value's placeholder (as it is, not encoded) in place of
// the encoded value unless reveal is set.
func (r Request) ShowBody(reveal bool) string {
	if r.Form == nil {
		return r.Body
	}
	parts := make([]string, len(r.Form))
	for i, f := range r.Form {
		v := url.QueryEscape(f.Value)
		if !reveal && f.Masked != "" {
			v = f.Masked
		}
		parts[i] = url.QueryEscape(f.Name) + "=" + v
	}
	return strings.Join(parts, "&")
}

// FormBody encodes fields as an application/x-www-form-urlencoded body, in
// their order: name=value joined with &, each name and value escaped as Go's
// url.QueryEscape does (letters, digits and -._~ as they are, a space as +,
// every other byte %XX). curl 7.88 (Debian 12) writes --data-urlencode
// name=value the same way byte for byte; older versions write a space as
// %20, which servers decode alike.
func FormBody(fields []Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Value)
	}
	return strings.Join(parts, "&")
}

func (r Request) method() string {
	if r.Method == "" {
		return "GET"
	}
	return strings.ToUpper(r.Method)
}

// headers are the request's headers as sent, Content-Type last when there is
// a body and no header sets it already.
func (r Request) headers() []Header {
	hs := r.Headers
	if r.Body != "" && r.ContentType != "" {
		for _, h := range hs {
			if strings.EqualFold(h.Name, "Content-Type") {
				return hs
			}
		}
		hs = append(hs[:len(hs):len(hs)], Header{Name: "Content-Type", Value: r.ContentType})
	}
	return hs
}

// Curl returns the request as a curl command, one option per line joined with
// backslash-newline. With a session cookie, a comment line before the command
// says where its value comes from.
func Curl(r Request, reveal bool) (string, error) {
	first := []string{"curl"}
	if m := r.method(); m != "GET" {
		first = append(first, "-X", m)
	}
	words := [][]string{append(first, r.ShowURL(reveal))}
	for _, h := range r.headers() {
		words = append(words, []string{"-H", h.Name + ": " + h.Show(reveal)})
	}
	if r.Cookie != "" {
		words = append(words, []string{"-b", r.Cookie + "=" + CookiePlaceholder})
	}
	switch {
	case r.Form != nil:
		// curl encodes what follows the first "=" and sends the name as it is,
		// so the name goes in encoded (it then holds no "=" or "@" either).
		for _, f := range r.Form {
			words = append(words, []string{"--data-urlencode", url.QueryEscape(f.Name) + "=" + f.Show(reveal)})
		}
	case r.Body != "":
		words = append(words, []string{"--data-binary", r.Body})
	}
	lines := make([]string, len(words))
	for i, ws := range words {
		for j, w := range ws {
			q, err := ShellQuote(w)
			if err != nil {
				return "", err
			}
			ws[j] = q
		}
		lines[i] = strings.Join(ws, " ")
	}
	var b strings.Builder
	comment(&b, "#", r)
	b.WriteString(strings.Join(lines, " \\\n  "))
	return b.String(), nil
}

// Fetch returns the request as a JavaScript fetch call that prints the status
// and the body. Headers are a list of pairs, so repeated names survive.
// Redirects are not followed (redirect: "manual"), as panelkey sends it. A
// form body is the encoded text; a masked field's value in it is
// encodeURIComponent("<PLACEHOLDER>"), so the value typed in its place is
// encoded by the page.
func Fetch(r Request, reveal bool) string {
	var b strings.Builder
	b.WriteString("const response = await fetch(" + JSString(r.ShowURL(reveal)) + ", {\n")
	b.WriteString("  method: " + JSString(r.method()) + ",\n")
	if hs := r.headers(); len(hs) > 0 {
		b.WriteString("  headers: [\n")
		for _, h := range hs {
			b.WriteString("    [" + JSString(h.Name) + ", " + JSString(h.Show(reveal)) + "],\n")
		}
		b.WriteString("  ],\n")
	}
	if r.Body != "" {
		b.WriteString("  body: " + jsBody(r, reveal) + ",\n")
	}
	if r.Cookie != "" {
		b.WriteString("  credentials: \"include\", // the browser's " + r.Cookie + " cookie\n")
	}
	b.WriteString("  redirect: \"manual\",\n")
	b.WriteString("});\n")
	b.WriteString("console.log(response.status, await response.text());\n")
	return b.String()
}

// jsBody is the body as a JavaScript expression: one string literal, or with
// masked form fields the literal pieces joined with an encodeURIComponent
// call for each placeholder.
func jsBody(r Request, reveal bool) string {
	return strings.Join(bodyTerms(r, reveal, JSString, func(p string) string {
		return "encodeURIComponent(" + JSString(p) + ")"
	}), " + ")
}

// bodyTerms is the body as terms of a string concatenation: literal pieces of
// the encoded body as sent (lit quotes them) and, for each masked form field,
// a call that encodes its placeholder at run time (encode gives the call for a
// placeholder), so that the value typed in its place is sent encoded. A body
// without masked fields is one literal.
func bodyTerms(r Request, reveal bool, lit, encode func(string) string) []string {
	if r.Form == nil {
		return []string{lit(r.Body)}
	}
	var terms []string
	var piece strings.Builder
	for i, f := range r.Form {
		if i > 0 {
			piece.WriteByte('&')
		}
		piece.WriteString(url.QueryEscape(f.Name) + "=")
		if reveal || f.Masked == "" {
			piece.WriteString(url.QueryEscape(f.Value))
			continue
		}
		terms = append(terms, lit(piece.String()), encode(f.Masked))
		piece.Reset()
	}
	if piece.Len() > 0 || len(terms) == 0 {
		terms = append(terms, lit(piece.String()))
	}
	return terms
}

// masksForm reports whether the body, as shown, encodes a placeholder at run
// time (a snippet then needs its language's encoding function).
func (r Request) masksForm(reveal bool) bool {
	if reveal {
		return false
	}
	for _, f := range r.Form {
		if f.Masked != "" {
			return true
		}
	}
	return false
}

// JSString returns s as a JavaScript string literal (double-quoted). <, > and
// & are escaped too, so the literal is also safe inside an HTML script block.
// Bytes that are not UTF-8 become U+FFFD, as JavaScript strings hold text.
func JSString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// ShellQuote quotes s as one shell word. Words of only letters, digits and
// @%+=:,./_- are returned as they are; printable UTF-8 text is put in single
// quotes; anything else is ANSI-C quoted. A NUL byte gives ErrNUL.
func ShellQuote(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", ErrNUL
	}
	if s != "" && strings.Trim(s, safeChars) == "" {
		return s, nil
	}
	if printable(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
	}
	var b strings.Builder
	b.WriteString("$'")
	writeEscaped(&b, s, `\'`)
	b.WriteByte('\'')
	return b.String(), nil
}

const (
	safeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-"
	hex       = "0123456789abcdef"
)

// printable reports whether s is valid UTF-8 without C0 or C1 control
// characters or DEL.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if isControl(r) {
			return false
		}
	}
	return true
}
