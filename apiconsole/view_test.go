package apiconsole

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/sessionlog"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/ui"
)

const hostile = `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'"&`

// ourTags are the only elements the views write, and ourAttrs the only attributes.
var (
	ourTags = map[string]bool{
		"div": true, "span": true, "details": true, "summary": true, "p": true, "code": true, "b": true, "ul": true, "li": true,
		"dl": true, "dt": true, "dd": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"pre": true, "button": true, "input": true, "option": true,
	}
	ourAttrs = map[string]bool{
		"class": true, "id": true, "type": true, "value": true, "placeholder": true, "aria-label": true, "spellcheck": true,
		"autocomplete": true, "selected": true, "open": true, "title": true,
	}
	openTagRe  = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)>`)
	closeTagRe = regexp.MustCompile(`^</([a-zA-Z][a-zA-Z0-9]*)>`)
	attrRe     = regexp.MustCompile(`\s+([a-zA-Z-]+)`)
)

// inertProblem says why html could run script or break out of our markup: every "<" must start one of our
// elements (or close one), with only our attributes, each value double-quoted and free of quotes and angle
// brackets. "" when it is inert.
func inertProblem(html string) string {
	for i := strings.IndexByte(html, '<'); i >= 0; i = next(html, i) {
		rest := html[i:]
		if m := closeTagRe.FindStringSubmatch(rest); m != nil {
			if !ourTags[m[1]] {
				return "closing tag " + m[0]
			}
			continue
		}
		m := openTagRe.FindStringSubmatch(rest)
		if m == nil {
			return "a '<' that is not one of our tags: " + rest[:min(len(rest), 60)]
		}
		if !ourTags[m[1]] {
			return "element " + m[1]
		}
		for _, a := range attrRe.FindAllStringSubmatch(regexp.MustCompile(`="[^"]*"`).ReplaceAllString(m[2], ""), -1) {
			if !ourAttrs[a[1]] && !strings.HasPrefix(a[1], "data-") {
				return "attribute " + a[1] + " in " + m[0]
			}
		}
	}
	return ""
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '<')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func assertInert(t *testing.T, html string) {
	t.Helper()
	assert.Empty(t, inertProblem(html), html)
}

func TestInertProblemCatchesWhatItShould(t *testing.T) {
	for _, bad := range []string{`<script>x</script>`, `<img src=x>`, `<div onclick="x">`, `<div class=x>`, `<div title="a"b">`,
		`a < b`, `<span class="x" style="y">`} {
		assert.NotEmpty(t, inertProblem(bad), bad)
	}
	assert.Empty(t, inertProblem(`<div class="a" data-id="&#34;&gt; onerror=1"><b>x</b></div>`))
}

func TestTreeHTML(t *testing.T) {
	body := `{"z":1,"a":{"big":12345678901234567890,"f":1.5e3,"t":true,"n":null,"s":"x\ny"},"list":[1,"two",[]],"` +
		strings.ReplaceAll(hostile, `"`, `\"`) + `":"` + strings.ReplaceAll(hostile, `"`, `\"`) + `"}`
	html, ok := TreeHTML([]byte(body), MaxTreeNodes)
	require.True(t, ok)
	assertInert(t, html)
	assert.Contains(t, html, `<span class="jv jstr">&#34;&lt;script&gt;window.pwned=1&lt;/script&gt;`, "shown as the text it is")
	assert.Less(t, strings.Index(html, `<span class="jk">z</span>`), strings.Index(html, `<span class="jk">a</span>`),
		"keys stay in the server's order")
	for _, want := range []string{
		`<span class="jv jnum">12345678901234567890</span>`, // no float rounding
		`<span class="jv jnum">1.5e3</span>`,
		`<span class="jv jbool">true</span>`,
		`<span class="jv jnull">null</span>`,
		`<span class="jv jstr">&#34;x\ny&#34;</span>`,
		`<span class="jn"> 4 keys</span>`,
		`<span class="jn"> 3 items</span>`,
		`<span class="jn"> 0 items</span>`,
		`<span class="jk">1</span>: <span class="jv jstr">&#34;two&#34;</span>`,
	} {
		assert.Contains(t, html, want)
	}
	assert.True(t, strings.HasPrefix(html, `<div class="json-tree"><details class="jt" open>`))

	_, ok = TreeHTML([]byte(`<html>login</html>`), MaxTreeNodes)
	assert.False(t, ok)
	_, ok = TreeHTML([]byte(`{"a":1} {"b":2}`), MaxTreeNodes)
	assert.False(t, ok, "two documents are not one JSON answer")
	html, ok = TreeHTML([]byte(`"just a string"`), MaxTreeNodes)
	assert.True(t, ok)
	assert.Contains(t, html, `&#34;just a string&#34;`)
}

func TestTreeHTMLLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := 0; i < 100; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"i":1}`)
	}
	b.WriteString(`],"after":"kept structure"}`)
	html, ok := TreeHTML([]byte(b.String()), 21)
	require.True(t, ok)
	assert.Equal(t, 21, strings.Count(html, `class="jt"`)+strings.Count(html, `class="jl"`), "21 values rendered")
	assert.Contains(t, html, "Only the first 21 values are shown")
	assert.Equal(t, strings.Count(html, "<details"), strings.Count(html, "</details>"), "every container closes")
	assert.Contains(t, html, `<span class="jn"> 100 items</span>`, "counts cover what is not shown")

	deep := strings.Repeat("[", 100) + `"<b>bottom</b>"` + strings.Repeat("]", 100)
	html, ok = TreeHTML([]byte(deep), MaxTreeNodes)
	require.True(t, ok)
	assert.Equal(t, maxTreeDepth, strings.Count(html, "<details"))
	assert.Contains(t, html, `<span class="jv jdeep">`+strings.Repeat("[", 36)+`&#34;&lt;b&gt;bottom&lt;/b&gt;&#34;`)

	long := `["` + strings.Repeat("é", 3000) + `"]`
	html, ok = TreeHTML([]byte(long), MaxTreeNodes)
	require.True(t, ok)
	assert.Contains(t, html, "more bytes)")
	assert.NotContains(t, html, "\ufffd", "cut on a character boundary")
}

func FuzzTreeHTML(f *testing.F) {
	for _, s := range []string{`{}`, `[1,"<b>",{"<":null}]`, `{"a":[[[[]]]]}`, `1e999`, `"\u003cscript\u003e"`, `not json`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		html, ok := TreeHTML(body, 50)
		if !ok {
			return
		}
		if p := inertProblem(html); p != "" {
			t.Fatalf("%s from %q", p, body)
		}
		if strings.Count(html, "<details") != strings.Count(html, "</details>") {
			t.Fatalf("unbalanced containers for %q", body)
		}
	})
}

func TestEnvelopeAndStatusHTML(t *testing.T) {
	ok := Answer{Status: 200, MS: 42, Result: cpapi.Result{Family: cpapi.UAPI, OK: true, Messages: []string{hostile},
		Warnings: []string{"w"}, Paging: &cpapi.Paging{StartResult: 1, CurrentPage: 2, ResultsPerPage: 10, TotalPages: 3, TotalResults: 25},
		Filter: &cpapi.Filter{RecordsBeforeFilter: 40}}}
	html := EnvelopeHTML(en, ok)
	assertInert(t, html)
	assert.Contains(t, html, `data-outcome="ok"`)
	assert.Contains(t, html, "page 2 of 3, 10 per page, 25 results in all (from result 1)")
	assert.Contains(t, html, "40 records before filtering")
	assert.Contains(t, html, `<ul class="warnings"><li>w</li></ul>`)
	assert.Equal(t, `<span class="status ok" data-status="200">HTTP 200 OK</span> <span class="ms">42 ms</span>`, StatusHTML(en, ok))

	_, err := cpapi.ParseResponse(cpapi.WHMAPI1, 403,
		[]byte(`{"cpanelresult":{"apiversion":"2","error":"Permission denied","data":{"reason":"Permission denied","result":"0"},"type":"text"}}`))
	require.Error(t, err)
	denied := Answer{Status: 403, Err: err, Result: cpapi.Result{Family: cpapi.WHMAPI1, Reason: hostile, Errors: []string{hostile}}}
	html = EnvelopeHTML(en, denied)
	assertInert(t, html)
	assert.Contains(t, html, `data-outcome="permission-denied"`)
	assert.Contains(t, StatusHTML(en, denied), `HTTP 403 Forbidden`)

	redirect := Answer{Redirected: true, MS: 3}
	assert.Contains(t, EnvelopeHTML(en, redirect), `data-outcome="redirect"`)
	assert.Contains(t, StatusHTML(en, redirect), `data-status="0"`)
}

