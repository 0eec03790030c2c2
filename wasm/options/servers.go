//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func (o *options) openServer(id string) {
	o.account = nil
	e := &serverEdit{id: id, secrets: newSecrets()}
	var s *vault.Server
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
	o.p.SetHTML("editor", ui.ServerForm(o.p.Catalog, s))
	o.previewAddress(o.p.Value("server-address"))
	o.p.Focus("server-address")
	o.p.Raw("editor").Call("scrollIntoView", map[string]any{"block": "nearest"})
}

func (o *options) closeEditor() {
	o.server, o.account = nil, nil
	o.p.SetHTML("editor", "")
}

// previewAddress shows what the engine understood of the typed address.
func (o *options) previewAddress(input string) {
	o.p.SetText("server-address-preview", optionsform.AddressPreview(o.p.Catalog, input))
}

// readServerForm reads the server form and checks it.
func (o *options) readServerForm(e *serverEdit) (optionsform.Server, error) {
	p := o.p
	return optionsform.CheckServer(o.p.Catalog, optionsform.ServerInput{
		Address:       p.Value("server-address"),
		Name:          p.Value("server-name"),
		WHMUser:       p.Value("server-whm-user"),
		WHMToken:      e.field(p, "server-whm-token"),
		WHMPassword:   e.field(p, "server-whm-password"),
		WHMAccessHash: e.field(p, "server-whm-accesshash"),
		WHMTOTP:       e.totpField(p, "server-whm-totp", o.storedTOTP("server-whm-totp")),
	})
}

// storedTOTP is the saved TOTP the open form's field id stands for.
func (o *options) storedTOTP(id string) *vault.TOTP {
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

func (o *options) saveServer() {
	e := o.server
	if e == nil {
		return
	}
	f, err := o.readServerForm(e)
	if err != nil {
		o.p.SetText("server-error", errcode.Message(err))
		return
	}
	o.p.SetText("server-error", "")
	o.p.SetDisabled("server-save", true)
	// The browser asks for a host permission only during a user gesture: now, not after an await.
	grant := o.p.Shell.RequestHost(f.Origin)
	pagekit.Spawn(func() {
		defer o.p.SetDisabled("server-save", false)
		granted, gerr := jsvalue.Await(grant)
		var err error
		if e.id == "" {
			_, err = o.p.Shell.Edit(vault.AddServer{Name: f.Name, Address: f.Address, BaseURL: f.BaseURL, WHM: f.WHM})
		} else {
			_, err = o.p.Shell.Edit(vault.UpdateServer{ID: e.id, Name: &f.Name, Address: &f.Address, BaseURL: &f.BaseURL, WHM: &f.WHM})
		}
		if err != nil {
			o.p.SetText("server-error", pagekit.ProblemText(o.p, err))
			return
		}
		o.closeEditor()
		switch {
		case gerr != nil:
			o.message(o.p.T("serverSavedGrantFailed", pagekit.ProblemText(o.p, gerr)), true)
		case !granted.Truthy():
			o.message(o.p.T("serverSaved")+" "+ui.HostAccessRefused(o.p.Catalog, ui.Browser(o.p.Shell.Browser()), f.Origin, o.p.T("hostAccessAgainSave")), true)
		default:
			o.message(o.p.T("serverSaved"), false)
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
	o.change(vault.DeleteServer{ID: id}, o.p.T("serverRemoved"))
}

// fetchAccounts asks the worker to list the server's accounts through WHM;
// progress arrives through onProgress.
func (o *options) fetchAccounts(id string) {
	var r messages.AccountsRefreshResult
	o.cardCall(id, o.p.T("accountsAsking"), messages.AccountsRefresh{ServerID: id}, &r, func(c *ui.CardState) string {
		c.Open = true
		return o.p.T("accountsFetched", strconv.Itoa(r.Count))
	})
}

// cardCall sends msg about a server, with busy on its card while the worker
// works; done reads the answer into the card and returns the card's new line.
func (o *options) cardCall(id, busy string, msg messages.Message, answer any, done func(c *ui.CardState) string) {
	c := o.cards[id]
	if c == nil {
		return
	}
	c.Progress = busy
	o.renderServers()
	pagekit.Spawn(func() {
		err := pagejson.SendInto(o.p.Shell, msg, answer)
		c.Progress = ""
		if err != nil {
			o.renderServers()
			o.message(pagekit.ProblemText(o.p, err), true)
			return
		}
		c.Progress = done(c)
		o.renderServers()
	})
}

// progress shows the worker's {type:'progress', op:'accounts.refresh',
// serverId, stage, total?, count?} broadcasts on the server's card (and those
// of a refresh of every server, and of an import).
func (o *options) progress(msg js.Value) {
	if o.refreshProgress(msg) || o.importProgress(msg) {
		return
	}
	var m struct {
		Op       string `json:"op"`
		ServerID string `json:"serverId"`
		Stage    string `json:"stage"`
		Total    int    `json:"total"`
	}
	if pagejson.FromJS(msg, &m) != nil || m.Op != "accounts.refresh" {
		return
	}
	c := o.cards[m.ServerID]
	if c == nil || !o.shown {
		return
	}
	switch m.Stage {
	case "request":
		c.Progress = o.p.T("accountsAsking")
	case "merge":
		c.Progress = o.p.T("accountsSaving", strconv.Itoa(m.Total))
	default:
		return
	}
	o.renderServers()
}
