//go:build js && wasm && !popup

package main

import (
	"crypto/rand"
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/ui"
)

// maxAccountRows caps the rows of an account table; the filter finds the
// rest.
const maxAccountRows = 200

// options is the options page: servers and their accounts, standalone
// authenticators, settings. Every write reads the vault afresh, patches the
// JS document (so fields these types do not know survive) and sends it
// whole to the worker.
type options struct {
	p     *page
	lock  *lockScreen
	shown bool

	v  *ui.Vault
	st status

	cards      map[string]*ui.CardState // by server id
	indexes    map[string]*ui.Index     // account filter indexes, by server id (built on first use)
	armedTOT   string                   // authenticator whose removal awaits confirmation
	armedReset bool                     // "Erase the vault" awaits confirmation

	server  *serverEdit
	account *accountEdit
	file    string // the picked import file's text
	notice  string // a message for the options page once it replaces the lock screen (a restored export)
}

// secrets tracks the secret inputs of an open form: the stored values (kept
// in Go; the DOM gets them only when "show" is pressed) and the ones marked
// for removal.
type secrets struct {
	stored  map[string]string
	removed map[string]bool
}

func newSecrets() secrets {
	return secrets{stored: map[string]string{}, removed: map[string]bool{}}
}

// value is what saving the field writes: the typed value, else "" when
// marked removed, else the stored value.
func (s secrets) value(p *page, id string) string {
	if v := p.value(id); v != "" {
		return v
	}
	if s.removed[id] {
		return ""
	}
	return s.stored[id]
}

type serverEdit struct {
	id string // "" for a new server
	secrets
}

type accountEdit struct {
	serverID, id string // id "" for a new account
	secrets
	mailboxes []ui.MailboxDraft
}

const optionsHTML = `<div class="page">
<header class="top"><h1>panelkey</h1>
<nav><a href="#servers">Servers</a> <a href="#authenticators">Authenticators</a> <a href="#settings">Settings</a></nav>
<button type="button" class="link" data-action="open-console" id="open-console">API console</button>
<button id="lock" type="button">Lock</button></header>
<div id="message" role="status" hidden></div>
<section id="servers"><h2>Servers</h2>
<div id="editor"></div>
<div id="server-list"></div>
<button type="button" class="primary" data-action="add-server" id="add-server">Add a server</button>
</section>
<section id="authenticators"><h2>Authenticators</h2>
<p class="hint">Two-factor codes that belong to no server. Paste otpauth:// links (from QR codes), one per line.</p>
<textarea id="otpauth-import" rows="3" spellcheck="false" placeholder="otpauth://totp/Issuer:account?secret=…"></textarea>
<div class="buttons"><button type="button" data-action="import-otpauth" id="otpauth-import-submit">Import</button></div>
<p id="otpauth-import-result" class="hint" hidden></p>
<div id="authenticator-list"></div>
</section>
<section id="settings"><h2>Settings</h2>
<form id="autolock-form" class="inline">
<label for="autolock-minutes">Lock automatically after</label>
<input id="autolock-minutes" type="number" min="1" max="1440" step="1"> <span>minutes without use</span>
<button type="submit" id="autolock-save">Save</button>
</form>
<form id="password-form" autocomplete="off"><h3>Change the master password</h3>
<div class="field"><label for="password-old">Current master password</label><input id="password-old" type="password" autocomplete="current-password"></div>
<div class="field"><label for="password-new">New master password (at least 10 characters)</label><input id="password-new" type="password" autocomplete="new-password"></div>
<div class="field"><label for="password-confirm">Repeat the new password</label><input id="password-confirm" type="password" autocomplete="new-password"></div>
<div class="buttons"><button type="submit" id="password-submit">Change password</button></div>
<p id="password-error" class="error" role="alert" hidden></p>
</form>
<h3>Export and import</h3>
<p class="hint">An export is the encrypted vault: it opens only with the master password it was made under. Importing
replaces this vault's servers and authenticators with the file's.</p>
<div class="buttons"><button type="button" data-action="export" id="export">Export the vault</button>
<button type="button" data-action="pick-import" id="import-pick">Import a vault file…</button></div>
` + importFormHTML + `
</section>
</div>`

// importFormHTML asks for the picked file's master password.
const importFormHTML = `<form id="import-form" autocomplete="off" hidden>
<p id="import-file-name" class="hint"></p>
<div class="field"><label for="import-password">That file's master password</label><input id="import-password" type="password"></div>
<div class="buttons"><button type="submit" id="import-submit" class="primary">Import</button></div>
</form>`