func TestRawHTML(t *testing.T) {
	html := RawHTML(en, hostile)
	assertInert(t, html)
	assert.Contains(t, RawHTML(en, ""), "no body")
	big := RawHTML(en, strings.Repeat("a", MaxRaw+10))
	assert.Contains(t, big, "10 more bytes not shown")
}

func TestHeadersHTML(t *testing.T) {
	html := HeadersHTML(en, map[string]string{"x-b": hostile, "content-type": "application/json"})
	assertInert(t, html)
	assert.Contains(t, html, "&lt;script&gt;")
	assert.Less(t, strings.Index(html, "content-type"), strings.Index(html, "x-b"), "sorted")
	assert.Contains(t, HeadersHTML(en, nil), "No headers")
}

func TestRequestHTML(t *testing.T) {
	r := snippet.Request{URL: "https://h.example:2083/execute/X/y?a=" + hostile, Headers: []snippet.Header{
		{Name: "Authorization", Value: "cpanel bob:SECRET1", Masked: "cpanel bob:<CPANEL_API_TOKEN>"},
		{Name: "X-CPANEL-OTP", Value: "123456", Masked: "<2FA_CODE>"},
	}}
	masked := RequestHTML(en, r, false)
	assertInert(t, masked)
	assert.NotContains(t, masked, "SECRET1")
	assert.NotContains(t, masked, "123456")
	assert.Contains(t, masked, "cpanel bob:&lt;CPANEL_API_TOKEN&gt;")
	revealed := RequestHTML(en, r, true)
	assert.Contains(t, revealed, "SECRET1")
	assert.Contains(t, revealed, "123456")
	assert.Contains(t, RequestHTML(en, snippet.Request{URL: "u", Cookie: "cpsession"}, false), "cpsession=…")
}

func TestArgRowsKeepSecretsOutOfTheMarkup(t *testing.T) {
	args := [][2]string{{"email", "new"}, {"password", "S3CRET-VALUE"}, {"tfa_token", ""}, {"note", ""}}
	html := ArgRows(en, args, []int{2, 3}, false)
	assertInert(t, html)
	assert.NotContains(t, html, "S3CRET-VALUE", "the page sets a secret's value on the input, never in the markup")
	assert.Contains(t, html, `value="new"`)
	assert.Equal(t, 4, strings.Count(html, `class="arg-key" type="text"`))
	assert.Equal(t, 2, strings.Count(html, `class="arg-value" type="text"`), "email and note")
	assert.Equal(t, 2, strings.Count(html, `class="arg-value" type="password"`), "password and tfa_token")
	assert.Contains(t, html, `<div class="arg-row secret withheld" data-index="2" data-withheld="1">`)
	assert.Contains(t, html, `placeholder="type it again: the history keeps no secret"`)
	assert.Contains(t, html, `<div class="arg-row withheld" data-index="3" data-withheld="1">`,
		"a withheld index marks its row whatever its name")
	assert.Contains(t, html, `<div class="arg-row secret" data-index="1">`)

	revealed := ArgRows(en, args, nil, true)
	assert.NotContains(t, revealed, `type="password"`, "Show secrets shows them in the form too")
	assert.NotContains(t, revealed, "S3CRET-VALUE")
	assert.NotContains(t, revealed, "withheld")
	assert.NotContains(t, ArgRows(en, [][2]string{{"password", "typed again"}}, []int{0}, false), "withheld",
		"a withheld value typed again is no longer asked for")
}

