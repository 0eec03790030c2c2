package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// uapiUser is the account a UAPI/API 2 call runs as; box is set for a Webmail mailbox login (what a Webmail
// session may run at all is webmailsafe.go's, by the port, not by box).
type uapiUser struct {
	acct *Account
	box  *Mailbox
}

// uapiResult is UAPI's flat HTTP envelope (§6); nil slices encode as null, as cPanel's do.
type uapiResult struct {
	Data     any            `json:"data"`
	Errors   []string       `json:"errors"`
	Messages []string       `json:"messages"`
	Metadata map[string]any `json:"metadata"`
	Status   int            `json:"status"`
	Warnings []string       `json:"warnings"`
}

func uapiOK(data any) uapiResult {
	return uapiResult{Data: data, Metadata: map[string]any{"transformed": 1}, Status: 1}
}

func uapiFail(msg string) uapiResult {
	return uapiResult{Errors: []string{msg}, Metadata: map[string]any{}, Status: 0}
}

type uapiFunc func(s *Server, c *call, u uapiUser, args url.Values) uapiResult

var uapiModules map[string]map[string]uapiFunc

func init() {
	uapiModules = map[string]map[string]uapiFunc{
		"DomainInfo": {"list_domains": (*Server).uapiListDomains},
		"Email":      {"list_pops": (*Server).uapiListPops, "add_pop": (*Server).uapiAddPop},
		"StatsBar":   {"get_stats": (*Server).uapiGetStats},
		"Tokens":     {"list": (*Server).uapiTokensList},
		"TwoFactorAuth": {
			"generate_user_configuration": (*Server).uapiTFAGenerate,
			"set_user_configuration":      (*Server).uapiTFASet,
			"get_user_configuration":      (*Server).uapiTFAGet,
			"remove_user_configuration":   (*Server).uapiTFARemove,
		},
		"Session": {
			"create_webmail_session_for_mail_user": (*Server).uapiWebmailForMailUser,
			"create_webmail_session_for_self":      (*Server).uapiWebmailForSelf,
		},
	}
}

// runUAPI runs Module::function, then pages a list it answers when asked to (paginate.go), in the order of
// Cpanel/API.pm's execute: a module that does not load fails first, then a Webmail session is refused what
// AppSafe does not list for it (webmailsafe.go), then an unknown function is not found. The texts are cPanel's
// (the load failure's Perl detail shortened); UAPI failures are HTTP 200 (§6).
func (s *Server) runUAPI(c *call, u uapiUser, module, fn string, args url.Values) uapiResult {
	m, ok := uapiModules[module]
	if !ok {
		return uapiFail(fmt.Sprintf("Failed to load module “%s”: Can’t locate Cpanel/API/%s.pm", module, module))
	}
	if inWebmail(c) && !webmailAllows(module, fn, 3) {
		return uapiNotInWebmail(module, fn)
	}
	f, ok := m[fn]
	if !ok {
		return uapiFail(fmt.Sprintf("The system could not find the function “%s” in the module “%s”.", fn, module))
	}
	return paginate(f(s, c, u, args), args)
}

// serveUAPI answers /execute/Module/function on cPanel and Webmail ports.
func (s *Server) serveUAPI(c *call, id *identity) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(c.path, "/execute/"), "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		writeJSON(c, http.StatusOK, uapiFail("Specify a module and a function: /execute/Module/function"))
		return
	}
	writeJSON(c, http.StatusOK, s.runUAPI(c, uapiUser{acct: id.acct, box: id.box}, parts[0], parts[1], formValues(c)))
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func (s *Server) uapiListDomains(c *call, u uapiUser, args url.Values) uapiResult {
	return uapiOK(map[string]any{
		"main_domain": u.acct.Domain, "addon_domains": nonNil(u.acct.AddonDomains),
		"parked_domains": nonNil(u.acct.ParkedDomains), "sub_domains": nonNil(u.acct.SubDomains),
	})
}

// uapiListPops lists the mailboxes, the main account first unless skip_main=1.
func (s *Server) uapiListPops(c *call, u uapiUser, args url.Values) uapiResult {
	list := []map[string]any{}
	if args.Get("skip_main") != "1" {
		list = append(list, map[string]any{"email": u.acct.User, "login": "Main Account", "suspended_incoming": 0, "suspended_login": 0})
	}
	for _, m := range s.mailboxesOf(u.acct) {
		list = append(list, map[string]any{"email": m.Email, "login": m.Email, "suspended_incoming": 0, "suspended_login": 0})
	}
	return uapiOK(list)
}

