package vault

import "slices"

// Edit is one change to the vault. Edits name what they change by id and set
// only the fields they carry, so an edit applied to a newer vault than its
// sender saw changes only what the sender meant to change.
type Edit interface {
	// needs lists the chunks the edit must read that are not loaded.
	needs(v *Vault) []string
	// apply validates, then changes the vault; a refused edit changes nothing.
	apply(v *Vault) (Result, error)
	// encode appends the edit as DecodeEdit reads it (EncodeEdit).
	encode(b []byte) []byte
}

// Result is what an applied edit reports.
type Result struct {
	ID    string   // the id an add gave (AddServer, AddAccount)
	IDs   []string // the ids AddAuthenticators gave
	Count int      // MergeAccounts: how many accounts WHM listed
}

// Needs lists the chunks e reads that are not loaded; Apply needs them. It
// may list more once those are loaded (an account not on the page its edit
// named is looked for on the server's other pages), so callers load and ask
// again until it lists none.
func (v *Vault) Needs(e Edit) []string { return e.needs(v) }

// Apply applies e: the vault changes, and Changes reports the chunks it
// touched; or, refused (an *Error), nothing changes.
func (v *Vault) Apply(e Edit) (Result, error) {
	if ids := e.needs(v); len(ids) > 0 {
		return Result{}, &Error{Code: CodeNotLoaded, Message: "The vault's " + ids[0] + " chunk is not loaded."}
	}
	return e.apply(v)
}

func pageChunks(s *Server, all bool) []string {
	var ids []string
	for _, p := range s.Pages {
		if !p.Loaded || all {
			ids = append(ids, PagePrefix+p.ID)
		}
	}
	return ids
}

// unloadedPages lists the server's pages not loaded.
func unloadedPages(s *Server) []string { return pageChunks(s, false) }

// ---- Servers

// AddServer adds a server, without accounts; it gets a new id.
type AddServer struct {
	Name, Address, BaseURL string
	Tags                   []string
	WHM                    WHM
}

func (AddServer) needs(*Vault) []string { return nil }

func (e AddServer) apply(v *Vault) (Result, error) {
	s, err := e.server(v, nil)
	if err != nil {
		return Result{}, err
	}
	v.Servers = append(v.Servers, s)
	v.touch(ChunkMeta)
	return Result{ID: s.ID}, nil
}

// server is the new server e describes, with its accounts (new ids, in
// pages), validated.
func (e AddServer) server(v *Vault, accounts []Account) (Server, error) {
	s := Server{ID: v.newID("s"), Name: e.Name, Address: e.Address, BaseURL: e.BaseURL, Tags: e.Tags, WHM: e.WHM, Pages: []Page{}}
	s.WHM.Extra = nil
	if err := s.validate(); err != nil {
		return Server{}, err
	}
	seen := map[string]bool{}
	for i := range accounts {
		a := &accounts[i]
		a.ID, a.Extra, a.Missing = v.newID("a"), nil, false
		if err := a.validate(); err != nil {
			return Server{}, err
		}
		if seen[a.User] {
			return Server{}, &Error{Code: CodeDuplicate, Field: "user", Message: "This server already has an account " + a.User + "."}
		}
		seen[a.User] = true
	}
	if len(accounts) > 0 {
		s.Pages = v.paginate(accounts)
	}
	return s, nil
}

// AddServers adds servers, each with the accounts it carries, all or none:
// a bulk import is one edit (1,000 servers, one commit). Each gets a new id,
// in order (Result.IDs).
type AddServers struct {
	Servers []AddServer
	// Accounts holds each server's accounts, by its index in Servers.
	Accounts map[int][]Account
}

func (AddServers) needs(*Vault) []string { return nil }

func (e AddServers) apply(v *Vault) (Result, error) {
	added := make([]Server, 0, len(e.Servers))
	for i, a := range e.Servers {
		s, err := a.server(v, slices.Clone(e.Accounts[i]))
		if err != nil {
			return Result{}, err
		}
		added = append(added, s)
	}
	ids := make([]string, len(added))
	for i, s := range added {
		ids[i] = s.ID
		for _, p := range s.Pages {
			v.touch(PagePrefix + p.ID)
		}
	}
	v.Servers = append(v.Servers, added...)
	v.touch(ChunkMeta)
	return Result{IDs: ids, Count: len(added)}, nil
}

// UpdateServer sets the fields it carries (nil: unchanged) of a server. WHM
// replaces the WHM credentials the form shows, keeping members it does not
// know.
type UpdateServer struct {
	ID                     string
	Name, Address, BaseURL *string
	Tags                   *[]string
	WHM                    *WHM
}

func (UpdateServer) needs(*Vault) []string { return nil }

