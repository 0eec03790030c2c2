package apiconsole

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/secretarg"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

// The console's views are HTML strings for one innerHTML assignment each.
// Every string that comes from the vault, the form, or a server goes through
// ui.Escape: a hostile response renders as text. Element ids and classes
// are what the page's code and the e2e tests select. Every word of the
// console's own is the catalog c's; the server's, cPanel's documentation's
// (HTTP reason phrases, session log meanings) and preflight's and cpapi's
// findings are shown as they come.

var esc = ui.Escape

func option(value, label string, selected bool) string {
	sel := ""
	if selected {
		sel = " selected"
	}
	return `<option value="` + esc(value) + `"` + sel + `>` + esc(label) + `</option>`
}

// ServerOptions are the <option>s of the server picker.
func ServerOptions(v *vault.Vault, selected string) string {
	var b strings.Builder
	for i := range v.Servers {
		s := &v.Servers[i]
		b.WriteString(option(s.ID, ui.ServerLabel(s), s.ID == selected))
	}
	return b.String()
}

// AccountOptions are the <option>s of the account picker of server s: first
// "none" (the server's WHM user), then its accounts.
func AccountOptions(c *locale.Catalog, s *vault.Server, selected string) string {
	var b strings.Builder
	none := c.T("consoleAccountNone")
	if s != nil && s.WHM.User != "" {
		none = c.T("consoleAccountNoneUser", s.WHM.User)
	}
	b.WriteString(option("", none, selected == ""))
	if s == nil {
		return b.String()
	}
	s.Accounts(func(a *vault.Account) bool {
		label := a.User
		if a.Domain != "" {
			label += " (" + a.Domain + ")"
		}
		b.WriteString(option(a.ID, label, a.ID == selected))
		return true
	})
	return b.String()
}

// FamilyOptions are the <option>s of the API family picker.
func FamilyOptions(selected string) string {
	var b strings.Builder
	for _, f := range cpapi.Families() {
		b.WriteString(option(string(f), f.Title(), string(f) == selected))
	}
	return b.String()
}

// AuthOptions are the <option>s of the authentication picker.
func AuthOptions(c *locale.Catalog, selected Auth) string {
	var b strings.Builder
	for _, a := range Auths() {
		b.WriteString(option(string(a), a.Title(c), a == selected))
	}
	return b.String()
}

// ArgRows renders the argument rows of the form, and one empty row when
// there are none. A row whose name looks secret (secretarg.Is) has the class
// "secret" and a password input for its value unless reveal is set; its value
// is left out of the markup (the page sets the input's value afterwards, so
// that the secret never sits in the page's HTML). A withheld row (an index in
// withheld whose value is empty: a secret the history did not keep) says so
// and asks for the value.
func ArgRows(c *locale.Catalog, args [][2]string, withheld []int, reveal bool) string {
	if len(args) == 0 {
		args = [][2]string{{"", ""}}
	}
	held := map[int]bool{}
	for _, i := range withheld {
		held[i] = true
	}
	var b strings.Builder
	for i, kv := range args {
		n := strconv.Itoa(i)
		class, extra, typ, value, placeholder := "arg-row", "", "text", ` value="`+esc(kv[1])+`"`, c.T("consoleArgValue")
		if secretarg.Is(kv[0]) {
			class += " secret"
			value = ""
			if !reveal {
				typ = "password"
			}
		}
		if held[i] && kv[1] == "" {
			class += " withheld"
			extra = ` data-withheld="1"`
			placeholder = c.T("consoleArgWithheld")
		}
		b.WriteString(`<div class="` + class + `" data-index="` + n + `"` + extra + `>` +
			`<input class="arg-key" type="text" placeholder="` + esc(c.T("consoleArgKey")) + `" aria-label="` + esc(c.T("consoleArgKeyLabel", n)) +
			`" spellcheck="false" autocomplete="off" value="` + esc(kv[0]) + `">` +
			`<input class="arg-value" type="` + typ + `" placeholder="` + esc(placeholder) + `" aria-label="` + esc(c.T("consoleArgValueLabel", n)) +
			`" spellcheck="false" autocomplete="off"` + value + `>` +
			`<button type="button" class="small remove-arg" data-index="` + n + `" title="` + esc(c.T("consoleArgRemove")) + `">×</button></div>`)
	}
	return b.String()
}

// MethodTitle names a way for arguments to travel, for the method picker.
func MethodTitle(c *locale.Catalog, method string) string {
	if method == MethodPOST {
		return c.T("consoleMethodBody")
	}
	return c.T("consoleMethodQuery")
}