func (s *Server) uapiGetStats(c *call, u uapiUser, args url.Values) uapiResult {
	display := args.Get("display")
	if display == "" {
		return uapiFail("The “display” parameter is required.")
	}
	a := u.acct
	type stat struct {
		label string
		count int
		max   int // 0 = unlimited
		units string
	}
	stats := map[string]stat{
		"emailaccounts":  {"Email Accounts", len(s.mailboxesOf(a)), 0, ""},
		"addondomains":   {"Addon Domains", len(a.AddonDomains), 0, ""},
		"subdomains":     {"Subdomains", len(a.SubDomains), 0, ""},
		"parkeddomains":  {"Aliases", len(a.ParkedDomains), 0, ""},
		"diskusage":      {"Disk Usage", a.DiskUsedMB, a.DiskLimitMB, "MB"},
		"bandwidthusage": {"Bandwidth", 0, 0, "MB"},
		"ftpaccounts":    {"FTP Accounts", 0, 0, ""},
		"sqldatabases":   {"Databases", 0, 0, ""},
	}
	out := []map[string]any{}
	for _, name := range strings.Split(display, "|") {
		st, ok := stats[strings.TrimSpace(name)]
		if !ok {
			continue // cPanel skips names it does not know
		}
		maxS, percent := "unlimited", 0
		if st.max > 0 {
			maxS, percent = strconv.Itoa(st.max), st.count*100/st.max
		}
		out = append(out, map[string]any{
			"id": name, "name": name, "item": st.label, "count": strconv.Itoa(st.count), "max": maxS,
			"percent": percent, "units": st.units, "_count": st.count, "_max": maxS,
		})
	}
	return uapiOK(out)
}

// uapiTokensList lists the cPanel API tokens (never their values); revoked ones are gone, expired ones stay (§2).
func (s *Server) uapiTokensList(c *call, u uapiUser, args url.Values) uapiResult {
	list := []map[string]any{}
	for _, t := range u.acct.Tokens {
		if t.Revoked {
			continue
		}
		var exp any
		if t.ExpiresAt != 0 {
			exp = t.ExpiresAt
		}
		list = append(list, map[string]any{"name": t.Name, "create_time": t.CreateTime, "expires_at": exp, "has_full_access": 1})
	}
	sort.Slice(list, func(i, j int) bool { return list[i]["name"].(string) < list[j]["name"].(string) })
	return uapiOK(list)
}

// webmailSessionTag is the pre-session tag of the UAPI Webmail sessions. Decision: the upper-case form of the
// docs' example (§3), so that clients which wrongly parse the tag (create_user_session's is lower-case) fail here.
const webmailSessionTag = "CREATE_WEBMAIL_SESSION_FOR_MAIL_USER"

// uapiWebmailForMailUser is Session::create_webmail_session_for_mail_user (§3): a single-use Webmail session
// for one of the account's mailboxes, to POST as session=… to {token}/login on 2096.
func (s *Server) uapiWebmailForMailUser(c *call, u uapiUser, args url.Values) uapiResult {
	login, domain := args.Get("login"), args.Get("domain")
	for _, p := range []struct{ name, v string }{{"login", login}, {"domain", domain}} {
		if p.v == "" {
			return uapiFail(fmt.Sprintf("The “%s” parameter is required.", p.name))
		}
	}
	email := strings.ToLower(login + "@" + domain)
	m, ok := s.mailbox(email)
	if !ok || m.acct != u.acct {
		return uapiFail(fmt.Sprintf("The email account “%s” does not exist.", email))
	}
	return s.webmailSession(c, email, u.acct.User, methodWebmailForMail)
}

// uapiWebmailForSelf is Session::create_webmail_session_for_self: the same for the cPanel user's own mail.
func (s *Server) uapiWebmailForSelf(c *call, u uapiUser, args url.Values) uapiResult {
	return s.webmailSession(c, u.acct.User, u.acct.User, methodWebmailForSelf)
}

func (s *Server) webmailSession(c *call, user, creator, method string) uapiResult {
	pre := s.newPreSession(c, user, Webmail, newSecurityToken(), creator, method, webmailSessionTag, "", "")
	return uapiOK(map[string]any{"session": pre.id(), "token": pre.token, "hostname": nil})
}

// api2Answer is API 2's envelope (§6).
type api2Answer struct {
	CPanelResult api2Result `json:"cpanelresult"`
}

type api2Result struct {
	APIVersion int       `json:"apiversion"`
	Module     string    `json:"module"`
	Func       string    `json:"func"`
	Event      api2Event `json:"event"`
	Data       any       `json:"data"`
	Error      string    `json:"error,omitempty"`
}

type api2Event struct {
	Result int    `json:"result"`
	Reason string `json:"reason,omitempty"`
}

type api2Func func(s *Server, c *call, u uapiUser, args url.Values) []map[string]any

var api2Modules = map[string]map[string]api2Func{
	"Email": {
		"listpopswithdisk": (*Server).api2ListPopsWithDisk,
		"listpops":         (*Server).api2ListPops,
	},
	"DomainLookup": {"getbasedomains": (*Server).api2BaseDomains},
	"DomainInfo":   {"domains_data": (*Server).api2DomainsData},
}

