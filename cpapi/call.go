// Package cpapi builds cPanel & WHM API requests (UAPI, WHM API 1, cPanel API 2 via WHM, uapi_cpanel,
// create_user_session and the /login form) and parses their response envelopes into one Result with typed
// errors. It performs no I/O: the extension's worker sends the Request and hands the answer back.
//
// URL shapes follow docs/protocol.md §3, §4 and §6.
package cpapi

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/authheader"
)

// Family is an API family: "uapi", "whmapi1", "api2" or "uapi_cpanel".
type Family string

// The API families.
const (
	UAPI       Family = "uapi"        // /execute/Module/function (cPanel, Webmail)
	WHMAPI1    Family = "whmapi1"     // /json-api/function?api.version=1 (WHM)
	API2       Family = "api2"        // /json-api/cpanel?cpanel_jsonapi_apiversion=2… (WHM with a user, or cPanel)
	UAPICPanel Family = "uapi_cpanel" // /json-api/uapi_cpanel?api.version=1&cpanel.user=… (UAPI through WHM)
)

// Families returns the four families in a stable order.
func Families() []Family { return []Family{UAPI, WHMAPI1, API2, UAPICPanel} }

// Valid reports whether f is one of the four families.
func (f Family) Valid() bool {
	switch f {
	case UAPI, WHMAPI1, API2, UAPICPanel:
		return true
	}
	return false
}

// Title returns the family's name as cPanel's documentation writes it ("UAPI", "WHM API 1", "cPanel API 2",
// "uapi_cpanel"), for messages.
func (f Family) Title() string {
	switch f {
	case UAPI:
		return "UAPI"
	case WHMAPI1:
		return "WHM API 1"
	case API2:
		return "cPanel API 2"
	case UAPICPanel:
		return "UAPI through WHM (uapi_cpanel)"
	}
	return string(f)
}

// ParseFamily returns the Family named s (case-insensitive; "whm", "api1" and "whmapi" are accepted for
// WHM API 1), or an *Error with code CodeFamily.
func ParseFamily(s string) (Family, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "uapi":
		return UAPI, nil
	case "whmapi1", "whmapi", "whm", "api1":
		return WHMAPI1, nil
	case "api2":
		return API2, nil
	case "uapi_cpanel":
		return UAPICPanel, nil
	}
	return "", familyError(Family(s))
}

func familyError(f Family) *Error {
	return newError(CodeFamily, "unknown API family "+quote(string(f), 32)+": use uapi, whmapi1, api2 or uapi_cpanel")
}

// Arg is one query argument. Keys may repeat (UAPI and WHM API 1 accept repeated keys for lists).
type Arg struct{ Key, Value string }

// Call is one API call. Module is required for UAPI, API 2 and uapi_cpanel and must be empty for WHM API 1.
// User is the cPanel account an API 2 or uapi_cpanel call runs as when it goes through WHM (required for
// uapi_cpanel; optional for API 2, which on 2083 runs as the logged-in user); it must be empty for UAPI and WHM
// API 1 (pass a WHM API 1 "user" parameter as an Arg).
type Call struct {
	Family   Family
	Module   string
	Function string
	Args     []Arg
	User     string
}

// reserved lists, per family, the query keys Path sets itself; an Arg may not use them.
var reserved = map[Family][]string{
	WHMAPI1:    {"api.version"},
	API2:       {"cpanel_jsonapi_user", "cpanel_jsonapi_apiversion", "cpanel_jsonapi_module", "cpanel_jsonapi_func"},
	UAPICPanel: {"api.version", "cpanel.user", "cpanel.module", "cpanel.function"},
}

func checkName(kind, name string) error {
	if !isWord(name, "", 128) {
		if name == "" {
			return newError(CodeName, kind+" name is empty")
		}
		return newError(CodeName, kind+" name "+quote(name, 40)+" is invalid: use only letters, digits and _ (e.g. Email, list_pops)")
	}
	return nil
}

func checkUser(u string) error {
	if strings.TrimSpace(u) != u || strings.ContainsFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '/' }) {
		return newError(CodeUser, "user name "+quote(u, 40)+" contains white space, control characters or /")
	}
	return nil
}

