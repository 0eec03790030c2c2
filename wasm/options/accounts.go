//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

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
	o.p.SetHTML("editor", ui.AccountForm(s, a, e.mailboxes))
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
	o.p.Raw("mailboxes").Set("innerHTML", `<legend>Webmail mailboxes</legend>`+ui.MailboxRows(e.mailboxes))
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
	a, err := optionsform.CheckAccount(in)
	if err != nil {
		p.SetText("account-error", errcode.Message(err))
		return
	}
	a.ID = e.id
	p.SetText("account-error", "")
	pagekit.Spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			si := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == e.serverID })
			if si < 0 {
				return false, &jsvalue.Error{Code: "not-found", Message: "This server is no longer in the vault."}
			}
			accounts := v.Servers[si].Accounts
			if e.id == "" {
				if indexOf(len(accounts), func(i int) bool { return accounts[i].User == a.User }) >= 0 {
					return false, &jsvalue.Error{Code: "duplicate", Message: "This server already has an account " + a.User + "."}
				}
				a.ID = pagekit.NewID("a")
				sv := doc.Get("servers").Index(si)
				if !js.Global().Get("Array").Call("isArray", sv.Get("accounts")).Bool() {
					sv.Set("accounts", js.Global().Get("Array").New())
				}
				return true, push(sv, "accounts", a)
			}
			ai := indexOf(len(accounts), func(i int) bool { return accounts[i].ID == e.id })
			if ai < 0 {
				return false, &jsvalue.Error{Code: "not-found", Message: "This account is no longer in the vault."}
			}
			pv, err := pagejson.ToJS(struct {
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
			p.SetText("account-error", pagekit.ErrorText(err))
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
	o.remove(func(doc js.Value, v *ui.Vault) (js.Value, int) {
		si := indexOf(len(v.Servers), func(i int) bool { return v.Servers[i].ID == serverID })
		if si < 0 {
			return js.Null(), -1
		}
		accounts := v.Servers[si].Accounts
		return doc.Get("servers").Index(si).Get("accounts"), indexOf(len(accounts), func(i int) bool { return accounts[i].ID == id })
	}, "Account removed.")
}
