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
// a value is stored, a "remove" toggle. value is what the user typed before a
// re-render (never a stored secret).
func SecretField(id, label, hint string, stored bool, value string) string {
	var b strings.Builder
	b.WriteString(`<div class="field secret"><label for="`)
	b.WriteString(id)
	b.WriteString(`">`)
	escapeTo(&b, label)
	b.WriteString(`</label><div class="secret-row"><input id="`)
	b.WriteString(id)
	b.WriteString(`" type="password" autocomplete="off" spellcheck="false"`)
	if stored {
		b.WriteString(` placeholder="saved — leave empty to keep"`)
	}
	if value != "" {
		b.WriteString(` value="`)
		escapeTo(&b, value)
		b.WriteString(`"`)
	}
	b.WriteString(`><button type="button" class="small" data-action="show-secret" data-for="`)
	b.WriteString(id)
	b.WriteString(`" aria-pressed="false">show</button>`)
	if stored {
		b.WriteString(`<button type="button" class="small" data-action="clear-secret" data-for="`)
		b.WriteString(id)
		b.WriteString(`" aria-pressed="false">remove</button>`)
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

func textField(b *strings.Builder, id, label, value, placeholder string) {
	b.WriteString(`<div class="field"><label for="`)
	b.WriteString(id)
	b.WriteString(`">`)
	escapeTo(b, label)
	b.WriteString(`</label><input id="`)
	b.WriteString(id)
	b.WriteString(`" type="text" autocomplete="off" spellcheck="false" value="`)
	escapeTo(b, value)
	b.WriteString(`" placeholder="`)
	escapeTo(b, placeholder)
	b.WriteString(`"></div>`)
}

// ServerForm renders the add (s nil) or edit form of a server.
func ServerForm(s *vault.Server) string {
	var b strings.Builder
	b.WriteString(`<form id="server-form" class="card editor" autocomplete="off"><h3>`)
	if s == nil {
		s = &vault.Server{WHM: vault.WHM{User: "root"}}
		b.WriteString(`Add a server`)
	} else {
		b.WriteString(`Edit `)
		escapeTo(&b, ServerLabel(s))
	}
	b.WriteString(`</h3>`)
	textField(&b, "server-address", "Address", s.Address, "server.example.com, an IP address, or https://host:2087")
	b.WriteString(`<p id="server-address-preview" class="hint" aria-live="polite"></p>`)
	textField(&b, "server-name", "Name (optional)", s.Name, "shown in the popup instead of the address")
	b.WriteString(`<fieldset><legend>WHM credentials (root or a reseller)</legend>`)
	textField(&b, "server-whm-user", "WHM user", s.WHM.User, "root")
	b.WriteString(SecretField("server-whm-token", "WHM API token",
		"Best choice: WHM » Development » Manage API Tokens. With it panelkey opens cPanel, Webmail and WHM for every account on the server without their passwords.",
		s.WHM.Token != "", ""))
	b.WriteString(SecretField("server-whm-password", "WHM password",
		"Used when there is no token: logs in to WHM as this user.", s.WHM.Password != "", ""))
	b.WriteString(SecretField("server-whm-totp", "WHM two-factor secret or otpauth:// URI",
		"If this WHM user has two-factor authentication: the secret, or the otpauth:// link of its QR code.", s.WHM.TOTP != nil, ""))
	b.WriteString(SecretField("server-whm-accesshash", "Access hash (deprecated)",
		"Deprecated by cPanel: servers refuse it unless “Allow deprecated WHM accesshash authentication” is on (off by default). Prefer an API token.",
		s.WHM.AccessHash != "", ""))
	b.WriteString(`</fieldset><p class="hint">Without WHM credentials, add the server's cPanel accounts by hand, with their passwords.</p>`)
	b.WriteString(`<div class="buttons"><button id="server-save" type="submit" class="primary">Save server</button>`)
	b.WriteString(`<button type="button" data-action="cancel-edit">Cancel</button></div>`)
	b.WriteString(`<p id="server-error" class="error" role="alert" hidden></p></form>`)
	return b.String()
}

// MailboxDraft is a mailbox row of the account form: its address and
// whether a password is stored for it (Typed is a password typed before a
// re-render).
type MailboxDraft struct {
	Email  string
	Stored bool
	Typed  string
}

// AccountForm renders the add (a nil) or edit form of an account of s.
func AccountForm(s *vault.Server, a *vault.Account, mailboxes []MailboxDraft) string {
	var b strings.Builder
	b.WriteString(`<form id="account-form" class="card editor" autocomplete="off"><h3>`)
	if a == nil {
		a = &vault.Account{}
		b.WriteString(`Add a cPanel account on `)
	} else {
		b.WriteString(`Account `)
		escapeTo(&b, a.User)
		b.WriteString(` on `)
	}
	escapeTo(&b, ServerLabel(s))
	b.WriteString(`</h3>`)
	textField(&b, "account-user", "cPanel user", a.User, "bob")
	textField(&b, "account-domain", "Main domain", a.Domain, "bob.example")
	b.WriteString(SecretField("account-password", "cPanel password",
		"Lets panelkey log in to cPanel and Webmail as this user when the server has no WHM API token.", a.Password != "", ""))
	b.WriteString(SecretField("account-token", "cPanel API token",
		"cPanel » Security » Manage API Tokens: for API calls on port 2083 (UAPI, API 2).", a.APIToken != "", ""))
	b.WriteString(SecretField("account-totp", "Two-factor secret or otpauth:// URI",
		"cPanel » Security » Two-Factor Authentication. The popup shows the code; password logins send it.", a.TOTP != nil, ""))
	b.WriteString(`<fieldset id="mailboxes"><legend>Webmail mailboxes</legend>`)
	b.WriteString(MailboxRows(mailboxes))
	b.WriteString(`</fieldset><div class="buttons"><button id="account-save" type="submit" class="primary">Save account</button>`)
	b.WriteString(`<button type="button" data-action="cancel-edit">Cancel</button></div>`)
	b.WriteString(`<p id="account-error" class="error" role="alert" hidden></p></form>`)
	return b.String()
}

// MailboxRows renders the mailbox rows of the account form and the button
// that adds one.
func MailboxRows(mailboxes []MailboxDraft) string {
	var b strings.Builder
	for i, m := range mailboxes {
		n := strconv.Itoa(i)
		b.WriteString(`<div class="mailbox" data-index="`)
		b.WriteString(n)
		b.WriteString(`">`)
		textField(&b, "mailbox-email-"+n, "Address", m.Email, "info@bob.example")
		b.WriteString(SecretField("mailbox-password-"+n, "Password", "", m.Stored, m.Typed))
		b.WriteString(`<button type="button" class="small" data-action="remove-mailbox" data-index="`)
		b.WriteString(n)
		b.WriteString(`">remove mailbox</button></div>`)
	}
	b.WriteString(`<button type="button" data-action="add-mailbox">Add a mailbox</button>`)
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
	// Catalog is the page's words, for the account rows' menus; nil: no menus.
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
	b.WriteString(`<table><thead><tr><th>Domain</th><th>User</th><th>Owner</th><th>Saved</th><th><span class="sr-only">Actions</span></th></tr></thead><tbody>`)
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
			b.WriteString(` <span class="tag">suspended</span>`)
		}
		if a.Missing {
			b.WriteString(` <span class="tag">gone from WHM</span>`)
		}
		b.WriteString(`</td><td>`)
		escapeTo(&b, a.User)
		b.WriteString(`</td><td>`)
		escapeTo(&b, a.Owner)
		b.WriteString(`</td><td>`)
		escapeTo(&b, SavedSummary(a))
		if on, known := c.TFA[a.User]; known {
			b.WriteString(` <span class="tag tfa-` + strconv.FormatBool(on) + `">`)
			b.WriteString(map[bool]string{true: "2FA on", false: "2FA off"}[on])
			b.WriteString(`</span>`)
		}
		b.WriteString(`</td><td class="buttons">`)
		if c.Catalog != nil {
			writeAccountMenu(&b, s, a, c.Catalog)
		}
		actionButton(&b, "edit-account", s.ID, a.ID, "Edit")
		if a.TOTP == nil && (s.WHM.Token != "" || s.WHM.Password != "" || s.WHM.AccessHash != "") {
			actionButton(&b, "tfa-enrol", s.ID, a.ID, "Set up 2FA")
		}
		if c.Armed == "remove-account:"+a.ID {
			actionButton(&b, "remove-account", s.ID, a.ID, "Really remove?")
		} else {
			actionButton(&b, "remove-account", s.ID, a.ID, "Remove")
		}
		b.WriteString(`</td></tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if more := c.Total - len(c.Hits); more > 0 {
		b.WriteString(`<p class="more">`)
		b.WriteString(strconv.Itoa(more))
		b.WriteString(` more — filter to find them</p>`)
	}
	if c.Total == 0 {
		b.WriteString(`<p class="empty">No account matches.</p>`)
	}
	return b.String()
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
// any of them.
func SavedSummary(a *vault.Account) string {
	var saved []string
	if a.Password != "" {
		saved = append(saved, "password")
	}
	if a.APIToken != "" {
		saved = append(saved, "API token")
	}
	if a.TOTP != nil {
		saved = append(saved, "2FA")
	}
	switch n := len(a.Mailboxes); n {
	case 0:
	case 1:
		saved = append(saved, "1 mailbox")
	default:
		saved = append(saved, strconv.Itoa(n)+" mailboxes")
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
