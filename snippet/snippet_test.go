package snippet

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	tokenReq = Request{
		URL:     "https://h.example:2087/json-api/listaccts?api.version=1&search=bob",
		Headers: []Header{{Name: "Authorization", Value: "whm root:ROOTTOKEN123", Masked: "whm root:<WHM_API_TOKEN>"}},
	}
	sessionReq = Request{
		URL:    "https://h.example:2083/cpsess0123456789/execute/Email/list_pops",
		Cookie: "cpsession",
	}
	basicOTPReq = Request{
		URL: "https://h.example:2083/execute/Email/list_pops",
		Headers: []Header{
			{Name: "Authorization", Value: "Basic Ym9iOnMzY3JldA==", Masked: "Basic <BASE64(bob:PASSWORD)>"},
			{Name: "X-CPANEL-OTP", Value: "123456", Masked: "<2FA_CODE>"},
		},
	}
	postReq = Request{
		Method: "post", URL: "https://h.example:2083/login/?login_only=1",
		Body: "user=bob&pass=it's", ContentType: "application/x-www-form-urlencoded",
	}
	// A UAPI call with its arguments in a form body, the password masked.
	addPopFields = []Field{
		{Name: "email", Value: "new box"},
		{Name: "password", Value: "it's s3cret&=+", Masked: "<PASSWORD>"},
		{Name: "quota", Value: "0"},
	}
	formReq = Request{
		Method: "POST", URL: "https://h.example:2083/execute/Email/add_pop",
		Headers: []Header{{Name: "Authorization", Value: "cpanel bob:BOBTOKEN", Masked: "cpanel bob:<CPANEL_API_TOKEN>"}},
		Body:    FormBody(addPopFields), ContentType: "application/x-www-form-urlencoded", Form: addPopFields,
	}
	// The same arguments in the query string, as a user may choose.
	querySecretReq = Request{
		URL:       "https://h.example:2083/execute/Email/add_pop?email=new+box&password=it%27s+s3cret%26%3D%2B&quota=0",
		MaskedURL: "https://h.example:2083/execute/Email/add_pop?email=new+box&password=<PASSWORD>&quota=0",
	}
)

