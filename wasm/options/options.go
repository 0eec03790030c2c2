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
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/lockscreen"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// maxAccountRows caps the rows of an account table; the filter finds the
// rest.
const maxAccountRows = 200

// options is the options page: servers and their accounts, standalone
// authenticators, settings. Every change is an edit (package vault) the
// worker applies to the vault as it is then: the page never writes the vault.
type options struct {
	p     *pagekit.Page
	lock  *lockscreen.Screen
	shown bool

	v  *vault.Vault
	st pagekit.LockState

	cards   map[string]*ui.CardState // by server id
	indexes map[string]*ui.Index     // account filter indexes, by server id (built on first use)
	auth    authState
	// erasing is what "Erase the vault" was shown to lose (the worker's vault.describe), awaiting the second press.
	erasing      *messages.VaultDescribeResult
	eraseWarning string // what the page last showed erasing loses

	server  *serverEdit
	account *accountEdit
	file    string // the picked import file's text
	// importing: this page's vault import is under way (its progress shown).
	importing bool
	// serversFile is a server list's text while its preview is shown.
	serversFile string
	notice      string // a message for the options page once it replaces the lock screen (a restored export)
	// grant offers the host permission a failed login lacked, and logs in again once it is granted.
	grant pagekit.HostGrant
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

// start runs the options page in p.
func start(p *pagekit.Page) {
	o := &options{p: p, cards: map[string]*ui.CardState{}, indexes: map[string]*ui.Index{}}
	o.lock = lockscreen.New(p)
	p.On("click", o.click)
	p.On("input", o.input)
	p.On("submit", o.submit)
	p.On("change", func(_ *dom.BasicEvent, target js.Value) {
		if target.Get("id").String() == "auth-import-image" {
			if f := target.Get("files"); f.Length() > 0 {
				o.importImage(f.Index(0))
			}
			target.Set("value", "")
		}
		if target.Get("id").String() == "auth-type" { // the kind's own field: a period, or a counter
			hotp := target.Get("value").String() == vault.TypeHOTP
			o.p.Raw("auth-period-field").Set("hidden", hotp)
			o.p.Raw("auth-counter-field").Set("hidden", !hotp)
		}
	})
	for _, typ := range []string{"dragstart", "dragover", "drop", "dragend"} {
		p.On(typ, o.authDrag)
	}
	pagekit.Listen(p.Doc, "keydown", o.authKeydown)
	pagekit.Listen(p.Doc, "paste", o.importPaste)
	refresh := pagekit.Serial(o.refresh)
	p.Shell.OnChange(refresh)
	p.Shell.OnProgress(o.progress)
	pagekit.Spawn(refresh)
}

// refresh reads the lock state and the vault and re-renders the lists; open
// forms are left as they are. One run at a time (pagekit.Serial): a run that
// read an older state never paints over a newer one.
func (o *options) refresh() {
	st, v, err := o.p.Shell.Open()
	if err != nil {
		o.p.RenderError(err)
		return
	}
	if v == nil {
		o.shown, o.server, o.account, o.erasing = false, nil, nil, nil
		o.lock.Show(st)
		if st.Initialized {
			o.p.AppendTemplate("lock-screen", "reset-extra")
		} else {
			o.p.AppendTemplate("lock-screen", "restore-extra")
			o.p.AppendTemplate("restore", "import-form-view")
		}
		return
	}
	o.v, o.st = v, st
	o.indexes = map[string]*ui.Index{}
	if !o.shown {
		o.p.RenderTemplate("options-view")
		o.p.AppendTemplate("settings", "import-form-view")
		o.p.Fill("password-new-label", o.p.T("optionsPasswordNew", strconv.Itoa(policy.MinPasswordLength)))
		minutes := o.p.Raw("autolock-minutes")
		minutes.Set("min", policy.MinAutoLockMinutes)
		minutes.Set("max", policy.MaxAutoLockMinutes)
		o.shown = true
		// A refresh of every server may be under way (started here or from a page since closed).
		pagekit.Spawn(func() { o.refreshSend(messages.RefreshStatus{}) })
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
func (o *options) card(s *vault.Server) ui.CardState {
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
	state := *c
	state.Catalog = o.p.Catalog
	return state
}

// message shows text in #message (as an error when isErr); "" hides it.
func (o *options) message(text string, isErr bool) { o.p.ShowMessage(ui.Escape(text), isErr) }

// pickFile lets the user choose a file and returns its name and text; ok is false when there is nothing to read
// (the choice cancelled, an empty file, or a failure, which show says).
func (o *options) pickFile(show func(text string, isErr bool)) (name, text string, ok bool) {
	name, text, err := o.p.Shell.PickFile()
	if err != nil {
		show(pagekit.ProblemText(o.p, err), true)
		return "", "", false
	}
	return name, text, text != ""
}

func (o *options) click(_ *dom.BasicEvent, target js.Value) {
	if !o.shown {
		// The lock screen's extras: restore an export, erase a vault whose password is lost.
		switch pagekit.Attr(pagekit.Closest(target, "[data-action]"), "data-action") {
		case "pick-import":
			pagekit.Spawn(o.pickImport)
		case "reset":
			o.reset(pagekit.Closest(target, "[data-action]"))
		case "reset-save":
			pagekit.Spawn(o.saveBeforeReset)
		}
		return
	}
	if target.Get("id").String() == "grant-host" {
		o.grant.Grant(o.p, pagekit.Attr(target, "data-origin"), o.p.T("hostAccessAgainLogin"), o.message)
		return
	}
	if target.Get("id").String() == "lock" {
		pagekit.Spawn(func() {
			o.send(messages.Lock{})
		})
		return
	}
	if o.accountMenu(target) {
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
	case "auth-import-read":
		o.importRead()
	case "auth-import-pick-image":
		o.p.Raw("auth-import-image").Call("click")
	case "auth-import-confirm":
		o.importConfirm()
	case "auth-import-cancel":
		o.importCancel()
	case "auth-pin", "auth-up", "auth-down", "auth-edit", "auth-cancel", "auth-delete", "auth-undo":
		o.authAction(action, pagekit.Attr(b, "data-id"))
	case "export":
		pagekit.Spawn(o.export)
	case "pick-import":
		pagekit.Spawn(o.pickImport)
	case "refresh-all":
		pagekit.Spawn(func() { o.refreshSend(messages.RefreshStart{}) })
	case "refresh-cancel":
		pagekit.Spawn(func() { o.refreshSend(messages.RefreshCancel{}) })
	case "refresh-retry":
		retry := messages.RefreshRetry{}
		if server != "" {
			retry.ServerIDs = []string{server}
		}
		pagekit.Spawn(func() { o.refreshSend(retry) })
	case "pick-servers":
		pagekit.Spawn(o.previewServers)
	case "import-servers":
		pagekit.Spawn(o.importServers)
	case "drop-import":
		o.dropServers()
	case "export-servers":
		pagekit.Spawn(o.exportServers)
	case "tfa-status":
		o.tfaStatus(server)
	case "tfa-enrol":
		o.tfaEnrol(server, account)
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
	case "auth-form":
		ev.PreventDefault()
		o.saveAuthenticator()
	}
}

// send posts msg to the worker and shows a failure in #message.
func (o *options) send(msg messages.Message) (js.Value, error) {
	v, err := pagejson.Send(o.p.Shell, msg)
	if err != nil {
		o.message(pagekit.ProblemText(o.p, err), true)
	}
	return v, err
}

// disarm cancels a pending "Really remove?".
func (o *options) disarm() {
	changed := false
	for _, c := range o.cards {
		if c.Armed != "" {
			c.Armed, changed = "", true
		}
	}
	if changed {
		o.renderServers()
	}
}
