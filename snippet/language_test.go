package snippet

import (
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/tests/golden"
)

// goldenCases are the kinds of call the console copies: a WHM token, a cPanel token with a secret form field,
// Basic with X-CPANEL-OTP, the browser's session, a secret in the query string. Each is rendered masked;
// some revealed too.
var goldenCases = []struct {
	name   string
	req    Request
	reveal bool
}{
	{"whm-token", tokenReq, false},
	{"cpanel-token-form", formReq, false},
	{"cpanel-token-form-revealed", formReq, true},
	{"basic-otp", basicOTPReq, false},
	{"basic-otp-revealed", basicOTPReq, true},
	{"session", sessionReq, false},
	{"query-secret", querySecretReq, false},
}

func extension(l Language) string {
	return map[Language]string{LangCurl: "sh", LangFetch: "js", LangPHP: "php", LangPerl: "pl", LangPython: "py", LangGo: "go"}[l]
}

// Each snippet is compared with its golden file (go test ./snippet -update rewrites them after a deliberate change).
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		for _, l := range Languages {
			path := filepath.Join("testdata", "golden", tc.name+"."+extension(l.ID)+".golden")
			t.Run(tc.name+"/"+string(l.ID), func(t *testing.T) {
				got, err := Render(l.ID, tc.req, tc.reveal)
				require.NoError(t, err)
				golden.Check(t, path, []byte(got))
			})
		}
	}
}

func TestRenderUnknownLanguage(t *testing.T) {
	_, err := Render("cobol", tokenReq, false)
	assert.ErrorIs(t, err, ErrLanguage)
}

// A masked snippet holds no secret in any spelling; a revealed one sends it.
func TestEveryLanguageMasks(t *testing.T) {
	for _, r := range []Request{tokenReq, basicOTPReq, formReq, querySecretReq} {
		for _, l := range Languages {
			masked, err := Render(l.ID, r, false)
			require.NoError(t, err)
			for _, h := range append(append([]Header{}, r.Headers...), r.Form...) {
				if h.Masked == "" {
					continue
				}
				for _, quote := range []func(string) string{GoString, JSString, PythonString, PHPString, PerlString} {
					assert.NotContains(t, masked, strings.Trim(quote(h.Value), `"'`), "%s %s", l.ID, h.Name)
				}
			}
			assert.NotContains(t, masked, "s3cret", l.ID)
		}
	}
}

// Go snippets are gofmt-clean programs.
func TestGoSnippetsAreFormatted(t *testing.T) {
	for _, tc := range goldenCases {
		src := Go(tc.req, tc.reveal)
		formatted, err := format.Source([]byte(src))
		require.NoError(t, err, src)
		assert.Equal(t, string(formatted), src, tc.name)
	}
}

// requireTool finds an interpreter; scripts/test.sh sets PANELKEY_REQUIRE_TOOLS so that a missing one fails
// there instead of skipping.
func requireTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil && len(args) > 0 {
		err = exec.Command(path, args...).Run()
	}
	if err != nil {
		if os.Getenv("PANELKEY_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is needed (scripts/install-deps.sh installs it): %v", name, err)
		}
		t.Skipf("no usable %s: %v", name, err)
	}
	return path
}

// The interpreters accept every snippet: Python and JavaScript parse it, Perl compiles it (perl -c).
func TestSnippetsParse(t *testing.T) {
	dir := t.TempDir()
	checks := []struct {
		lang Language
		tool string
		args func(file string) []string
	}{
		{LangPython, "python3", func(f string) []string {
			return []string{"-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", f}
		}},
		{LangPerl, "perl", func(f string) []string { return []string{"-c", f} }},
		{LangFetch, "node", func(f string) []string { return []string{"--check", f} }},
	}
	for _, c := range checks {
		tool := requireTool(t, c.tool, "--version")
		for i, tc := range append(goldenCases, struct {
			name   string
			req    Request
			reveal bool
		}{"tricky bytes", trickyRequest(), false}) {
			src, err := Render(c.lang, tc.req, tc.reveal)
			require.NoError(t, err)
			file := filepath.Join(dir, string(c.lang)+"-"+string(rune('a'+i))+map[Language]string{LangFetch: ".mjs"}[c.lang])
			require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
			out, err := exec.Command(tool, c.args(file)...).CombinedOutput()
			assert.NoError(t, err, "%s %s: %s\n%s", c.lang, tc.name, out, src)
		}
	}
}

// trickyRequest has quotes, backslashes, $, @, newlines, C1 controls and bytes that are not UTF-8 everywhere
// a snippet writes text.
func trickyRequest() Request {
	fields := []Field{{Name: "a'b\"c$d@e\\f", Value: "x\ny\u0085z\xff"}, {Name: "p", Value: "v", Masked: "<P'$@\\>"}}
	return Request{
		Method: "POST", URL: "https://h.example:2083/execute/X/y?q='\"$@\\",
		Headers: []Header{{Name: "X-A", Value: "it's \"$HOME\" @x \\ \u0085 \xfe"}, {Name: "x-a", Value: "2"}},
		Form:    fields, Body: FormBody(fields), ContentType: "application/x-www-form-urlencoded", Cookie: "cpsession",
	}
}

func TestLiterals(t *testing.T) {
	for _, tc := range []struct{ in, python, php, perl string }{
		{"abc", `"abc"`, `'abc'`, `'abc'`},
		{`it's "q" $x @y \z`, `"it's \"q\" $x @y \\z"`, `'it\'s "q" $x @y \\z'`, `'it\'s "q" $x @y \\z'`},
		{"a\nb\t\x01", `"a\nb\t\x01"`, `"a\x0ab\x09\x01"`, `"a\x0ab\x09\x01"`},
		{"é\u0085", "\"é\\x85\"", `"é\xc2\x85"`, `"é\xc2\x85"`},
		{"\xff$@\"", `b"\xff$@\""`, `"\xff\$@\""`, `"\xff\$\@\""`},
	} {
		assert.Equal(t, tc.python, PythonString(tc.in), "%q", tc.in)
		assert.Equal(t, tc.php, PHPString(tc.in), "%q", tc.in)
		assert.Equal(t, tc.perl, PerlString(tc.in), "%q", tc.in)
	}
}
