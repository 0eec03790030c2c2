// Package localetest checks, in tests, that what a view renders comes from
// the message catalogs: Pseudo is the shipped English catalog with every
// message wrapped in ⟪ ⟫, and Escaped finds the words of rendered HTML that
// are outside those marks (so from no catalog) and not the data the view
// shows. A second language then translates every word of the view.
package localetest

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/locale"
)

// English is the shipped English catalog, _locales/en/messages.json under
// root (the repository, relative to the test's package), for a test's
// package-level variable: a catalog that does not parse panics.
func English(root string) *locale.Catalog {
	c, err := shipped(root, locale.Default)
	if err != nil {
		panic(err)
	}
	return c
}

// Shipped is the shipped catalog of lang ("en", "de"), _locales/lang/messages.json
// under root (the repository, relative to the test's package).
func Shipped(t testing.TB, root, lang string) *locale.Catalog {
	t.Helper()
	c, err := shipped(root, lang)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shipped(root, lang string) (*locale.Catalog, error) {
	text, err := os.ReadFile(filepath.Join(root, "_locales", lang, "messages.json"))
	if err != nil {
		return nil, err
	}
	return locale.Parse(lang, string(text))
}

// Pseudo is _locales/en/messages.json under root (the repository, relative
// to the test's package) with every message wrapped in ⟪ ⟫ and its
// placeholders left as they are.
func Pseudo(t testing.TB, root string) *locale.Catalog {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(root, "_locales", locale.Default, "messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]map[string]any
	if err := json.Unmarshal(text, &cat); err != nil {
		t.Fatal(err)
	}
	for k, m := range cat {
		if k != locale.SelfKey {
			m["message"] = "⟪" + m["message"].(string) + "⟫"
		}
	}
	wrapped, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	c, err := locale.Parse(locale.Default, string(wrapped))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	shownAttr = regexp.MustCompile(`\b(?:placeholder|title|aria-label|alt)="([^"]*)"`)
	tag       = regexp.MustCompile(`<[^>]*>`)
	wrapped   = regexp.MustCompile(`⟪[^⟪⟫]*⟫`) // innermost first: a message may hold another
	word      = regexp.MustCompile(`\p{L}{2,}`)
)

// Escaped is every word a person sees in h (its text, and its placeholder,
// title, aria-label and alt attributes) that is neither in a message of a
// Pseudo catalog nor in one of data.
func Escaped(h string, data []string) []string {
	shown := []string{tag.ReplaceAllString(h, " ")}
	for _, m := range shownAttr.FindAllStringSubmatch(h, -1) {
		shown = append(shown, m[1])
	}
	data = slices.Clone(data)
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) }) // "info@bob.example" before "bob.example"
	var out []string
	for _, s := range shown {
		rest := html.UnescapeString(s)
		for prev := ""; prev != rest; {
			prev, rest = rest, wrapped.ReplaceAllString(rest, " ")
		}
		for _, d := range data {
			if d != "" { // "" would split every word
				rest = strings.ReplaceAll(rest, d, " ")
			}
		}
		out = append(out, word.FindAllString(rest, -1)...)
	}
	return out
}

// FromCatalog checks views, each rendered with a Pseudo catalog and named
// for the failure's message: every key a view names is in the catalog (no
// locale.Missing mark), and every word it shows is a message's or one of
// data.
func FromCatalog(t testing.TB, views map[string]string, data []string) {
	t.Helper()
	for name, h := range views {
		if strings.Contains(h, "⟦") {
			t.Errorf("%s: a key is not in the catalog: %s", name, h)
		}
		if words := Escaped(h, data); len(words) > 0 {
			t.Errorf("%s: words from no catalog: %q", name, words)
		}
	}
}
