//go:build js && wasm

// Command options is the options page's controller (options.wasm): servers and their
// accounts, standalone authenticators, settings, export and import. What the
// forms may hold is optionsform's; the markup is ui's; the worker writes the
// vault.
package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/policy"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/lockscreen"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// maxAccountRows caps the rows of an account table; the filter finds the
// rest.
const maxAccountRows = 200

// options is the options page: servers and their accounts, standalone
// authenticators, settings. Every write reads the vault afresh, patches the
// JS document (so fields these types do not know survive) and sends it
// whole to the worker.
type options struct {
	p     *pagekit.Page
	lock  *lockscreen.Screen
	shown bool

	v  *ui.Vault
	st pagekit.LockState

	cards      map[string]*ui.CardState // by server id
	indexes    map[string]*ui.Index     // account filter indexes, by server id (built on first use)
	armedTOT   string                   // authenticator whose removal awaits confirmation
	armedReset bool                     // "Erase the vault" awaits confirmation

	server  *serverEdit
	account *accountEdit
	file    string // the picked import file's text
	notice  string // a message for the options page once it replaces the lock screen (a restored export)
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

var optionsHTML = `<div class="page">
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
<input id="autolock-minutes" type="number" min="` + strconv.Itoa(policy.MinAutoLockMinutes) + `" max="` + strconv.Itoa(policy.MaxAutoLockMinutes) + `" step="1"> <span>minutes without use</span>
<button type="submit" id="autolock-save">Save</button>
</form>
<form id="password-form" autocomplete="off"><h3>Change the master password</h3>
<div class="field"><label for="password-old">Current master password</label><input id="password-old" type="password" autocomplete="current-password"></div>
<div class="field"><label for="password-new">New master password (at least ` + strconv.Itoa(policy.MinPasswordLength) + ` characters)</label><input id="password-new" type="password" autocomplete="new-password"></div>
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

// start runs the options page in p.
func start(p *pagekit.Page) {
	o := &options{p: p, cards: map[string]*ui.CardState{}, indexes: map[string]*ui.Index{}}
	o.lock = lockscreen.New(p)
	p.On("click", o.click)
	p.On("input", o.input)
	p.On("submit", o.submit)
	p.Shell.OnChange(o.refresh)
	p.Shell.OnProgress(o.progress)
	pagekit.Spawn(o.refresh)
}

// refresh reads the lock state and the vault and re-renders the lists; open
// forms are left as they are.
func (o *options) refresh() {
	st, err := o.p.Shell.Status()
	if err != nil {
		o.p.RenderError(err)
		return
	}
	v, err := o.p.Shell.ReadVaultText()
	if err != nil {
		o.p.RenderError(err)
		return
	}
	if !st.Unlocked || v == nil {
		o.shown, o.server, o.account, o.armedReset = false, nil, nil, false
		o.lock.Show(st)
		extra := resetHTML
		if !st.Initialized {
			extra = restoreHTML
		}
		o.p.App.Underlying().Call("insertAdjacentHTML", "beforeend", extra)
		return
	}
	o.v, o.st = v, st
	o.indexes = map[string]*ui.Index{}
	if !o.shown {
		o.p.Render(optionsHTML)
		o.shown = true
		if o.notice != "" {
			o.message(o.notice, false)
			o.notice = ""
		}
	}
	if o.p.Raw("autolock-minutes").Get("value").String() == "" {
		o.p.SetValue("autolock-minutes", strconv.Itoa(st.AutoLockMinutes))
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
	o.p.SetHTML("server-list", b.String())
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
	o.p.SetHTML("authenticator-list", ui.AuthenticatorList(o.v.Authenticators, o.armedTOT))
}

// message shows text in #message (as an error when isErr); "" hides it.
func (o *options) message(text string, isErr bool) { o.p.ShowMessage(ui.Escape(text), isErr) }

func (o *options) click(_ *dom.BasicEvent, target js.Value) {
	if !o.shown {
		// The lock screen's extras: restore an export, erase a vault whose password is lost.
		switch pagekit.Attr(pagekit.Closest(target, "[data-action]"), "data-action") {
		case "pick-import":
			pagekit.Spawn(o.pickImport)
		case "reset":
			o.reset(pagekit.Closest(target, "[data-action]"))
		}
		return
	}
	if target.Get("id").String() == "lock" {
		pagekit.Spawn(func() {
			o.send(messages.Lock{})
		})
		return
	}
	b := pagekit.Closest(target, "[data-action]")
	if b.IsNull() {
		return
	}
	action, server, account := pagekit.Attr(b, "data-action"), pagekit.Attr(b, "data-server"), pagekit.Attr(b, "data-account")
	if action != "remove-server" && action != "remove-account" {
		o.disarm()
	}
	switch action {
	case "open-console":
		o.p.Shell.OpenPage("console")
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
		i, err := strconv.Atoi(pagekit.Attr(b, "data-index"))
		o.editMailboxes(func(m []mailboxRow) []mailboxRow {
			if err != nil || i < 0 || i >= len(m) {
				return m
			}
			return append(m[:i], m[i+1:]...)
		})
	case "import-otpauth":
		o.importOtpauth()
	case "remove-authenticator":
		o.removeAuthenticator(pagekit.Attr(b, "data-id"))
	case "export":
		pagekit.Spawn(o.export)
	case "pick-import":
		pagekit.Spawn(o.pickImport)
	}
}

func (o *options) input(_ *dom.BasicEvent, target js.Value) {
	switch {
	case target.Get("id").String() == "server-address":
		o.previewAddress(target.Get("value").String())
	case pagekit.Attr(target, "data-action") == "filter-accounts":
		id := pagekit.Attr(target, "data-server")
		c := o.cards[id]
		s := o.v.Server(id)
		if c == nil || s == nil {
			return
		}
		c.Filter = target.Get("value").String()
		state := o.card(s)
		// Only the table: re-rendering the card would take the focus from the filter.
		table := pagekit.Closest(target, ".accounts").Call("querySelector", ".account-table")
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
func (o *options) send(msg messages.Message) (js.Value, error) {
	v, err := pagejson.Send(o.p.Shell, msg)
	if err != nil {
		o.message(pagekit.ErrorText(err), true)
	}
	return v, err
}

// write reads the vault afresh, lets change patch the JS document (it gets
// the decoded vault alongside; false: nothing to write) and sends the
// document to the worker. Call it from a goroutine.
func (o *options) write(change func(doc js.Value, v *ui.Vault) (bool, error)) error {
	doc, v, err := o.p.Shell.ReadVault()
	if err != nil {
		return err
	}
	if v == nil {
		return &jsvalue.Error{Code: "locked", Message: "The vault is locked: unlock it and try again."}
	}
	ok, err := change(doc, v)
	if err != nil || !ok {
		return err
	}
	return o.p.Shell.WriteVault(doc)
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