// Path returns the request path with its query string (without host and without a /cpsessN prefix):
//
//	UAPI         /execute/Module/function?args
//	WHM API 1    /json-api/function?api.version=1&args
//	API 2        /json-api/cpanel?[cpanel_jsonapi_user=U&]cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=M&cpanel_jsonapi_func=F&args
//	uapi_cpanel  /json-api/uapi_cpanel?api.version=1&cpanel.user=U&cpanel.module=M&cpanel.function=F&args
//
// Names must consist of letters, digits and _; argument keys must be non-empty and not one of the keys Path sets.
// Arguments keep their order; keys and values are query-escaped.
func (c Call) Path() (string, error) {
	if !c.Family.Valid() {
		return "", familyError(c.Family)
	}
	if c.Family == WHMAPI1 {
		if c.Module != "" {
			return "", newError(CodeModule, "WHM API 1 functions have no module; got module "+quote(c.Module, 40))
		}
	} else if err := checkName("module", c.Module); err != nil {
		return "", err
	}
	if err := checkName("function", c.Function); err != nil {
		return "", err
	}
	switch c.Family {
	case UAPI, WHMAPI1:
		if c.User != "" {
			return "", newError(CodeUser, c.Family.Title()+" calls take no Call.User (it is for API 2 and uapi_cpanel through WHM); pass a \"user\" argument instead")
		}
	case UAPICPanel:
		if c.User == "" {
			return "", newError(CodeUser, "uapi_cpanel needs the cPanel user the call runs as (Call.User)")
		}
	}
	if err := checkUser(c.User); err != nil {
		return "", err
	}
	var q []string
	add := func(k, v string) { q = append(q, url.QueryEscape(k)+"="+url.QueryEscape(v)) }
	var path string
	switch c.Family {
	case UAPI:
		path = "/execute/" + c.Module + "/" + c.Function
	case WHMAPI1:
		path = "/json-api/" + c.Function
		add("api.version", "1")
	case API2:
		path = "/json-api/cpanel"
		if c.User != "" {
			add("cpanel_jsonapi_user", c.User)
		}
		add("cpanel_jsonapi_apiversion", "2")
		add("cpanel_jsonapi_module", c.Module)
		add("cpanel_jsonapi_func", c.Function)
	case UAPICPanel:
		path = "/json-api/uapi_cpanel"
		add("api.version", "1")
		add("cpanel.user", c.User)
		add("cpanel.module", c.Module)
		add("cpanel.function", c.Function)
	}
	for i, a := range c.Args {
		if a.Key == "" {
			return "", newError(CodeArg, "argument "+strconv.Itoa(i+1)+" has an empty key")
		}
		for _, r := range reserved[c.Family] {
			if strings.EqualFold(a.Key, r) {
				return "", newError(CodeArg, "argument key "+quote(a.Key, 40)+" is set by panelkey itself for "+c.Family.Title())
			}
		}
		add(a.Key, a.Value)
	}
	if len(q) == 0 {
		return path, nil
	}
	return path + "?" + strings.Join(q, "&"), nil
}

// Request is an HTTP request for the extension's worker to send. Headers holds the Authorization (and
// X-CPANEL-OTP) headers when the caller adds them; ContentType is set when Body is.
type Request struct {
	Method      string
	URL         string
	Headers     []authheader.Header
	Body        string
	ContentType string
}

// FormContentType is the content type of form bodies (the /login POST).
const FormContentType = "application/x-www-form-urlencoded"