func TestRequestHTMLMasksSecretArguments(t *testing.T) {
	fields := []snippet.Field{{Name: "email", Value: "new"}, {Name: "password", Value: "P&ss <w>", Masked: "<PASSWORD>"}}
	post := snippet.Request{Method: "POST", URL: "https://h.example:2083/execute/Email/add_pop", Form: fields,
		Body: snippet.FormBody(fields), ContentType: cpapi.FormContentType}
	html := RequestHTML(en, post, false)
	assertInert(t, html)
	assert.Contains(t, html, `<span class="method">POST</span> <span class="url">https://h.example:2083/execute/Email/add_pop</span>`)
	assert.Contains(t, html, `<tr><th>Content-Type</th><td>application/x-www-form-urlencoded</td></tr>`)
	assert.Contains(t, html, `<pre class="body">email=new&amp;password=&lt;PASSWORD&gt;</pre>`)
	assert.NotContains(t, html, "P&amp;ss")
	assert.NotContains(t, html, "P%26ss")
	assert.Contains(t, RequestHTML(en, post, true), `<pre class="body">email=new&amp;password=P%26ss+%3Cw%3E</pre>`)

	get := snippet.Request{URL: "https://h.example:2083/execute/Email/add_pop?password=P%26ss",
		MaskedURL: "https://h.example:2083/execute/Email/add_pop?password=<PASSWORD>"}
	assert.Contains(t, RequestHTML(en, get, false), `<span class="url">https://h.example:2083/execute/Email/add_pop?password=&lt;PASSWORD&gt;</span>`)
	assert.NotContains(t, RequestHTML(en, get, false), "P%26ss")
	assert.Contains(t, RequestHTML(en, get, true), "P%26ss")
}

func TestProblemsHTML(t *testing.T) {
	assert.Contains(t, ProblemsHTML(en, nil), "no problem")
	html := ProblemsHTML(en, []preflight.Problem{
		{Code: "a-code-the-catalog-lacks", Message: hostile, Severity: preflight.SeverityError},
		{Code: preflight.CodeAccessHashOld, Message: "old", Severity: preflight.SeverityWarning},
	})
	assertInert(t, html)
	assert.Contains(t, html, `<li class="problem error" data-code="a-code-the-catalog-lacks"><b>Error:</b>`)
	// A code the catalog words shows its message (in the page's language), not the engine's English.
	assert.Contains(t, html, `<li class="problem warning" data-code="access-hash-deprecated"><b>Warning:</b> `+esc(en.T("err_access_hash_deprecated")))
}

