// Package locale reads panelkey's message catalogs: the extension's
// _locales/<lang>/messages.json files, in the browsers' own format, so that
// one catalog serves the manifest (__MSG_key__), the JavaScript shell
// (chrome.i18n.getMessage) and the Go-rendered pages (Catalog.T). Each
// message is
//
//	"key": {"message": "Copied $WHAT$ at $1", "description": "for translators",
//	        "placeholders": {"what": {"content": "$2", "example": "the code"}}}
//
// where $1…$9 are the caller's substitutions, $name$ a placeholder (its
// content may be a substitution) and $$ a dollar sign. Keys are matched
// without regard to case, as the browsers match them.
//
// Which catalog applies is the browser's choice (its UI language, else the
// manifest's default_locale, Default): every catalog holds a message under
// SelfKey naming its own locale, so chrome.i18n.getMessage tells a page which
// one the browser chose. The code names a key in one of four ways, which the
// catalog test finds: __MSG_key__ (manifest.json), T("key") or Key("key")
// (Go), i18n('key') or chrome.i18n.getMessage('key') (JavaScript),
// data-i18n="key" (HTML). Every key named is in every catalog, and every catalog has every
// key of Default's.
//
// Parse uses jsonscan, not encoding/json: the popup's small wasm links it.
package locale

import (
	"slices"
	"strings"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/jsonscan"
)

// Default is the manifest's default_locale: the catalog every other one
// must match key for key.
const Default = "en"

// SelfKey is the message each catalog holds with its own locale code.
const SelfKey = "locale"

// Catalog is one language's messages.
type Catalog struct {
	lang     string
	messages map[string]message // by lower-cased key
	fallback *Catalog
	// later makes the fallback at the first key c lacks (WithLazyFallback).
	later func() *Catalog
}

type message struct {
	text         string
	placeholders map[string]string // lower-cased name → content
}

// Parse reads a messages.json. It refuses what the browser would refuse or
// misread: a key with other characters than A–Z, a–z, 0–9, '_' and '@', a
// key given twice (in any case), a message without text, a $name$ no
// placeholder defines. Errors are *Error.
func Parse(lang, text string) (*Catalog, error) {
	c := &Catalog{lang: lang, messages: map[string]message{}}
	r := jsonscan.NewReader(text)
	err := r.Object(func(key string) error {
		if !validKey(key) {
			return newError(CodeBadKey, lang+": the key "+quote(key)+" has characters a browser does not accept")
		}
		k := strings.ToLower(key)
		if _, dup := c.messages[k]; dup {
			return newError(CodeBadKey, lang+": the key "+quote(key)+" is given twice")
		}
		m, err := readMessage(r, lang, key)
		if err != nil {
			return err
		}
		c.messages[k] = m
		return nil
	})
	if err == nil {
		err = r.End()
	}
	if err != nil {
		if _, ok := err.(*Error); ok {
			return nil, err
		}
		return nil, newError(CodeBadJSON, lang+": messages.json is not a JSON object of messages: "+err.Error())
	}
	return c, nil
}

func readMessage(r *jsonscan.Reader, lang, key string) (message, error) {
	m := message{placeholders: map[string]string{}}
	hasText := false
	err := r.Object(func(field string) error {
		switch field {
		case "message":
			s, err := r.String()
			m.text, hasText = s, err == nil
			return err
		case "placeholders":
			return r.Object(func(name string) error {
				return r.Object(func(f string) error {
					if f != "content" {
						return r.Skip()
					}
					s, err := r.String()
					m.placeholders[strings.ToLower(name)] = s
					return err
				})
			})
		}
		return r.Skip() // description, and what a browser may add
	})
	if err != nil {
		return m, err
	}
	if !hasText {
		return m, newError(CodeBadMessage, lang+": "+key+" has no message")
	}
	if bad := m.check(); bad != "" {
		return m, newError(CodeBadMessage, lang+": "+key+": "+bad)
	}
	return m, nil
}

// check says what is wrong with the message's references, or "".
func (m message) check() string {
	var bad string
	expand(m.text, func(name string) string {
		if _, ok := m.placeholders[strings.ToLower(name)]; !ok && bad == "" {
			bad = "$" + name + "$ is not one of its placeholders"
		}
		return ""
	}, nil)
	return bad
}