func TestCurl(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    Request
		reveal bool
		want   string
	}{
		{"token, masked", tokenReq, false, `curl 'https://h.example:2087/json-api/listaccts?api.version=1&search=bob' \
  -H 'Authorization: whm root:<WHM_API_TOKEN>'`},
		{"token, revealed", tokenReq, true, `curl 'https://h.example:2087/json-api/listaccts?api.version=1&search=bob' \
  -H 'Authorization: whm root:ROOTTOKEN123'`},
		{"basic and 2FA, masked", basicOTPReq, false, `curl https://h.example:2083/execute/Email/list_pops \
  -H 'Authorization: Basic <BASE64(bob:PASSWORD)>' \
  -H 'X-CPANEL-OTP: <2FA_CODE>'`},
		{"basic and 2FA, revealed", basicOTPReq, true, `curl https://h.example:2083/execute/Email/list_pops \
  -H 'Authorization: Basic Ym9iOnMzY3JldA==' \
  -H 'X-CPANEL-OTP: 123456'`},
		{"session cookie: a placeholder even when revealed", sessionReq, true,
			`# cpsession is the browser's HttpOnly session cookie for this host: copy its value from the
# browser's developer tools (Application > Cookies). It only works from the address that logged in.
curl https://h.example:2083/cpsess0123456789/execute/Email/list_pops \
  -b 'cpsession=<SESSION_COOKIE_FROM_THE_BROWSER>'`},
		{"post with a body and a quote", postReq, false, `curl -X POST 'https://h.example:2083/login/?login_only=1' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary 'user=bob&pass=it'\''s'`},
		{"no headers", Request{URL: "https://h.example:2083/"}, false, `curl https://h.example:2083/`},
		{"form body, masked: one --data-urlencode a field, the placeholder to type over", formReq, false,
			`curl -X POST https://h.example:2083/execute/Email/add_pop \
  -H 'Authorization: cpanel bob:<CPANEL_API_TOKEN>' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode 'email=new box' \
  --data-urlencode 'password=<PASSWORD>' \
  --data-urlencode quota=0`},
		{"form body, revealed", formReq, true, `curl -X POST https://h.example:2083/execute/Email/add_pop \
  -H 'Authorization: cpanel bob:BOBTOKEN' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode 'email=new box' \
  --data-urlencode 'password=it'\''s s3cret&=+' \
  --data-urlencode quota=0`},
		{"a field name curl would misread is sent encoded", Request{Method: "POST", URL: "https://h.example/",
			Form: []Field{{Name: "a=b@c d", Value: "@file"}}, Body: "a%3Db%40c+d=%40file"}, false,
			`curl -X POST https://h.example/ \
  --data-urlencode a%3Db%40c+d=@file`},
		{"a secret in the query string, masked", querySecretReq, false,
			`curl 'https://h.example:2083/execute/Email/add_pop?email=new+box&password=<PASSWORD>&quota=0'`},
		{"a secret in the query string, revealed", querySecretReq, true,
			`curl 'https://h.example:2083/execute/Email/add_pop?email=new+box&password=it%27s+s3cret%26%3D%2B&quota=0'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Curl(tc.req, tc.reveal)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCurlRefusesNUL(t *testing.T) {
	_, err := Curl(Request{URL: "https://h.example/", Body: "a\x00b"}, false)
	assert.ErrorIs(t, err, ErrNUL)
}

func TestCurlDoesNotChangeTheRequest(t *testing.T) {
	hs := make([]Header, 1, 4)
	hs[0] = Header{Name: "X-A", Value: "1"}
	r := Request{Method: "POST", URL: "https://h.example/", Headers: hs, Body: "x", ContentType: "text/plain"}
	_, err := Curl(r, false)
	require.NoError(t, err)
	assert.Equal(t, []Header{{Name: "X-A", Value: "1"}}, r.Headers)
	assert.Equal(t, Header{}, hs[:2][1], "the spare capacity of the caller's slice is untouched")
}

func TestFetch(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    Request
		reveal bool
		want   string
	}{
		{"token, masked", tokenReq, false, `const response = await fetch("https://h.example:2087/json-api/listaccts?api.version=1\u0026search=bob", {
  method: "GET",
  headers: [
    ["Authorization", "whm root:\u003cWHM_API_TOKEN\u003e"],
  ],
  redirect: "manual",
});
console.log(response.status, await response.text());
`},
		{"basic and 2FA, revealed", basicOTPReq, true, `const response = await fetch("https://h.example:2083/execute/Email/list_pops", {
  method: "GET",
  headers: [
    ["Authorization", "Basic Ym9iOnMzY3JldA=="],
    ["X-CPANEL-OTP", "123456"],
  ],
  redirect: "manual",
});
console.log(response.status, await response.text());
`},
		{"session", sessionReq, false, `const response = await fetch("https://h.example:2083/cpsess0123456789/execute/Email/list_pops", {
  method: "GET",
  credentials: "include", // the browser's cpsession cookie
  redirect: "manual",
});
console.log(response.status, await response.text());
`},
		{"post", postReq, false, `const response = await fetch("https://h.example:2083/login/?login_only=1", {
  method: "POST",
  headers: [
    ["Content-Type", "application/x-www-form-urlencoded"],
  ],
  body: "user=bob\u0026pass=it's",
  redirect: "manual",
});
console.log(response.status, await response.text());
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Fetch(tc.req, tc.reveal))
		})
	}
}