func (e UpdateServer) apply(v *Vault) (Result, error) {
	s := v.Server(e.ID)
	if s == nil {
		return Result{}, notFound("server")
	}
	next := *s
	serverUpdate.apply(&e, &next)
	if e.WHM != nil { // the stored WHM's members this version does not know stay
		next.WHM.Extra = s.WHM.Extra.clone()
		whmFields.dropKnown(&next.WHM.Extra)
	}
	if err := next.validate(); err != nil {
		return Result{}, err
	}
	*s = next
	v.touch(ChunkMeta)
	return Result{ID: s.ID}, nil
}

// DeleteServer removes a server and every account stored with it.
type DeleteServer struct{ ID string }

func (DeleteServer) needs(*Vault) []string { return nil }

func (e DeleteServer) apply(v *Vault) (Result, error) {
	i := slices.IndexFunc(v.Servers, func(s Server) bool { return s.ID == e.ID })
	if i < 0 {
		return Result{}, notFound("server")
	}
	for _, p := range v.Servers[i].Pages {
		v.drop(PagePrefix + p.ID)
	}
	v.Servers = slices.Delete(v.Servers, i, i+1)
	v.touch(ChunkMeta)
	return Result{ID: e.ID}, nil
}

// ---- Accounts

// AddAccount adds an account to a server, after its others; it gets a new
// id. A user name the server already has is refused.
type AddAccount struct {
	ServerID string
	Account  Account
}

func (e AddAccount) needs(v *Vault) []string {
	if s := v.Server(e.ServerID); s != nil {
		return unloadedPages(s) // every page: the user name must be new
	}
	return nil
}

func (e AddAccount) apply(v *Vault) (Result, error) {
	s := v.Server(e.ServerID)
	if s == nil {
		return Result{}, notFound("server")
	}
	a := e.Account
	a.ID, a.Extra, a.Missing = v.newID("a"), nil, false
	if err := a.validate(); err != nil {
		return Result{}, err
	}
	if userTaken(s, a.User, "") {
		return Result{}, &Error{Code: CodeDuplicate, Field: "user", Message: "This server already has an account " + a.User + "."}
	}
	if n := len(s.Pages); n == 0 || s.Pages[n-1].Rows() >= PageRows {
		s.Pages = append(s.Pages, Page{ID: v.newID("p"), Loaded: true, Accounts: []Account{}})
	}
	p := &s.Pages[len(s.Pages)-1]
	p.Accounts = append(p.Accounts, a)
	v.touch(PagePrefix + p.ID)
	v.touch(ChunkMeta)
	return Result{ID: a.ID}, nil
}

func userTaken(s *Server, user, except string) bool {
	taken := false
	s.Accounts(func(a *Account) bool {
		taken = a.User == user && a.ID != except
		return !taken
	})
	return taken
}

// UpdateAccount sets the fields it carries (nil: unchanged) of an account.
// Page is where the sender saw it (a hint: any page of the server is looked
// at when it is not there). TOTP set with a nil *TOTP removes the 2FA secret.
type UpdateAccount struct {
	ServerID, ID, Page string
	User, Domain       *string
	Password, APIToken *string
	TOTP               **TOTP
	Mailboxes          *[]Mailbox
	Favourite          *string
}

func (e UpdateAccount) needs(v *Vault) []string {
	return accountNeeds(v, e.ServerID, e.ID, e.Page, e.User != nil)
}

// accountNeeds: the page hint first; the server's other pages when the
// account is not there; every page when a user name must be checked.
func accountNeeds(v *Vault, serverID, id, hint string, everyPage bool) []string {
	s := v.Server(serverID)
	if s == nil {
		return nil
	}
	if everyPage {
		return unloadedPages(s)
	}
	if p, _ := s.find(id); p != nil {
		return nil
	}
	for _, p := range s.Pages {
		if p.ID == hint && !p.Loaded {
			return []string{PagePrefix + p.ID}
		}
	}
	return unloadedPages(s)
}

func (e UpdateAccount) apply(v *Vault) (Result, error) {
	s, p, a, err := v.account(e.ServerID, e.ID)
	if err != nil {
		return Result{}, err
	}
	next := *a
	accountUpdate.apply(&e, &next)
	if err := next.validate(); err != nil {
		return Result{}, err
	}
	if e.User != nil && *e.User != a.User && userTaken(s, *e.User, a.ID) {
		return Result{}, &Error{Code: CodeDuplicate, Field: "user", Message: "This server already has an account " + *e.User + "."}
	}
	*a = next
	v.touch(PagePrefix + p.ID)
	if e.Mailboxes != nil {
		v.touch(ChunkMeta) // the page's row count
	}
	return Result{ID: a.ID}, nil
}

// account returns the server, the page and the loaded account with those
// ids, or not-found.
func (v *Vault) account(serverID, id string) (*Server, *Page, *Account, error) {
	s := v.Server(serverID)
	if s == nil {
		return nil, nil, nil, notFound("server")
	}
	p, a := s.find(id)
	if a == nil {
		return nil, nil, nil, notFound("account")
	}
	return s, p, a, nil
}

