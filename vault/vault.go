// Package vault is panelkey's vault model: the servers, their WHM credentials
// and cPanel accounts, the standalone authenticators, the API console's
// history and the settings, with typed fields; the validation of what users
// store; the encodings the vault is kept in; and the edits that change it.
//
// It owns every decision about the vault's contents. The extension's
// JavaScript encrypts, stores and retrieves the texts this package encodes
// (WebCrypto, chrome.storage) and never looks inside them.
//
// # Encodings
//
// The document encoding is the whole vault as one JSON object, the shape
// format 1 stored (docs/architecture.md, "The vault document"): Decode reads
// it, Document writes it. The chunked encoding is what format 2 stores: a
// small meta chunk (settings, the server list with each server's account
// pages), one chunk for the authenticators, one for the history, and one for
// each page of a server's accounts (at most PageRows rows, so that changing
// one account rewrites one small chunk). Open reads the meta chunk, Load adds
// any other, Chunk encodes one.
//
// Both encodings write each record from one table of its members (records.go:
// a member's name, its field, its kind, when it is left out), which the
// decoders and the update edits read too: a field is added or changed there.
//
// Both encodings are lossless: a member this version does not know, or a
// known one holding a value of another type than expected, is kept as its JSON
// text (Extra) and written back in the same object, so a vault written by a
// newer version survives being edited by this one.
//
// # Edits
//
// Every change is an Edit (AddServer, UpdateAccount, AppendHistory, …),
// decoded from the pages' messages by DecodeEdit, applied by Vault.Apply.
// Apply validates before it changes anything, so a refused edit leaves the
// vault as it was, and records which chunks it changed (Vault.Changes), which
// are the only ones the worker encrypts and writes. Needs says which chunks an
// edit must have loaded first.
//
// This package does no I/O and never panics on any input. It imports no
// encoding/json: the popup's small wasm links it (jsonscan reads, a
// hand-written encoder writes).
package vault

import "github.com/panelkey/panelkey/policy"

// Version is the vault model's version this package writes. Format 1 stored
// documents of version 1; a document or meta chunk of a higher version is
// read, and its version kept, with its unknown members preserved.
const Version = 2

// Vault is the decrypted vault, whole or in part: the meta chunk is always
// there (servers, settings), the other chunks only once loaded (see Loaded).
type Vault struct {
	Version        int
	Settings       Settings
	Servers        []Server
	Authenticators []Authenticator // empty until the authenticators chunk is loaded
	History        []HistoryEntry  // newest first; empty until the history chunk is loaded
	Extra          Extra

	authLoaded, historyLoaded bool
	// chunkExtra keeps the unknown members of the authenticators and history
	// chunks' objects.
	authExtra, historyExtra Extra
	// changed lists the chunks an edit changed since the last Changes, true
	// for rewritten, false for removed.
	changed map[string]bool
	// newID makes the ids of new servers, accounts, pages, authenticators.
	newID func(prefix string) string
	// Policy is what the caller decides for this vault (see Policy).
	Policy Policy
}

// Policy holds decisions of other packages the vault applies.
type Policy struct {
	// SecretArg reports whether an API console argument of that name holds a
	// secret: AppendHistory stores such arguments without their value.
	SecretArg func(name string) bool
}

// Settings are the vault's settings.
type Settings struct {
	// AutoLockMinutes is how long panelkey stays unlocked without use; 0 is
	// DefaultAutoLockMinutes.
	AutoLockMinutes int
	Extra           Extra
}

// Auto-lock bounds, in minutes (policy's).
const (
	DefaultAutoLockMinutes = policy.DefaultAutoLockMinutes
	MinAutoLockMinutes     = policy.MinAutoLockMinutes
	MaxAutoLockMinutes     = policy.MaxAutoLockMinutes
)

// AutoLock is the auto-lock delay in minutes, the default when unset or out
// of range.
func (s Settings) AutoLock() int {
	if s.AutoLockMinutes < MinAutoLockMinutes || s.AutoLockMinutes > MaxAutoLockMinutes {
		return DefaultAutoLockMinutes
	}
	return s.AutoLockMinutes
}