// restoreHTML follows the first-run form: a new browser can start from an
// export (its master password becomes the vault's).
const restoreHTML = `<section class="lock-extra"><h3>Or restore an export</h3>
<p class="hint">Import a vault file exported from panelkey; its master password becomes this vault's.</p>
<div class="buttons"><button type="button" data-action="pick-import" id="import-pick">Import a vault file…</button></div>
` + importFormHTML + `</section>`

// resetHTML follows the unlock form: the only way past a forgotten password.
const resetHTML = `<section class="lock-extra"><h3>Forgot the master password?</h3>
<p class="hint">It cannot be recovered. You can erase this vault and start again; an export you made still opens with the
password it was made under.</p>
<div class="buttons"><button type="button" data-action="reset" id="reset">Erase the vault…</button></div></section>`

func startOptions(p *page) {
	o := &options{p: p, cards: map[string]*ui.CardState{}, indexes: map[string]*ui.Index{}}
	o.lock = newLockScreen(p)
	p.on("click", o.click)
	p.on("input", o.input)
	p.on("submit", o.submit)
	p.shell.onChange(o.refresh)
	p.shell.onProgress(o.progress)
	spawn(o.refresh)
}

// refresh reads the lock state and the vault and re-renders the lists; open
// forms are left as they are.
func (o *options) refresh() {
	st, err := o.p.shell.status()
	if err != nil {
		o.p.renderError(err)
		return
	}
	v, err := o.p.shell.readVaultText()
	if err != nil {
		o.p.renderError(err)
		return
	}
	if !st.Unlocked || v == nil {
		o.shown, o.server, o.account, o.armedReset = false, nil, nil, false
		o.lock.show(st)
		extra := resetHTML
		if !st.Initialized {
			extra = restoreHTML
		}
		o.p.app.Underlying().Call("insertAdjacentHTML", "beforeend", extra)
		return
	}
	o.v, o.st = v, st
	o.indexes = map[string]*ui.Index{}
	if !o.shown {
		o.p.render(optionsHTML)
		o.shown = true
		if o.notice != "" {
			o.message(o.notice, false)
			o.notice = ""
		}
	}
	if o.p.raw("autolock-minutes").Get("value").String() == "" {
		o.p.setValue("autolock-minutes", strconv.Itoa(st.AutoLockMinutes))
	}
	o.renderServers()
	o.renderAuthenticators()
}

func (o *options) renderServers() {
	var b strings.Builder
	if len(o.v.Servers) == 0 {
		b.WriteString(`<p class="empty">No servers yet.</p>`)
	}
	for i := range o.v.Servers {
		b.WriteString(ui.ServerCard(&o.v.Servers[i], o.card(&o.v.Servers[i])))
	}
	o.p.setHTML("server-list", b.String())
}

// card returns the display state of s, with its filtered account rows.
func (o *options) card(s *ui.Server) ui.CardState {
	c := o.cards[s.ID]
	if c == nil {
		c = &ui.CardState{}
		o.cards[s.ID] = c
	}
	if c.Open {
		ix := o.indexes[s.ID]
		if ix == nil {
			ix = ui.NewIndex(ui.AccountKeys(s))
			o.indexes[s.ID] = ix
		}
		c.Hits, c.Total = ix.Search(c.Filter, maxAccountRows)
	}
	return *c
}

func (o *options) renderAuthenticators() {
	o.p.setHTML("authenticator-list", ui.AuthenticatorList(o.v.Authenticators, o.armedTOT))
}

// message shows text in #message (as an error when isErr); "" hides it.
func (o *options) message(text string, isErr bool) { o.p.showMessage(ui.Escape(text), isErr) }

func (o *options) click(_ *dom.BasicEvent, target js.Value) {
	if !o.shown {
		// The lock screen's extras: restore an export, erase a vault whose password is lost.
		switch attr(closest(target, "[data-action]"), "data-action") {
		case "pick-import":
			spawn(o.pickImport)
		case "reset":
			o.reset(closest(target, "[data-action]"))
		}
		return
	}
	if target.Get("id").String() == "lock" {
		spawn(func() {
			o.send(struct {
				Type string `json:"type"`
			}{"lock"})
		})
		return
	}
	b := closest(target, "[data-action]")
	if b.IsNull() {
		return
	}
	action, server, account := attr(b, "data-action"), attr(b, "data-server"), attr(b, "data-account")
	if action != "remove-server" && action != "remove-account" {
		o.disarm()
	}
	switch action {
	case "open-console":
		o.p.shell.openPage("console")
	case "add-server":
		o.openServer("")
	case "edit-server":
		o.openServer(server)
	case "remove-server":
		o.removeServer(server)
	case "fetch-accounts":
		o.fetchAccounts(server)
	case "toggle-accounts":
		if c := o.cards[server]; c != nil {
			c.Open = !c.Open
			o.renderServers()
		}
	case "add-account":
		o.openAccount(server, "")
	case "edit-account":
		o.openAccount(server, account)
	case "remove-account":
		o.removeAccount(server, account)
	case "cancel-edit":
		o.closeEditor()
	case "show-secret":
		o.toggleShow(b)
	case "clear-secret":
		o.toggleClear(b)
	case "add-mailbox":
		o.editMailboxes(func(m []mailboxRow) []mailboxRow { return append(m, mailboxRow{}) })
	case "remove-mailbox":
		i, err := strconv.Atoi(attr(b, "data-index"))
		o.editMailboxes(func(m []mailboxRow) []mailboxRow {
			if err != nil || i < 0 || i >= len(m) {
				return m
			}
			return append(m[:i], m[i+1:]...)
		})
	case "import-otpauth":
		o.importOtpauth()
	case "remove-authenticator":
		o.removeAuthenticator(attr(b, "data-id"))
	case "export":
		spawn(o.export)
	case "pick-import":
		spawn(o.pickImport)
	}
}

