package ui

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/vault"
)

// The options page's HTML. Buttons carry data-action (and data-server,
// data-account, data-id, data-index) for the page's one delegated click
// handler. Stored secrets are never written into this HTML: a secret field
// only says that a value is stored.

// SecretField renders a password-type input with its "show" toggle and, when
// a value is stored, a "remove" toggle, in c's words. value is what the user
// typed before a re-render (never a stored secret).
func SecretField(c *locale.Catalog, id, label, hint string, stored bool, value string) string {
	var b strings.Builder
	b.WriteString(`<div class="field secret"><label for="`)
	b.WriteString(id)
	b.WriteString(`">`)
	escapeTo(&b, label)
	b.WriteString(`</label><div class="secret-row"><input id="`)
	b.WriteString(id)
	b.WriteString(`" type="password" autocomplete="off" spellcheck="false"`)
	if stored {
		b.WriteString(` placeholder="`)
		escapeTo(&b, c.T("authSecretKeep"))
		b.WriteString(`"`)
	}
	if value != "" {
		b.WriteString(` value="`)
		escapeTo(&b, value)
		b.WriteString(`"`)
	}
	b.WriteString(`><button type="button" class="small" data-action="show-secret" data-for="`)
	b.WriteString(id)
	b.WriteString(`" aria-pressed="false">`)
	escapeTo(&b, c.T("formShow"))
	b.WriteString(`</button>`)
	if stored {
		b.WriteString(`<button type="button" class="small" data-action="clear-secret" data-for="`)
		b.WriteString(id)
		b.WriteString(`" aria-pressed="false">`)
		escapeTo(&b, c.T("formRemoveSecret"))
		b.WriteString(`</button>`)
	}
	b.WriteString(`</div>`)
	if hint != "" {
		b.WriteString(`<p class="hint">`)
		escapeTo(&b, hint)
		b.WriteString(`</p>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// writeLabelled writes the label of the control with that id and opens the
// control's tag (input, select) up to its id's value, for the caller to go on
// with its attributes.
func writeLabelled(b *strings.Builder, id, label, tag string) {
	b.WriteString(`<label for="`)
	b.WriteString(id)
	b.WriteString(`">`)
	escapeTo(b, label)
	b.WriteString(`</label><` + tag + ` id="`)
	b.WriteString(id)
}

func textField(b *strings.Builder, id, label, value, placeholder string) {
	b.WriteString(`<div class="field">`)
	writeLabelled(b, id, label, "input")
	b.WriteString(`" type="text" autocomplete="off" spellcheck="false" value="`)
	escapeTo(b, value)
	b.WriteString(`" placeholder="`)
	escapeTo(b, placeholder)
	b.WriteString(`"></div>`)
}

// ServerForm renders the add (s nil) or edit form of a server, in c's words.
func ServerForm(c *locale.Catalog, s *vault.Server) string {
	var b strings.Builder
	b.WriteString(`<form id="server-form" class="card editor" autocomplete="off"><h3>`)
	if s == nil {
		s = &vault.Server{WHM: vault.WHM{User: "root"}}
		escapeTo(&b, c.T("optionsAddServer"))
	} else {
		escapeTo(&b, c.T("authEditLabel", ServerLabel(s)))
	}
	b.WriteString(`</h3>`)
	textField(&b, "server-address", c.T("formAddress"), s.Address, c.T("serverAddressExample"))
	b.WriteString(`<p id="server-address-preview" class="hint" aria-live="polite"></p>`)
	textField(&b, "server-name", c.T("serverName"), s.Name, c.T("serverNameExample"))
	b.WriteString(`<fieldset><legend>`)
	escapeTo(&b, c.T("serverWHMCredentials"))
	b.WriteString(`</legend>`)
	textField(&b, "server-whm-user", c.T("serverWHMUser"), s.WHM.User, "root")
	b.WriteString(SecretField(c, "server-whm-token", c.T("methodToken"), c.T("serverWHMTokenHint"), s.WHM.Token != "", ""))
	b.WriteString(SecretField(c, "server-whm-password", c.T("serverWHMPassword"), c.T("serverWHMPasswordHint"), s.WHM.Password != "", ""))
	b.WriteString(SecretField(c, "server-whm-totp", c.T("serverWHMTOTP"), c.T("serverWHMTOTPHint"), s.WHM.TOTP != nil, ""))
	b.WriteString(SecretField(c, "server-whm-accesshash", c.T("serverAccessHash"), c.T("serverAccessHashHint"), s.WHM.AccessHash != "", ""))
	b.WriteString(`</fieldset><p class="hint">`)
	escapeTo(&b, c.T("serverNoWHMHint"))
	b.WriteString(`</p>`)
	writeFormEnd(&b, c, "server", c.T("serverSave"))
	return b.String()
}

// writeFormEnd ends the form of a server or an account (form): its Save
// button (#form-save, labelled save), its Cancel button and its error line
// (#form-error).
func writeFormEnd(b *strings.Builder, c *locale.Catalog, form, save string) {
	b.WriteString(`<div class="buttons"><button id="` + form + `-save" type="submit" class="primary">`)
	escapeTo(b, save)
	b.WriteString(`</button><button type="button" data-action="cancel-edit">`)
	escapeTo(b, c.T("cancel"))
	b.WriteString(`</button></div><p id="` + form + `-error" class="error" role="alert" hidden></p></form>`)
}

// MailboxDraft is a mailbox row of the account form: its address and
// whether a password is stored for it (Typed is a password typed before a
// re-render).
type MailboxDraft struct {
	Email  string
	Stored bool
	Typed  string
}

// AccountForm renders the add (a nil) or edit form of an account of s, in
// c's words.
func AccountForm(c *locale.Catalog, s *vault.Server, a *vault.Account, mailboxes []MailboxDraft) string {
	var b strings.Builder
	b.WriteString(`<form id="account-form" class="card editor" autocomplete="off"><h3>`)
	if a == nil {
		a = &vault.Account{}
		escapeTo(&b, c.T("accountFormAdd", ServerLabel(s)))
	} else {
		escapeTo(&b, c.T("accountFormEdit", a.User, ServerLabel(s)))
	}
	b.WriteString(`</h3>`)
	textField(&b, "account-user", c.T("accountUser"), a.User, "bob")
	textField(&b, "account-domain", c.T("accountDomain"), a.Domain, "bob.example")
	b.WriteString(SecretField(c, "account-password", c.T("accountPassword"), c.T("accountPasswordHint"), a.Password != "", ""))
	b.WriteString(SecretField(c, "account-token", c.T("methodCPanelToken"), c.T("accountTokenHint"), a.APIToken != "", ""))
	b.WriteString(SecretField(c, "account-totp", c.T("accountTOTP"), c.T("accountTOTPHint"), a.TOTP != nil, ""))
	b.WriteString(`<fieldset id="mailboxes">`)
	b.WriteString(MailboxRows(c, mailboxes))
	b.WriteString(`</fieldset>`)
	writeFormEnd(&b, c, "account", c.T("accountSave"))
	return b.String()
}

// MailboxRows renders the account form's mailbox fieldset's content: its
// legend, the mailbox rows and the button that adds one.
func MailboxRows(c *locale.Catalog, mailboxes []MailboxDraft) string {
	var b strings.Builder
	b.WriteString(`<legend>`)
	escapeTo(&b, c.T("accountMailboxes"))
	b.WriteString(`</legend>`)
	for i, m := range mailboxes {
		n := strconv.Itoa(i)
		b.WriteString(`<div class="mailbox" data-index="`)
		b.WriteString(n)
		b.WriteString(`">`)
		textField(&b, "mailbox-email-"+n, c.T("formAddress"), m.Email, "info@bob.example")
		b.WriteString(SecretField(c, "mailbox-password-"+n, c.T("methodPassword"), "", m.Stored, m.Typed))
		b.WriteString(`<button type="button" class="small" data-action="remove-mailbox" data-index="`)
		b.WriteString(n)
		b.WriteString(`">`)
		escapeTo(&b, c.T("mailboxRemove"))
		b.WriteString(`</button></div>`)
	}
	b.WriteString(`<button type="button" data-action="add-mailbox">`)
	escapeTo(&b, c.T("mailboxAdd"))
	b.WriteString(`</button>`)
	return b.String()
}

// CardState is what a server card shows besides the vault's data.
type CardState struct {
	Open     bool   // the account list is expanded
	Progress string // "Fetching…" while the worker lists the accounts
	Armed    string // the action whose confirmation is pending: "remove-server" or "remove-account:ID"
	Filter   string // the account filter's text
	Hits     []int  // the accounts to list (indices into Accounts)
	Total    int    // accounts matching the filter
	// TFA is WHM's answer to "who has 2FA on", by user; nil until asked.
	TFA map[string]bool
	// Catalog is the page's words.
	Catalog *locale.Catalog
}

// ServerCard renders one server with its credentials summary, actions and,
// when open, its account table.
func ServerCard(s *vault.Server, c CardState) string {
	t := c.Catalog
	var b strings.Builder
	b.WriteString(`<div class="card server" data-server="`)
	escapeTo(&b, s.ID)
	b.WriteString(`"><div class="card-head"><div><h3>`)
	escapeTo(&b, ServerLabel(s))
	b.WriteString(`</h3><p class="detail">`)
	escapeTo(&b, s.BaseURL)
	b.WriteString(` · `)
	escapeTo(&b, whmSummary(t, s))
	b.WriteString(`</p></div><div class="buttons">`)
	actionButton(&b, "edit-server", s.ID, "", Escape(t.T("authEdit")))
	if s.WHM.Token != "" || s.WHM.Password != "" || s.WHM.AccessHash != "" {
		actionButton(&b, "fetch-accounts", s.ID, "", Escape(t.T("serverFetchAccounts")))
		actionButton(&b, "tfa-status", s.ID, "", Escape(t.T("serverWho2FA")))
	}
	actionButton(&b, "add-account", s.ID, "", Escape(t.T("serverAddAccount")))
	if c.Armed == "remove-server" {
		actionButton(&b, "remove-server", s.ID, "", Escape(t.T("reallyRemove")))
	} else {
		actionButton(&b, "remove-server", s.ID, "", Escape(t.T("remove")))
	}
	b.WriteString(`</div></div><p class="progress" aria-live="polite">`)
	escapeTo(&b, c.Progress)
	b.WriteString(`</p>`)
	n := s.AccountCount()
	if n > 0 {
		b.WriteString(`<button type="button" class="link" data-action="toggle-accounts" data-server="`)
		escapeTo(&b, s.ID)
		b.WriteString(`" aria-expanded="`)
		b.WriteString(strconv.FormatBool(c.Open))
		b.WriteString(`">`)
		if s.AccountsFetchedAt > 0 {
			escapeTo(&b, t.T("serverAccountsFetched", strconv.Itoa(n)))
		} else {
			escapeTo(&b, t.T("serverAccounts", strconv.Itoa(n)))
		}
		b.WriteString(`</button>`)
	}
	if c.Open && n > 0 {
		b.WriteString(`<div class="accounts"><input type="search" class="filter" data-action="filter-accounts" data-server="`)
		escapeTo(&b, s.ID)
		b.WriteString(`" placeholder="`)
		escapeTo(&b, t.T("serverFilterAccounts"))
		b.WriteString(`" aria-label="`)
		escapeTo(&b, t.T("serverFilterAccounts"))
		b.WriteString(`" value="`)
		escapeTo(&b, c.Filter)
		b.WriteString(`"><div class="account-table">`)
		b.WriteString(AccountTable(s, c))
		b.WriteString(`</div></div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// AccountTable renders the accounts c.Hits of s.
func AccountTable(s *vault.Server, c CardState) string {
	var b strings.Builder
	t := c.Catalog
	b.WriteString(`<table><thead><tr>`)
	writeHeads(&b, t.T("tableDomain"), t.T("tableUser"), t.T("tableOwner"), t.T("tableSaved"))
	b.WriteString(`<th><span class="sr-only">`)
	escapeTo(&b, t.T("tableActions"))
	b.WriteString(`</span></th></tr></thead><tbody>`)
	for _, i := range c.Hits {
		a := s.AccountAt(i)
		if a == nil {
			continue
		}
		b.WriteString(`<tr data-account="`)
		escapeTo(&b, a.ID)
		b.WriteString(`"><td>`)
		escapeTo(&b, a.Domain)
		if a.Suspended {
			writeTag(&b, "tag", t.T("rowSuspended"))
		}
		if a.Missing {
			writeTag(&b, "tag", t.T("rowMissing"))
		}
		b.WriteString(`</td><td>`)
		escapeTo(&b, a.User)
		b.WriteString(`</td><td>`)
		escapeTo(&b, a.Owner)
		b.WriteString(`</td><td>`)
		escapeTo(&b, SavedSummary(t, a))
		if on, known := c.TFA[a.User]; known {
			mark := t.T("tfaOff")
			if on {
				mark = t.T("tfaOn")
			}
			writeTag(&b, "tag tfa-"+strconv.FormatBool(on), mark)
		}
		b.WriteString(`</td><td class="buttons">`)
		writeAccountMenu(&b, s, a, t)
		actionButton(&b, "edit-account", s.ID, a.ID, Escape(t.T("authEdit")))
		if a.TOTP == nil && (s.WHM.Token != "" || s.WHM.Password != "" || s.WHM.AccessHash != "") {
			actionButton(&b, "tfa-enrol", s.ID, a.ID, Escape(t.T("tfaSetUp")))
		}
		if c.Armed == "remove-account:"+a.ID {
			actionButton(&b, "remove-account", s.ID, a.ID, Escape(t.T("reallyRemove")))
		} else {
			actionButton(&b, "remove-account", s.ID, a.ID, Escape(t.T("remove")))
		}
		b.WriteString(`</td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if more := c.Total - len(c.Hits); more > 0 {
		b.WriteString(`<p class="more">`)
		escapeTo(&b, t.T("accountsMore", strconv.Itoa(more)))
		b.WriteString(`</p>`)
	}
	if c.Total == 0 {
		b.WriteString(`<p class="empty">`)
		escapeTo(&b, t.T("accountsNone"))
		b.WriteString(`</p>`)
	}
	return b.String()
}

// writeHeads writes a table's column headings.
func writeHeads(b *strings.Builder, heads ...string) {
	for _, h := range heads {
		b.WriteString(`<th>`)
		escapeTo(b, h)
		b.WriteString(`</th>`)
	}
}

// writeTag writes a space and a span of class with text.
func writeTag(b *strings.Builder, class, text string) {
	b.WriteString(` <span class="` + class + `">`)
	escapeTo(b, text)
	b.WriteString(`</span>`)
}

func actionButton(b *strings.Builder, action, server, account, label string) {
	b.WriteString(`<button type="button" class="small" data-action="`)
	b.WriteString(action)
	b.WriteString(`" data-server="`)
	escapeTo(b, server)
	if account != "" {
		b.WriteString(`" data-account="`)
		escapeTo(b, account)
	}
	b.WriteString(`">`)
	b.WriteString(label)
	b.WriteString(`</button>`)
}

// whmSummary says which WHM credentials are saved, without any of them.
func whmSummary(t *locale.Catalog, s *vault.Server) string {
	var saved []string
	if s.WHM.Token != "" {
		saved = append(saved, t.T("savedToken"))
	}
	if s.WHM.Password != "" {
		saved = append(saved, t.T("savedPassword"))
	}
	if s.WHM.TOTP != nil {
		saved = append(saved, t.T("saved2FA"))
	}
	if s.WHM.AccessHash != "" {
		saved = append(saved, t.T("savedAccessHash"))
	}
	if len(saved) == 0 {
		return t.T("savedNoWHM")
	}
	return s.WHM.User + ": " + strings.Join(saved, ", ")
}

// SavedSummary says which credentials are saved for an account, without
// any of them, in c's words.
func SavedSummary(c *locale.Catalog, a *vault.Account) string {
	var saved []string
	if a.Password != "" {
		saved = append(saved, c.T("savedPassword"))
	}
	if a.APIToken != "" {
		saved = append(saved, c.T("savedToken"))
	}
	if a.TOTP != nil {
		saved = append(saved, c.T("saved2FA"))
	}
	if n := len(a.Mailboxes); n > 0 {
		saved = append(saved, c.T("savedMailboxes", strconv.Itoa(n)))
	}
	if len(saved) == 0 {
		return "—"
	}
	return strings.Join(saved, ", ")
}

// writeAccountMenu writes an account row's favourite page as a ★ button and
// its menu, as the popup's: empty until opened (AccountMenuHTML fills it).
func writeAccountMenu(b *strings.Builder, s *vault.Server, a *vault.Account, c *locale.Catalog) {
	r := accountRow(s, a)
	if fav, ok := r.FavouriteItem(); ok {
		fav.Title = "★ " + fav.Title
		writeLoginButton(b, fav, "fav small")
	}
	writeMenu(b, &r, c)
}

// AccountMenuHTML is the content of an account row's menu (MenuHTML of its
// popup row).
func AccountMenuHTML(s *vault.Server, a *vault.Account, c *locale.Catalog) string {
	r := accountRow(s, a)
	return MenuHTML(&r, c)
}

// AccountKeys are the search keys of s's accounts (domain, user, owner), for
// the account filter.
func AccountKeys(s *vault.Server) []string {
	keys := make([]string, 0, s.AccountCount())
	tags := tagFields(s) // tag:NAME finds every account of a server with that tag, as in the popup
	s.Accounts(func(a *vault.Account) bool {
		keys = append(keys, key(append([]string{a.Domain, a.User, a.Owner}, tags...)...))
		return true
	})
	return keys
}
