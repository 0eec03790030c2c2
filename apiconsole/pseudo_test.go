package apiconsole

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/preflight"
	"github.com/panelkey/panelkey/sessionlog"
	"github.com/panelkey/panelkey/snippet"
)

// Every word of the console's own in its views comes from the catalog: the
// pickers, the argument rows, the request, the answer (status, envelope,
// headers, body), the history, the session line and the session log. The
// server's words, cPanel's (HTTP reason phrases, the session log's documented
// meanings) and the engine's findings (preflight, cpapi) are data here.
func TestConsoleWordsComeFromTheCatalog(t *testing.T) {
	c := localetest.Pseudo(t, "..")
	v := testVault()
	now := time.UnixMilli(10 * 60 * 1000)
	entries, errs := sessionlog.Parse(`[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0
[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsuccess`)
	require.Empty(t, errs)
	var data []string
	for _, e := range entries {
		data = append(data, e.Event, e.Reason, e.ReasonText, e.SessionID, e.Address)
		for k, val := range e.Fields {
			data = append(data, k+"="+val, sessionlog.ExplainField(k))
		}
	}
	data = append(data, "Main", "bob.example", "alice.example", "bob", "alice", "carol", "root", "https://", "h.example",
		"cpsession", "Cookie", "execute", "Authorization", "cpanel", "whm", "Content-Type", "application/x-www-form-urlencoded", "email", "password",
		"UAPI", "WHM API 1", "Email::list_pops", "listaccts", "Email", "cPanel", "WHM", "Webmail", "content-type", "application/json",
		"permission-denied", "api-failed", "Permission denied", "the server's reason", "a warning", "an error", "a message",
		"HTTP", "OK", "Forbidden", "MiB", "KiB", "ms", "The port is wrong.", "port-wrong", "session", "list_pops", "GET", "POST")
	failed := Answer{Status: 403, MS: 9, Err: errors.New("Permission denied"), Result: cpapi.Result{Family: cpapi.WHMAPI1, Reason: "the server's reason",
		Errors: []string{"an error"}, Messages: []string{"a message"}, Warnings: []string{"a warning"},
		Paging: &cpapi.Paging{StartResult: 1, CurrentPage: 1, ResultsPerPage: 10, TotalPages: 2, TotalResults: 15},
		Filter: &cpapi.Filter{RecordsBeforeFilter: 40}}}
	views := map[string]string{
		"accounts":   AccountOptions(c, &v.Servers[0], "") + AccountOptions(c, nil, ""),
		"auths":      AuthOptions(c, AuthSession),
		"arguments":  ArgRows(c, [][2]string{{"email", "bob"}, {"password", ""}}, []int{1}, false),
		"methods":    MethodTitle(c, MethodPOST) + " " + MethodTitle(c, MethodGET),
		"no problem": ProblemsHTML(c, nil),
		"problems": ProblemsHTML(c, []preflight.Problem{{Severity: preflight.SeverityError, Code: "port-wrong", Message: "The port is wrong."},
			{Severity: preflight.SeverityWarning, Code: "port-wrong", Message: "The port is wrong."}}),
		"request": RequestHTML(c, snippet.Request{Method: "POST", URL: "https://h.example:2083/execute/Email/list_pops", Cookie: "cpsession",
			Body: "email=bob", ContentType: "application/x-www-form-urlencoded"}, false),
		"status":        StatusHTML(c, Answer{Status: 200, MS: 3, TruncatedAt: 20 << 20}) + StatusHTML(c, Answer{Redirected: true}) + TruncatedHTML(c, Answer{TruncatedAt: 1000}) + TruncatedHTML(c, Answer{TruncatedAt: 1}),
		"success":       EnvelopeHTML(c, Answer{Status: 200, Result: cpapi.Result{Family: cpapi.UAPI, OK: true}}),
		"failure":       EnvelopeHTML(c, failed) + StatusHTML(c, failed),
		"redirect":      EnvelopeHTML(c, Answer{Redirected: true}),
		"headers":       HeadersHTML(c, nil) + HeadersHTML(c, map[string]string{"content-type": "application/json"}),
		"body":          RawHTML(c, "") + RawHTML(c, string(make([]byte, MaxRaw+1))),
		"ages":          Age(c, now.UnixMilli(), now) + Age(c, now.UnixMilli()-30000, now) + Age(c, 0, now) + Age(c, 0, now.Add(5*time.Hour)) + Age(c, 0, now.Add(100*time.Hour)),
		"empty history": HistoryHTML(c, nil, v, now),
		"session known": SessionHTML(c, &Session{BaseURL: "https://h.example:2083", User: "bob"}, "cpanel", now, true) + SessionHTML(c, &Session{BaseURL: "https://h.example:2087"}, "whm", now, true),
		"session none":  SessionHTML(c, nil, "cpanel", now, true) + SessionHTML(c, nil, "cpanel", now, false),
		"session log":   SessionLogHTML(c, entries, nil, LogFilter{}),
		"drift": driftText(t, c, "Mon, 10 Jun 2024 12:02:30 GMT", 0) + driftText(t, c, "Mon, 10 Jun 2024 11:59:20 GMT", 0) +
			driftText(t, c, "Mon, 10 Jun 2024 12:00:00 GMT", 150*time.Second),
		"history": HistoryHTML(c, []Entry{
			{ID: "h1", At: 0, Form: Form{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthCPanelToken}, Status: 200, Outcome: OutcomeOK},
			{ID: "h2", Form: Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthSession}, Status: 403, Outcome: "permission-denied"},
			{ID: "h3", Form: Form{ServerID: "s1", AccountID: "gone", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP}},
			{ID: "h4", Form: Form{ServerID: "gone", Family: "whmapi1", Function: "listaccts", Auth: AuthAccessHash, Args: [][2]string{{"password", ""}}}},
			{ID: "h5", Form: Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthBasic}},
			{ID: "h6", Form: Form{ServerID: "s1", Family: "whmapi1", Function: "listaccts", Auth: AuthWHMToken}},
		}, v, now),
	}
	// The form's errors, in the catalog's words too.
	for i, f := range []Form{
		{ServerID: "gone", Family: "uapi", Auth: AuthWHMToken},
		{ServerID: "s1", AccountID: "gone", Family: "uapi", Auth: AuthWHMToken},
		{ServerID: "s1", Family: "uapi", Auth: "nonsense"},
		{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthSession},
		{ServerID: "s1", Family: "uapi_cpanel", Module: "Email", Function: "list_pops", Auth: AuthWHMToken},
		{ServerID: "s1", Family: "uapi", Module: "Email", Function: "add_pop", Auth: AuthWHMToken, Args: [][2]string{{"password", ""}},
			Withheld: []int{0}},
		{ServerID: "s-bare", Family: "whmapi1", Function: "version", Auth: AuthWHMToken},
		{ServerID: "s-bare", Family: "whmapi1", Function: "version", Auth: AuthAccessHash},
		{ServerID: "s1", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthCPanelToken},
		{ServerID: "s1", AccountID: "a-empty", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthCPanelToken},
		{ServerID: "s1", AccountID: "a-empty", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasic},
		{ServerID: "s-bare", Family: "whmapi1", Function: "version", Auth: AuthBasic},
		{ServerID: "s1", AccountID: "a-bob", Family: "uapi", Module: "Email", Function: "list_pops", Auth: AuthBasicOTP},
	} {
		_, err := Prepare(c, f, v, nil, now, 0)
		require.Error(t, err, "form %d", i)
		_, isForm := err.(*Error)
		require.True(t, isForm, "form %d: %v", i, err)
		views["form error "+err.Error()] = err.Error()
	}
	localetest.FromCatalog(t, views, data)
}

// driftText is Drift's message for a refused 2FA code whose answer has that Date, the code computed at offset used.
func driftText(t *testing.T, c *locale.Catalog, date string, used time.Duration) string {
	t.Helper()
	_, message, ok := Drift(c, AuthBasicOTP, answer(t, 403, tfaFailedBody), date, time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC), used)
	require.True(t, ok)
	return message
}