func (o *options) input(_ *dom.BasicEvent, target js.Value) {
	switch {
	case target.Get("id").String() == "server-address":
		o.previewAddress(target.Get("value").String())
	case attr(target, "data-action") == "filter-accounts":
		id := attr(target, "data-server")
		c := o.cards[id]
		s := o.v.Server(id)
		if c == nil || s == nil {
			return
		}
		c.Filter = target.Get("value").String()
		state := o.card(s)
		// Only the table: re-rendering the card would take the focus from the filter.
		table := closest(target, ".accounts").Call("querySelector", ".account-table")
		table.Set("innerHTML", ui.AccountTable(s, state))
	}
}

func (o *options) submit(ev *dom.BasicEvent, target js.Value) {
	if !o.shown {
		if target.Get("id").String() == "import-form" {
			ev.PreventDefault()
			o.importVault()
		}
		return
	}
	switch target.Get("id").String() {
	case "server-form":
		ev.PreventDefault()
		o.saveServer()
	case "account-form":
		ev.PreventDefault()
		o.saveAccount()
	case "autolock-form":
		ev.PreventDefault()
		o.saveAutoLock()
	case "password-form":
		ev.PreventDefault()
		o.changePassword()
	case "import-form":
		ev.PreventDefault()
		o.importVault()
	}
}

// send posts msg to the worker and shows a failure in #message.
func (o *options) send(msg any) (js.Value, error) {
	v, err := o.p.shell.sendJSON(msg)
	if err != nil {
		o.message(errorText(err), true)
	}
	return v, err
}

// write reads the vault afresh, lets change patch the JS document (it gets
// the decoded vault alongside; false: nothing to write) and sends the
// document to the worker. Call it from a goroutine.
func (o *options) write(change func(doc js.Value, v *ui.Vault) (bool, error)) error {
	doc, v, err := o.p.shell.readVault()
	if err != nil {
		return err
	}
	if v == nil {
		return &jsError{Code: "locked", Message: "The vault is locked: unlock it and try again."}
	}
	ok, err := change(doc, v)
	if err != nil || !ok {
		return err
	}
	return o.p.shell.writeVault(doc)
}

// disarm cancels a pending "Really remove?".
func (o *options) disarm() {
	changed := o.armedTOT != ""
	o.armedTOT = ""
	for _, c := range o.cards {
		if c.Armed != "" {
			c.Armed, changed = "", true
		}
	}
	if changed {
		o.renderServers()
		o.renderAuthenticators()
	}
}

// ---- Servers

func (o *options) openServer(id string) {
	o.account = nil
	e := &serverEdit{id: id, secrets: newSecrets()}
	var s *ui.Server
	if id != "" {
		if s = o.v.Server(id); s == nil {
			return
		}
		e.stored["server-whm-token"] = s.WHM.Token
		e.stored["server-whm-password"] = s.WHM.Password
		e.stored["server-whm-accesshash"] = s.WHM.AccessHash
		if s.WHM.TOTP != nil {
			e.stored["server-whm-totp"] = s.WHM.TOTP.Secret
		}
	}
	o.server = e
	o.p.setHTML("editor", ui.ServerForm(s))
	o.previewAddress(o.p.value("server-address"))
	o.p.focus("server-address")
	o.p.raw("editor").Call("scrollIntoView", map[string]any{"block": "nearest"})
}

func (o *options) closeEditor() {
	o.server, o.account = nil, nil
	o.p.setHTML("editor", "")
}

