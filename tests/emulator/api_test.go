package emulator

import (
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

func users(t *testing.T, r resp) []string {
	t.Helper()
	data, ok := r.json(t)["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data: %.300s", r.body)
	}
	var out []string
	for _, a := range data["acct"].([]any) {
		out = append(out, a.(map[string]any)["user"].(string))
	}
	return out
}

// §6: listaccts filters by search/searchtype/searchmethod, trims to `want`, and a reseller sees only its
// accounts.
func TestListaccts(t *testing.T) {
	_, c := startWithClient(t, false)
	tests := []struct {
		name, auth, query, want string
	}{
		{"root sees all", "whm root:" + rootToken, "", "alice,bob,carol,dave,erin,resel,resel2fa"},
		{"reseller sees its own and itself", "whm resel:" + reselToken, "", "alice,carol,resel"},
		{"user regex (default method)", "whm root:" + rootToken, "search=^res&searchtype=user", "resel,resel2fa"},
		{"default searchtype is user", "whm root:" + rootToken, "search=^bo", "bob"},
		{"domain exact", "whm root:" + rootToken, "search=carol.example&searchtype=domain&searchmethod=exact", "carol"},
		{"exact does not match parts", "whm root:" + rootToken, "search=carol&searchtype=domain&searchmethod=exact", ""},
		{"owner", "whm root:" + rootToken, "search=resel&searchtype=owner&searchmethod=exact", "alice,carol"},
		{"package", "whm root:" + rootToken, "search=reseller&searchtype=package&searchmethod=exact", "resel,resel2fa"},
		{"ip", "whm root:" + rootToken, "search=127.0.0.1&searchtype=ip&searchmethod=exact", "alice,bob,carol,dave,erin,resel,resel2fa"},
		{"reseller search stays inside its accounts", "whm resel:" + reselToken, "search=.&searchtype=domain", "alice,carol,resel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.whm(tt.auth, "listaccts", tt.query)
			eq(t, "status", r.status, http.StatusOK)
			md := metadata(t, r)
			eq(t, "metadata", md["command"].(string)+" "+md["reason"].(string), "listaccts OK")
			eq(t, "users", strings.Join(users(t, r), ","), tt.want)
		})
	}

	r := c.whm("whm root:"+rootToken, "listaccts", "search=dave&searchmethod=exact")
	a := r.json(t)["data"].(map[string]any)["acct"].([]any)[0].(map[string]any)
	for _, f := range []string{"user", "domain", "owner", "email", "ip", "ipv6", "plan", "theme", "shell", "uid", "partition",
		"startdate", "unix_startdate", "suspended", "suspendreason", "suspendtime", "is_locked", "diskused", "disklimit",
		"inodesused", "inodeslimit", "backup", "legacy_backup", "maxaddons", "maxftp", "maxlst", "maxparked", "maxpop",
		"maxsql", "maxsub", "max_emailacct_quota", "max_email_per_hour", "mailbox_format", "outgoing_mail_suspended", "outgoing_mail_hold"} {
		if _, ok := a[f]; !ok {
			t.Errorf("field %s missing", f)
		}
	}
	eq(t, "suspended", a["suspended"], any(float64(1)))
	eq(t, "suspendreason", a["suspendreason"], any("Unpaid invoice #1042"))
	eq(t, "diskused none", a["diskused"], any("none"))
	r = c.whm("whm root:"+rootToken, "listaccts", "search=bob&searchmethod=exact")
	b := r.json(t)["data"].(map[string]any)["acct"].([]any)[0].(map[string]any)
	eq(t, "not suspended", b["suspendreason"], any("not suspended"))
	eq(t, "diskused", b["diskused"], any("120M"))
	eq(t, "disklimit", b["disklimit"], any("2048M"))
	r = c.whm("whm root:"+rootToken, "listaccts", "search=carol&searchmethod=exact")
	cr := r.json(t)["data"].(map[string]any)["acct"].([]any)[0].(map[string]any)
	eq(t, "unknown email", cr["email"], any("*unknown*"))

	// want trims the records.
	r = c.whm("whm root:"+rootToken, "listaccts", "want=user,domain,suspended")
	for _, x := range r.json(t)["data"].(map[string]any)["acct"].([]any) {
		var keys []string
		for k := range x.(map[string]any) {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		eq(t, "want", strings.Join(keys, ","), "domain,suspended,user")
	}
	// Bad arguments fail in metadata.
	for _, q := range []string{"search=(&searchtype=user", "search=x&searchtype=color", "search=x&searchmethod=fuzzy"} {
		md := metadata(t, c.whm("whm root:"+rootToken, "listaccts", q))
		eq(t, q, md["result"], any(float64(0)))
	}
}

