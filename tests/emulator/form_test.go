package emulator

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// §6 "GET or POST form": every API family reads its arguments from the query string and from an
// application/x-www-form-urlencoded body alike; the family's own keys (api.version, cpanel_jsonapi_*,
// cpanel.*) may sit in either, as cPanel::PublicAPI sends them in the body.
func TestArgumentsFromAFormBody(t *testing.T) {
	s, c := startWithClient(t, false)
	cp, whm := s.URL(CPanel, false), s.URL(WHM, false)
	root, bob := "whm root:"+rootToken, "cpanel bob:"+bobToken
	for _, tc := range []struct {
		name, auth, base, path string
		fixed, args            string // the family's keys, the call's arguments (query-encoded)
		want                   string // in the answer: proof that the arguments were read
	}{
		{"UAPI", bob, cp, "/execute/Email/list_pops", "", "skip_main=1", `"data":[{"email":"info@bob.example"`},
		{"WHM API 1", root, whm, "/json-api/accountsummary", "api.version=1", "user=erin", `"user":"erin"`},
		{"API 2 through WHM", root, whm, "/json-api/cpanel",
			"cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=DomainLookup&cpanel_jsonapi_func=getbasedomains",
			"api2_filter=0", `"data":[{"domain":"bob.example"},{"domain":"bob-shop.example"}]`},
		{"API 2 on cPanel", bob, cp, "/json-api/cpanel", "cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops",
			"api2_filter=0", `"func":"listpops"`},
		{"uapi_cpanel", root, whm, "/json-api/uapi_cpanel", "api.version=1&cpanel.user=bob&cpanel.module=StatsBar&cpanel.function=get_stats",
			"display=emailaccounts", `"item":"Email Accounts"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			join := func(parts ...string) string {
				var out []string
				for _, p := range parts {
					if p != "" {
						out = append(out, p)
					}
				}
				return strings.Join(out, "&")
			}
			withQuery := func(q string) string {
				if q == "" {
					return tc.base + tc.path
				}
				return tc.base + tc.path + "?" + q
			}
			form := func(q string) url.Values {
				v, err := url.ParseQuery(q)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			get := c.get(withQuery(join(tc.fixed, tc.args)), "Authorization", tc.auth)
			eq(t, "GET status", get.status, http.StatusOK)
			mustContain(t, get.body, tc.want)
			for _, r := range []resp{
				c.post(withQuery(tc.fixed), form(tc.args), "Authorization", tc.auth),           // panelkey's console: arguments in the body
				c.post(withQuery(""), form(join(tc.fixed, tc.args)), "Authorization", tc.auth), // cPanel::PublicAPI: all of it in the body
			} {
				eq(t, "POST status", r.status, http.StatusOK)
				eq(t, "POST answers as GET", r.body, get.body)
			}
		})
	}

	// A key in both: the query string's value is the one read (cpsrvd parses it first).
	r := c.post(whm+"/json-api/accountsummary?api.version=1&user=erin", formOf("user", "bob"), "Authorization", root)
	eq(t, "query first", strings.Join(users(t, r), ","), "erin")
	// A multipart body is not read as the form (no emulated function takes uploads).
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	w.WriteField("skip_main", "1")
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, cp+"/execute/Email/list_pops", &mp)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", bob)
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	mustContain(t, string(body), `"login":"Main Account"`) // skip_main=1 was not read
	// The log keeps the method, the URL without the body's arguments, and the body.
	recs := s.Requests(0)
	last := recs[len(recs)-1]
	eq(t, "logged method", last.Method, http.MethodPost)
	eq(t, "logged URL", last.URL, "/execute/Email/list_pops")
}

// UAPI Email::add_pop: a password in a POST body creates the mailbox, which lists, logs in to Webmail, and is
// gone after a reset.
func TestAddPop(t *testing.T) {
	s, c := startWithClient(t, false)
	cp := s.URL(CPanel, false)
	bob := "cpanel bob:" + bobToken
	const pass = "n3w box&pass=+%"
	addPop := func(kv ...string) map[string]any {
		t.Helper()
		r := c.post(cp+"/execute/Email/add_pop", formOf(kv...), "Authorization", bob)
		eq(t, "HTTP", r.status, http.StatusOK) // UAPI failures are HTTP 200 (§6)
		return r.json(t)
	}
	pops := func() string {
		t.Helper()
		var out []string
		for _, m := range c.get(cp+"/execute/Email/list_pops?skip_main=1", "Authorization", bob).json(t)["data"].([]any) {
			out = append(out, m.(map[string]any)["email"].(string))
		}
		return strings.Join(out, ",")
	}

	v := addPop("email", "NewBox", "password", pass, "quota", "250")
	eq(t, "status", v["status"], any(float64(1)))
	eq(t, "data", v["data"], any("newbox+bob.example"))
	eq(t, "errors", v["errors"], any(nil))
	eq(t, "listed", pops(), "info@bob.example,sales@bob-shop.example,newbox@bob.example")
	webmail := c.get(s.URL(Webmail, false)+"/execute/Email/list_pops", "Authorization", basic("newbox@bob.example", pass))
	eq(t, "the new mailbox logs in to Webmail", webmail.json(t)["status"], any(float64(1)))
	stats := c.get(cp+"/execute/StatsBar/get_stats?display=emailaccounts", "Authorization", bob).json(t)["data"].([]any)
	eq(t, "counted", stats[0].(map[string]any)["count"], any("3"))

	// An address in email names its domain; the query string works as well as the body.
	r := c.get(cp+"/execute/Email/add_pop?email=shop%40bob-shop.example&password=x", "Authorization", bob)
	eq(t, "address", r.json(t)["data"], any("shop+bob-shop.example"))

	for _, tc := range []struct {
		kv   []string
		want string
	}{
		{[]string{"email", "newbox", "password", "again"}, "The email account “newbox@bob.example” already exists."},
		{[]string{"email", "info", "password", "again"}, "already exists"},
		{[]string{"password", "x"}, "The “email” parameter is required."},
		{[]string{"email", "x"}, "The “password” parameter is required."},
		{[]string{"email", "x", "password", "p", "password_hash", "$6$h"}, "both"},
		{[]string{"email", "x", "password", "p", "domain", "alice.example"}, "“alice.example” does not belong to this account"},
		{[]string{"email", "cpanel", "password", "p"}, "“cpanel”"},
		{[]string{"email", "a b", "password", "p"}, "not valid"},
		{[]string{"email", "x", "password", "p", "quota", "lots"}, "quota"},
	} {
		v := addPop(tc.kv...)
		eq(t, strings.Join(tc.kv, " ")+" status", v["status"], any(float64(0)))
		mustContain(t, v["errors"].([]any)[0].(string), tc.want)
	}
	// A Webmail login cannot create mailboxes.
	r = c.post(s.URL(Webmail, false)+"/execute/Email/add_pop", formOf("email", "y", "password", "p"), "Authorization", basic(bobMail, bobMailPass))
	eq(t, "from Webmail", r.json(t)["status"], any(float64(0)))

	// The request log shows the POST without the password in its URL; the server got it in the body.
	var rec RequestRecord
	for _, q := range s.Requests(0) {
		if q.Method == http.MethodPost && strings.HasPrefix(q.URL, "/execute/Email/add_pop") && strings.Contains(q.Body, "NewBox") {
			rec = q
		}
	}
	eq(t, "logged URL", rec.URL, "/execute/Email/add_pop")
	if strings.Contains(rec.URL, "n3w") || !strings.Contains(rec.Body, "password="+url.QueryEscape(pass)) {
		t.Errorf("logged %s with body %q", rec.URL, rec.Body)
	}

	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	eq(t, "after reset", pops(), "info@bob.example,sales@bob-shop.example")
}
