//go:build js && wasm

package main

import (
	"strconv"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func (o *options) openAccount(serverID, id string) {
	s := o.v.Server(serverID)
	if s == nil {
		return
	}
	o.server = nil
	e := &accountEdit{serverID: serverID, id: id, secrets: newSecrets()}
	var a *vault.Account
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
	o.p.SetHTML("editor", ui.AccountForm(o.p.Catalog, s, a, e.mailboxes))
	o.p.Focus("account-user")
	o.p.Raw("editor").Call("scrollIntoView", map[string]any{"block": "nearest"})
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
		r.draft.Email = o.p.Value("mailbox-email-" + n)
		r.draft.Typed = ""
		if typed := o.p.Value("mailbox-password-" + n); typed != r.stored {
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
	o.p.Raw("mailboxes").Set("innerHTML", ui.MailboxRows(o.p.Catalog, e.mailboxes))
}

func (o *options) saveAccount() {
	e := o.account
	if e == nil {
		return
	}
	p := o.p
	in := optionsform.AccountInput{
		User:     p.Value("account-user"),
		Domain:   p.Value("account-domain"),
		Password: e.field(p, "account-password"),
		APIToken: e.field(p, "account-token"),
		TOTP:     e.totpField(p, "account-totp", o.storedTOTP("account-totp")),
	}
	for i := range e.mailboxes {
		n := strconv.Itoa(i)
		in.Mailboxes = append(in.Mailboxes, optionsform.MailboxInput{Email: p.Value("mailbox-email-" + n), Password: e.field(p, "mailbox-password-"+n)})
	}
	a, err := optionsform.CheckAccount(o.p.Catalog, in)
	if err != nil {
		p.SetText("account-error", errcode.Message(err))
		return
	}
	a.ID = e.id
	p.SetText("account-error", "")
	pagekit.Spawn(func() {
		var err error
		if e.id == "" {
			_, err = p.Shell.Edit(vault.AddAccount{ServerID: e.serverID, Account: a})
		} else {
			page := ""
			if s := o.v.Server(e.serverID); s != nil {
				page = s.PageOf(e.id)
			}
			_, err = p.Shell.Edit(vault.UpdateAccount{ServerID: e.serverID, ID: e.id, Page: page, User: &a.User, Domain: &a.Domain,
				Password: &a.Password, APIToken: &a.APIToken, TOTP: &a.TOTP, Mailboxes: &a.Mailboxes})
		}
		if err != nil {
			p.SetText("account-error", pagekit.ProblemText(o.p, err))
			return
		}
		o.closeEditor()
		if c := o.cards[e.serverID]; c != nil {
			c.Open = true
		}
		o.message(o.p.T("accountSaved"), false)
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
	page := ""
	if s := o.v.Server(serverID); s != nil {
		page = s.PageOf(id)
	}
	o.change(vault.DeleteAccount{ServerID: serverID, ID: id, Page: page}, o.p.T("accountRemoved"))
}
