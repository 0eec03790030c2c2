package snippet

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/tests/emulator"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
)

// pythonWithRequests finds a Python 3 that imports requests: the one on PATH, else Debian's
// (scripts/install-deps.sh installs python3-requests).
func pythonWithRequests(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import requests").Run() == nil {
			return path
		}
	}
	return requireTool(t, "python3", "-c", "import requests")
}

// runner runs a snippet's text and returns what it printed.
type runner func(t *testing.T, src string) string

// The curl and Python snippets, run as they are copied, do what the console would have done: against the
// emulator, over TLS verified against its CA (CURL_CA_BUNDLE, REQUESTS_CA_BUNDLE), for a WHM token, a cPanel
// token with a form body, Basic with X-CPANEL-OTP (alice has the API-requests policy), and the browser's
// session cookie. Revealed snippets run as they are; masked ones after the user's part: the placeholders
// replaced by the real values, exactly where a user would type them.
func TestSnippetsRunAgainstEmulator(t *testing.T) {
	bash := requireTool(t, "bash", "--version")
	curl := requireTool(t, "curl", "--version")
	python := pythonWithRequests(t)
	srv := emulatortest.Start(t, emulator.Config{})
	env := append(os.Environ(), "CURL_CA_BUNDLE="+srv.CAFile(), "REQUESTS_CA_BUNDLE="+srv.CAFile())
	dir := t.TempDir()
	runners := map[Language]runner{
		LangCurl: func(t *testing.T, src string) string {
			cmd := exec.Command(bash, "--norc", "--noprofile", "-c", src+" --silent --show-error --write-out ' %{http_code}'")
			cmd.Env = append(env, "PATH="+filepath.Dir(curl)+":"+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s\n%s", src, out)
			return string(out)
		},
		LangPython: func(t *testing.T, src string) string {
			file := filepath.Join(dir, "snippet.py")
			require.NoError(t, os.WriteFile(file, []byte(src), 0o600))
			cmd := exec.Command(python, file)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s\n%s", src, out)
			return string(out)
		},
	}

	whm, cp := srv.URL(emulator.WHM, false), srv.URL(emulator.CPanel, false)
	const rootToken, bobToken = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y", "BOBTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y0"
	cookie, cpsess := login(t, srv, "bob", "demo-bob-pass")
	aliceBasic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:demo-alice-pass"))
	code := func() string {
		c, err := totp.GenerateCode("ALICETWOFACTORAB", time.Now())
		require.NoError(t, err)
		return c
	}

	for lang, run := range runners {
		t.Run(string(lang), func(t *testing.T) {
			// A WHM token, revealed.
			out := render(t, lang, Request{URL: whm + "/json-api/listaccts?api.version=1&search=bob&searchtype=user",
				Headers: []Header{{Name: "Authorization", Value: "whm root:" + rootToken, Masked: "whm root:<WHM_API_TOKEN>"}}}, true, nil, run)
			assert.Contains(t, out, `"user":"bob"`)
			assert.Contains(t, out, "200")

			// A cPanel token and a form body with a masked password, the user's own password typed in.
			box := "snip-" + string(lang)
			password := "s3cret&=+ é~*%"
			fields := []Field{{Name: "email", Value: box}, {Name: "password", Value: "never sent", Masked: "<PASSWORD>"}, {Name: "quota", Value: "0"}}
			form := Request{Method: "POST", URL: cp + "/execute/Email/add_pop",
				Headers: []Header{{Name: "Authorization", Value: "cpanel bob:" + bobToken, Masked: "cpanel bob:<CPANEL_API_TOKEN>"}},
				Form:    fields, Body: FormBody(fields), ContentType: "application/x-www-form-urlencoded"}
			before := len(srv.Requests(0))
			out = render(t, lang, form, false, map[string]string{"<CPANEL_API_TOKEN>": bobToken, "<PASSWORD>": password}, run)
			assert.Contains(t, out, `"status":1`)
			sent := srv.Requests(0)[before:]
			require.NotEmpty(t, sent)
			fields[1].Value = password
			assert.Equal(t, FormBody(fields), sent[len(sent)-1].Body, "the typed password is sent encoded, in the field's place")

			// Basic with X-CPANEL-OTP, revealed; then masked with the user's values typed in.
			otpReq := func(c string) Request {
				return Request{URL: cp + "/execute/Email/list_pops", Headers: []Header{
					{Name: "Authorization", Value: aliceBasic, Masked: "Basic <BASE64(alice:PASSWORD)>"},
					{Name: "X-CPANEL-OTP", Value: c, Masked: "<2FA_CODE>"}}}
			}
			out = render(t, lang, otpReq(code()), true, nil, run)
			assert.Contains(t, out, `"status":1`)
			out = render(t, lang, otpReq("000000"), false, map[string]string{
				"Basic <BASE64(alice:PASSWORD)>": aliceBasic, "<2FA_CODE>": code()}, run)
			assert.Contains(t, out, `"status":1`)

			// The browser's session: the cookie's value pasted where the placeholder is.
			out = render(t, lang, Request{URL: cp + cpsess + "/execute/Email/list_pops", Cookie: "cpsession"}, false,
				map[string]string{CookiePlaceholder: cookie}, run)
			assert.Contains(t, out, `"email":"info@bob.example"`)
		})
	}
}

// render writes the snippet, replaces each placeholder the user would type over, and runs it.
func render(t *testing.T, lang Language, r Request, reveal bool, typed map[string]string, run runner) string {
	t.Helper()
	src, err := Render(lang, r, reveal)
	require.NoError(t, err)
	for placeholder, value := range typed {
		require.Contains(t, src, placeholder)
		src = strings.ReplaceAll(src, placeholder, value)
	}
	return run(t, src)
}

// login logs in with a password as a browser would and returns the session cookie's value and the security token.
func login(t *testing.T, srv *emulator.Server, user, pass string) (cookie, cpsess string) {
	t.Helper()
	resp, err := emulatortest.NewBrowser(t, srv).Tab.PostForm(srv.URL(emulator.CPanel, false)+"/login/?login_only=1", url.Values{"user": {user}, "pass": {pass}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer struct {
		Token string `json:"security_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	for _, c := range resp.Cookies() {
		if c.Name == "cpsession" {
			return c.Value, answer.Token
		}
	}
	t.Fatal("no cpsession cookie")
	return "", ""
}