// previewAddress shows what the engine understood of the typed address: the
// three services' addresses, or why it cannot be used.
func (o *options) previewAddress(input string) {
	if strings.TrimSpace(input) == "" {
		o.p.setText("server-address-preview", "")
		return
	}
	a, err := endpoint.Parse(input)
	if err != nil {
		_, msg := errorCode(err)
		o.p.setText("server-address-preview", msg)
		return
	}
	parts := make([]string, 0, 3)
	for _, s := range endpoint.Services() {
		if sa, err := a.WithService(s); err == nil {
			parts = append(parts, s.Title()+" "+sa.BaseURL())
		}
	}
	text := strings.Join(parts, " · ")
	if !a.Secure() {
		text += " — plain-text http: panelkey never sends credentials over it; use https."
	}
	o.p.setText("server-address-preview", text)
}

// serverFields is what the server form holds, checked.
type serverFields struct {
	address, name, baseURL, origin string
	whm                            ui.WHM
}

func (o *options) readServerForm(e *serverEdit) (serverFields, string) {
	p := o.p
	var f serverFields
	f.address = strings.TrimSpace(p.value("server-address"))
	f.name = strings.TrimSpace(p.value("server-name"))
	a, err := endpoint.Parse(f.address)
	if err != nil {
		_, msg := errorCode(err)
		return f, msg
	}
	if !a.Secure() {
		return f, "Use an https address: panelkey does not send credentials over plain-text http."
	}
	whm, err := a.WithService(endpoint.WHM)
	if err != nil {
		_, msg := errorCode(err)
		return f, msg
	}
	f.baseURL, f.origin = whm.BaseURL(), endpoint.HostPermission(a.Host)
	w := ui.WHM{
		User:       strings.TrimSpace(p.value("server-whm-user")),
		Token:      strings.TrimSpace(e.value(p, "server-whm-token")),
		Password:   e.value(p, "server-whm-password"),
		AccessHash: strings.TrimSpace(e.value(p, "server-whm-accesshash")),
	}
	if w.Token != "" || w.Password != "" || w.AccessHash != "" {
		if w.User == "" {
			return f, "Type the WHM user (root, or the reseller's user name) for these credentials."
		}
		// The engine checks what the headers would carry; a bad value fails here, not at the first login.
		if w.Token != "" {
			if _, err := authheader.WHMToken(w.User, w.Token); err != nil {
				return f, "WHM API token: " + message(err)
			}
		}
		if w.Password != "" {
			if _, err := authheader.Basic(w.User, w.Password); err != nil {
				return f, "WHM password: " + message(err)
			}
		}
		if w.AccessHash != "" {
			if _, err := authheader.AccessHash(w.User, w.AccessHash); err != nil {
				return f, "Access hash: " + message(err)
			}
		}
	}
	t, msg := o.readTOTP(e.secrets, "server-whm-totp")
	if msg != "" {
		return f, "WHM two-factor secret: " + msg
	}
	w.TOTP = t
	f.whm = w
	return f, ""
}

// readTOTP reads a 2FA field: a typed secret or URI is parsed; empty keeps
// the stored one (with its parameters) unless it was marked removed.
func (o *options) readTOTP(s secrets, id string) (*ui.TOTP, string) {
	typed := strings.TrimSpace(o.p.value(id))
	if typed == "" {
		if s.removed[id] || s.stored[id] == "" {
			return nil, ""
		}
		return o.storedTOTP(id), ""
	}
	if typed == s.stored[id] {
		return o.storedTOTP(id), "" // "show" put the stored secret in the field
	}
	t, err := ui.ParseTOTP(typed)
	if err != nil {
		return nil, message(err)
	}
	return t, ""
}

// storedTOTP is the saved TOTP the open form's field id stands for.
func (o *options) storedTOTP(id string) *ui.TOTP {
	switch {
	case id == "server-whm-totp" && o.server != nil:
		if s := o.v.Server(o.server.id); s != nil {
			return s.WHM.TOTP
		}
	case id == "account-totp" && o.account != nil:
		if s := o.v.Server(o.account.serverID); s != nil {
			if a := s.Account(o.account.id); a != nil {
				return a.TOTP
			}
		}
	}
	return nil
}

// message is an error's readable message without its package prefix.
func message(err error) string {
	_, m := errorCode(err)
	return m
}