// ProblemsHTML lists preflight's problems, or says there are none.
func ProblemsHTML(c *locale.Catalog, ps []preflight.Problem) string {
	if len(ps) == 0 {
		return `<p class="preflight-ok">` + esc(c.T("consolePreflightOK")) + `</p>`
	}
	var b strings.Builder
	b.WriteString(`<ul class="problems">`)
	for _, p := range ps {
		label := c.T("consoleWarning")
		if p.Severity == preflight.SeverityError {
			label = c.T("consoleError")
		}
		b.WriteString(`<li class="problem ` + esc(p.Severity) + `" data-code="` + esc(p.Code) + `"><b>` + esc(label) + `:</b> ` +
			esc(ui.ProblemText(c, p.Code, p.Message)) + ` <code>` + esc(p.Code) + `</code></li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// RequestHTML shows a request: method and URL, then the headers, the
// browser's session cookie when it has one, and the body; secrets (in
// headers, in the URL's query, in form fields) masked unless reveal.
func RequestHTML(c *locale.Catalog, r snippet.Request, reveal bool) string {
	method := r.Method
	if method == "" {
		method = "GET"
	}
	var b strings.Builder
	b.WriteString(`<div class="request-line"><span class="method">` + esc(method) + `</span> <span class="url">` +
		esc(r.ShowURL(reveal)) + `</span></div><table class="headers"><tbody>`)
	for _, h := range r.Headers {
		class := ""
		if h.Masked != "" {
			class = ` class="secret"`
		}
		b.WriteString(`<tr` + class + `><th>` + esc(h.Name) + `</th><td>` + esc(h.Show(reveal)) + `</td></tr>`)
	}
	if r.Body != "" && r.ContentType != "" {
		b.WriteString(`<tr><th>Content-Type</th><td>` + esc(r.ContentType) + `</td></tr>`)
	}
	if r.Cookie != "" {
		b.WriteString(`<tr><th>Cookie</th><td>` + esc(r.Cookie) + `=… <span class="hint">` + esc(c.T("consoleCookieHint")) + `</span></td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if r.Body != "" {
		b.WriteString(`<pre class="body">` + esc(r.ShowBody(reveal)) + `</pre>`)
	}
	return b.String()
}

// Answer is what came back for a sent request.
type Answer struct {
	Status     int
	MS         int64
	Body       string
	Redirected bool // a redirect, not followed (status 0, no body)
	// TruncatedAt is the gate's cap when the answer was longer (netgate.MaxBody): Body is its head. 0: complete.
	TruncatedAt int
	Result      cpapi.Result
	Err         error // cpapi's error for the response; nil when the envelope reports success
}

// statusText is the reason phrase of the statuses cPanel answers with.
func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Found"
	case 307:
		return "Temporary Redirect"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 500:
		return "Internal Server Error"
	case 503:
		return "Service Unavailable"
	}
	return ""
}

// StatusHTML is the answer's status line: the HTTP status and the time taken.
func StatusHTML(c *locale.Catalog, a Answer) string {
	ms := strconv.FormatInt(a.MS, 10) + " ms"
	if a.Redirected {
		return `<span class="status redirect" data-status="0">` + esc(c.T("consoleRedirect")) + `</span> <span class="ms">` + ms + `</span>`
	}
	class := "ok"
	if a.Status >= 400 {
		class = "failed"
	}
	return `<span class="status ` + class + `" data-status="` + strconv.Itoa(a.Status) + `">HTTP ` + strconv.Itoa(a.Status) + " " +
		statusText(a.Status) + `</span> <span class="ms">` + ms + `</span>` + TruncatedHTML(c, a)
}

// TruncatedHTML says that the answer was cut at the gate's cap, and what is shown; "" for a complete answer.
func TruncatedHTML(c *locale.Catalog, a Answer) string {
	if a.TruncatedAt <= 0 {
		return ""
	}
	return ` <span class="truncated" data-truncated-at="` + strconv.Itoa(a.TruncatedAt) + `">` +
		esc(c.T("consoleTruncated", sizeText(c, a.TruncatedAt))) + `</span>`
}

// sizeText is a byte count as people read it: "20 MiB", "512 KiB", "100 bytes".
func sizeText(c *locale.Catalog, n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	case n == 1:
		return c.T("consoleByte")
	}
	return c.T("consoleBytes", strconv.Itoa(n))
}