// checkBase validates a base URL (http or https, a host, an optional port, nothing else but an optional
// trailing slash) and returns it without the trailing slash. Any port is accepted here; whether the port suits
// the call is preflight's business.
func checkBase(base string) (string, error) {
	b := strings.TrimSpace(base)
	u, err := url.Parse(b)
	bad := func(why string) error {
		e := newError(CodeBase, "base URL "+quote(redactUserinfo(b), 80)+" "+why+": use https://host:port")
		e.Err = err
		return e
	}
	switch {
	case err != nil:
		return "", bad("does not parse")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", bad("needs the scheme https:// (or http://)")
	case u.User != nil:
		return "", newError(CodeBase, "the base URL contains a user name or password: remove it")
	case u.Host == "" || u.Hostname() == "":
		return "", bad("has no host")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.Opaque != "", strings.HasSuffix(b, "?"), strings.HasSuffix(b, "#"):
		return "", bad("has a path, query or fragment")
	}
	return strings.TrimSuffix(b, "/"), nil
}

// redactUserinfo removes anything between "://" and "@" so that messages never echo credentials.
func redactUserinfo(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		return s[:i+3] + "…@" + rest[at+1:]
	}
	return s
}

// BuildRequest returns the GET request for call c against base ("https://host:2087", no path). cpsess is ""
// for header-authenticated calls (API tokens, Basic) or the session's security token "/cpsessNNNNNNNNNN"
// (the leading slash may be left out) for cookie-authenticated calls; it then prefixes the path.
func BuildRequest(base string, c Call, cpsess string) (Request, error) {
	b, err := checkBase(base)
	if err != nil {
		return Request{}, err
	}
	p, err := c.Path()
	if err != nil {
		return Request{}, err
	}
	prefix := ""
	if cpsess != "" {
		if prefix, err = normalizeCpsess(cpsess); err != nil {
			return Request{}, err
		}
	}
	return Request{Method: "GET", URL: b + prefix + p}, nil
}

func normalizeCpsess(s string) (string, error) {
	t := s
	if !strings.HasPrefix(t, "/") {
		t = "/" + t
	}
	if !isCpsess(t) {
		return "", newError(CodeCpsess, "security token "+quote(s, 40)+" is invalid: it is /cpsess followed by exactly 10 digits")
	}
	return t, nil
}

// ExtractCpsess finds the security token ("/cpsess" and exactly 10 digits, ending the text or followed by /, ?,
// # or &) in a URL, a path, a Location or Refresh header or a bare "cpsess0123456789", and returns it with its
// leading slash. No token gives CodeCpsessMissing; "cpsess" followed by anything else gives CodeCpsess.
func ExtractCpsess(s string) (string, error) {
	if len(s) > 64<<10 {
		s = s[:64<<10]
	}
	bad := ""
	for i := 0; ; {
		j := strings.Index(s[i:], "cpsess")
		if j < 0 {
			break
		}
		start := i + j
		i = start + len("cpsess")
		if start > 0 && s[start-1] != '/' {
			continue
		}
		k := i
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k-i == 10 && (k == len(s) || strings.IndexByte("/?#&", s[k]) >= 0) {
			return "/cpsess" + s[i:k], nil
		}
		if bad == "" {
			bad = s[start:min(k+1, len(s))]
		}
	}
	if bad != "" {
		return "", newError(CodeCpsess, "security token "+quote(bad, 40)+" is invalid: it is /cpsess followed by exactly 10 digits")
	}
	return "", newError(CodeCpsessMissing, "no security token (/cpsessNNNNNNNNNN) found")
}

// BuildFormRequest is BuildRequest as a POST: the family's own keys (api.version, cpanel.user, …) stay in the
// URL and c.Args go in an application/x-www-form-urlencoded body, in order, where a secret stays out of URLs and
// logs (§6: cpsrvd reads both).
func BuildFormRequest(base string, c Call, cpsess string) (Request, error) {
	if _, err := c.Path(); err != nil {
		return Request{}, err // the arguments are checked as for BuildRequest
	}
	fixed := c
	fixed.Args = nil
	req, err := BuildRequest(base, fixed, cpsess)
	if err != nil {
		return Request{}, err
	}
	parts := make([]string, len(c.Args))
	for i, a := range c.Args {
		parts[i] = url.QueryEscape(a.Key) + "=" + url.QueryEscape(a.Value)
	}
	req.Method, req.Body = "POST", strings.Join(parts, "&")
	if req.Body != "" {
		req.ContentType = FormContentType
	}
	return req, nil
}