func TestHistoryHTML(t *testing.T) {
	v := testVault()
	v.Servers[0].Name = hostile
	now := time.UnixMilli(10 * 60 * 1000)
	h := []Entry{
		{ID: `x"><img src=x onerror=1>`, At: now.UnixMilli() - 5000, Form: Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi",
			Module: "Email", Function: "list_pops", Auth: AuthCPanelToken}, Status: 200, MS: 12, Outcome: OutcomeOK},
		{ID: "h2", At: now.UnixMilli() - 3*60*1000, Form: Form{ServerID: "s1", Family: "whmapi1", Module: "X", Function: "listaccts",
			Auth: AuthSession}, Status: 403, Outcome: "permission-denied"},
		{ID: "h3", At: 0, Form: Form{ServerID: "gone", Family: "uapi", Module: "M", Function: "f", Auth: AuthBasic}, Outcome: "unreachable-or-untrusted"},
	}
	html := HistoryHTML(en, h, v, now)
	assertInert(t, html)
	assert.Contains(t, html, "<td>&lt;script&gt;window.pwned=1&lt;/script&gt;")
	assert.Contains(t, html, `data-id="x&#34;&gt;&lt;img src=x onerror=1&gt;"`)
	for _, want := range []string{"UAPI Email::list_pops", "WHM API 1 listaccts", "just now", "3 min ago", "10 min ago",
		"(removed server)", "browser session", "403 permission-denied", ">unreachable-or-untrusted", "cPanel API token"} {
		assert.Contains(t, html, want)
	}
	assert.Contains(t, HistoryHTML(en, nil, v, now), "No requests yet")

	withheld := HistoryHTML(en, []Entry{{ID: "h4", Form: Form{ServerID: "s1", Family: "uapi", Module: "Email", Function: "add_pop",
		Args: [][2]string{{"email", "x"}, {"password", ""}}, Withheld: []int{1}, Auth: AuthCPanelToken}, Outcome: OutcomeOK}}, v, now)
	assertInert(t, withheld)
	assert.Contains(t, withheld, `UAPI Email::add_pop <span class="withheld hint"`)
	assert.Contains(t, withheld, "(asks for password)")
}

func TestAge(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	for _, tc := range []struct {
		ago  time.Duration
		want string
	}{{0, "just now"}, {-time.Minute, "just now"}, {30 * time.Second, "30 s ago"}, {5 * time.Minute, "5 min ago"},
		{3 * time.Hour, "3 h ago"}, {72 * time.Hour, "3 days ago"}} {
		assert.Equal(t, tc.want, Age(en, now.Add(-tc.ago).UnixMilli(), now))
	}
}

func TestSessionHTML(t *testing.T) {
	now := time.UnixMilli(120_000)
	known := SessionHTML(en, &Session{BaseURL: "https://h.example:2083", Cpsess: "/cpsess0123456789", User: hostile, At: 0}, "cpanel", now, true)
	assertInert(t, known)
	assert.Contains(t, known, "Browser session into cPanel as")
	assert.Contains(t, known, "2 min ago")
	none := SessionHTML(en, nil, "whm", now, true)
	assert.Contains(t, none, `<button type="button" id="session-login">Log in to WHM</button>`)
	assert.NotContains(t, SessionHTML(en, nil, "webmail", now, false), "<button")
}

func TestFormOptions(t *testing.T) {
	v := testVault()
	v.Servers[0].Name = hostile
	v.Servers[0].AccountAt(0).Domain = hostile
	html := ServerOptions(v, "s-bare") + AccountOptions(en, &v.Servers[0], "a-bob") + ArgRows(en, [][2]string{{hostile, hostile}}, nil, false)
	assertInert(t, html)
	assert.Contains(t, html, `value="&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.pwned=2&#34;&gt;&#39;&#34;&amp;"`)
	assert.Contains(t, html, `<option value="s-bare" selected>bare.example</option>`)
	assert.Contains(t, html, `<option value="">None: the WHM user (root)</option>`)
	assert.Contains(t, html, `<option value="a-bob" selected>bob (`)
	assert.Equal(t, 1, strings.Count(ArgRows(en, nil, nil, false), `class="arg-row"`), "an empty form has one row to type in")
	assert.Contains(t, FamilyOptions("api2"), `<option value="api2" selected>cPanel API 2</option>`)
	assert.Contains(t, AuthOptions(en, AuthBasicOTP), `<option value="basic-otp" selected>Password (Basic) + 2FA code</option>`)
	assert.Equal(t, `<option value="" selected>None: the WHM user</option>`, AccountOptions(en, nil, ""))
}

func TestCallTitle(t *testing.T) {
	assert.Equal(t, "UAPI through WHM (uapi_cpanel) Email::list_pops", CallTitle(Form{Family: "uapi_cpanel", Module: "Email", Function: "list_pops"}))
	assert.Equal(t, "WHM API 1 listaccts", CallTitle(Form{Family: "whmapi1", Module: "stale", Function: "listaccts"}))
	assert.Equal(t, "bogus f", CallTitle(Form{Family: "bogus", Function: "f"}))
}