func (o *options) saveServer() {
	e := o.server
	if e == nil {
		return
	}
	f, msg := o.readServerForm(e)
	if msg != "" {
		o.p.setText("server-error", msg)
		return
	}
	o.p.setText("server-error", "")
	o.p.setDisabled("server-save", true)
	// Chrome asks for a host permission only during a user gesture: now, not after an await.
	grant := o.p.shell.requestHost(f.origin)
	spawn(func() {
		defer o.p.setDisabled("server-save", false)
		granted, gerr := await(grant)
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			patch := ui.Server{ID: e.id, Name: f.name, Address: f.address, BaseURL: f.baseURL, WHM: f.whm}
			if e.id == "" {
				patch.ID = newID("s")
				patch.Accounts = []ui.Account{}
				return true, push(doc, "servers", patch)
			}
			i := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == e.id })
			if i < 0 {
				return false, &jsError{Code: "not-found", Message: "This server is no longer in the vault."}
			}
			pv, err := toJS(patch)
			if err != nil {
				return false, err
			}
			pv.Delete("accounts") // the accounts are not part of this form
			pv.Delete("accountsFetchedAt")
			merge(doc.Get("servers").Index(i), pv)
			return true, nil
		})
		if err != nil {
			o.p.setText("server-error", errorText(err))
			return
		}
		o.closeEditor()
		switch {
		case gerr != nil:
			o.message("Saved. Asking Chrome for access to the server failed: "+errorText(gerr), true)
		case !granted.Truthy():
			o.message("Saved, but without Chrome's permission to reach "+f.origin+" logins to this server cannot work. Edit and save it again to be asked again.", true)
		default:
			o.message("Server saved.", false)
		}
	})
}

func (o *options) removeServer(id string) {
	c := o.cards[id]
	if c == nil {
		return
	}
	if c.Armed != "remove-server" {
		o.disarm()
		c.Armed = "remove-server"
		o.renderServers()
		return
	}
	c.Armed = ""
	spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			i := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == id })
			if i < 0 {
				return false, nil
			}
			doc.Get("servers").Call("splice", i, 1)
			return true, nil
		})
		if err != nil {
			o.message(errorText(err), true)
			return
		}
		o.message("Server removed.", false)
	})
}

// fetchAccounts asks the worker to list the server's accounts through WHM;
// progress arrives through onProgress.
func (o *options) fetchAccounts(id string) {
	c := o.cards[id]
	if c == nil {
		return
	}
	c.Progress = "Asking WHM for the account list…"
	o.renderServers()
	spawn(func() {
		var r struct {
			Count int `json:"count"`
		}
		err := o.p.shell.sendInto(struct {
			Type     string `json:"type"`
			ServerID string `json:"serverId"`
		}{"accounts.refresh", id}, &r)
		if err != nil {
			c.Progress = ""
			o.renderServers()
			o.message(errorText(err), true)
			return
		}
		c.Progress = strconv.Itoa(r.Count) + " accounts fetched."
		c.Open = true
		o.renderServers()
	})
}

// progress shows the worker's {type:'progress', op:'accounts.refresh',
// serverId, stage, total?, count?} broadcasts on the server's card.
func (o *options) progress(msg js.Value) {
	var m struct {
		Op       string `json:"op"`
		ServerID string `json:"serverId"`
		Stage    string `json:"stage"`
		Total    int    `json:"total"`
	}
	if fromJS(msg, &m) != nil || m.Op != "accounts.refresh" {
		return
	}
	c := o.cards[m.ServerID]
	if c == nil || !o.shown {
		return
	}
	switch m.Stage {
	case "request":
		c.Progress = "Asking WHM for the account list…"
	case "merge":
		c.Progress = "Saving " + strconv.Itoa(m.Total) + " accounts…"
	default:
		return
	}
	o.renderServers()
}

// ---- Accounts

func (o *options) openAccount(serverID, id string) {
	s := o.v.Server(serverID)
	if s == nil {
		return
	}
	o.server = nil
	e := &accountEdit{serverID: serverID, id: id, secrets: newSecrets()}
	var a *ui.Account
	if id != "" {
		if a = s.Account(id); a == nil {
			return
		}
		e.stored["account-password"] = a.Password
		e.stored["account-token"] = a.APIToken
		if a.TOTP != nil {
			e.stored["account-totp"] = a.TOTP.Secret
		}
		for i, m := range a.Mailboxes {
			e.stored["mailbox-password-"+strconv.Itoa(i)] = m.Password
			e.mailboxes = append(e.mailboxes, ui.MailboxDraft{Email: m.Email, Stored: m.Password != ""})
		}
	}
	o.account = e
	o.p.setHTML("editor", ui.AccountForm(s, a, e.mailboxes))
	o.p.focus("account-user")
	o.p.raw("editor").Call("scrollIntoView", map[string]any{"block": "nearest"})
}

// mailboxRow is a mailbox row of the account form with its secret state.
type mailboxRow struct {
	draft   ui.MailboxDraft
	stored  string
	removed bool
}