// EnvelopeHTML reads the response's envelope for the user: success or the
// failure's code and message, then the reason, errors, messages, warnings
// and paging the server reported.
func EnvelopeHTML(c *locale.Catalog, a Answer) string {
	var b strings.Builder
	switch {
	case a.Redirected:
		b.WriteString(`<p class="verdict failed" data-outcome="redirect">` + esc(c.T("consoleRedirected")) + `</p>`)
		return b.String()
	case a.Err == nil:
		b.WriteString(`<p class="verdict ok" data-outcome="ok">` + esc(c.T("consoleSuccess", a.Result.Family.Title())) + `</p>`)
	default:
		code, msg := "api-failed", a.Err.Error()
		if ce, ok := a.Err.(*cpapi.Error); ok {
			code, msg = ce.Code, ui.ProblemText(c, ce.Code, ce.Message, ce.ErrorParams()...)
		}
		b.WriteString(`<p class="verdict failed" data-outcome="` + esc(code) + `">` + esc(c.T("consoleFailed", msg)) + ` <code>` + esc(code) + `</code></p>`)
	}
	r := a.Result
	b.WriteString(`<dl class="envelope">`)
	if r.Reason != "" {
		b.WriteString(`<dt>` + esc(c.T("consoleReason")) + `</dt><dd class="reason">` + esc(r.Reason) + `</dd>`)
	}
	for _, l := range []struct {
		name, class string
		items       []string
	}{{c.T("consoleErrors"), "errors", r.Errors}, {c.T("consoleMessages"), "messages", r.Messages}, {c.T("consoleWarnings"), "warnings", r.Warnings}} {
		if len(l.items) == 0 {
			continue
		}
		b.WriteString(`<dt>` + esc(l.name) + `</dt><dd><ul class="` + l.class + `">`)
		for _, it := range l.items {
			b.WriteString(`<li>` + esc(it) + `</li>`)
		}
		b.WriteString(`</ul></dd>`)
	}
	if p := r.Paging; p != nil {
		b.WriteString(`<dt>` + esc(c.T("consolePaging")) + `</dt><dd class="paging">` + esc(c.T("consolePagingText", strconv.Itoa(p.CurrentPage),
			strconv.Itoa(p.TotalPages), strconv.Itoa(p.ResultsPerPage), strconv.Itoa(p.TotalResults), strconv.Itoa(p.StartResult))) + `</dd>`)
	}
	if f := r.Filter; f != nil {
		b.WriteString(`<dt>` + esc(c.T("consoleFilter")) + `</dt><dd class="filter">` + esc(c.T("consoleFilterText", strconv.Itoa(f.RecordsBeforeFilter))) + `</dd>`)
	}
	b.WriteString(`</dl>`)
	return b.String()
}

