package locale_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/netgate"
	"github.com/panelkey/panelkey/ui"
)

// root is the repository, where _locales is.
const root = ".."

// catalogs reads every shipped catalog, by locale code.
func catalogs(t *testing.T) map[string]*locale.Catalog {
	t.Helper()
	dirs, err := os.ReadDir(filepath.Join(root, "_locales"))
	require.NoError(t, err)
	out := map[string]*locale.Catalog{}
	for _, d := range dirs {
		text, err := os.ReadFile(filepath.Join(root, "_locales", d.Name(), "messages.json"))
		require.NoError(t, err)
		c, err := locale.Parse(d.Name(), string(text))
		require.NoError(t, err)
		out[d.Name()] = c
	}
	return out
}

// Every catalog names itself, and holds exactly the default catalog's keys,
// each using the same substitutions: a translation is complete, so the
// browser never falls back to English in the middle of a page.
func TestCatalogsAreComplete(t *testing.T) {
	all := catalogs(t)
	require.Contains(t, all, locale.Default)
	require.GreaterOrEqual(t, len(all), 2, "English and at least one complete translation")
	en := all[locale.Default]
	for lang, c := range all {
		assert.Equal(t, lang, c.T(locale.SelfKey), "%s/messages.json's %q message", lang, locale.SelfKey)
		assert.Equal(t, en.Keys(), c.Keys(), "%s/messages.json has other keys than en's", lang)
		for _, key := range en.Keys() {
			if key == locale.SelfKey {
				continue
			}
			assert.Equal(t, substitutions(en, key), substitutions(c, key), "%s: %s uses other substitutions than in en", lang, key)
		}
	}
}

// substitutions is which of $1…$9 a message shows.
func substitutions(c *locale.Catalog, key string) []int {
	subs := []string{"\x001", "\x002", "\x003", "\x004", "\x005", "\x006", "\x007", "\x008", "\x009"}
	text := c.T(key, subs...)
	var used []int
	for i, s := range subs {
		if strings.Contains(text, s) {
			used = append(used, i+1)
		}
	}
	return used
}

// The places a key is named, as the code names them: the manifest's
// __MSG_key__, Go's T("key") and Key("key"), the shell's i18n('key') and
// chrome.i18n.getMessage('key'), the pages' data-i18n="key".
var keyUses = []struct {
	files string
	re    *regexp.Regexp
}{
	{"manifest.json", regexp.MustCompile(`__MSG_([A-Za-z0-9_@]+)__`)},
	{".go", regexp.MustCompile(`\b(?:T|Key)\(\s*"([A-Za-z0-9_@]+)"`)},
	{".js", regexp.MustCompile(`\b(?:i18n|getMessage)\(\s*['"]([A-Za-z0-9_@]+)['"]`)},
	{".html", regexp.MustCompile(`\bdata-i18n(?:-[a-z-]+)?="([A-Za-z0-9_@]+)"`)},
}