// editMailboxes changes the account form's mailbox rows (change appends or
// removes rows) and re-renders them, keeping what was typed and each row's
// stored password.
func (o *options) editMailboxes(change func([]mailboxRow) []mailboxRow) {
	e := o.account
	if e == nil {
		return
	}
	rows := make([]mailboxRow, len(e.mailboxes))
	for i := range e.mailboxes {
		n := strconv.Itoa(i)
		r := mailboxRow{draft: e.mailboxes[i], stored: e.stored["mailbox-password-"+n], removed: e.removed["mailbox-password-"+n]}
		r.draft.Email = o.p.value("mailbox-email-" + n)
		r.draft.Typed = ""
		if typed := o.p.value("mailbox-password-" + n); typed != r.stored {
			r.draft.Typed = typed
		}
		rows[i] = r
		delete(e.stored, "mailbox-password-"+n)
		delete(e.removed, "mailbox-password-"+n)
	}
	rows = change(rows)
	e.mailboxes = e.mailboxes[:0]
	for i, r := range rows {
		n := strconv.Itoa(i)
		e.stored["mailbox-password-"+n] = r.stored
		e.removed["mailbox-password-"+n] = r.removed
		r.draft.Stored = r.stored != "" && !r.removed
		e.mailboxes = append(e.mailboxes, r.draft)
	}
	o.p.raw("mailboxes").Set("innerHTML", `<legend>Webmail mailboxes</legend>`+ui.MailboxRows(e.mailboxes))
}

func (o *options) saveAccount() {
	e := o.account
	if e == nil {
		return
	}
	p := o.p
	user := strings.TrimSpace(p.value("account-user"))
	if user == "" {
		p.setText("account-error", "Type the cPanel user name.")
		return
	}
	a := ui.Account{
		ID:       e.id,
		User:     user,
		Domain:   strings.TrimSpace(p.value("account-domain")),
		Password: e.value(p, "account-password"),
		APIToken: strings.TrimSpace(e.value(p, "account-token")),
	}
	if a.Password != "" {
		if _, err := authheader.Basic(a.User, a.Password); err != nil {
			p.setText("account-error", "cPanel password: "+message(err))
			return
		}
	}
	if a.APIToken != "" {
		if _, err := authheader.CPanelToken(a.User, a.APIToken); err != nil {
			p.setText("account-error", "cPanel API token: "+message(err))
			return
		}
	}
	t, msg := o.readTOTP(e.secrets, "account-totp")
	if msg != "" {
		p.setText("account-error", "Two-factor secret: "+msg)
		return
	}
	a.TOTP = t
	a.Mailboxes = []ui.Mailbox{}
	for i := range e.mailboxes {
		n := strconv.Itoa(i)
		email := strings.TrimSpace(p.value("mailbox-email-" + n))
		if email == "" {
			continue
		}
		if !strings.Contains(email, "@") {
			p.setText("account-error", "Mailbox "+email+": type the whole address, e.g. info@"+a.Domain+".")
			return
		}
		a.Mailboxes = append(a.Mailboxes, ui.Mailbox{Email: email, Password: e.value(p, "mailbox-password-"+n)})
	}
	p.setText("account-error", "")
	spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			si := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == e.serverID })
			if si < 0 {
				return false, &jsError{Code: "not-found", Message: "This server is no longer in the vault."}
			}
			accounts := v.Servers[si].Accounts
			if e.id == "" {
				if indexOf(len(accounts), func(i int) bool { return accounts[i].User == a.User }) >= 0 {
					return false, &jsError{Code: "duplicate", Message: "This server already has an account " + a.User + "."}
				}
				a.ID = newID("a")
				sv := doc.Get("servers").Index(si)
				if !js.Global().Get("Array").Call("isArray", sv.Get("accounts")).Bool() {
					sv.Set("accounts", js.Global().Get("Array").New())
				}
				return true, push(sv, "accounts", a)
			}
			ai := indexOf(len(accounts), func(i int) bool { return accounts[i].ID == e.id })
			if ai < 0 {
				return false, &jsError{Code: "not-found", Message: "This account is no longer in the vault."}
			}
			pv, err := toJS(struct {
				User      string       `json:"user"`
				Domain    string       `json:"domain"`
				Password  string       `json:"password"`
				APIToken  string       `json:"apiToken"`
				TOTP      *ui.TOTP     `json:"totp"`
				Mailboxes []ui.Mailbox `json:"mailboxes"`
			}{a.User, a.Domain, a.Password, a.APIToken, a.TOTP, a.Mailboxes})
			if err != nil {
				return false, err
			}
			merge(doc.Get("servers").Index(si).Get("accounts").Index(ai), pv)
			return true, nil
		})
		if err != nil {
			p.setText("account-error", errorText(err))
			return
		}
		o.closeEditor()
		if c := o.cards[e.serverID]; c != nil {
			c.Open = true
		}
		o.message("Account saved.", false)
	})
}