// DeleteAccount removes an account (Page: where the sender saw it).
type DeleteAccount struct{ ServerID, ID, Page string }

func (e DeleteAccount) needs(v *Vault) []string {
	return accountNeeds(v, e.ServerID, e.ID, e.Page, false)
}

func (e DeleteAccount) apply(v *Vault) (Result, error) {
	s, p, _, err := v.account(e.ServerID, e.ID)
	if err != nil {
		return Result{}, err
	}
	i := slices.IndexFunc(p.Accounts, func(x Account) bool { return x.ID == e.ID })
	p.Accounts = slices.Delete(p.Accounts, i, i+1)
	if len(p.Accounts) == 0 {
		id := p.ID
		v.drop(PagePrefix + id)
		s.Pages = slices.DeleteFunc(s.Pages, func(p Page) bool { return p.ID == id })
	} else {
		v.touch(PagePrefix + p.ID)
	}
	v.touch(ChunkMeta)
	return Result{ID: e.ID}, nil
}

// ---- Authenticators

// AddAuthenticators adds standalone authenticators; each gets a new id.
type AddAuthenticators struct{ Authenticators []Authenticator }

func (e AddAuthenticators) needs(v *Vault) []string {
	if !v.authLoaded {
		return []string{ChunkAuthenticators}
	}
	return nil
}

func (e AddAuthenticators) apply(v *Vault) (Result, error) {
	added := make([]Authenticator, len(e.Authenticators))
	ids := make([]string, len(e.Authenticators))
	for i, a := range e.Authenticators {
		a.ID, a.Extra = v.newID("t"), nil
		if err := a.validate(); err != nil {
			return Result{}, err
		}
		added[i], ids[i] = a, a.ID
	}
	v.Authenticators = append(v.Authenticators, added...)
	v.touch(ChunkAuthenticators)
	return Result{IDs: ids}, nil
}

// DeleteAuthenticator removes one.
type DeleteAuthenticator struct{ ID string }

func (e DeleteAuthenticator) needs(v *Vault) []string { return AddAuthenticators{}.needs(v) }

func (e DeleteAuthenticator) apply(v *Vault) (Result, error) {
	i := slices.IndexFunc(v.Authenticators, func(a Authenticator) bool { return a.ID == e.ID })
	if i < 0 {
		return Result{}, notFound("authenticator")
	}
	v.Authenticators = slices.Delete(v.Authenticators, i, i+1)
	v.touch(ChunkAuthenticators)
	return Result{ID: e.ID}, nil
}

// ---- History

// AppendHistory puts an entry first and keeps the newest MaxHistory. The
// values of arguments Policy.SecretArg names are not stored (their indexes
// go to Withheld). An entry without an id gets one.
type AppendHistory struct{ Entry HistoryEntry }

func (e AppendHistory) needs(v *Vault) []string {
	if !v.historyLoaded {
		return []string{ChunkHistory}
	}
	return nil
}

func (e AppendHistory) apply(v *Vault) (Result, error) {
	h := e.Entry
	if h.ID == "" {
		h.ID = v.newID("h")
	}
	h.Form.Args = slices.Clone(h.Form.Args)
	h.Form.Withheld = slices.Clone(h.Form.Withheld)
	if secret := v.Policy.SecretArg; secret != nil {
		for i := range h.Form.Args {
			if secret(h.Form.Args[i][0]) && h.Form.Args[i][1] != "" {
				h.Form.Args[i][1] = ""
				if !slices.Contains(h.Form.Withheld, i) {
					h.Form.Withheld = append(h.Form.Withheld, i)
				}
			}
		}
		slices.Sort(h.Form.Withheld)
	}
	if err := h.validate(); err != nil {
		return Result{}, err
	}
	out := make([]HistoryEntry, 0, min(len(v.History)+1, MaxHistory))
	out = append(out, h)
	for _, x := range v.History {
		if len(out) == MaxHistory {
			break
		}
		if x.ID != h.ID {
			out = append(out, x)
		}
	}
	v.History = out
	v.touch(ChunkHistory)
	return Result{ID: h.ID}, nil
}

// ClearHistory removes every history entry.
type ClearHistory struct{}

func (ClearHistory) needs(v *Vault) []string { return AppendHistory{}.needs(v) }

func (ClearHistory) apply(v *Vault) (Result, error) {
	v.History = []HistoryEntry{}
	v.touch(ChunkHistory)
	return Result{}, nil
}

// ---- Settings

// SetSettings sets the auto-lock delay.
type SetSettings struct{ AutoLockMinutes int }

func (SetSettings) needs(*Vault) []string { return nil }

