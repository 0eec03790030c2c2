package ui

import (
	"strings"

	"github.com/panelkey/panelkey/deeplink"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/locale"
)

// Creds says which stored credentials a row's logins can use, so that its
// menu is made when it is shown, not for every row of a large vault.
type Creds uint8

// The credentials a row may have.
const (
	CredWHMToken    Creds = 1 << iota // the server's WHM API token
	CredAccessHash                    // the server's access hash
	CredWHMPassword                   // the server's WHM password
	CredWHMTOTP                       // the WHM user's 2FA secret
	CredPassword                      // the account's or mailbox's own password
	CredTOTP                          // the account's 2FA secret
	CredAPIToken                      // the account's cPanel API token
)

// Login methods of the worker's login message beyond token and password (signin's).
const (
	MethodCPanelToken  = "cpanel-token"
	MethodAccessHash   = "access-hash"
	MethodSecurityCode = "password-security-code"
)

// MethodInfo names a login method in menus: catalog keys, whose English is
// signin.Methods' words (ui's test checks it; the popup's program cannot
// link signin).
type MethodInfo struct {
	Method, Title, Note string
	Deprecated          bool
}

// Methods are the login methods a row's menu offers, in signin's order.
var Methods = []MethodInfo{
	{Method: MethodToken, Title: locale.Key("methodToken")},
	{Method: MethodCPanelToken, Title: locale.Key("methodCPanelToken")},
	{Method: MethodAccessHash, Title: locale.Key("methodAccessHash"), Deprecated: true, Note: locale.Key("methodAccessHashNote")},
	{Method: MethodPassword, Title: locale.Key("methodPassword")},
	{Method: MethodSecurityCode, Title: locale.Key("methodSecurityCode")},
}

// MenuItem is one entry of a row's menu: a login, on a page (Dest) or with a
// method, or a favourite to set.
type MenuItem struct {
	Title, Note string
	Service     string // the login's service
	Method      string // the login's method
	Dest        string // a deep link (deeplink's id); "" for the service's home
	// AsWHMUser: the login opens WHM as the server's WHM user, not the row's
	// account.
	AsWHMUser  bool
	Deprecated bool
}

// has reports whether every credential of c is there.
func (c Creds) has(want Creds) bool { return c&want == want }

// serviceMethod is the method a row's login to service uses by default:
// the WHM token, else the holder's password, else the access hash; "" when
// none is stored.
func (r *Row) serviceMethod(service string) string {
	c := r.Creds
	switch {
	case c.has(CredWHMToken):
		return MethodToken
	case service == ServiceWHM && c.has(CredWHMPassword), service != ServiceWHM && c.has(CredPassword):
		return MethodPassword
	case c.has(CredAccessHash):
		return MethodAccessHash
	}
	return ""
}

// Destinations are the pages the row opens on directly (deeplink), each with
// the method its login uses: cPanel's and Webmail's for an account, Webmail's
// for a mailbox, WHM's for every row of a server (as the WHM user).
func (r *Row) Destinations() []MenuItem {
	var out []MenuItem
	for _, d := range deeplink.All() {
		service := string(d.Service)
		switch {
		case r.Kind == KindServer && d.Service != endpoint.WHM,
			r.Kind == KindMailbox && d.Service != endpoint.Webmail,
			r.Kind == KindAuthenticator:
			continue
		}
		m := r.serviceMethod(service)
		if d.AsWHMUser {
			m = r.whmMethod()
		}
		if m == "" {
			continue
		}
		out = append(out, MenuItem{Title: d.Title, Note: d.Note, Service: service, Method: m, Dest: d.ID, AsWHMUser: d.AsWHMUser})
	}
	return out
}

// whmMethod is how WHM itself opens: the WHM token, else the WHM password,
// else the access hash.
func (r *Row) whmMethod() string {
	switch c := r.Creds; {
	case c.has(CredWHMToken):
		return MethodToken
	case c.has(CredWHMPassword):
		return MethodPassword
	case c.has(CredAccessHash):
		return MethodAccessHash
	}
	return ""
}

// LoginMethods are the methods the row's stored credentials allow, each on
// the row's service (a cPanel API token: the account's Webmail).
func (r *Row) LoginMethods() []MenuItem {
	service := ServiceCPanel
	switch r.Kind {
	case KindServer:
		service = ServiceWHM
	case KindMailbox:
		service = ServiceWebmail
	case KindAuthenticator:
		return nil
	}
	c := r.Creds
	password, tfa := CredPassword, CredTOTP
	if service == ServiceWHM {
		password, tfa = CredWHMPassword, CredWHMTOTP
	}
	allowed := map[string]bool{
		MethodToken:        c.has(CredWHMToken),
		MethodAccessHash:   c.has(CredAccessHash),
		MethodPassword:     c.has(password),
		MethodSecurityCode: c.has(password|tfa) && service != ServiceWebmail,
		MethodCPanelToken:  c.has(CredAPIToken) && r.Kind != KindServer,
	}
	var out []MenuItem
	for _, m := range Methods {
		if !allowed[m.Method] {
			continue
		}
		s := service
		if m.Method == MethodCPanelToken {
			s = ServiceWebmail
		}
		out = append(out, MenuItem{Title: m.Title, Note: m.Note, Service: s, Method: m.Method, Deprecated: m.Deprecated})
	}
	return out
}

