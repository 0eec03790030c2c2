package snippet

import (
	"fmt"
	"strings"
)

// Language names a snippet's language (the console's "copy as" menu).
type Language string

// The languages a request can be copied as.
const (
	LangCurl   Language = "curl"   // a curl command line for a POSIX shell
	LangFetch  Language = "fetch"  // a JavaScript fetch call
	LangPHP    Language = "php"    // PHP with its cURL extension
	LangPerl   Language = "perl"   // Perl with HTTP::Tiny (a core module since 5.14)
	LangPython Language = "python" // Python 3 with requests
	LangGo     Language = "go"     // a Go program with net/http
)

// LanguageInfo describes a language for a menu.
type LanguageInfo struct {
	ID    Language
	Title string
}

// Languages lists every language in menu order.
var Languages = []LanguageInfo{
	{LangCurl, "curl"},
	{LangFetch, "JavaScript (fetch)"},
	{LangPHP, "PHP (cURL)"},
	{LangPerl, "Perl (HTTP::Tiny)"},
	{LangPython, "Python (requests)"},
	{LangGo, "Go (net/http)"},
}

// ErrLanguage is returned by Render for a language it does not know.
var ErrLanguage = fmt.Errorf("snippet: unknown language (want one of %s)", languageIDs())

func languageIDs() string {
	ids := make([]string, len(Languages))
	for i, l := range Languages {
		ids[i] = string(l.ID)
	}
	return strings.Join(ids, ", ")
}

// Render returns the request as a snippet in lang, secrets masked unless
// reveal. Every snippet sends what the request says, does not follow
// redirects (as panelkey sends it), verifies the server's certificate, and
// prints the status and the body. Curl fails with ErrNUL for a NUL byte,
// which no command-line argument can hold; the others take any byte.
func Render(lang Language, r Request, reveal bool) (string, error) {
	switch lang {
	case LangCurl:
		return Curl(r, reveal)
	case LangFetch:
		return Fetch(r, reveal), nil
	case LangPHP:
		return PHP(r, reveal), nil
	case LangPerl:
		return Perl(r, reveal), nil
	case LangPython:
		return Python(r, reveal), nil
	case LangGo:
		return Go(r, reveal), nil
	}
	return "", ErrLanguage
}

// cookieNote is the comment (without its comment marker) that says where the
// session cookie's value comes from, one line each.
func cookieNote(cookie string) []string {
	return []string{
		cookie + " is the browser's HttpOnly session cookie for this host: copy its value from the",
		"browser's developer tools (Application > Cookies). It only works from the address that logged in.",
	}
}

// comment writes the cookie note as comment lines starting with marker.
func comment(b *strings.Builder, marker string, r Request) {
	if r.Cookie == "" {
		return
	}
	for _, l := range cookieNote(r.Cookie) {
		b.WriteString(marker + " " + l + "\n")
	}
}

// cookieHeader is the Cookie header's value with the placeholder.
func (r Request) cookieHeader() string { return r.Cookie + "=" + CookiePlaceholder }

// formPair is one form field as a snippet writes it: the name and the value
// to show (the placeholder when masked).
type formPair struct{ name, value string }

func (r Request) formPairs(reveal bool) []formPair {
	out := make([]formPair, len(r.Form))
	for i, f := range r.Form {
		out[i] = formPair{f.Name, f.Show(reveal)}
	}
	return out
}