// usedKeys scans the shipped sources (not tests) for the keys they name.
func usedKeys(t *testing.T) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "tests" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") {
			return nil
		}
		for _, u := range keyUses {
			if name != u.files && !(strings.HasPrefix(u.files, ".") && strings.HasSuffix(name, u.files)) {
				continue
			}
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, line := range strings.Split(string(text), "\n") {
				if l := strings.TrimSpace(line); strings.HasPrefix(l, "//") || strings.HasPrefix(l, "*") {
					continue // a comment's example is not a use
				}
				for _, m := range u.re.FindAllStringSubmatch(line, -1) {
					key := strings.ToLower(m[1])
					if !slices.Contains(used[key], path) {
						used[key] = append(used[key], path)
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	return used
}

// errorCodes are the error codes the engine can return, found in its Go
// sources (not tests), by package: the string constants named Code… or
// code… (netgate.CodeUntrusted, the bridge's codeBadInput), the literal
// codes of Code: "…" fields (errcode.Error{Code: "import-nothing"}) and the
// first, literal argument of the packages' error helpers (signin's and
// tfaenroll's fail("wrong-port", …), netgate's refuse, totp's newError).
func errorCodes(t *testing.T) map[string][]string {
	t.Helper()
	helpers := map[string]bool{"fail": true, "refuse": true, "newError": true, "failJSON": true}
	codes := map[string][]string{}
	add := func(e ast.Expr, where string) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			code, _ := strconv.Unquote(lit.Value)
			if regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`).MatchString(code) && !slices.Contains(codes[code], where) {
				codes[code] = append(codes[code], where)
			}
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "tests" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(filepath.ToSlash(path), "../cmd/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if (strings.HasPrefix(id.Name, "Code") || strings.HasPrefix(id.Name, "code")) && i < len(n.Values) {
						add(n.Values[i], path)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
					add(n.Value, path)
				}
			case *ast.CallExpr:
				if fn, ok := n.Fun.(*ast.Ident); ok && helpers[fn.Name] && len(n.Args) > 0 {
					add(n.Args[0], path)
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, codes)
	return codes
}

// shellCode finds the codes of the shell's own failures in extension/*.js:
// problem('code', …), VaultError('code', …), {code: 'code', …},
// plain(err, 'code') and a step's code defaulted (isText(step.code) ?
// step.code : 'code').
var shellCode = regexp.MustCompile(`(?:problem|VaultError)\(\s*'([a-z-]+)'|\bcode: '([a-z-]+)'|plain\([^,()]+, '([a-z-]+)'\)|\? \w+\.code : '([a-z-]+)'`)

// shellCodes are the codes of the shell's own failures (shellCode), which
// the pages show as they show the engine's.
func shellCodes(t *testing.T) map[string][]string {
	t.Helper()
	codes := map[string][]string{}
	js, err := filepath.Glob(filepath.Join(root, "extension", "*.js"))
	require.NoError(t, err)
	for _, f := range js {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range shellCode.FindAllStringSubmatch(string(text), -1) {
			code := m[1] + m[2] + m[3] + m[4]
			if !slices.Contains(codes[code], f) {
				codes[code] = append(codes[code], f)
			}
		}
	}
	return codes
}

// errcode.Internal is a bug's code, not a condition: its English message
// says which bug, for the report (errcode.Of).
const internalCode = "internal"

// Every error code the engine (Go) or the shell (JavaScript) can answer has
// its message in the catalogs (ui.ProblemText's err_<code>): no failure a
// page shows falls back to the engine's English. The codes are read from
// the sources, so a new code without a message fails here.
func TestEveryErrorCodeHasAMessage(t *testing.T) {
	all := catalogs(t)
	codes := errorCodes(t)
	for code, files := range shellCodes(t) {
		codes[code] = append(codes[code], files...)
	}
	require.Contains(t, codes, "tls-untrusted")
	require.Contains(t, codes, "wrong-password")
	for code, files := range codes {
		if code == internalCode {
			continue
		}
		for lang, c := range all {
			assert.True(t, c.Has(ui.ProblemKey(code)), "%s: no %s for the code %q (%s)", lang, ui.ProblemKey(code), code, strings.Join(files, ", "))
		}
	}
}

// Every key the code names is in the catalogs, and every message in them is
// named somewhere, errors' messages (and their advice) by their code.
func TestEveryKeyUsedExists(t *testing.T) {
	en := catalogs(t)[locale.Default]
	used := usedKeys(t)
	require.NotEmpty(t, used)
	for key, files := range used {
		assert.True(t, en.Has(key), "%s names %q, which _locales/en/messages.json lacks", strings.Join(files, ", "), key)
	}
	codes := errorCodes(t)
	for code, files := range shellCodes(t) {
		codes[code] = append(codes[code], files...)
	}
	for code, files := range codes {
		used[ui.ProblemKey(code)] = files
		used[ui.ProblemKey(code)+ui.AdviceSuffix] = files
	}
	for _, key := range en.Keys() {
		if key != locale.SelfKey {
			_, ok := used[key]
			assert.True(t, ok, "_locales/en/messages.json's %q is used nowhere", key)
		}
	}
}

// The pages' HTML holds each localized text in English, for what runs
// without a catalog (the pages' own tests): it is the English message,
// word for word, so the two never drift apart.
func TestHTMLTextIsTheEnglishMessage(t *testing.T) {
	en := catalogs(t)[locale.Default]
	files, err := filepath.Glob(filepath.Join(root, "web", "*.html"))
	require.NoError(t, err)
	tag := regexp.MustCompile(`<([a-zA-Z0-9]+)\b([^>]*)>`)
	attr := regexp.MustCompile(`([a-zA-Z0-9-]+)="([^"]*)"`)
	space := regexp.MustCompile(`\s+`)
	norm := func(s string) string { return strings.TrimSpace(space.ReplaceAllString(html.UnescapeString(s), " ")) }
	checked := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		page := string(text)
		for _, m := range tag.FindAllStringSubmatchIndex(page, -1) {
			attrs := map[string]string{}
			for _, a := range attr.FindAllStringSubmatch(page[m[4]:m[5]], -1) {
				attrs[a[1]] = a[2]
			}
			for name, key := range attrs {
				switch {
				case name == "data-i18n":
					end := strings.IndexByte(page[m[1]:], '<')
					require.GreaterOrEqual(t, end, 0)
					assert.Equal(t, norm(en.T(key)), norm(page[m[1]:m[1]+end]), "%s: the text of data-i18n=%q", filepath.Base(f), key)
					checked++
				case strings.HasPrefix(name, "data-i18n-"):
					target := strings.TrimPrefix(name, "data-i18n-")
					assert.Equal(t, norm(en.T(key)), norm(attrs[target]), "%s: %s of data-i18n-%s=%q", filepath.Base(f), target, target, key)
					checked++
				}
			}
		}
	}
	assert.Greater(t, checked, 0)
}

// A failure's parameters fill its message in every catalog: each one shows,
// and the message names no $n beyond them (it would show as nothing). The
// failures are made by the packages themselves, as the pages get them.
func TestErrorParametersFillTheirMessages(t *testing.T) {
	const origin = "https://host.example:2087"
	server := netgate.Server{BaseURL: origin}
	failures := []error{
		netgate.Failure("net::ERR_CERT_AUTHORITY_INVALID", origin),
		netgate.Failure("net::ERR_CONNECTION_REFUSED", origin),
		netgate.Failure("Failed to fetch", origin),
		netgate.TimedOut(origin, 3*time.Second),
	}
	for _, url := range []string{"https://other.example:2087/", "https://host.example:8443/", "http://host.example:2086/"} {
		_, err := netgate.Check(server, netgate.Request{URL: url})
		require.Error(t, err, url)
		failures = append(failures, err)
	}
	for _, addr := range []string{"host.example:8080", "https://host.example:2086"} {
		_, err := endpoint.Parse(addr)
		require.Error(t, err, addr)
		failures = append(failures, err)
	}
	for lang, c := range catalogs(t) {
		for _, err := range failures {
			code, _ := errcode.Of(err)
			params := errcode.Params(err)
			require.NotEmpty(t, params, "%s: %v has parameters", code, err)
			text := ui.ProblemText(c, code, "", params...) + " " + ui.AdviceText(c, code, "", params...)
			for _, p := range params {
				assert.Contains(t, text, p, "%s: %s shows its parameter", lang, code)
			}
			for _, n := range substitutions(c, ui.ProblemKey(code)) {
				assert.LessOrEqual(t, n, len(params), "%s: %s names $%d, and the error has %d parameters", lang, code, n, len(params))
			}
		}
	}
}