// §6: accountsummary, applist, version, unknown functions, api.version.
func TestWHMAPI1Functions(t *testing.T) {
	s, c := startWithClient(t, false)
	get := func(auth, q string) resp { return c.get(s.URL(WHM, false)+"/json-api/"+q, "Authorization", auth) }
	root, resel := "whm root:"+rootToken, "whm resel:"+reselToken

	r := get(root, "accountsummary?api.version=1&user=bob")
	eq(t, "summary", strings.Join(users(t, r), ","), "bob")
	r = get(root, "accountsummary?api.version=1&domain=ALICE.example")
	eq(t, "summary by domain", strings.Join(users(t, r), ","), "alice")
	eq(t, "summary not owned", metadata(t, get(resel, "accountsummary?api.version=1&user=bob"))["result"], any(float64(0)))
	eq(t, "summary owned", metadata(t, get(resel, "accountsummary?api.version=1&user=carol"))["result"], any(float64(1)))
	eq(t, "summary without args", metadata(t, get(root, "accountsummary?api.version=1"))["reason"], any("The “user” parameter is required."))

	apps := get(root, "applist?api.version=1").json(t)["data"].(map[string]any)["app"].([]any)
	var names []string
	for _, a := range apps {
		names = append(names, a.(string))
	}
	eq(t, "applist", strings.Join(names, ","), "accountsummary,applist,cpanel,create_user_session,get_users_links,listaccts,twofactorauth_get_user_configs,uapi_cpanel,version")

	// get_users_links: the documented Jupiter keys and pages, for accounts the caller controls.
	links := get(root, "get_users_links?api.version=1&user=bob&service=cpaneld").json(t)["data"].(map[string]any)
	eq(t, "FileManager_Home", links["FileManager_Home"], any("frontend/jupiter/filemanager/index.html"))
	eq(t, "SSL_TLS_Manager", links["SSL_TLS_Manager"], any("frontend/jupiter/ssl/index.html"))
	eq(t, "links of an account not owned", metadata(t, get(resel, "get_users_links?api.version=1&user=bob"))["result"], any(float64(0)))
	eq(t, "links without user", metadata(t, get(root, "get_users_links?api.version=1"))["reason"], any("The “user” parameter is required."))

	r = get(root, "version?api.version=1")
	eq(t, "version", r.json(t)["data"].(map[string]any)["version"], any(EmulatedVersion))
	// api.version may be left out (our decision: version 1).
	eq(t, "no api.version", metadata(t, get(root, "version"))["result"], any(float64(1)))

	r = get(root, "nosuchfunc?api.version=1")
	eq(t, "unknown status", r.status, http.StatusOK)
	md := metadata(t, r)
	eq(t, "unknown reason", md["reason"], any("Unknown app (nosuchfunc) requested for this version (1) of the API."))
	eq(t, "unknown result", md["result"], any(float64(0)))
	eq(t, "unknown command", md["command"], any("nosuchfunc"))
	eq(t, "other api.version", metadata(t, get(root, "version?api.version=2"))["reason"], any("Unknown app (version) requested for this version (2) of the API."))

	// POSTed arguments work too.
	r = c.post(s.URL(WHM, false)+"/json-api/accountsummary", formOf("api.version", "1", "user", "erin"), "Authorization", root)
	eq(t, "POST", strings.Join(users(t, r), ","), "erin")
}

