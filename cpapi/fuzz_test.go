package cpapi

import (
	"net/url"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/tests/fuzzseed"
)

// checkErr fails unless err is a coded *Error whose message carries no control characters.
func checkErr(t *testing.T, what string, err error) *Error {
	t.Helper()
	e := errcodetest.Coded[*Error](t, err)
	if strings.ContainsAny(e.Message, "\x00\r\n\x1b") {
		t.Fatalf("%s: message %q carries control characters", what, e.Message)
	}
	return e
}

// FuzzParseResponse feeds one body to ParseResponse (every family and an unknown one), ParseLogin and
// ParseCreateUserSession: no panics, coded errors, and what is returned as success is consistent.
func FuzzParseResponse(f *testing.F) {
	f.Add(uint8(0), 200, []byte(uapiOK))
	f.Add(uint8(0), 200, []byte(uapiFail))
	f.Add(uint8(1), 200, []byte(whmOK))
	f.Add(uint8(1), 403, []byte(accessDenied))
	f.Add(uint8(1), 403, []byte(tfaFailed))
	f.Add(uint8(2), 200, []byte(api2OK))
	f.Add(uint8(3), 200, []byte(`{"metadata":{"result":1},"data":{"uapi":`+uapiOK+`}}`))
	f.Add(uint8(1), 401, []byte(tokenDeniedHT))
	f.Add(uint8(4), 200, []byte(`{"status":1,"security_token":"/cpsess5542387976","redirect":"/cpsess5542387976/x"}`))
	f.Add(uint8(1), 200, []byte(`{"data":{"FileManager_Home":"frontend/jupiter/filemanager/index.html"},"metadata":{"result":1,"version":1}}`))
	f.Add(uint8(0), 200, []byte(`{"data":{"session":"bob:x,ab","token":"/cpsess0123456789"},"errors":null,"status":1}`))
	f.Fuzz(func(t *testing.T, fam uint8, status int, body []byte) {
		fams := append(Families(), "bogus")
		fm := fams[int(fam)%len(fams)]
		r, err := ParseResponse(fm, status, body)
		if r.Family != fm || r.HTTPStatus != status {
			t.Fatalf("Result %+v does not echo family %q and status %d", r, fm, status)
		}
		if err != nil {
			checkErr(t, "ParseResponse", err)
			if r.OK {
				t.Fatalf("ParseResponse: OK with error %v", err)
			}
		} else if !r.OK || status >= 300 && status < 400 || status >= 400 || status < 100 || !fm.Valid() {
			t.Fatalf("ParseResponse(%q, %d): success %+v", fm, status, r)
		}

		l, err := ParseLogin(status, body)
		if err != nil {
			checkErr(t, "ParseLogin", err)
		} else if l.SecurityToken != "" && !cpsessRE.MatchString(l.SecurityToken) || !safeRedirect(l.Redirect) {
			t.Fatalf("ParseLogin: unsafe success %+v", l)
		}

		links, err := ParseUsersLinks(status, body)
		if err != nil {
			checkErr(t, "ParseUsersLinks", err)
		}
		for k := range links {
			if !isWord(k, "-", 64) {
				t.Fatalf("ParseUsersLinks: app key %q", k)
			}
		}
		if ws, err := ParseWebmailSession(status, body); err != nil {
			checkErr(t, "ParseWebmailSession", err)
		} else if !cpsessRE.MatchString(ws.SecurityToken) || ws.Session == "" {
			t.Fatalf("ParseWebmailSession: unusable success %+v", ws)
		}

		s, err := ParseCreateUserSession(status, body)
		if err != nil {
			checkErr(t, "ParseCreateUserSession", err)
			return
		}
		u, perr := url.Parse(s.URL)
		if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !cpsessRE.MatchString(s.SecurityToken) || s.Session == "" {
			t.Fatalf("ParseCreateUserSession: unusable success %+v", s)
		}
	})
}

// FuzzExtractCpsess: no panics; a token found is well formed and present in the input; a request built with
// it gives it back.
func FuzzExtractCpsess(f *testing.F) {
	fuzzseed.Add(f, "https://h:2083/cpsess0123456789/frontend/", "cpsess1234567890", "/cpsess123/",
		"0;URL=/cpsess1111111111/?x", "/x/cpsess01234567890", "/cpsess0000000000#", "")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := ExtractCpsess(s)
		if err != nil {
			e := checkErr(t, "ExtractCpsess", err)
			if e.Code != CodeCpsess && e.Code != CodeCpsessMissing {
				t.Fatalf("ExtractCpsess(%q): code %q", s, e.Code)
			}
			return
		}
		if !cpsessRE.MatchString(tok) || !strings.Contains(s, tok[1:]) {
			t.Fatalf("ExtractCpsess(%q) = %q", s, tok)
		}
		r, err := BuildRequest("https://h:2083", Call{Family: UAPI, Module: "A", Function: "b"}, tok)
		if err != nil {
			t.Fatalf("BuildRequest with %q: %v", tok, err)
		}
		if back, err := ExtractCpsess(r.URL); err != nil || back != tok {
			t.Fatalf("ExtractCpsess(%q) = %q, %v; want %q", r.URL, back, err, tok)
		}
	})
}

// FuzzCallPath: no panics; a built path has the family's shape, names appear unescaped, and the query gives the
// argument back.
func FuzzCallPath(f *testing.F) {
	f.Add(uint8(0), "Email", "list_pops", "", "regex", "info")
	f.Add(uint8(1), "", "listaccts", "", "search", "a b&c")
	f.Add(uint8(2), "Email", "listpops", "bob", "domain", "bob.example")
	f.Add(uint8(3), "StatsBar", "get_stats", "info@bob.example", "display", "a|b")
	f.Add(uint8(1), "", "create_user_session", "", "api.version", "2")
	f.Add(uint8(0), "../x", "y?z", "", "", "")
	f.Fuzz(func(t *testing.T, fam uint8, module, function, user, key, value string) {
		fams := append(Families(), "bogus")
		c := Call{Family: fams[int(fam)%len(fams)], Module: module, Function: function, User: user, Args: []Arg{{key, value}}}
		p, err := c.Path()
		if err != nil {
			checkErr(t, "Path", err)
			return
		}
		prefix := map[Family]string{UAPI: "/execute/" + module + "/" + function + "?", WHMAPI1: "/json-api/" + function + "?api.version=1&",
			API2: "/json-api/cpanel?", UAPICPanel: "/json-api/uapi_cpanel?api.version=1&"}[c.Family]
		if !strings.HasPrefix(p, prefix) {
			t.Fatalf("Path() = %q; want prefix %q", p, prefix)
		}
		u, err := url.Parse(p)
		if err != nil || u.Host != "" || u.Fragment != "" {
			t.Fatalf("Path() = %q does not parse as a path: %v", p, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatalf("Path() = %q: query: %v", p, err)
		}
		if vs := q[key]; len(vs) == 0 || vs[len(vs)-1] != value {
			t.Fatalf("Path() = %q: %q = %q; want %q last", p, key, vs, value)
		}
		if c.Family == UAPICPanel && (q.Get("cpanel.user") != user || q.Get("cpanel.module") != module || q.Get("cpanel.function") != function) {
			t.Fatalf("Path() = %q: user/module/function lost", p)
		}
		r, err := BuildRequest("https://h.example:2087", c, "")
		if err != nil || r.URL != "https://h.example:2087"+p {
			t.Fatalf("BuildRequest: %q, %v", r.URL, err)
		}
	})
}