// FavouriteItem is the row's favourite page as a login, when it has one its
// credentials can open.
func (r *Row) FavouriteItem() (MenuItem, bool) {
	if r.Favourite == "" {
		return MenuItem{}, false
	}
	d, err := deeplink.Favourite(r.Favourite)
	if err != nil {
		return MenuItem{}, false
	}
	for _, item := range r.Destinations() {
		if item.Dest == d.ID {
			return item, true
		}
	}
	if m := r.serviceMethod(string(d.Service)); m != "" && d.Service == endpoint.CPanel { // an app key of the user's
		return MenuItem{Title: d.Title, Service: string(d.Service), Method: m, Dest: d.ID}, true
	}
	return MenuItem{}, false
}

// writeMenu writes the row's "more" menu, empty: a <details> element whose
// summary Tab reaches and Enter opens; the popup fills it (MenuHTML) when it
// opens, so that a list of a hundred rows carries no hundred menus.
func writeMenu(b *strings.Builder, r *Row, c *locale.Catalog) {
	if r.Kind == KindAuthenticator || r.Creds == 0 {
		return
	}
	b.WriteString(`<details class="row-menu"><summary title="`)
	escapeTo(b, c.T("menuMore"))
	b.WriteString(`" aria-label="`)
	escapeTo(b, c.T("menuMoreFor", r.Title))
	b.WriteString(`">⋯</summary><div class="menu"></div></details>`)
}

// MenuHTML is the content of the row's menu: the pages it opens on (each
// with a ☆ that makes it the account's favourite), and the login methods its
// credentials allow, the access hash with cPanel's deprecation.
func MenuHTML(r *Row, c *locale.Catalog) string {
	var b strings.Builder
	dests, methods := r.Destinations(), r.LoginMethods()
	if len(dests) > 0 {
		b.WriteString(`<div class="menu-title">`)
		escapeTo(&b, c.T("menuOpenOn"))
		b.WriteString(`</div>`)
		for _, d := range dests {
			b.WriteString(`<div class="menu-item">`)
			writeLoginButton(&b, d, "")
			if r.Kind == KindAccount && !d.AsWHMUser {
				star, label := "☆", c.T("menuFavouriteSet", d.Title)
				if r.Favourite == d.Dest {
					star, label = "★", c.T("menuFavouriteClear", d.Title)
				}
				b.WriteString(`<button type="button" class="star" data-fav="`)
				escapeTo(&b, d.Dest)
				b.WriteString(`" title="`)
				escapeTo(&b, label)
				b.WriteString(`" aria-label="`)
				escapeTo(&b, label)
				b.WriteString(`">` + star + `</button>`)
			}
			b.WriteString(`</div>`)
		}
	}
	if len(methods) > 0 {
		b.WriteString(`<div class="menu-title">`)
		escapeTo(&b, c.T("menuSignInWith"))
		b.WriteString(`</div>`)
		for _, m := range methods {
			m.Title = c.T(m.Title)
			if m.Note != "" {
				m.Note = c.T(m.Note)
			}
			b.WriteString(`<div class="menu-item">`)
			writeLoginButton(&b, m, "")
			if m.Note != "" {
				b.WriteString(`<span class="note">`)
				escapeTo(&b, m.Note)
				b.WriteString(`</span>`)
			}
			b.WriteString(`</div>`)
		}
	}
	return b.String()
}

// writeLoginButton writes a button the popup turns into a login message.
func writeLoginButton(b *strings.Builder, m MenuItem, class string) {
	b.WriteString(`<button type="button" class="menu-login`)
	if class != "" {
		b.WriteString(" " + class)
	}
	b.WriteString(`" data-open-service="`)
	escapeTo(b, m.Service)
	b.WriteString(`" data-open-method="`)
	escapeTo(b, m.Method)
	if m.Dest != "" {
		b.WriteString(`" data-open-dest="`)
		escapeTo(b, m.Dest)
	}
	if m.AsWHMUser {
		b.WriteString(`" data-open-whm="1`)
	}
	if m.Deprecated {
		b.WriteString(`" title="`)
		escapeTo(b, m.Note)
	}
	b.WriteString(`">`)
	escapeTo(b, m.Title)
	b.WriteString(`</button>`)
}
