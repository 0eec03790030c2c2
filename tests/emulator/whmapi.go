package emulator

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// whmMetadata is WHM API 1's metadata block (§6).
type whmMetadata struct {
	Command string `json:"command"`
	Reason  string `json:"reason"`
	Result  int    `json:"result"`
	Version int    `json:"version"`
}

type whmAnswer struct {
	Metadata whmMetadata `json:"metadata"`
	Data     any         `json:"data,omitempty"`
}

// whmFunc runs a WHM API 1 function for WHM user id. ok=false: metadata.result=0 with reason. ok=true: reason
// "" means "OK".
type whmFunc func(s *Server, c *call, id *identity, q url.Values) (data any, reason string, ok bool)

// whmFuncs are the implemented WHM API 1 functions; "cpanel" (API 2 via WHM) is routed separately but listed
// by applist.
var whmFuncs map[string]whmFunc

func init() {
	whmFuncs = map[string]whmFunc{
		"listaccts":                      (*Server).whmListaccts,
		"accountsummary":                 (*Server).whmAccountSummary,
		"applist":                        (*Server).whmApplist,
		"version":                        (*Server).whmVersion,
		"create_user_session":            (*Server).whmCreateUserSession,
		"uapi_cpanel":                    (*Server).whmUAPICPanel,
		"get_users_links":                (*Server).whmGetUsersLinks,
		"twofactorauth_get_user_configs": (*Server).whmTFAUserConfigs,
	}
}

// EmulatedVersion is what WHM API 1 version answers.
const EmulatedVersion = "11.126.0.3"

// formValues are an API call's arguments as cpsrvd reads them (§6: "GET or POST form"): the query string, then
// an application/x-www-form-urlencoded body, as one form. cPanel's form parser (Cpanel::Form::parseform) joins
// QUERY_STRING and the body with "&" and parses the whole, whatever the method; a repeated key keeps its first
// value under the plain name (Cpanel::HTTP::QueryString::Legacy), so a key in both gets the query's value from
// Get, and the body's comes second. A multipart body (file uploads, which no emulated function takes) is not
// read. The body stays readable for the handlers that read it themselves (the login forms).
func formValues(c *call) url.Values {
	if c.form != nil {
		return c.form
	}
	q, _ := url.ParseQuery(c.r.URL.RawQuery) // cpsrvd skips what it cannot decode; so do we
	if c.r.Body != nil && !strings.HasPrefix(strings.ToLower(c.r.Header.Get("Content-Type")), "multipart/") {
		body, _ := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
		c.r.Body = io.NopCloser(bytes.NewReader(body))
		fromBody, _ := url.ParseQuery(string(body))
		for k, vs := range fromBody {
			q[k] = append(q[k], vs...) // after the query's: cpsrvd parses the query string first
		}
	}
	c.form = q
	return q
}