// HeadersHTML lists response headers by name (the browser gives them
// lower-cased, and never shows Set-Cookie).
func HeadersHTML(c *locale.Catalog, h map[string]string) string {
	if len(h) == 0 {
		return `<p class="hint">` + esc(c.T("consoleNoHeaders")) + `</p>`
	}
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(`<table class="headers"><tbody>`)
	for _, k := range names {
		b.WriteString(`<tr><th>` + esc(k) + `</th><td>` + esc(h[k]) + `</td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

// MaxRaw is how much of a body the raw view shows.
const MaxRaw = 1 << 20

// RawHTML shows the body as text, up to MaxRaw bytes.
func RawHTML(c *locale.Catalog, body string) string {
	if body == "" {
		return `<p class="hint">` + esc(c.T("consoleNoBody")) + `</p>`
	}
	more := ""
	if len(body) > MaxRaw {
		more = `<p class="more">` + esc(c.T("consoleMoreBytes", strconv.Itoa(len(body)-MaxRaw))) + `</p>`
		body = strings.ToValidUTF8(body[:MaxRaw], "")
	}
	return `<pre class="raw">` + esc(body) + `</pre>` + more
}

// Age says how long ago at (ms since the epoch) was, relative to now.
func Age(c *locale.Catalog, at int64, now time.Time) string {
	d := now.Sub(time.UnixMilli(at))
	switch {
	case d < 10*time.Second:
		return c.T("consoleAgeNow")
	case d < time.Minute:
		return c.T("consoleAgeSeconds", strconv.Itoa(int(d/time.Second)))
	case d < time.Hour:
		return c.T("consoleAgeMinutes", strconv.Itoa(int(d/time.Minute)))
	case d < 48*time.Hour:
		return c.T("consoleAgeHours", strconv.Itoa(int(d/time.Hour)))
	}
	return c.T("consoleAgeDays", strconv.Itoa(int(d/(24*time.Hour))))
}

// CallTitle names a form's call: "UAPI Email::list_pops", "WHM API 1 listaccts".
func CallTitle(f Form) string {
	fam, err := cpapi.ParseFamily(f.Family)
	title := f.Family
	if err == nil {
		title = fam.Title()
	}
	if f.Module != "" && fam != cpapi.WHMAPI1 {
		return title + " " + f.Module + "::" + f.Function
	}
	return title + " " + f.Function
}

// HistoryHTML lists the history, newest first, each entry with its call, its
// server and account, the method, the outcome and buttons to run it again or
// load it into the form.
func HistoryHTML(c *locale.Catalog, h []Entry, v *vault.Vault, now time.Time) string {
	if len(h) == 0 {
		return `<p class="empty">` + esc(c.T("consoleNoRequests")) + `</p>`
	}
	var b strings.Builder
	b.WriteString(`<table class="history"><thead><tr>`)
	for _, th := range []string{c.T("consoleWhen"), c.T("consoleCall"), c.T("consoleServer"), c.T("consoleAs"), c.T("consoleMethodColumn"),
		c.T("consoleAnswer"), ""} {
		b.WriteString(`<th>` + esc(th) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, e := range h {
		server, as := c.T("consoleRemovedServer"), c.T("serverWHMUser")
		if s := v.Server(e.Form.ServerID); s != nil {
			server = ui.ServerLabel(s)
			if e.Form.AccountID != "" {
				as = c.T("consoleRemovedAccount")
				if a := s.Account(e.Form.AccountID); a != nil {
					as = a.User
				}
			} else if s.WHM.User != "" {
				as = s.WHM.User
			}
		}
		if e.Form.Auth == AuthSession {
			as = c.T("consoleSessionAs")
		}
		class, answer := "ok", strconv.Itoa(e.Status)
		if e.Outcome != OutcomeOK {
			class = "failed"
			if e.Status == 0 {
				answer = ""
			}
			answer = strings.TrimSpace(answer + " " + e.Outcome)
		}
		id := esc(e.ID)
		withheld := ""
		if missing := e.Form.Missing(); len(missing) > 0 {
			names := make([]string, len(missing))
			for i, m := range missing {
				names[i] = strings.TrimSpace(e.Form.Args[m][0])
			}
			withheld = ` <span class="withheld hint" title="` + esc(c.T("consoleWithheldTitle")) + `">` +
				esc(c.T("consoleAsksFor", strings.Join(names, ", "))) + `</span>`
		}
		b.WriteString(`<tr class="history-entry" data-id="` + id + `"><td>` + esc(Age(c, e.At, now)) + `</td><td class="call">` +
			esc(CallTitle(e.Form)) + withheld + `</td><td>` + esc(server) + `</td><td>` + esc(as) + `</td><td>` + esc(e.Form.Auth.Title(c)) +
			`</td><td class="answer ` + class + `">` + esc(answer) + ` <span class="ms">` + strconv.FormatInt(e.MS, 10) + ` ms</span></td>` +
			`<td class="buttons"><button type="button" class="small rerun" data-id="` + id + `">` + esc(c.T("consoleRunAgain")) + `</button>` +
			`<button type="button" class="small load" data-id="` + id + `">` + esc(c.T("authEdit")) + `</button></td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

// SessionHTML says which browser session a session request would use, or
// that there is none and how to get one (a button: #session-login).
func SessionHTML(c *locale.Catalog, s *Session, service string, now time.Time, canLogin bool) string {
	title := endpoint.Service(service).Title()
	if s != nil {
		known := c.T("consoleSessionKnown", title, s.BaseURL, Age(c, s.At, now))
		if s.User != "" {
			known = c.T("consoleSessionKnownAs", title, s.User, s.BaseURL, Age(c, s.At, now))
		}
		return `<p class="session known">` + esc(known) + ` <button type="button" class="link" id="session-login">` +
			esc(c.T("consoleLogInAgain")) + `</button></p>`
	}
	if !canLogin {
		return `<p class="session none">` + esc(c.T("consoleSessionNoneNoLogin", title)) + `</p>`
	}
	return `<p class="session none">` + esc(c.T("consoleSessionNone", title)) + ` <button type="button" id="session-login">` +
		esc(c.T("consoleLogInTo", title)) + `</button> <span class="hint">` + esc(c.T("consoleLogInHint")) + `</span></p>`
}