// serveAPI2 answers /json-api/cpanel (§6): on WHM for cpanel_jsonapi_user (owned by the caller), on cPanel and
// Webmail for the logged-in account. apiversion 2 (the default) answers cpanelresult; 3 runs UAPI and answers
// the {"apiversion":3,"func","module","result"} form.
func (s *Server) serveAPI2(c *call, id *identity) {
	q := formValues(c)
	module, fn := q.Get("cpanel_jsonapi_module"), q.Get("cpanel_jsonapi_func")
	u := uapiUser{acct: id.acct, box: id.box}
	if c.svc == WHM {
		user := q.Get("cpanel_jsonapi_user")
		a := s.dir.accts[user]
		if a == nil || !s.dir.owns(id.user, user) {
			writeCpsrvdError(c, http.StatusOK, "User parameter is invalid or was not supplied")
			return
		}
		u = uapiUser{acct: a}
	}
	args := url.Values{}
	for k, v := range q {
		if !strings.HasPrefix(k, "cpanel_jsonapi_") {
			args[k] = v
		}
	}
	switch ver := orDefault(q.Get("cpanel_jsonapi_apiversion"), "2"); ver {
	case "2":
		writeJSON(c, http.StatusOK, api2Answer{s.runAPI2(c, u, module, fn, args)})
	case "3":
		writeJSON(c, http.StatusOK, map[string]any{"apiversion": 3, "module": module, "func": fn, "result": s.runUAPI(c, u, module, fn, args)})
	default:
		msg := fmt.Sprintf("cPanel API %s is not available on this server.", ver)
		writeJSON(c, http.StatusOK, api2Answer{api2Result{APIVersion: 1, Module: module, Func: fn, Event: api2Event{Result: 0, Reason: msg}, Data: []any{}, Error: msg}})
	}
}

func (s *Server) runAPI2(c *call, u uapiUser, module, fn string, args url.Values) api2Result {
	r := api2Result{APIVersion: 2, Module: module, Func: fn}
	f := api2Modules[module][fn]
	msg := ""
	switch {
	case f == nil:
		msg = fmt.Sprintf("Could not find function '%s' in module '%s'", fn, module)
	case inWebmail(c) && !webmailAllows(module, fn, 2):
		msg = api2NotInWebmail(module, fn) // after the function resolved, as Cpanel/Parser/Legacy.pm checks
	}
	if msg != "" {
		r.Event, r.Error, r.Data = api2Event{Result: 0, Reason: msg}, msg, []any{}
		return r
	}
	r.Event, r.Data = api2Event{Result: 1}, f(s, c, u, args)
	return r
}

func humanMB(mb int) string {
	if mb >= 1024 && mb%1024 == 0 {
		return strconv.Itoa(mb/1024) + " GB"
	}
	return strconv.Itoa(mb) + " MB"
}

func (s *Server) api2ListPopsWithDisk(c *call, u uapiUser, args url.Values) []map[string]any {
	out := []map[string]any{}
	for _, m := range s.mailboxesOf(u.acct) {
		local, domain, _ := strings.Cut(m.Email, "@")
		quota, hquota, pct := "unlimited", "None", 0
		if m.QuotaMB > 0 {
			quota, hquota, pct = strconv.Itoa(m.QuotaMB), humanMB(m.QuotaMB), m.DiskUsedMB*100/m.QuotaMB
		}
		out = append(out, map[string]any{
			"email": m.Email, "login": m.Email, "user": local, "domain": domain,
			"diskused": strconv.Itoa(m.DiskUsedMB), "_diskused": m.DiskUsedMB * 1024 * 1024,
			"diskquota": quota, "_diskquota": m.QuotaMB * 1024 * 1024, "txtdiskquota": quota,
			"humandiskused": humanMB(m.DiskUsedMB), "humandiskquota": hquota, "diskusedpercent": pct,
			"suspended_incoming": 0, "suspended_login": 0,
		})
	}
	return out
}

func (s *Server) api2ListPops(c *call, u uapiUser, args url.Values) []map[string]any {
	out := []map[string]any{}
	for _, m := range s.mailboxesOf(u.acct) {
		out = append(out, map[string]any{"email": m.Email, "login": m.Email, "suspended_incoming": 0, "suspended_login": 0})
	}
	return out
}

func (s *Server) api2BaseDomains(c *call, u uapiUser, args url.Values) []map[string]any {
	out := []map[string]any{{"domain": u.acct.Domain}}
	for _, d := range append(append([]string{}, u.acct.AddonDomains...), u.acct.ParkedDomains...) {
		out = append(out, map[string]any{"domain": d})
	}
	return out
}

func (s *Server) api2DomainsData(c *call, u uapiUser, args url.Values) []map[string]any {
	a := u.acct
	dom := func(d, typ string) map[string]any {
		return map[string]any{"domain": d, "type": typ, "user": a.User, "owner": a.Owner, "documentroot": "/home/" + a.User + "/public_html"}
	}
	list := func(ds []string, typ string) []map[string]any {
		out := []map[string]any{}
		for _, d := range ds {
			out = append(out, dom(d, typ))
		}
		return out
	}
	return []map[string]any{{
		"main_domain": dom(a.Domain, "main_domain"), "addon_domains": list(a.AddonDomains, "addon_domain"),
		"parked_domains": nonNil(a.ParkedDomains), "sub_domains": list(a.SubDomains, "sub_domain"),
	}}
}