// Server is one cPanel & WHM server.
type Server struct {
	ID      string
	Name    string
	Address string // as the user typed it
	BaseURL string // WHM's canonical base URL, e.g. https://host:2087
	// Tags group servers ("prod", "eu"): lower-case, see ValidTag. The
	// search's tag:NAME finds them.
	Tags []string
	WHM  WHM
	// AccountsFetchedAt is when WHM's account list was last merged in (ms
	// since the epoch; 0 never).
	AccountsFetchedAt int64
	// Pages hold the server's accounts in order, in pages of at most
	// PageRows rows (an account and its mailboxes).
	Pages []Page
	Extra Extra
}

// WHM holds a server's WHM credentials; any of them may be empty.
type WHM struct {
	User       string
	Token      string
	Password   string
	AccessHash string
	TOTP       *TOTP
	Extra      Extra
}

// Page is a run of a server's accounts stored as one chunk.
type Page struct {
	ID       string
	Accounts []Account // nil until loaded
	Loaded   bool
	// count and rows are the meta chunk's figures for a page not loaded.
	count, rows int
}

// Account is one cPanel account on a server.
type Account struct {
	ID        string
	User      string
	Domain    string
	Owner     string
	Suspended bool
	Missing   bool // gone from WHM's list, kept for its saved credentials
	Password  string
	APIToken  string
	TOTP      *TOTP
	Mailboxes []Mailbox
	// Favourite is the page the account's row opens in one click (deeplink's
	// id: "file-manager", "app:Cron_Home", …); "" for none.
	Favourite string
	Extra     Extra
}

// Mailbox is a Webmail login of an account.
type Mailbox struct {
	Email    string
	Password string
	Extra    Extra
}

// TOTP is a stored two-factor secret with its parameters (zero values are
// cPanel's: SHA1, 6 digits, 30 s).
type TOTP struct {
	Secret    string
	Algorithm string
	Digits    int
	Period    int
	Extra     Extra
}

// Authenticator is a standalone one-time password entry, tied to no server:
// time-based (TOTP) or counter-based (HOTP). The list's order is the user's,
// pinned ones shown first.
type Authenticator struct {
	ID        string
	Issuer    string
	Account   string
	Secret    string
	Algorithm string
	Digits    int
	Period    int    // TOTP only
	Type      string // TypeTOTP (or "") or TypeHOTP
	Counter   int64  // HOTP: the counter of the next code, 0..MaxCounter
	Pinned    bool   // shown at the top of the popup's list
	Extra     Extra
}

// HistoryEntry is one request the API console sent.
type HistoryEntry struct {
	ID   string
	At   int64 // ms since the epoch
	Form Request
	// Status is the HTTP status; 0 when no answer was read.
	Status int
	MS     int64
	// Outcome is "ok" or the failure's code.
	Outcome string
	Extra   Extra
}

// Request is the console form a history entry recorded. It names the
// credentials it used, and holds none of them.
type Request struct {
	ServerID  string
	AccountID string
	Service   string
	Family    string
	Module    string
	Function  string
	Args      [][2]string
	Auth      string
	Method    string
	// Withheld are the indexes in Args of secret arguments stored without
	// their value.
	Withheld []int
	Extra    Extra
}

// MaxHistory is how many history entries the vault keeps.
const MaxHistory = 50

// PageRows bounds a page of accounts: a page is closed once it holds this
// many rows (an account is one, each of its mailboxes one more). An account
// is never split, so one with many mailboxes can make its page larger.
const PageRows = 256

// Count is how many accounts the page holds.
func (p *Page) Count() int {
	if p.Loaded {
		return len(p.Accounts)
	}
	return p.count
}

// Rows is how many popup rows the page's accounts make: one per account and
// one per mailbox.
func (p *Page) Rows() int {
	if !p.Loaded {
		return p.rows
	}
	n := len(p.Accounts)
	for i := range p.Accounts {
		n += len(p.Accounts[i].Mailboxes)
	}
	return n
}

// AccountCount is how many accounts the server holds, loaded or not.
func (s *Server) AccountCount() int {
	n := 0
	for i := range s.Pages {
		n += s.Pages[i].Count()
	}
	return n
}

// Loaded reports whether every page of the server's accounts is loaded.
func (s *Server) Loaded() bool {
	for i := range s.Pages {
		if !s.Pages[i].Loaded {
			return false
		}
	}
	return true
}