// §6: UAPI through WHM (uapi_cpanel) nests the flat answer in data.uapi; API 2 through WHM (json-api/cpanel)
// answers cpanelresult; both check ownership.
func TestUAPIAndAPI2ViaWHM(t *testing.T) {
	s, c := startWithClient(t, false)
	whm := s.URL(WHM, false)
	r := c.get(whm+"/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=StatsBar&cpanel.function=get_stats&display=emailaccounts|diskusage|nonsense", "Authorization", "whm root:"+rootToken)
	v := r.json(t)
	eq(t, "command", v["metadata"].(map[string]any)["command"], any("uapi_cpanel"))
	u := v["data"].(map[string]any)["uapi"].(map[string]any)
	eq(t, "uapi status", u["status"], any(float64(1)))
	stats := u["data"].([]any)
	eq(t, "stats", len(stats), 2)
	eq(t, "emailaccounts", stats[0].(map[string]any)["count"], any("2"))
	eq(t, "disk max", stats[1].(map[string]any)["max"], any("2048"))

	r = c.get(whm+"/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Email&cpanel.function=nope", "Authorization", "whm root:"+rootToken)
	u = r.json(t)["data"].(map[string]any)["uapi"].(map[string]any)
	eq(t, "unknown uapi status", u["status"], any(float64(0)))
	mustContain(t, r.body, "“nope”")

	for _, q := range []string{"cpanel.user=bob", "cpanel.user=nobody", "cpanel.module=Email&cpanel.function=list_pops"} {
		md := metadata(t, c.get(whm+"/json-api/uapi_cpanel?api.version=1&cpanel.module=Email&cpanel.function=list_pops&"+q, "Authorization", "whm resel:"+reselToken))
		eq(t, "reseller "+q, md["result"], any(float64(0)))
	}
	md := metadata(t, c.get(whm+"/json-api/uapi_cpanel?api.version=1&cpanel.user=alice&cpanel.module=Email&cpanel.function=list_pops", "Authorization", "whm resel:"+reselToken))
	eq(t, "reseller own account", md["result"], any(float64(1)))

	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpopswithdisk", "Authorization", "whm root:"+rootToken)
	cr := r.json(t)["cpanelresult"].(map[string]any)
	eq(t, "api2 module", cr["module"], any("Email"))
	eq(t, "api2 func", cr["func"], any("listpopswithdisk"))
	eq(t, "api2 event", cr["event"].(map[string]any)["result"], any(float64(1)))
	pops := cr["data"].([]any)
	eq(t, "pops", len(pops), 2)
	p0 := pops[0].(map[string]any)
	eq(t, "pop", p0["email"].(string)+" "+p0["humandiskquota"].(string)+" "+p0["diskused"].(string), "info@bob.example 1 GB 12")

	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=nope", "Authorization", "whm root:"+rootToken)
	cr = r.json(t)["cpanelresult"].(map[string]any)
	eq(t, "api2 unknown", cr["event"].(map[string]any)["result"], any(float64(0)))
	mustContain(t, cr["error"].(string), "nope")

	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops", "Authorization", "whm resel:"+reselToken)
	mustContain(t, r.body, "User parameter is invalid or was not supplied")

	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=3&cpanel_jsonapi_module=DomainInfo&cpanel_jsonapi_func=list_domains", "Authorization", "whm root:"+rootToken)
	v = r.json(t)
	eq(t, "v3 apiversion", v["apiversion"], any(float64(3)))
	eq(t, "v3 main domain", v["result"].(map[string]any)["data"].(map[string]any)["main_domain"], any("bob.example"))

	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=DomainInfo&cpanel_jsonapi_func=domains_data", "Authorization", "whm root:"+rootToken)
	mustContain(t, r.body, `"main_domain":{`, `"addon_domains":[{`, `"domain":"bob-shop.example"`)
	r = c.get(whm+"/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=DomainLookup&cpanel_jsonapi_func=getbasedomains", "Authorization", "whm root:"+rootToken)
	mustContain(t, r.body, `"data":[{"domain":"bob.example"},{"domain":"bob-shop.example"}]`)
}

// §6: UAPI on the cPanel port: the flat envelope, each function, unknown module/function as status 0 naming it.
func TestUAPIFunctions(t *testing.T) {
	s, c := startWithClient(t, false)
	call := func(path string) map[string]any {
		r := c.get(s.URL(CPanel, false)+"/execute/"+path, "Authorization", "cpanel bob:"+bobToken)
		eq(t, path+" HTTP", r.status, http.StatusOK)
		return r.json(t)
	}
	v := call("DomainInfo/list_domains")
	eq(t, "envelope", strings.Join(slices.Sorted(maps.Keys(v)), ","), "data,errors,messages,metadata,status,warnings")
	eq(t, "errors null", v["errors"], any(nil))
	d := v["data"].(map[string]any)
	eq(t, "main", d["main_domain"], any("bob.example"))
	eq(t, "subs", d["sub_domains"].([]any)[0], any("blog.bob.example"))
	eq(t, "parked empty list", len(d["parked_domains"].([]any)), 0)

	pops := call("Email/list_pops")["data"].([]any)
	eq(t, "pops with main", len(pops), 3)
	eq(t, "main account", pops[0].(map[string]any)["login"], any("Main Account"))
	eq(t, "skip_main", len(call("Email/list_pops?skip_main=1")["data"].([]any)), 2)

	toks := call("Tokens/list")["data"].([]any)
	eq(t, "tokens (revoked ones gone)", len(toks), 1)
	tok := toks[0].(map[string]any)
	eq(t, "token name", tok["name"], any("panelkey"))
	if _, leaked := tok["token"]; leaked {
		t.Error("Tokens::list shows the token value")
	}
	eq(t, "missing display", call("StatsBar/get_stats")["status"], any(float64(0)))

	v = call("Nope/thing")
	eq(t, "unknown module", v["status"], any(float64(0)))
	mustContain(t, v["errors"].([]any)[0].(string), "“Nope”")
	v = call("Email/nope")
	eq(t, "unknown function", v["status"], any(float64(0)))
	mustContain(t, v["errors"].([]any)[0].(string), "“nope”", "“Email”")
	eq(t, "no function", call("Email")["status"], any(float64(0)))
}

