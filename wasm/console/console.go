//go:build js && wasm

// Command console is the API console page's controller (console.wasm): the request form,
// the answer, the history and the session log inspector. What a form becomes
// is apiconsole's (request, preflight, history, escaped views); the worker
// sends the request.
package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/apiconsole"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/netgate"
	"github.com/panelkey/panelkey/secretarg"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/lockscreen"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// apiConsole is the API console page: a form that becomes the exact request
// (apiconsole.Prepare, run on every change, so preflight's problems and the
// request show while the user types), sent through the worker's api.send;
// the answer read for the user; the history in the vault; and the session
// log inspector. Logic lives in apiconsole; this is the glue to the DOM.
type apiConsole struct {
	p     *pagekit.Page
	lock  *lockscreen.Screen
	shown bool

	v          *vault.Vault
	history    []apiconsole.Entry
	sessions   apiconsole.Sessions // of sessionsOf
	sessionsOf string              // the server whose sessions are loaded
	reveal     bool
	// offsets are the server clock offsets the worker learnt at logins;
	// measured, those this page read from refused 2FA codes, which win.
	offsets, measured map[string]time.Duration

	sent   *apiconsole.Prepared // the last request sent, shown above its answer
	grant  pagekit.HostGrant    // what to run once the host permission is granted
	sendNo int                  // numbers the sends, so a late answer never replaces a newer one

	log consoleLog
}

// start runs the API console page in p.
func start(p *pagekit.Page) {
	c := &apiConsole{p: p}
	c.lock = lockscreen.New(p)
	p.On("click", c.click)
	p.On("input", c.input)
	p.On("submit", func(ev *dom.BasicEvent, target js.Value) {
		if c.shown && target.Get("id").String() == "console-form" {
			ev.PreventDefault()
			c.sendForm(c.readForm())
		}
	})
	refresh := pagekit.Serial(c.refresh) // one run at a time: an older read never paints over a newer one
	p.Shell.OnChange(refresh)
	// A login from the popup (or a second one) replaces the server's session:
	// the next call must use its /cpsessN, not the one loaded before.
	p.Shell.OnSessionsChange(func() {
		if c.shown {
			c.loadSessions()
		}
	})
	pagekit.Spawn(refresh)
}

// refresh reads the lock state and the vault and shows what they call for.
// The form keeps what the user typed; pickers and history follow the vault.
func (c *apiConsole) refresh() {
	st, v, err := c.p.Shell.Open()
	if v == nil { // locked, or failed
		c.leave()
		if err != nil {
			c.p.RenderError(err)
		} else {
			c.lock.Show(st)
		}
		return
	}
	c.v = v
	c.history = apiconsole.History(v.History)
	c.loadOffsets()
	if !c.shown {
		c.p.RenderTemplate("console-view")
		c.p.SetHTML("copy-lang", languageOptions())
		c.shown = true
		c.fillForm(c.defaultForm())
	} else {
		f := c.readForm()
		c.p.SetHTML("server", apiconsole.ServerOptions(v, f.ServerID))
		c.p.SetHTML("account", apiconsole.AccountOptions(c.p.Catalog, v.Server(c.p.Value("server")), f.AccountID))
	}
	c.renderHistory()
	c.loadSessions()
}

// leave forgets everything shown: the page is locked or failed.
func (c *apiConsole) leave() {
	c.shown = false
	c.v, c.history, c.sessions, c.sessionsOf, c.sent, c.grant = nil, nil, nil, "", nil, pagekit.HostGrant{}
	c.offsets, c.measured = nil, nil
	c.reveal = false // the form comes back with "Show secrets" off
	c.log = consoleLog{}
}

func (c *apiConsole) defaultForm() apiconsole.Form {
	f := apiconsole.Form{Family: string(cpapi.UAPI), Module: "Email", Function: "list_pops", Auth: apiconsole.AuthSession}
	if len(c.v.Servers) > 0 {
		f.ServerID = c.v.Servers[0].ID
	}
	return f
}

