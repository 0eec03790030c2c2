//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// An account row's menu, as the popup's: the pages the account opens on
// (deep links), each with a ☆ that makes it the account's favourite, and
// every login method its credentials allow.

// accountMenu handles a click in an account row's menu or on its favourite;
// false when the click was not one.
func (o *options) accountMenu(target js.Value) bool {
	summary := pagekit.Closest(target, "details.row-menu > summary")
	login := pagekit.Closest(target, "button.menu-login")
	fav := pagekit.Closest(target, "button[data-fav]")
	if summary.IsNull() && login.IsNull() && fav.IsNull() {
		return false
	}
	s, a := o.rowAccount(target)
	if a == nil {
		return true
	}
	switch {
	case !summary.IsNull():
		menu := summary.Get("nextElementSibling")
		if menu.Truthy() && menu.Get("childElementCount").Int() == 0 {
			menu.Set("innerHTML", ui.AccountMenuHTML(s, a, o.p.Catalog))
		}
	case !login.IsNull():
		msg := messages.Login{ServerID: s.ID, AccountID: a.ID, Service: pagekit.Attr(login, "data-open-service"),
			Method: pagekit.Attr(login, "data-open-method"), Dest: pagekit.Attr(login, "data-open-dest")}
		if pagekit.Attr(login, "data-open-whm") != "" {
			msg.AccountID = ""
		}
		o.login(msg)
	default:
		dest := pagekit.Attr(fav, "data-fav")
		if a.Favourite == dest {
			dest = ""
		}
		done := o.p.T("menuFavouriteDone")
		if dest == "" {
			done = o.p.T("menuFavouriteCleared")
		}
		o.change(vault.UpdateAccount{ServerID: s.ID, ID: a.ID, Favourite: &dest}, done)
	}
	return true
}

// login asks the worker to sign in (it opens the tab) and shows why when it
// cannot: for a server panelkey has no host permission for, with the button
// that asks the browser for it and then logs in again (as the popup does).
func (o *options) login(msg messages.Login) {
	o.message(o.p.T("popupOpening", ui.ServiceTitle(msg.Service)), false)
	pagekit.Spawn(func() {
		_, err := o.p.Shell.Send(msg)
		if err == nil {
			o.message("", false)
			return
		}
		html := ui.Escape(pagekit.ProblemText(o.p, err))
		if b := o.grant.Offer(o.p, err, func() { o.login(msg) }); b != "" {
			html += " " + b
		}
		o.p.ShowMessage(html, true)
	})
}

// rowAccount is the server and account of the account-table row el is in.
func (o *options) rowAccount(el js.Value) (*vault.Server, *vault.Account) {
	row, card := pagekit.Closest(el, "tr[data-account]"), pagekit.Closest(el, ".card.server[data-server]")
	if row.IsNull() || card.IsNull() {
		return nil, nil
	}
	s := o.v.Server(pagekit.Attr(card, "data-server"))
	if s == nil {
		return nil, nil
	}
	return s, s.Account(pagekit.Attr(row, "data-account"))
}