// A form body: the encoded text as sent, or with each masked value as an encodeURIComponent call on its
// placeholder (the rest of the call is as for any request, above).
func TestFetchFormBody(t *testing.T) {
	for _, tc := range []struct {
		req    Request
		reveal bool
		lines  []string
	}{
		{formReq, false, []string{
			`const response = await fetch("https://h.example:2083/execute/Email/add_pop", {`,
			`  method: "POST",`,
			`    ["Content-Type", "application/x-www-form-urlencoded"],`,
			`  body: "email=new+box\u0026password=" + encodeURIComponent("\u003cPASSWORD\u003e") + "\u0026quota=0",`,
		}},
		{formReq, true, []string{`  body: "email=new+box\u0026password=it%27s+s3cret%26%3D%2B\u0026quota=0",`}},
		{Request{Method: "POST", URL: "u", Form: addPopFields[1:2], Body: FormBody(addPopFields[1:2])}, false,
			[]string{`  body: "password=" + encodeURIComponent("\u003cPASSWORD\u003e"),`}},
		{querySecretReq, false, []string{
			`const response = await fetch("https://h.example:2083/execute/Email/add_pop?email=new+box\u0026password=\u003cPASSWORD\u003e\u0026quota=0", {`,
		}},
	} {
		got := strings.Split(Fetch(tc.req, tc.reveal), "\n")
		for _, l := range tc.lines {
			assert.Contains(t, got, l)
		}
	}
}

func TestSecretsStayMaskedUnlessRevealed(t *testing.T) {
	for _, r := range []Request{tokenReq, basicOTPReq, formReq} {
		curl, err := Curl(r, false)
		require.NoError(t, err)
		fetch := Fetch(r, false)
		revealed, err := Curl(r, true)
		require.NoError(t, err)
		revealed += Fetch(r, true) // a field's value is there as sent: query-escaped
		for _, h := range append(append([]Header{}, r.Headers...), r.Form...) {
			if h.Masked == "" {
				continue
			}
			for _, spelling := range []string{h.Value, url.QueryEscape(h.Value), JSString(h.Value)} {
				assert.NotContains(t, curl, spelling)
				assert.NotContains(t, fetch, spelling)
				assert.NotContains(t, r.ShowBody(false), spelling)
			}
			assert.True(t, strings.Contains(revealed, h.Value) || strings.Contains(revealed, strings.Trim(JSString(url.QueryEscape(h.Value)), `"`)), h.Name)
		}
	}
	curl, err := Curl(querySecretReq, false)
	require.NoError(t, err)
	for _, text := range []string{curl, Fetch(querySecretReq, false), querySecretReq.ShowURL(false)} {
		assert.NotContains(t, text, "s3cret")
	}
	assert.Contains(t, querySecretReq.ShowURL(true), "s3cret")
}

func TestFormBody(t *testing.T) {
	assert.Equal(t, "", FormBody(nil))
	assert.Equal(t, "email=new+box&password=it%27s+s3cret%26%3D%2B&quota=0", formReq.Body)
	assert.Equal(t, "a+b=%C3%A9~-._%2A%21%0A%FF&a+b=", FormBody([]Field{{Name: "a b", Value: "é~-._*!\n\xff"}, {Name: "a b"}}))
	assert.Equal(t, formReq.Body, formReq.ShowBody(true))
	assert.Equal(t, "email=new+box&password=<PASSWORD>&quota=0", formReq.ShowBody(false))
	assert.Equal(t, postReq.Body, postReq.ShowBody(false), "a body without fields shows as it is")
	assert.Equal(t, tokenReq.URL, tokenReq.ShowURL(false), "no mask: the URL")
}