func TestSessionLogHTML(t *testing.T) {
	text := `[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0
[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsuccess
[2024-06-10 06:20:00 -0500] info [cpsrvd] 198.51.100.7 NEW alice:Q1w2E3r4T5y6U7i8 address=198.51.100.7,app=whostmgrd,creator=alice,method=handle_form_login,path=form,possessed=0,note=<img/src=x/onerror=alert(1)>
this line is not a log line <script>x</script>
[2024-06-10 07:00:00 -0500] info [cpsrvd] internal PURGE alice:Q1w2E3r4T5y6U7i8 expired`
	entries, errs := sessionlog.Parse(text)
	require.Len(t, entries, 4)
	require.Len(t, errs, 1)

	all := SessionLogHTML(en, entries, errs, LogFilter{})
	assertInert(t, all)
	assert.Contains(t, all, "<code>note=&lt;img/src=x/onerror=alert(1)&gt;</code>")
	assert.Contains(t, all, "4 of 4 entries shown.")
	assert.Contains(t, all, `<td class="time">2024-06-10 06:13:20 -0500</td>`)
	assert.Contains(t, all, `data-key="creator" title="`+ui.Escape(sessionlog.ExplainField("creator"))+`"><code>creator=root</code>`)
	assert.Contains(t, all, `<code>loginsuccess</code> <span class="explained">`+ui.Escape(sessionlog.Explain("loginsuccess"))+`</span>`)
	assert.Contains(t, all, `<ul class="log-errors"><li data-code="log-format">`)

	de := localetest.Shipped(t, "..", "de")
	for _, tc := range []struct {
		c     *locale.Catalog
		f     LogFilter
		lines []string
	}{
		{en, LogFilter{Event: "NEW"}, []string{"1", "3"}},
		{en, LogFilter{Event: "purge"}, []string{"2", "5"}},
		{en, LogFilter{Text: "alice"}, []string{"3", "5"}},
		{en, LogFilter{Text: "ALICE expired"}, []string{"5"}},
		{en, LogFilter{Text: "creator=root"}, []string{"1"}},
		{en, LogFilter{Text: "06:13"}, []string{"1", "2"}},
		{en, LogFilter{Event: "NEW", Text: "whostmgrd"}, []string{"3"}},
		{en, LogFilter{Text: "nothing matches this"}, nil},
		// A reason's explanation as the table shows it, in the page's language.
		{en, LogFilter{Text: "maximum lifetime"}, []string{"5"}},
		{de, LogFilter{Text: "abgelaufen"}, []string{"5"}},
		{de, LogFilter{Text: "maximum lifetime"}, nil},
	} {
		html := SessionLogHTML(tc.c, entries, nil, tc.f)
		var got []string
		for _, m := range regexp.MustCompile(`data-line="(\d+)"`).FindAllStringSubmatch(html, -1) {
			got = append(got, m[1])
		}
		assert.Equal(t, tc.lines, got, "%+v", tc.f)
	}
	assert.NotContains(t, SessionLogHTML(en, entries, nil, LogFilter{Text: "zzz"}), "<table", "no empty table")
}

func TestTruncatedAnswer(t *testing.T) {
	assert.Empty(t, TruncatedHTML(en, Answer{Status: 200}))
	html := StatusHTML(en, Answer{Status: 200, MS: 5, TruncatedAt: 20 << 20})
	assert.Contains(t, html, `data-truncated-at="20971520">response truncated at 20 MiB`)
	assert.Contains(t, TruncatedHTML(en, Answer{TruncatedAt: 512 << 10}), "at 512 KiB")
	assert.Contains(t, TruncatedHTML(en, Answer{TruncatedAt: 1000}), "at 1000 bytes")
}