func validKey(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '@') {
			return false
		}
	}
	return true
}

// Key marks a string literal as a catalog key where the code names a key
// without looking it up yet (a table of keys): Key("name") is "name", and
// the catalog test finds it as it finds T("name").
func Key(key string) string { return key }

// Lang is the catalog's locale code ("en", "de", "pt_BR").
func (c *Catalog) Lang() string { return c.lang }

// ParseWithFallback is Parse of lang's catalog answering from the default
// catalog (English: fallback's text) for the keys it lacks, as the browser
// does. Without a fallback ("", or one that does not parse) the catalog
// answers alone. The pages and the worker's engine read their catalogs
// through it, so that both say the same.
//
// The fallback is parsed only at the first key c lacks (WithLazyFallback): a
// complete translation, which the catalog test requires, never pays for it
// (~1 ms in wasm on every page).
func ParseWithFallback(lang, text, fallback string) (*Catalog, error) {
	c, err := Parse(lang, text)
	if err != nil || fallback == "" {
		return c, err
	}
	return c.WithLazyFallback(func() *Catalog {
		en, err := Parse(Default, fallback)
		if err != nil {
			return nil
		}
		return en
	}), nil
}

// WithFallback returns c answering from fallback for the keys c lacks, as
// the browser falls back to the default locale.
func (c *Catalog) WithFallback(fallback *Catalog) *Catalog {
	out := *c
	out.fallback = fallback
	return &out
}

// WithLazyFallback is WithFallback with the fallback made only when a key
// is missing: a complete catalog (the catalog test checks ours) never pays
// for reading the default one.
func (c *Catalog) WithLazyFallback(load func() *Catalog) *Catalog {
	out := *c
	out.later = load
	return &out
}

// Has reports whether c itself (not its fallback) holds key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.messages[strings.ToLower(key)]
	return ok
}

// Keys lists c's keys, lower-cased and sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.messages))
	for k := range c.messages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// T returns the message of key with subs as $1, $2, …, from c or its
// fallback. A key neither holds gives the key itself between ⟦ ⟧, so a
// missing message shows, and tests find it, instead of an empty label.
func (c *Catalog) T(key string, subs ...string) string {
	for cat := c; cat != nil; cat = cat.fallback { // a nil catalog has no message: every key shows as Missing
		if m, ok := cat.messages[strings.ToLower(key)]; ok {
			return m.format(subs)
		}
		if cat.later != nil {
			cat.fallback, cat.later = cat.later(), nil
		}
	}
	return Missing(key)
}

// Missing is what T returns for a key no catalog holds.
func Missing(key string) string { return "⟦" + key + "⟧" }

func (m message) format(subs []string) string {
	sub := func(n int) string {
		if n >= 1 && n <= len(subs) {
			return subs[n-1]
		}
		return ""
	}
	return expand(m.text, func(name string) string {
		// A placeholder's content holds substitutions and $$, not placeholders.
		return expand(m.placeholders[strings.ToLower(name)], nil, sub)
	}, sub)
}

// expand replaces $$ with $, $1…$9 with sub(n) and $name$ with
// placeholder(name) in s ($10 is $1 and a 0, as in the browser). A '$'
// followed by anything else stays as it is; so does what a nil function
// would replace.
func expand(s string, placeholder func(name string) string, sub func(n int) string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		next := s[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i++
		case '0' <= next && next <= '9':
			if sub != nil {
				b.WriteString(sub(int(next - '0')))
			} else {
				b.WriteString(s[i : i+2])
			}
			i++
		default:
			end := strings.IndexByte(s[i+1:], '$')
			if end <= 0 || !validKey(s[i+1:i+1+end]) || placeholder == nil {
				b.WriteByte('$')
				continue
			}
			b.WriteString(placeholder(s[i+1 : i+1+end]))
			i += end + 1
		}
	}
	return b.String()
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

// Error is the error type returned by this package: a Code (one of the Code*
// constants in errors.go) for programs to branch on and a Message for people,
// which names the catalog and the key. Error() prefixes "locale: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "locale: " }

func newError(code, message string) *Error { return &Error{Code: code, Message: message} }