// fillForm puts f into the form's fields.
func (c *apiConsole) fillForm(f apiconsole.Form) {
	p := c.p
	p.SetHTML("server", apiconsole.ServerOptions(c.v, f.ServerID))
	p.SetHTML("account", apiconsole.AccountOptions(c.p.Catalog, c.v.Server(p.Value("server")), f.AccountID))
	p.SetValue("service", f.Service)
	p.SetHTML("family", apiconsole.FamilyOptions(f.Family))
	p.SetValue("module", f.Module)
	p.SetValue("function", f.Function)
	c.setArgs(f)
	p.SetValue("method", f.Method)
	p.SetHTML("auth", apiconsole.AuthOptions(c.p.Catalog, f.Auth))
	c.update()
}

// setArgs renders f's argument rows. Secret values stay out of the markup
// (apiconsole.ArgRows): they are set on their inputs here.
func (c *apiConsole) setArgs(f apiconsole.Form) {
	c.p.SetHTML("args", apiconsole.ArgRows(c.p.Catalog, f.Args, f.Withheld, c.reveal))
	rows := c.argRows()
	for i := 0; i < rows.Length() && i < len(f.Args); i++ {
		if secretarg.Is(f.Args[i][0]) {
			rows.Index(i).Call("querySelector", ".arg-value").Set("value", f.Args[i][1])
		}
	}
}

func (c *apiConsole) argRows() js.Value { return c.p.Raw("args").Call("querySelectorAll", ".arg-row") }

// maskArg shows the value of the argument row as a password field when its
// key looks secret and "Show secrets" is off, and as text otherwise.
func (c *apiConsole) maskArg(row js.Value) {
	secret := secretarg.Is(row.Call("querySelector", ".arg-key").Get("value").String())
	row.Get("classList").Call("toggle", "secret", secret)
	typ := "text"
	if secret && !c.reveal {
		typ = "password"
	}
	row.Call("querySelector", ".arg-value").Set("type", typ)
}

// readForm reads the form's fields.
func (c *apiConsole) readForm() apiconsole.Form {
	p := c.p
	f := apiconsole.Form{
		ServerID: p.Value("server"), AccountID: p.Value("account"), Service: p.Value("service"),
		Family: p.Value("family"), Module: p.Value("module"), Function: p.Value("function"),
		Auth: apiconsole.Auth(p.Value("auth")), Method: p.Value("method"),
	}
	rows := c.argRows()
	for i := 0; i < rows.Length(); i++ {
		r := rows.Index(i)
		f.Args = append(f.Args, [2]string{
			r.Call("querySelector", ".arg-key").Get("value").String(),
			r.Call("querySelector", ".arg-value").Get("value").String(),
		})
		if pagekit.Attr(r, "data-withheld") != "" {
			f.Withheld = append(f.Withheld, i)
		}
	}
	return f
}

// update prepares the form as it stands and shows its session, preflight's
// problems and the request, or why it cannot be built.
func (c *apiConsole) update() {
	if !c.shown {
		return
	}
	p := c.p
	f := c.readForm()
	family, ferr := cpapi.ParseFamily(f.Family)
	p.SetDisabled("module", family == cpapi.WHMAPI1)
	if ferr == nil {
		auto := apiconsole.DefaultService(family, f.Auth, f.AccountID != "")
		p.Raw("service-auto").Set("textContent", p.T("consoleAutomaticValue", auto.Title()+" ("+strconv.Itoa(auto.TLSPort())+")"))
	}
	p.Raw("method-auto").Set("textContent", p.T("consoleAutomaticValue", apiconsole.MethodTitle(p.Catalog, apiconsole.DefaultMethod(f.Args))))

	sessionHTML := ""
	if f.Auth == apiconsole.AuthSession && ferr == nil && f.ServerID == c.sessionsOf {
		service := f.TargetService(family)
		var s *apiconsole.Session
		if known, ok := c.sessions[string(service)]; ok {
			s = &known
		}
		_, canLogin := apiconsole.SessionLogin(c.v, f, service)
		sessionHTML = apiconsole.SessionHTML(c.p.Catalog, s, string(service), time.Now(), canLogin)
	}
	p.SetHTML("session-status", sessionHTML)

	prep, err := apiconsole.Prepare(c.p.Catalog, f, c.v, c.sessionsFor(f.ServerID), time.Now(), c.offset(f.ServerID))
	problems := ""
	if prep != nil {
		problems = apiconsole.ProblemsHTML(c.p.Catalog, prep.Problems)
	}
	p.SetHTML("preflight", problems)
	if err != nil {
		p.SetText("form-error", pagekit.ProblemText(c.p, err))
		p.SetHTML("request", "")
	} else {
		p.SetText("form-error", "")
		p.SetHTML("request", apiconsole.RequestHTML(c.p.Catalog, prep.Snippet, c.reveal))
	}
	for _, id := range []string{"send", "copy-curl", "copy-fetch", "copy-as"} {
		p.SetDisabled(id, err != nil)
	}
}

