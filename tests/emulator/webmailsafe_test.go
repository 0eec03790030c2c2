package emulator

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// caller sends one API request as some logged-in identity; path is what follows the service base (and the
// session's /cpsessN).
type caller func(method, path string, body url.Values) resp

// outcome reads any of the answers the API families give: "ok" for success, else the error text.
func outcome(t *testing.T, r resp) string {
	t.Helper()
	eq(t, "HTTP status", r.status, http.StatusOK)
	v := r.json(t)
	if cr, ok := v["cpanelresult"].(map[string]any); ok { // API 2
		if cr["event"].(map[string]any)["result"] == float64(1) {
			return "ok"
		}
		return cr["error"].(string)
	}
	if res, ok := v["result"].(map[string]any); ok && v["apiversion"] == float64(3) { // json-api/cpanel, version 3
		v = res
	}
	if v["status"] == float64(1) {
		return "ok"
	}
	return v["errors"].([]any)[0].(string)
}

const (
	notInWebmail = "is not permitted inside of webmail"
	refusedTL    = "Execution of Tokens::list (api version:3) is not permitted inside of webmail"
)

// What a Webmail session may run is Cpanel::AppSafe's list (webmailsafe.go): allowed calls run there as in
// cPanel, the others get Cpanel/API.pm's refusal (UAPI; API 2: Cpanel/Parser/Legacy.pm's text), and the same
// calls in cPanel sessions are unaffected.
func TestWebmailAppSafe(t *testing.T) {
	s := start(t, nil)
	api2 := func(module, fn string) string {
		return "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=" + module + "&cpanel_jsonapi_func=" + fn
	}
	calls := []struct {
		name, method, path string
		body               url.Values
		cpanel, webmail    string // "ok", or the whole error text
	}{
		{"UAPI Email::list_pops (AppSafe: yes)", "GET", "/execute/Email/list_pops", nil, "ok", "ok"},
		{"UAPI Email::list_pops paged", "GET", "/execute/Email/list_pops?api.paginate_size=1", nil, "ok", "ok"},
		{"UAPI DomainInfo::list_domains", "GET", "/execute/DomainInfo/list_domains", nil, "ok",
			"Execution of DomainInfo::list_domains (api version:3) is not permitted inside of webmail"},
		{"UAPI StatsBar::get_stats (AppSafe lists only API 2 stat)", "GET", "/execute/StatsBar/get_stats?display=emailaccounts", nil, "ok",
			"Execution of StatsBar::get_stats (api version:3) is not permitted inside of webmail"},
		{"UAPI Tokens::list", "GET", "/execute/Tokens/list", nil, "ok", refusedTL},
		{"UAPI Email::add_pop", "POST", "/execute/Email/add_pop", formOf("email", "wmtest", "password", "p"), "ok",
			"Execution of Email::add_pop (api version:3) is not permitted inside of webmail"},
		{"UAPI Session::create_webmail_session_for_mail_user", "GET", "/execute/Session/create_webmail_session_for_mail_user?login=info&domain=bob.example", nil, "ok",
			"Execution of Session::create_webmail_session_for_mail_user (api version:3) is not permitted inside of webmail"},
		{"UAPI Session::create_webmail_session_for_self", "GET", "/execute/Session/create_webmail_session_for_self", nil, "ok",
			"Execution of Session::create_webmail_session_for_self (api version:3) is not permitted inside of webmail"},
		{"UAPI unknown function AppSafe does not list: refused before it is looked up", "GET", "/execute/Email/delete_pop", nil,
			"The system could not find the function “delete_pop” in the module “Email”.",
			"Execution of Email::delete_pop (api version:3) is not permitted inside of webmail"},
		{"UAPI function AppSafe lists, not emulated: not found in both", "GET", "/execute/Email/list_forwarders", nil,
			"The system could not find the function “list_forwarders” in the module “Email”.",
			"The system could not find the function “list_forwarders” in the module “Email”."},
		{"UAPI AppSafe's lookup is case-sensitive", "GET", "/execute/Email/LIST_POPS", nil,
			"The system could not find the function “LIST_POPS” in the module “Email”.",
			"Execution of Email::LIST_POPS (api version:3) is not permitted inside of webmail"},
		{"UAPI a module that does not load fails first", "GET", "/execute/Nope/x", nil,
			"Failed to load module “Nope”: Can’t locate Cpanel/API/Nope.pm", "Failed to load module “Nope”: Can’t locate Cpanel/API/Nope.pm"},
		{"json-api/cpanel version 3 Tokens::list", "GET", "/json-api/cpanel?cpanel_jsonapi_apiversion=3&cpanel_jsonapi_module=Tokens&cpanel_jsonapi_func=list", nil, "ok", refusedTL},
		{"json-api/cpanel version 3 Email::list_pops", "GET", "/json-api/cpanel?cpanel_jsonapi_apiversion=3&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=list_pops", nil, "ok", "ok"},
		{"API 2 Email::listpops (AppSafe: yes)", "GET", api2("Email", "listpops"), nil, "ok", "ok"},
		{"API 2 Email::listpopswithdisk (AppSafe: yes)", "GET", api2("Email", "listpopswithdisk"), nil, "ok", "ok"},
		{"API 2 DomainLookup::getbasedomains", "GET", api2("DomainLookup", "getbasedomains"), nil, "ok",
			"Execution of DomainLookup::getbasedomains is not permitted inside of webmail (api2)"},
		{"API 2 DomainInfo::domains_data", "GET", api2("DomainInfo", "domains_data"), nil, "ok",
			"Execution of DomainInfo::domains_data is not permitted inside of webmail (api2)"},
		{"API 2 unknown function: not found first", "GET", api2("Email", "nope"), nil,
			"Could not find function 'nope' in module 'Email'", "Could not find function 'nope' in module 'Email'"},
	}

	withHeader := func(base, name, value string) func() caller {
		return func() caller {
			c := newClient(t, s, false)
			return func(method, path string, body url.Values) resp { return c.do(method, base+path, body, name, value) }
		}
	}
	withSession := func(base string, login func(c *client) string) func() caller {
		return func() caller {
			c := newClient(t, s, true)
			tok := login(c)
			return func(method, path string, body url.Values) resp { return c.do(method, base+tok+path, body) }
		}
	}
	cp, wm := s.URL(CPanel, false), s.URL(Webmail, false)
	viaProxy := "https://webmail.bob.example:" + strconv.Itoa(s.Ports()[LProxy])
	identities := []struct {
		name    string
		webmail bool
		login   func() caller
	}{
		{"cPanel, cPanel token", false, withHeader(cp, "Authorization", "cpanel bob:"+bobToken)},
		{"cPanel, Basic", false, withHeader(cp, "Authorization", basic("bob", bobPass))},
		{"cPanel, session", false, withSession(cp, func(c *client) string {
			r := c.post(cp+"/login/?login_only=1", formOf("user", "bob", "pass", bobPass))
			eq(t, "cPanel login", r.status, http.StatusOK)
			return r.json(t)["security_token"].(string)
		})},
		{"Webmail, mailbox Basic", true, withHeader(wm, "Authorization", basic(bobMail, bobMailPass))},
		{"Webmail, mailbox session made in cPanel (create_webmail_session_for_mail_user)", true, withSession(wm, func(c *client) string {
			d := c.get(cp+"/execute/Session/create_webmail_session_for_mail_user?login=info&domain=bob.example", "Authorization", "cpanel bob:"+bobToken).json(t)["data"].(map[string]any)
			tok := d["token"].(string)
			eq(t, "consume the Webmail session", c.post(wm+tok+"/login", url.Values{"session": {d["session"].(string)}}).status, http.StatusFound)
			return tok
		})},
		{"Webmail, mailbox login form", true, withSession(wm, func(c *client) string {
			r := c.post(wm+"/login/?login_only=1", formOf("user", bobMail, "pass", bobMailPass))
			eq(t, "Webmail login", r.status, http.StatusOK)
			return r.json(t)["security_token"].(string)
		})},
		{"Webmail, the cPanel user's own mail (Basic bob)", true, withHeader(wm, "Authorization", basic("bob", bobPass))},
		{"Webmail through webmail. on 443", true, withHeader(viaProxy, "Authorization", basic(bobMail, bobMailPass))},
	}
	for _, id := range identities {
		t.Run(id.name, func(t *testing.T) {
			if err := s.Reset(); err != nil { // add_pop creates a mailbox in each cPanel identity
				t.Fatal(err)
			}
			send := id.login()
			for _, tc := range calls {
				want := tc.cpanel
				if id.webmail {
					want = tc.webmail
				}
				eq(t, tc.name, outcome(t, send(tc.method, tc.path, tc.body)), want)
			}
		})
	}

	// The refusal is UAPI's ordinary failure, whole: data and messages null, metadata {}, HTTP 200.
	c := newClient(t, s, false)
	r := c.get(wm+"/execute/Tokens/list?api.paginate_size=1", "Authorization", basic(bobMail, bobMailPass))
	eq(t, "HTTP", r.status, http.StatusOK)
	eq(t, "body", r.body, `{"data":null,"errors":["`+refusedTL+`"],"messages":null,"metadata":{},"status":0,"warnings":null}`)

	// Nothing was created or run by a refused call: no mailbox, no Webmail pre-session.
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	c.post(wm+"/execute/Email/add_pop", formOf("email", "wmtest", "password", "p"), "Authorization", basic(bobMail, bobMailPass))
	if _, ok := s.mailbox("wmtest@bob.example"); ok {
		t.Error("a refused add_pop created the mailbox")
	}

	// WHM's uapi_cpanel and json-api/cpanel run as the cPanel user, not inside Webmail: AppSafe has no say.
	whm := s.URL(WHM, false)
	for _, q := range []string{
		"/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Tokens&cpanel.function=list",
		"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=3&cpanel_jsonapi_module=Tokens&cpanel_jsonapi_func=list",
		"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=DomainLookup&cpanel_jsonapi_func=getbasedomains",
	} {
		r := c.get(whm+q, "Authorization", "whm root:"+rootToken)
		if strings.Contains(r.body, notInWebmail) || !strings.Contains(r.body, `"status":1`) && !strings.Contains(r.body, `"event":{"result":1}`) {
			t.Errorf("WHM %s: %.300s", q, r.body)
		}
	}
}

// README's table of the emulated functions says for each whether Webmail may run it; it must agree with
// webmailSafe and name every function the emulator implements.
func TestWebmailAppSafeREADME(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^ *\\| (UAPI|API 2) \\| `(\\w+)::(\\w+)` \\| (yes|no) \\|")
	inREADME := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		inREADME[m[1]+" "+m[2]+"::"+m[3]] = m[4] == "yes"
	}
	want := map[string]bool{}
	for module, fns := range uapiModules {
		for fn := range fns {
			want["UAPI "+module+"::"+fn] = webmailAllows(module, fn, 3)
		}
	}
	for module, fns := range api2Modules {
		for fn := range fns {
			want["API 2 "+module+"::"+fn] = webmailAllows(module, fn, 2)
		}
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		got, ok := inREADME[k]
		if !ok {
			t.Errorf("README.md has no Webmail row for %s", k)
			continue
		}
		eq(t, "README.md Webmail row for "+k, got, want[k])
	}
	for k := range inREADME {
		if _, ok := want[k]; !ok {
			t.Errorf("README.md has a Webmail row for %s, which the emulator does not implement", k)
		}
	}
}