func (o *options) removeAccount(serverID, id string) {
	c := o.cards[serverID]
	if c == nil {
		return
	}
	if c.Armed != "remove-account:"+id {
		o.disarm()
		c.Armed = "remove-account:" + id
		o.renderServers()
		return
	}
	c.Armed = ""
	spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			si := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == serverID })
			if si < 0 {
				return false, nil
			}
			accounts := v.Servers[si].Accounts
			ai := indexOf(len(accounts), func(i int) bool { return accounts[i].ID == id })
			if ai < 0 {
				return false, nil
			}
			doc.Get("servers").Index(si).Get("accounts").Call("splice", ai, 1)
			return true, nil
		})
		if err != nil {
			o.message(errorText(err), true)
			return
		}
		o.message("Account removed.", false)
	})
}

// ---- Secret fields

// toggleShow shows or hides a secret input. Showing an empty field of a
// stored secret fills it in: the only way a stored secret reaches the DOM.
// Hiding empties it again if it still holds the stored value.
func (o *options) toggleShow(b js.Value) {
	id := attr(b, "data-for")
	in := o.p.raw(id)
	if in.IsNull() {
		return
	}
	s := o.formSecrets()
	showing := in.Get("type").String() == "text"
	if showing {
		in.Set("type", "password")
		if s != nil && in.Get("value").String() == s.stored[id] {
			in.Set("value", "")
		}
		b.Set("textContent", "show")
		b.Call("setAttribute", "aria-pressed", "false")
		return
	}
	if s != nil && in.Get("value").String() == "" && !s.removed[id] {
		in.Set("value", s.stored[id])
	}
	in.Set("type", "text")
	b.Set("textContent", "hide")
	b.Call("setAttribute", "aria-pressed", "true")
}

// toggleClear marks a stored secret for removal on save (or unmarks it).
func (o *options) toggleClear(b js.Value) {
	id := attr(b, "data-for")
	s := o.formSecrets()
	in := o.p.raw(id)
	if s == nil || in.IsNull() {
		return
	}
	s.removed[id] = !s.removed[id]
	if s.removed[id] {
		in.Set("value", "")
		in.Set("placeholder", "will be removed when you save")
		b.Set("textContent", "keep")
		b.Call("setAttribute", "aria-pressed", "true")
	} else {
		in.Set("placeholder", "saved — leave empty to keep")
		b.Set("textContent", "remove")
		b.Call("setAttribute", "aria-pressed", "false")
	}
}

func (o *options) formSecrets() *secrets {
	switch {
	case o.server != nil:
		return &o.server.secrets
	case o.account != nil:
		return &o.account.secrets
	}
	return nil
}

// ---- Authenticators

func (o *options) importOtpauth() {
	text := o.p.value("otpauth-import")
	if strings.TrimSpace(text) == "" {
		o.p.setText("otpauth-import-result", "Paste one otpauth:// link per line first.")
		return
	}
	spawn(func() {
		var r ui.ImportResult
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			r = ui.ImportOtpauth(text, v.Authenticators, func() string { return newID("t") })
			if len(r.Added) == 0 {
				return false, nil
			}
			if !js.Global().Get("Array").Call("isArray", doc.Get("authenticators")).Bool() {
				doc.Set("authenticators", js.Global().Get("Array").New())
			}
			for _, a := range r.Added {
				if err := push(doc, "authenticators", a); err != nil {
					return false, err
				}
			}
			return true, nil
		})
		if err != nil {
			o.p.setText("otpauth-import-result", errorText(err))
			return
		}
		lines := []string{strconv.Itoa(len(r.Added)) + " imported."}
		for _, le := range r.Errors {
			lines = append(lines, "Line "+strconv.Itoa(le.Line)+": "+le.Message)
		}
		o.p.setText("otpauth-import-result", strings.Join(lines, "\n"))
		if len(r.Errors) == 0 {
			o.p.setValue("otpauth-import", "")
		}
	})
}

func (o *options) removeAuthenticator(id string) {
	if o.armedTOT != id {
		o.disarm()
		o.armedTOT = id
		o.renderAuthenticators()
		return
	}
	o.armedTOT = ""
	spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			i := indexOf(len(v.Authenticators), func(i int) bool { return v.Authenticators[i].ID == id })
			if i < 0 {
				return false, nil
			}
			doc.Get("authenticators").Call("splice", i, 1)
			return true, nil
		})
		if err != nil {
			o.message(errorText(err), true)
		}
	})
}

// ---- Settings

func (o *options) saveAutoLock() {
	n, err := strconv.Atoi(strings.TrimSpace(o.p.value("autolock-minutes")))
	if err != nil || n < 1 || n > 1440 {
		o.message("Auto-lock: type a whole number of minutes from 1 to 1440.", true)
		return
	}
	spawn(func() {
		if _, err := o.send(struct {
			Type    string `json:"type"`
			Minutes int    `json:"autoLockMinutes"`
		}{"settings.set", n}); err == nil {
			o.message("panelkey locks after "+strconv.Itoa(n)+" minutes without use.", false)
		}
	})
}

