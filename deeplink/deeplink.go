// Package deeplink holds the pages panelkey opens an account on directly (a
// "deep link"): which service each is in, the create_user_session app key
// that lands a token login there, and the page a password login asks for
// with goto_uri.
//
// Every key and path here is cPanel's documented one, with the page that
// documents it (Source). Where cPanel documents a key but not the page it
// leads to, Path is empty and Note says so: a password login then lands on
// the service's home rather than on a guessed address. A server can list its
// own keys and pages (WHM API 1 get_users_links, read by
// cpapi.ParseUsersLinks); Resolve prefers those, because the documented
// paths are the Jupiter theme's.
//
// The package holds data and small decisions only: no I/O, no JSON (the
// popup's wasm links it).
package deeplink

import (
	"errors"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
)

// Destination is one page an account can be opened on.
type Destination struct {
	ID      string           // stable, kebab-case: what a favourite stores
	Title   string           // for menus
	Service endpoint.Service // the service whose session opens it
	// App is the create_user_session app key (§3); "" opens the service's home.
	App string
	// Path is the page below /cpsessN/ as get_users_links documents it for
	// the Jupiter theme, sent as goto_uri by password logins; "" when the
	// home is the destination or cPanel does not document the page.
	Path string
	// AsWHMUser is set for WHM's pages: they open as the server's WHM user
	// (root or a reseller), not as the account.
	AsWHMUser bool
	// Source is the documentation of App and Path.
	Source string
	// Note says what is not documented, or "" when nothing is missing.
	Note string
}

// Documentation pages the destinations cite.
const (
	docCreateUserSession = "https://api.docs.cpanel.net/openapi/whm/operation/create_user_session/"
	docUsersLinks        = "https://api.docs.cpanel.net/openapi/whm/operation/get_users_links/"
)

// noWHMPath is the note of WHM's destinations: the app key is in
// create_user_session's documented list, the page it leads to is not.
const noWHMPath = "cPanel documents the app key, not WHM's page address: a password login lands on WHM's home."

// destinations are the common pages, in menu order.
var destinations = []Destination{
	{ID: "cpanel-home", Title: "cPanel home", Service: endpoint.CPanel, Source: docCreateUserSession},
	{ID: "file-manager", Title: "File Manager", Service: endpoint.CPanel, App: "FileManager_Home",
		Path: "frontend/jupiter/filemanager/index.html", Source: docUsersLinks},
	{ID: "email-accounts", Title: "Email Accounts", Service: endpoint.CPanel, App: "Email_Accounts",
		Path: "frontend/jupiter/mail/pops/index.html", Source: docUsersLinks},
	{ID: "phpmyadmin", Title: "phpMyAdmin", Service: endpoint.CPanel, App: "Database_phpMyAdmin",
		Path: "frontend/jupiter/sql/PhpMyAdmin.html", Source: docUsersLinks},
	{ID: "backup", Title: "Backup", Service: endpoint.CPanel, App: "Backups_Home",
		Path: "frontend/jupiter/backup/index.html", Source: docUsersLinks},
	{ID: "ssl-tls", Title: "SSL/TLS", Service: endpoint.CPanel, App: "SSL_TLS_Manager",
		Path: "frontend/jupiter/ssl/index.html", Source: docUsersLinks,
		Note: "get_users_links documents this key; create_user_session's published list of keys does not name it."},
	{ID: "whm-list-accounts", Title: "WHM: List Accounts", Service: endpoint.WHM, App: "list_accounts", AsWHMUser: true,
		Source: docCreateUserSession, Note: noWHMPath},
	{ID: "whm-terminal", Title: "WHM: Terminal", Service: endpoint.WHM, App: "terminal", AsWHMUser: true,
		Source: docCreateUserSession, Note: noWHMPath},
	{ID: "webmail", Title: "Webmail", Service: endpoint.Webmail, Source: docCreateUserSession},
}

// All returns the common destinations in menu order (a copy).
func All() []Destination { return append([]Destination(nil), destinations...) }

// Find returns the destination with that ID.
func Find(id string) (Destination, bool) {
	for _, d := range destinations {
		if d.ID == id {
			return d, true
		}
	}
	return Destination{}, false
}

// customPrefix marks a favourite that is an app key of the user's choosing.
const customPrefix = "app:"

// Errors of Favourite.
var (
	ErrUnknown = errors.New("deeplink: no such destination")
	ErrAppKey  = errors.New("deeplink: an app key is letters, digits, _ and - (create_user_session's pattern), at most 64 characters")
)

// Favourite returns the destination a stored favourite names: a common
// destination's ID, or "app:KEY" for any cPanel app key (one of the keys
// the server's get_users_links lists, say). The key must match
// create_user_session's pattern ^[0-9a-z_-]+$ (any case); a key the server
// does not know still opens the session, on the home (§3).
func Favourite(id string) (Destination, error) {
	if d, ok := Find(id); ok {
		return d, nil
	}
	key, ok := strings.CutPrefix(id, customPrefix)
	if !ok {
		return Destination{}, ErrUnknown
	}
	if !validKey(key) {
		return Destination{}, ErrAppKey
	}
	return Destination{ID: id, Title: key, Service: endpoint.CPanel, App: key, Source: docUsersLinks,
		Note: "An app key of your choosing: its page is the server's (get_users_links)."}, nil
}

// CustomID is the favourite ID of a cPanel app key (see Favourite).
func CustomID(key string) string { return customPrefix + key }

func validKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Landing is how one login reaches a destination.
type Landing struct {
	App     string // create_user_session's app (token logins)
	GotoURI string // /login's goto_uri (password logins); "" lands on the home
	// Offered is false when the server's own list of app keys is known and
	// lacks App: the session still opens, on the home.
	Offered bool
	Note    string // what the user should know, or ""
}

// Resolve says how to land on d. links is the server's get_users_links
// answer (app key → page below /cpsessN/), nil when not fetched: its page
// for d.App wins over the documented Jupiter page, since a server may use
// another theme.
func (d Destination) Resolve(links map[string]string) Landing {
	l := Landing{App: d.App, GotoURI: d.Path, Offered: true, Note: d.Note}
	if links == nil || d.App == "" || d.Service == endpoint.WHM {
		return l // get_users_links lists cPanel's keys only
	}
	path, ok := links[d.App]
	if !ok {
		l.Offered, l.GotoURI = false, ""
		l.Note = "This server's cPanel does not list " + d.App + ": the session opens on the home."
		return l
	}
	if safePath(path) {
		l.GotoURI = strings.TrimLeft(path, "/")
	}
	return l
}

// safePath accepts a page below the session: relative, no scheme, host,
// backslash or control character.
func safePath(p string) bool {
	return p != "" && !strings.Contains(p, "://") && !strings.HasPrefix(p, "//") &&
		!strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
}