// The revealed curl command, run by bash, sends what the request says: method, path and query, headers and the
// body byte for byte, for field values with every kind of byte a shell or curl could mangle.
func TestCurlSendsTheRequest(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl")
	}
	type got struct {
		method, uri, auth, ctype, body string
	}
	seen := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen <- got{r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(b)}
	}))
	defer srv.Close()
	var tricky []Field
	for i, v := range []string{"", " ", "a b&c=d+e%20f", "it's \"q\" \\ $HOME `x` !", "line\nnext\r\n", "tab\tend", "é✓", "\xff\xfe",
		"@/etc/passwd", "=", "~-._*", strings.Repeat("x", 3000)} {
		tricky = append(tricky, Field{Name: "f" + strings.Repeat("_", i), Value: v, Masked: "<F>"})
	}
	tricky = append(tricky, Field{Name: "a b@c=d", Value: "@x"}, Field{Name: "@", Value: "v"})
	for _, r := range []Request{
		{Method: "POST", URL: srv.URL + "/execute/Email/add_pop?keep=1", Form: tricky, Body: FormBody(tricky),
			ContentType: "application/x-www-form-urlencoded", Headers: []Header{{Name: "Authorization", Value: "cpanel bob:T0KEN", Masked: "x"}}},
		{Method: "POST", URL: srv.URL + "/json-api/version?api.version=1", Form: []Field{}, Headers: []Header{{Name: "Authorization", Value: "whm root:T"}}},
		{URL: srv.URL + "/execute/Email/add_pop?email=a+b&password=it%27s%26%3D", MaskedURL: srv.URL + "/x?password=<P>",
			Headers: []Header{{Name: "Authorization", Value: "cpanel bob:T0KEN", Masked: "x"}}},
	} {
		cmd, err := Curl(r, true)
		require.NoError(t, err)
		out, err := exec.Command(bash, "--norc", "--noprofile", "-c", cmd+" --silent --show-error").CombinedOutput()
		require.NoError(t, err, string(out))
		g := <-seen
		u, err := url.Parse(r.URL)
		require.NoError(t, err)
		assert.Equal(t, got{r.method(), u.RequestURI(), r.Headers[0].Value, ctypeOf(r), r.Body}, g, cmd)
	}
}

func ctypeOf(r Request) string {
	if r.Body == "" {
		return ""
	}
	return r.ContentType
}

func TestShellQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "''"},
		{"abc", "abc"},
		{"https://h.example:2083/a_b-c.d@e%20+=,", "https://h.example:2083/a_b-c.d@e%20+=,"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME `x` \"y\" \\ ! * ? ~ # & ; | < > ( ) { } [ ]", `'$HOME ` + "`x`" + ` "y" \ ! * ? ~ # & ; | < > ( ) { } [ ]'`},
		{"héllo ✓", "'héllo ✓'"},
		{"a\nb", `$'a\x0ab'`},
		{"\x1b[31m'\\", `$'\x1b[31m\'\\'`},
		{"\xff\xfe", `$'\xff\xfe'`},
		{"\u0085 é", `$'\xc2\x85 é'`},
		{"\x7f", `$'\x7f'`},
	} {
		got, err := ShellQuote(tc.in)
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
	_, err := ShellQuote("a\x00")
	assert.ErrorIs(t, err, ErrNUL)
}

// Every byte but NUL, alone and in company, comes back unchanged through bash.
func TestShellQuoteRoundTripsThroughBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var inputs []string
	for c := 1; c < 256; c++ {
		inputs = append(inputs, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"'y\\")
	}
	inputs = append(inputs, "", "it's", "a\r\nb", "\xc3", "é\xff✓", "$(touch /nonexistent/x)", "'\"'\"'", strings.Repeat("\\'", 5))
	var script strings.Builder
	for _, in := range inputs {
		q, err := ShellQuote(in)
		require.NoError(t, err)
		assert.True(t, printable(q), "the quoted form is paste-safe: %q", q)
		script.WriteString("printf '%s\\0' " + q + "\n")
	}
	cmd := exec.Command(bash, "--norc", "--noprofile")
	cmd.Stdin = strings.NewReader(script.String())
	cmd.Env = []string{"LC_ALL=C"}
	out, err := cmd.Output()
	require.NoError(t, err)
	got := strings.Split(string(out), "\x00")
	require.Len(t, got, len(inputs)+1)
	for i, in := range inputs {
		assert.Equal(t, in, got[i], "input %q", in)
	}
}

func TestJSString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{`a"b\c`, `"a\"b\\c"`},
		{"</script><!--", `"\u003c/script\u003e\u003c!--"`},
		{"line\nnext\u2028", `"line\nnext\u2028"`},
		{"\xff", `"\ufffd"`},
	} {
		assert.Equal(t, tc.want, JSString(tc.in), "%q", tc.in)
	}
}

func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "a b", "it's", "a\nb", "\xff", "é", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ShellQuote(s)
		if strings.IndexByte(s, 0) >= 0 {
			if err == nil {
				t.Fatal("NUL accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(q) || !printable(q) {
			t.Fatalf("%q quoted as %q, which is not paste-safe", s, q)
		}
	})
}