// Accounts calls yield with each loaded account in order, until it returns
// false.
func (s *Server) Accounts(yield func(*Account) bool) {
	for i := range s.Pages {
		p := &s.Pages[i]
		for j := range p.Accounts {
			if !yield(&p.Accounts[j]) {
				return
			}
		}
	}
}

// Account returns the loaded account with that id, or nil.
func (s *Server) Account(id string) *Account {
	_, a := s.find(id)
	return a
}

// find returns the page and the loaded account with that id, or nils.
func (s *Server) find(id string) (*Page, *Account) {
	return lookUp(s.Pages, func(p *Page) []Account { return p.Accounts }, func(a *Account) string { return a.ID }, id)
}

// AccountAt returns the i-th account (0-based, in order), or nil when it is
// out of range or on a page not loaded.
func (s *Server) AccountAt(i int) *Account {
	for j := range s.Pages {
		p := &s.Pages[j]
		if n := p.Count(); i >= n {
			i -= n
			continue
		}
		if !p.Loaded || i < 0 {
			return nil
		}
		return &p.Accounts[i]
	}
	return nil
}

// PageOf returns the id of the page holding the loaded account with that id
// ("" when none does): the hint an edit of it carries.
func (s *Server) PageOf(id string) string {
	if p, _ := s.find(id); p != nil {
		return p.ID
	}
	return ""
}

// AccountList returns the loaded accounts in order, as one slice (copies).
func (s *Server) AccountList() []Account {
	out := make([]Account, 0, s.AccountCount())
	for i := range s.Pages {
		out = append(out, s.Pages[i].Accounts...)
	}
	return out
}

// Server returns the server with that id, or nil.
func (v *Vault) Server(id string) *Server {
	for i := range v.Servers {
		if v.Servers[i].ID == id {
			return &v.Servers[i]
		}
	}
	return nil
}

// Authenticator returns the authenticator with that id, or nil.
func (v *Vault) Authenticator(id string) *Authenticator {
	for i := range v.Authenticators {
		if v.Authenticators[i].ID == id {
			return &v.Authenticators[i]
		}
	}
	return nil
}

// RowsLoaded reports whether the authenticators and every page of accounts
// are loaded: what a list of all the vault's rows needs (not the history).
func (v *Vault) RowsLoaded() bool {
	if !v.authLoaded {
		return false
	}
	for i := range v.Servers {
		if !v.Servers[i].Loaded() {
			return false
		}
	}
	return true
}

// Loaded reports whether every chunk of the vault is loaded: what Document
// needs.
func (v *Vault) Loaded() bool {
	if !v.authLoaded || !v.historyLoaded {
		return false
	}
	for i := range v.Servers {
		if !v.Servers[i].Loaded() {
			return false
		}
	}
	return true
}

// Ref names what a login or a WHM call is for by the vault's ids: a server,
// one of its accounts (AccountID "" for the server's WHM user) and one of that
// account's mailboxes by address (Mailbox "" for the account itself). Page is
// where the caller saw the account: a hint, as in an edit.
type Ref struct {
	ServerID, AccountID, Page, Mailbox string
}

// RefNeeds lists the chunks Resolve needs loaded for r (none for a server:
// the meta chunk holds it). Ask again after loading them.
func (v *Vault) RefNeeds(r Ref) []string {
	if r.AccountID == "" {
		return nil
	}
	return accountNeeds(v, r.ServerID, r.AccountID, r.Page, false)
}

// Resolve returns the server, account and mailbox r names (account and
// mailbox nil when r names none), or not-found for one no longer in the
// vault. The account's page must be loaded (RefNeeds).
func (v *Vault) Resolve(r Ref) (*Server, *Account, *Mailbox, error) {
	s := v.Server(r.ServerID)
	if s == nil {
		return nil, nil, nil, notFound("server")
	}
	if r.AccountID == "" {
		if r.Mailbox != "" {
			return nil, nil, nil, notFound("mailbox")
		}
		return s, nil, nil, nil
	}
	a := s.Account(r.AccountID)
	if a == nil {
		return nil, nil, nil, notFound("account")
	}
	if r.Mailbox == "" {
		return s, a, nil, nil
	}
	for i := range a.Mailboxes {
		if a.Mailboxes[i].Email == r.Mailbox {
			return s, a, &a.Mailboxes[i], nil
		}
	}
	return nil, nil, nil, notFound("mailbox")
}