// A cookie session calls the APIs under its cpsess prefix (§6 "Cookie calls"), including WHM API 1.
func TestSessionAPICalls(t *testing.T) {
	s, c := startWithClient(t, true)
	data := whmSession(t, c, "user=resel&service=whostmgrd")
	c.get(data["url"].(string))
	tok := data["cp_security_token"].(string)
	r := c.get(s.URL(WHM, false) + tok + "/json-api/listaccts?api.version=1")
	eq(t, "reseller session listaccts", strings.Join(users(t, r), ","), "alice,carol,resel")
	r = c.get(s.URL(WHM, false) + "/json-api/listaccts?api.version=1")
	eq(t, "without cpsess", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, "Invalid Security Token")
}

// Pages of a logged-in user: service homes, app pages, redirects to the home, 404 outside the service.
func TestPages(t *testing.T) {
	s := start(t, nil)
	tests := []struct {
		svc              Service
		path             string
		status           int
		location, marker string
	}{
		{CPanel, "/", http.StatusFound, "/frontend/jupiter/index.html", ""},
		{CPanel, "/frontend/jupiter/", http.StatusFound, "/frontend/jupiter/index.html", ""},
		{CPanel, "/frontend/jupiter/index.html", http.StatusOK, "", `id="emulator-home"`},
		{CPanel, "/3rdparty/phpMyAdmin/index.php", http.StatusOK, "", `id="emulator-page"`},
		{CPanel, "/scripts4/listaccts", http.StatusNotFound, "", ""},
		{WHM, "/", http.StatusOK, "", `id="emulator-home" data-service="whm"`},
		{WHM, "/scripts4/listaccts", http.StatusOK, "", `data-path="/scripts4/listaccts"`},
		{Webmail, "/", http.StatusFound, "/webmail/jupiter/index.html", ""},
		{Webmail, "/webmail/jupiter/index.html", http.StatusOK, "", `id="emulator-home" data-service="webmail"`},
		{Webmail, "/frontend/jupiter/index.html", http.StatusNotFound, "", ""},
	}
	users := map[Service][]string{CPanel: {"bob", bobPass}, WHM: {"resel", "demo-resel-pass"}, Webmail: {bobMail, bobMailPass}}
	for _, tt := range tests {
		c := newClient(t, s, true)
		tok := loginOnly(c, tt.svc, "user", users[tt.svc][0], "pass", users[tt.svc][1]).json(t)["security_token"].(string)
		r := c.get(s.URL(tt.svc, false) + tok + tt.path)
		name := string(tt.svc) + tt.path
		eq(t, name, r.status, tt.status)
		if tt.location != "" {
			eq(t, name+" location", r.header.Get("Location"), tok+tt.location)
		}
		mustContain(t, r.body, tt.marker)
	}
	// Basic auth on a page of a 2FA user meets the security-code page (§5).
	r := newClient(t, s, false).get(s.URL(CPanel, false)+"/frontend/jupiter/index.html", "Authorization", basic("erin", erinPass))
	mustContain(t, r.body, `id="emulator-tfa"`)
	r = newClient(t, s, false).get(s.URL(CPanel, false)+"/frontend/jupiter/index.html", "Authorization", basic("bob", bobPass))
	mustContain(t, r.body, `id="emulator-home"`, `data-auth="basic"`)
	// Protected pages without credentials: the login page, 401.
	r = newClient(t, s, false).get(s.URL(CPanel, false) + "/cpsess0123456789/frontend/jupiter/index.html")
	eq(t, "no credentials", r.status, http.StatusUnauthorized)
	mustContain(t, r.body, `id="emulator-login"`)
}