// sessionsFor returns the remembered sessions of server, when they are the
// ones loaded.
func (c *apiConsole) sessionsFor(server string) apiconsole.Sessions {
	if server != c.sessionsOf {
		return nil
	}
	return c.sessions
}

// loadOffsets reads the clock offsets the worker stored. On a failed read
// the ones already loaded stay: codes then follow the last known clocks.
func (c *apiConsole) loadOffsets() {
	if offsets, err := c.p.Shell.ClockOffsets(); err == nil {
		c.offsets = offsets
	}
}

// offset is the server's clock minus this computer's: the one measured here,
// else the worker's, else none.
func (c *apiConsole) offset(server string) time.Duration {
	if d, ok := c.measured[server]; ok {
		return d
	}
	return c.offsets[server]
}

// loadSessions asks the worker for the browser sessions it remembers for
// the chosen server, then updates the form.
func (c *apiConsole) loadSessions() {
	server := c.p.Value("server")
	var out struct {
		Sessions apiconsole.Sessions `json:"sessions"`
	}
	err := pagejson.SendInto(c.p.Shell, messages.BrowserSessions{ServerID: server}, &out)
	if !c.shown || c.p.Value("server") != server {
		return // the page moved on while the worker answered
	}
	if err != nil {
		c.message(pagekit.ProblemText(c.p, err), true)
		out.Sessions = nil
	}
	c.sessions, c.sessionsOf = out.Sessions, server
	c.update()
}

func (c *apiConsole) input(_ *dom.BasicEvent, target js.Value) {
	if !c.shown {
		return
	}
	switch target.Get("id").String() {
	case "server":
		c.p.SetHTML("account", apiconsole.AccountOptions(c.p.Catalog, c.v.Server(c.p.Value("server")), ""))
		c.sessions, c.sessionsOf = nil, ""
		pagekit.Spawn(c.loadSessions)
	case "reveal":
		c.reveal = target.Get("checked").Bool()
		if c.sent != nil {
			c.p.SetHTML("sent-request", apiconsole.RequestHTML(c.p.Catalog, c.sent.Snippet, c.reveal))
		}
		c.p.SetText("snippet", "")
		rows := c.argRows()
		for i := 0; i < rows.Length(); i++ {
			c.maskArg(rows.Index(i))
		}
	case "log-text":
		c.log.parse(c.p.Value("log-text"))
		c.renderLog()
		return
	case "log-filter", "log-event":
		c.renderLog()
		return
	}
	if target.Get("classList").Call("contains", "arg-key").Bool() {
		c.maskArg(pagekit.Closest(target, ".arg-row"))
	}
	c.update()
}

func (c *apiConsole) click(_ *dom.BasicEvent, target js.Value) {
	if !c.shown {
		return
	}
	if b := pagekit.Closest(target, "button[data-id]"); !b.IsNull() {
		c.historyAction(b)
		return
	}
	if b := pagekit.Closest(target, "button.remove-arg"); !b.IsNull() {
		f := c.readForm()
		if i, err := strconv.Atoi(pagekit.Attr(b, "data-index")); err == nil {
			f = f.WithoutArg(i)
		}
		c.setArgs(f)
		c.update()
		return
	}
	switch target.Get("id").String() {
	case "lock":
		pagekit.Spawn(func() {
			if _, err := c.p.Shell.Send(messages.Lock{}); err != nil {
				c.message(pagekit.ProblemText(c.p, err), true)
			}
		})
	case "add-arg":
		f := c.readForm()
		f.Args = append(f.Args, [2]string{})
		c.setArgs(f)
		rows := c.p.Raw("args").Call("querySelectorAll", ".arg-key")
		rows.Index(rows.Length() - 1).Call("focus")
	case "copy-curl":
		c.copySnippet(snippet.LangCurl)
	case "copy-fetch":
		c.copySnippet(snippet.LangFetch)
	case "copy-as":
		c.copySnippet(snippet.Language(c.p.Value("copy-lang")))
	case "session-login":
		c.sessionLogin()
	case "grant-host":
		c.grantHost(pagekit.Attr(target, "data-origin"))
	case "clear-history":
		pagekit.Spawn(func() { c.editHistory(vault.ClearHistory{}) })
	}
}