// serveWHMAPI1 answers /json-api/FUNC on a WHM port (§6): HTTP 200 with the metadata envelope, result 0 and a
// reason on failure. An unknown function answers like cPanel: "Unknown app (FUNC) requested for this version
// (1) of the API." (§6). Decision: a missing api.version is taken as 1 (clients should send it).
func (s *Server) serveWHMAPI1(c *call, id *identity) {
	fn := strings.TrimPrefix(c.path, "/json-api/")
	q := formValues(c)
	f := whmFuncs[fn]
	if v := q.Get("api.version"); f == nil || (v != "" && v != "1") {
		writeJSON(c, http.StatusOK, whmAnswer{Metadata: whmMetadata{
			Command: fn, Result: 0, Version: 1,
			Reason: fmt.Sprintf("Unknown app (%s) requested for this version (%s) of the API.", fn, orDefault(q.Get("api.version"), "1")),
		}})
		return
	}
	data, reason, ok := f(s, c, id, q)
	if !ok {
		writeJSON(c, http.StatusOK, whmAnswer{Metadata: whmMetadata{Command: fn, Reason: reason, Result: 0, Version: 1}})
		return
	}
	writeJSON(c, http.StatusOK, whmAnswer{Metadata: whmMetadata{Command: fn, Reason: orDefault(reason, "OK"), Result: 1, Version: 1}, Data: data})
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func mbString(mb int, zero string) string {
	if mb <= 0 {
		return zero
	}
	return strconv.Itoa(mb) + "M"
}

// acctFields is one listaccts/accountsummary record (§6 field list).
func (s *Server) acctFields(a *Account) map[string]any {
	ip := orDefault(a.IP, s.dir.mainIP)
	suspended, reason, stime := 0, "not suspended", any(nil)
	if a.Suspended {
		suspended, reason, stime = 1, orDefault(a.SuspendReason, "No reason given"), a.SuspendTime
	}
	start := time.Unix(a.StartDate, 0).UTC()
	return map[string]any{
		"user": a.User, "domain": a.Domain, "owner": a.Owner, "email": orDefault(a.Email, "*unknown*"),
		"ip": ip, "ipv6": []string{}, "plan": orDefault(a.Plan, "undefined"), "theme": "jupiter",
		"shell": "/usr/local/cpanel/bin/noshell", "uid": s.uids[a.User], "partition": "home",
		"startdate": start.Format("06 Jan 02 15:04"), "unix_startdate": a.StartDate,
		"suspended": suspended, "suspendreason": reason, "suspendtime": stime, "is_locked": 0,
		"diskused": mbString(a.DiskUsedMB, "none"), "disklimit": mbString(a.DiskLimitMB, "unlimited"),
		"inodesused": 0, "inodeslimit": "unlimited", "backup": 1, "legacy_backup": 0,
		"maxaddons": "unlimited", "maxftp": "unlimited", "maxlst": "unlimited", "maxparked": "unlimited",
		"maxpop": "unlimited", "maxsql": "unlimited", "maxsub": "unlimited", "max_emailacct_quota": "unlimited",
		"max_email_per_hour": "unlimited", "max_defer_fail_percentage": "unlimited",
		"min_defer_fail_to_trigger_protection": 5, "mailbox_format": "maildir",
		"outgoing_mail_suspended": 0, "outgoing_mail_hold": 0, "temporary": 0, "has_backup": 0,
		"child_nodes": []any{},
	}
}

// searchField returns the value listaccts searches for a searchtype.
func searchField(a *Account, searchtype, mainIP string) (string, bool) {
	switch searchtype {
	case "domain":
		return a.Domain, true
	case "owner":
		return a.Owner, true
	case "user":
		return a.User, true
	case "ip":
		return orDefault(a.IP, mainIP), true
	case "package":
		return orDefault(a.Plan, "undefined"), true
	}
	return "", false
}

// pickFields keeps only the `want` fields (comma-separated), or all when want is empty.
func pickFields(rec map[string]any, want string) map[string]any {
	if strings.TrimSpace(want) == "" {
		return rec
	}
	out := map[string]any{}
	for _, f := range strings.Split(want, ",") {
		if v, ok := rec[strings.TrimSpace(f)]; ok {
			out[strings.TrimSpace(f)] = v
		}
	}
	return out
}

// whmListaccts: search, searchtype (domain|owner|user|ip|package; default user), searchmethod (exact|regex;
// default regex), want. Resellers see only their accounts (§6).
func (s *Server) whmListaccts(c *call, id *identity, q url.Values) (any, string, bool) {
	accts := s.dir.visible(id.user)
	search := q.Get("search")
	if search != "" {
		stype := orDefault(q.Get("searchtype"), "user")
		method := orDefault(q.Get("searchmethod"), "regex")
		var match func(string) bool
		switch method {
		case "exact":
			match = func(v string) bool { return strings.EqualFold(v, search) }
		case "regex":
			re, err := regexp.Compile(search)
			if err != nil {
				return nil, fmt.Sprintf("The “search” parameter is not a valid regular expression: %v", err), false
			}
			match = re.MatchString
		default:
			return nil, fmt.Sprintf("The “searchmethod” parameter is invalid: “%s” (use “exact” or “regex”).", method), false
		}
		if _, ok := searchField(&Account{}, stype, ""); !ok {
			return nil, fmt.Sprintf("The “searchtype” parameter is invalid: “%s” (use “domain”, “owner”, “user”, “ip”, or “package”).", stype), false
		}
		var kept []*Account
		for _, a := range accts {
			if v, _ := searchField(a, stype, s.dir.mainIP); match(v) {
				kept = append(kept, a)
			}
		}
		accts = kept
	}
	list := make([]map[string]any, 0, len(accts))
	for _, a := range accts {
		list = append(list, pickFields(s.acctFields(a), q.Get("want")))
	}
	return map[string]any{"acct": list}, "", true
}

// whmAccountSummary: user or domain → data.acct[1]; accounts the caller does not own do not exist for it.
func (s *Server) whmAccountSummary(c *call, id *identity, q url.Values) (any, string, bool) {
	var a *Account
	switch {
	case q.Get("user") != "":
		a = s.dir.accts[q.Get("user")]
	case q.Get("domain") != "":
		a = s.dir.byDomain[strings.ToLower(q.Get("domain"))]
	default:
		return nil, "The “user” parameter is required.", false
	}
	if a == nil || !s.dir.owns(id.user, a.User) {
		return nil, fmt.Sprintf("Account does not exist: “%s”.", orDefault(q.Get("user"), q.Get("domain"))), false
	}
	return map[string]any{"acct": []map[string]any{s.acctFields(a)}}, "", true
}

func (s *Server) whmApplist(c *call, id *identity, q url.Values) (any, string, bool) {
	apps := []string{"cpanel"}
	for k := range whmFuncs {
		apps = append(apps, k)
	}
	sort.Strings(apps)
	return map[string]any{"app": apps}, "", true
}

func (s *Server) whmVersion(c *call, id *identity, q url.Values) (any, string, bool) {
	return map[string]any{"version": EmulatedVersion}, "", true
}

// cpanelApps maps app keys to the page below /cpsessN/ they open for cpaneld: WHM API 1 get_users_links' documented
// answer for the Jupiter theme, every key of it (https://api.docs.cpanel.net/openapi/whm/operation/get_users_links/).
// create_user_session turns a key of it into the session URL's goto_uri (§3); get_users_links lists it.
var cpanelApps = map[string]string{
	"Backups_Home":                "frontend/jupiter/backup/index.html",
	"Calendar_Configure":          "frontend/jupiter/mail/calendars_and_contacts/index.html",
	"ContactInfo_Change":          "frontend/jupiter/contact/index.html",
	"Cron_Home":                   "frontend/jupiter/cron/index.html",
	"Database_MySQL":              "frontend/jupiter/sql/index.html",
	"Database_phpMyAdmin":         "frontend/jupiter/sql/PhpMyAdmin.html",
	"Email_AccountLevelFiltering": "frontend/jupiter/mail/filters/userfilters.html",
	"Email_Accounts":              "frontend/jupiter/mail/pops/index.html",
	"Email_Archive":               "frontend/jupiter/mail/archive.html",
	"Email_Authentication":        "frontend/jupiter/mail/auth.html",
	"Email_AutoResponders":        "frontend/jupiter/mail/autores.html",
	"Email_BoxTrapper":            "frontend/jupiter/mail/boxtrapper.html",
	"Email_DefaultAddress":        "frontend/jupiter/mail/def.html",
	"Email_DeliveryReport":        "frontend/jupiter/mail/def.html",
	"Email_Disk_Usage":            "frontend/jupiter/mail/manage_disk_usage/",
	"Email_Forwarders":            "frontend/jupiter/mail/fwds.html",
	"Email_GreyListing":           "frontend/jupiter/mail/greylisting/index.html",
	"Email_MailingLists":          "frontend/jupiter/mail/lists.html",
	"Email_Routing":               "frontend/jupiter/mail/email_routing.html",
	"Email_SpamFilter":            "frontend/jupiter/mail/spam/spam.html",
	"Email_UserLevelFiltering":    "frontend/jupiter/mail/filters/managefilters.html",
	"FileManager_Home":            "frontend/jupiter/filemanager/index.html",
	"Locale_Change":               "frontend/jupiter/setlang/index.html",
	"Password_Change":             "frontend/jupiter/passwd/index.html",
	"SSL_TLS_Manager":             "frontend/jupiter/ssl/index.html",
	"SSL_TLS_Status":              "frontend/jupiter/security/tls_status/",
	"SSL_TLS_Wizard":              "frontend/jupiter/security/tls_wizard/",
	"Solr_Disk_Usage":             "frontend/jupiter/mail/search_index/",
	"Stats_AWStats":               "frontend/jupiter/stats/awstats_landing.html",
}

// whmApps maps WHM app keys to the page they open for whostmgrd. The keys are in create_user_session's documented
// list of app values; the pages are not documented: these are the emulator's (README).
var whmApps = map[string]string{
	"list_accounts":        "scripts4/listaccts",
	"terminal":             "scripts/terminal",
	"api_tokens":           "scripts7/apitokens",
	"create_a_new_account": "scripts5/wwwacctform",
}

var appKeyRe = regexp.MustCompile(`(?i)^[0-9a-z_-]+$`)

// whmCreateUserSession is §3, with the refusals in the order and wording of Whostmgr/API/1/Session.pm.
func (s *Server) whmCreateUserSession(c *call, id *identity, q url.Values) (any, string, bool) {
	for _, p := range []string{"user", "service"} {
		if !q.Has(p) {
			return nil, fmt.Sprintf("The “%s” parameter is required.", p), false
		}
	}
	user, service := q.Get("user"), q.Get("service")
	locale, app, preferred := q.Get("locale"), q.Get("app"), q.Get("preferred_domain")
	svc, ok := serviceForDaemon(service)
	if !ok {
		return nil, "The “service” parameter is invalid. The only supported services for this API call are “cpaneld”, “webmaild”, and “whostmgrd”.", false
	}
	// The account behind the user: a cPanel account, a WHM user, or (webmaild only) a mailbox's account.
	acct := s.dir.accts[user]
	exists := acct != nil || s.dir.whm[user] != nil
	if m, isMail := s.mailbox(user); isMail && svc == Webmail {
		user, acct, exists = m.box.Email, m.acct, true
	}
	if !exists {
		return nil, fmt.Sprintf("You cannot create a session for the user “%s” because they do not exist.", user), false
	}
	if acct != nil && acct.Suspended {
		return nil, fmt.Sprintf("You cannot create a session for the user “%s” because they are currently suspended.", user), false
	}
	owner := user
	if acct != nil {
		owner = acct.User
	}
	if (user == "root" && svc != WHM) || !s.dir.owns(id.user, owner) {
		return nil, fmt.Sprintf("You do not have permission to create sessions for the user “%s”.", user), false
	}
	if len(locale) > 16 {
		return nil, fmt.Sprintf("The “%s” parameter is invalid. The “%s” parameter may not be longer than 16 characters.", locale, locale), false
	}
	if svc == WHM && !s.dir.isReseller(user) {
		return nil, fmt.Sprintf("You cannot create a “whostmgrd” session for the user “%s” because they are not a reseller.", user), false
	}
	if svc != WHM && acct == nil {
		// A WHM user without a cPanel account has nothing to log in to on cPanel or Webmail.
		return nil, fmt.Sprintf("You cannot create a session for the user “%s” because they do not exist.", user), false
	}
	if preferred != "" {
		if !domainRe.MatchString(strings.ToLower(preferred)) && !isIP(preferred) {
			return nil, fmt.Sprintf("The “%s” parameter is invalid. The “%s” parameter must be a valid domain name or IP address.", preferred, preferred), false
		}
		if !s.dir.localDomain(preferred, s.hostnames) {
			return nil, fmt.Sprintf("The “%s” parameter is invalid. The “%s” parameter must be a domain or IP address on this server.", preferred, preferred), false
		}
	}
	if app != "" && !appKeyRe.MatchString(app) {
		return nil, fmt.Sprintf("The requested application, %s, is invalid.", app), false
	}
	token := q.Get("cp_security_token")
	if token == "" || !s.sessions.activeToken(user, token) {
		token = newSecurityToken()
	}
	gotoURI := ""
	switch svc {
	case CPanel:
		gotoURI = cpanelApps[app]
	case WHM:
		gotoURI = whmApps[app]
	}
	pre := s.newPreSession(c, user, svc, token, id.user, methodCreateUserSession, "create_user_session", locale, gotoURI)

	host := strings.ToLower(preferred)
	switch {
	case c.st.SessionURLHost != "":
		host = c.st.SessionURLHost // the fault mode: another host than the request's (§3's main IP, or a hostile one)
	case host == "":
		host = s.requestHost(c)
	case strings.Contains(host, ":"):
		host = "[" + host + "]"
	}
	u := "https://" + joinHostPort(host, s.port(tlsListenerOf(svc))) + token + "/login/?session=" + cpEscape(pre.id())
	if gotoURI != "" {
		u += "&goto_uri=" + cpEscape(gotoURI)
	}
	if locale != "" {
		u += "&locale=" + cpEscape(locale)
	}
	data := map[string]any{
		"cp_security_token": token, "expires": pre.expires.Unix(), "service": service,
		"session": pre.id(), "url": u,
	}
	if locale != "" {
		data["locale"] = locale
	}
	return data, "Created session", true
}

// whmGetUsersLinks is get_users_links (https://api.docs.cpanel.net/openapi/whm/operation/get_users_links/): user
// (required), service (cpaneld or webmail: the interface to list). data is an object of app key → page below
// /cpsessN/. Decisions: a user the caller does not control does not exist for it (as accountsummary); service
// webmail lists nothing (the emulator has no Webmail apps); the failure texts are ours.
func (s *Server) whmGetUsersLinks(c *call, id *identity, q url.Values) (any, string, bool) {
	user := q.Get("user")
	if user == "" {
		return nil, "The “user” parameter is required.", false
	}
	if a := s.dir.accts[user]; a == nil || !s.dir.owns(id.user, user) {
		return nil, fmt.Sprintf("The user “%s” does not exist.", user), false
	}
	switch q.Get("service") {
	case "", "cpaneld":
		return cpanelApps, "OK", true
	case "webmail":
		return map[string]string{}, "OK", true
	}
	return nil, fmt.Sprintf("The “service” parameter is invalid: “%s” (use “cpaneld” or “webmail”).", q.Get("service")), false
}

func isIP(s string) bool { return net.ParseIP(s) != nil }

// requestHost is the host for URLs the API builds (§3: HTTP_HOST without the port). Decision: behind a
// service subdomain (whm.example.com on 443) the "whm." label is dropped, standing in for cPanel's "best SSL
// domain for the cpanel service" lookup.
func (s *Server) requestHost(c *call) string {
	host := hostOnly(c.r.Host)
	if host == "" {
		return s.hostnames[0]
	}
	if c.proxied {
		for _, sv := range Services {
			host = strings.TrimPrefix(host, string(sv)+".")
		}
	}
	return host
}

// newPreSession creates a single-use pre-auth session (§3) and logs its NEW line.
func (s *Server) newPreSession(c *call, user string, svc Service, token, creator, method, tag, locale, gotoURI string) *session {
	pre := s.sessions.add(&session{
		user: user, service: svc, token: token, pre: true, expires: c.now.Add(time.Duration(c.st.PreauthTTL)),
		tfaVerified: true, clientIP: c.ip, creator: creator, method: method, locale: locale, gotoURI: gotoURI,
	}, tag)
	path := "json-api"
	if apiFamily(c.path) == "uapi" {
		path = "execute"
	}
	s.logNew(c, pre, path)
	return pre
}

// whmUAPICPanel is uapi_cpanel (§6): data.uapi holds the flat UAPI answer for cpanel.user.
func (s *Server) whmUAPICPanel(c *call, id *identity, q url.Values) (any, string, bool) {
	user := q.Get("cpanel.user")
	if user == "" {
		return nil, "The “cpanel.user” parameter is required.", false
	}
	a := s.dir.accts[user]
	if a == nil || !s.dir.owns(id.user, user) {
		return nil, "User parameter is invalid or was not supplied", false
	}
	module, fn := q.Get("cpanel.module"), q.Get("cpanel.function")
	if module == "" || fn == "" {
		return nil, "The “cpanel.module” and “cpanel.function” parameters are required.", false
	}
	args := url.Values{}
	for k, v := range q {
		if !strings.HasPrefix(k, "cpanel.") && k != "api.version" {
			args[k] = v
		}
	}
	return map[string]any{"uapi": s.runUAPI(c, uapiUser{acct: a}, module, fn, args)}, "", true
}