func (e SetSettings) apply(v *Vault) (Result, error) {
	if e.AutoLockMinutes < MinAutoLockMinutes || e.AutoLockMinutes > MaxAutoLockMinutes {
		return Result{}, invalid("autoLockMinutes", "Auto-lock: type a whole number of minutes from 1 to 1440.")
	}
	v.Settings.AutoLockMinutes = e.AutoLockMinutes
	v.Settings.Extra.drop("autoLockMinutes")
	v.touch(ChunkMeta)
	return Result{}, nil
}

// ---- The whole vault

// Replace puts another vault's servers, accounts, authenticators and history
// in place of this one's (an export imported into an unlocked vault); the
// settings stay this browser's. Other must be loaded in full. What it replaces
// is what the user chose to replace by importing: the pages say so first.
type Replace struct{ Other *Vault }

func (Replace) needs(*Vault) []string { return nil }

func (e Replace) apply(v *Vault) (Result, error) {
	o := e.Other
	if o == nil || !o.Loaded() {
		return Result{}, &Error{Code: CodeBadEdit, Message: "The vault to import is not loaded in full."}
	}
	for i := range v.Servers {
		for _, p := range v.Servers[i].Pages {
			v.drop(PagePrefix + p.ID)
		}
	}
	settings := v.Settings
	policy, newID, changed := v.Policy, v.newID, v.changed
	*v = *o
	v.Settings, v.Policy, v.newID, v.changed = settings, policy, newID, changed
	for _, id := range v.ChunkIDs() {
		v.touch(id)
	}
	return Result{}, nil
}

// ---- Merging WHM's account list

// Listed is one account of WHM's listaccts, as the engine read it.
type Listed struct {
	User, Domain, Owner string
	Suspended           bool
}

// MergeAccounts merges WHM's account list into a server's accounts. Server
// facts come from WHM (user, domain, owner, suspended); what the user saved
// (id, password, API token, 2FA, mailboxes, members this version does not
// know) stays with the stored account of the same user, which loses its
// Missing mark. Accounts come in WHM's order; a new one gets a new id and no
// credentials. A stored account WHM no longer lists is dropped unless it holds
// saved credentials: then it stays after the listed ones, Missing, so nothing
// the user typed disappears. Rows without a user, and a user's rows after its
// first, are ignored. Of stored accounts with the same user the last counts,
// in the place of the first. The server's pages are written anew.
type MergeAccounts struct {
	ServerID string
	Listed   []Listed
	At       int64 // when WHM answered (ms since the epoch)
}

func (e MergeAccounts) needs(v *Vault) []string {
	if s := v.Server(e.ServerID); s != nil {
		return unloadedPages(s)
	}
	return nil
}

func (e MergeAccounts) apply(v *Vault) (Result, error) {
	s := v.Server(e.ServerID)
	if s == nil {
		return Result{}, notFound("server")
	}
	byUser := map[string]int{}
	var stored []Account
	s.Accounts(func(a *Account) bool {
		if i, ok := byUser[a.User]; ok && a.User != "" {
			stored[i] = *a
			return true
		}
		byUser[a.User] = len(stored)
		stored = append(stored, *a)
		return true
	})
	used := make([]bool, len(stored))
	out := make([]Account, 0, len(e.Listed)+len(stored))
	seen := map[string]bool{}
	for _, l := range e.Listed {
		if l.User == "" || seen[l.User] {
			continue
		}
		seen[l.User] = true
		var a Account
		if i, ok := byUser[l.User]; ok {
			a, used[i] = stored[i], true
			a.Missing = false
			a.Extra = a.Extra.clone()
			a.Extra.drop("missing")
		} else {
			a = Account{ID: v.newID("a"), Mailboxes: []Mailbox{}}
		}
		a.User, a.Domain, a.Owner, a.Suspended = l.User, l.Domain, l.Owner, l.Suspended
		listedFields.dropKnown(&a.Extra)
		out = append(out, a)
	}
	count := len(out)
	for i, a := range stored {
		if !used[i] && a.saved() {
			a.Missing = true
			a.Extra = a.Extra.clone()
			a.Extra.drop("missing")
			out = append(out, a)
		}
	}
	for _, p := range s.Pages {
		v.drop(PagePrefix + p.ID)
	}
	s.Pages = v.paginate(out)
	for _, p := range s.Pages {
		v.touch(PagePrefix + p.ID)
	}
	s.AccountsFetchedAt = e.At
	s.Extra.drop("accountsFetchedAt")
	v.touch(ChunkMeta)
	return Result{Count: count}, nil
}

// saved reports whether an account holds something the user saved.
func (a *Account) saved() bool {
	return a.Password != "" || a.APIToken != "" || a.TOTP != nil || len(a.Mailboxes) > 0 ||
		a.Extra.has("password") || a.Extra.has("apiToken") || a.Extra.has("totp") || a.Extra.has("mailboxes")
}