// message shows text above the form (an error when isErr); "" hides it.
func (c *apiConsole) message(text string, isErr bool) {
	c.messageHTML(ui.Escape(text), isErr)
}

func (c *apiConsole) messageHTML(html string, isErr bool) { c.p.ShowMessage(html, isErr) }

// failure shows a worker's failure: its message and advice, a link to the
// page that helps (openURL), and for a missing host permission the button
// that requests it, after which retry runs.
func (c *apiConsole) failure(err error, retry func()) {
	je, ok := err.(*jsvalue.Error)
	if !ok {
		c.message(pagekit.ProblemText(c.p, err), true)
		return
	}
	html := ui.Escape(ui.ProblemText(c.p.Catalog, je.Code, je.Message, je.Params...))
	if a := ui.AdviceText(c.p.Catalog, je.Code, je.Advice, je.Params...); a != "" {
		html += ` <span class="advice">` + ui.Escape(a) + `</span>`
	}
	// The link is a navigation like any other: the gate allows only https on the form's server (never javascript:,
	// data: or another host), whoever wrote the address.
	if s := c.v.Server(c.p.Value("server")); s != nil && je.OpenURL != "" {
		if n, err := netgate.Open(netgate.Server{BaseURL: s.BaseURL, Address: s.Address}, "", je.OpenURL); err == nil {
			html += ` <a href="` + ui.Escape(n.URL) + `" target="_blank" rel="noopener noreferrer" data-open-url="` + ui.Escape(n.URL) +
				`">` + ui.Escape(c.p.T("popupOpenInTab", n.URL)) + `</a>`
		}
	}
	if b := c.grant.Offer(c.p, err, retry); b != "" {
		html += " " + b
	}
	c.messageHTML(html, true)
}

// grantHost requests the origin (in the click, as browsers require) and runs
// the pending retry once it is granted.
func (c *apiConsole) grantHost(origin string) {
	c.grant.Grant(c.p, origin, c.p.T("hostAccessAgainSend"), c.message)
}

// sessionLogin opens a browser session for the form's server and service
// through the worker's normal login (a tab), which remembers it.
func (c *apiConsole) sessionLogin() {
	f := c.readForm()
	family, err := cpapi.ParseFamily(f.Family)
	if err != nil {
		c.message(pagekit.ProblemText(c.p, err), true)
		return
	}
	service := f.TargetService(family)
	l, ok := apiconsole.SessionLogin(c.v, f, service)
	if !ok {
		c.message(c.p.T("consoleNoCredential", service.Title()), true)
		return
	}
	var run func()
	run = func() {
		c.message(c.p.T("popupOpening", service.Title()), false)
		_, err := c.p.Shell.Send(messages.Login{ServerID: l.ServerID, AccountID: l.AccountID, Service: l.Service, Method: l.Method})
		if err != nil {
			c.failure(err, func() { pagekit.Spawn(run) })
			return
		}
		c.message(c.p.T("consoleOpened", service.Title()), false)
		c.loadSessions()
	}
	pagekit.Spawn(run)
}

// languageOptions are the "Copy as" menu's options, in snippet's order.
func languageOptions() string {
	var b strings.Builder
	for _, l := range snippet.Languages {
		b.WriteString(`<option value="` + ui.Escape(string(l.ID)) + `">` + ui.Escape(l.Title) + `</option>`)
	}
	return b.String()
}