func (o *options) changePassword() {
	p := o.p
	old, pw, confirm := p.value("password-old"), p.value("password-new"), p.value("password-confirm")
	if old == "" {
		p.setText("password-error", "Type the current master password.")
		return
	}
	if msg := ui.CheckNewPassword(pw, confirm); msg != "" {
		p.setText("password-error", msg)
		return
	}
	p.setText("password-error", "")
	p.setDisabled("password-submit", true)
	spawn(func() {
		defer p.setDisabled("password-submit", false)
		_, err := p.shell.sendJSON(struct {
			Type string `json:"type"`
			Old  string `json:"old"`
			New  string `json:"new"`
		}{"changePassword", old, pw})
		if err != nil {
			p.setText("password-error", errorText(err))
			return
		}
		for _, id := range []string{"password-old", "password-new", "password-confirm"} {
			p.setValue(id, "")
		}
		o.message("Master password changed.", false)
	})
}

func (o *options) export() {
	var r struct {
		File string `json:"file"`
	}
	if err := o.p.shell.sendInto(struct {
		Type string `json:"type"`
	}{"export"}, &r); err != nil {
		o.message(errorText(err), true)
		return
	}
	if err := o.p.shell.download("panelkey-vault.json", r.File); err != nil {
		o.message(errorText(err), true)
		return
	}
	o.message("Exported to panelkey-vault.json (encrypted).", false)
}

func (o *options) pickImport() {
	name, text, err := o.p.shell.pickFile()
	if err != nil {
		o.importMessage(errorText(err), true)
		return
	}
	if text == "" {
		return
	}
	o.file = text
	o.p.setText("import-file-name", "File: "+name)
	o.p.raw("import-form").Set("hidden", false)
	o.p.focus("import-password")
}

func (o *options) importVault() {
	pw := o.p.value("import-password")
	if o.file == "" || pw == "" {
		o.importMessage("Choose a file and type its master password.", true)
		return
	}
	spawn(func() {
		if _, err := o.p.shell.sendJSON(struct {
			Type     string `json:"type"`
			File     string `json:"file"`
			Password string `json:"password"`
		}{"import", o.file, pw}); err != nil {
			o.importMessage(errorText(err), true)
			return
		}
		o.file = ""
		o.p.setValue("import-password", "")
		o.p.raw("import-form").Set("hidden", true)
		if !o.shown {
			// Restored from the lock screen, which has no #message: the options page that the vault's change
			// brings shows it (the worker's reply and that change race).
			o.notice = "Vault imported."
			return
		}
		o.message("Vault imported.", false)
	})
}

// importMessage reports on an import: in #message on the options page, in
// the form's own line on the lock screen (which has no #message).
func (o *options) importMessage(text string, isErr bool) {
	if o.shown {
		o.message(text, isErr)
		return
	}
	o.p.setText("import-file-name", text)
}

// reset erases the vault on the second click (the worker's reset, confirm
// "erase"); the page then shows the first-run form.
func (o *options) reset(b js.Value) {
	if !o.armedReset {
		o.armedReset = true
		b.Set("textContent", "Really erase every server, account and authenticator?")
		return
	}
	o.armedReset = false
	spawn(func() {
		if _, err := o.p.shell.sendJSON(struct {
			Type    string `json:"type"`
			Confirm string `json:"confirm"`
		}{"reset", "erase"}); err != nil {
			b.Set("textContent", errorText(err))
		}
	})
}

// ---- Document helpers

// merge copies patch's properties into dst, recursing into plain objects
// on both sides: properties of dst that patch does not name are kept.
func merge(dst, patch js.Value) {
	keys := js.Global().Get("Object").Call("keys", patch)
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		pv, dv := patch.Get(k), dst.Get(k)
		if isPlainObject(pv) && isPlainObject(dv) {
			merge(dv, pv)
			continue
		}
		dst.Set(k, pv)
	}
}

func isPlainObject(v js.Value) bool {
	return v.Type() == js.TypeObject && !v.IsNull() && !js.Global().Get("Array").Call("isArray", v).Bool()
}

// push appends v (marshalled) to the array doc[field], creating it if needed.
func push(doc js.Value, field string, v any) error {
	jv, err := toJS(v)
	if err != nil {
		return err
	}
	arr := doc.Get(field)
	if !js.Global().Get("Array").Call("isArray", arr).Bool() {
		arr = js.Global().Get("Array").New()
		doc.Set(field, arr)
	}
	arr.Call("push", jv)
	return nil
}

func indexOf(n int, match func(int) bool) int {
	for i := 0; i < n; i++ {
		if match(i) {
			return i
		}
	}
	return -1
}

// newID returns prefix and 26 random base32 characters.
func newID(prefix string) string { return prefix + rand.Text() }
