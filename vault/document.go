package vault

import (
	"github.com/panelkey/panelkey/jsonscan"
)

// Decode reads a vault in the document encoding: format 1's plaintext, an
// export, a test's fixture. Every chunk is loaded; the accounts are put in
// pages. Unknown members are kept (Extra). It fails on text that is not JSON
// and on a list element that is not an object, saying where, never quoting
// the text.
func Decode(text string) (*Vault, error) {
	v := newVault()
	err := v.decodeTop(text, true, func(f *field, s *Server) error {
		if f.key != accountsKey {
			return f.keep()
		}
		var accounts []Account
		err := list(f, &accounts, accountFields.decode)
		s.Pages = v.paginate(accounts)
		return err
	})
	if err != nil {
		return nil, corrupt("the vault document", err)
	}
	if v.Version == 0 {
		v.Version = 1
	}
	v.authLoaded, v.historyLoaded = true, true
	return v, nil
}

// decodeTop reads the top-level object of a document (whole: the
// authenticators and history too) or a meta chunk; accounts reads a server's
// accounts or pages member.
func (v *Vault) decodeTop(text string, whole bool, accounts func(f *field, s *Server) error) error {
	r := jsonscan.NewReader(text)
	err := readObject(r, &v.Extra, func(f *field) error {
		switch f.key {
		case "version":
			return f.int(&v.Version)
		case "settings":
			return f.object(func(r *jsonscan.Reader) error { return settingsFields.decode(r, &v.Settings) })
		case "servers":
			return list(f, &v.Servers, func(r *jsonscan.Reader, s *Server) error {
				return decodeServer(r, s, func(f *field) error { return accounts(f, s) })
			})
		case "authenticators":
			if whole {
				return list(f, &v.Authenticators, authenticatorFields.decode)
			}
		case "history":
			if whole {
				return list(f, &v.History, historyFields.decode)
			}
		}
		return f.keep()
	})
	if err == nil {
		err = r.End()
	}
	return err
}

// Document writes the whole vault in the document encoding (what Decode
// reads). Every chunk must be loaded.
func (v *Vault) Document() (string, error) {
	if !v.Loaded() {
		return "", &Error{Code: CodeNotLoaded, Message: "The vault is not loaded in full."}
	}
	w := v.openTop(func(w *objectWriter, s *Server) {
		w.value(accountsKey, func(b []byte) []byte {
			b = append(b, '[')
			n := 0
			s.Accounts(func(a *Account) bool {
				if n > 0 {
					b = append(b, ',')
				}
				n++
				b = accountFields.append(b, a)
				return true
			})
			return append(b, ']')
		})
	})
	w.value("authenticators", func(b []byte) []byte { return appendList(b, v.Authenticators, authenticatorFields.append) })
	w.value("history", func(b []byte) []byte { return appendList(b, v.History, historyFields.append) })
	return string(w.close()), nil
}

// writeVersion is the version written: this package's, or the newer one read.
func (v *Vault) writeVersion() int {
	return max(v.Version, Version)
}

// New returns an empty vault, every chunk loaded: a new user's.
func New() *Vault {
	v := newVault()
	v.Version = Version
	v.authLoaded, v.historyLoaded = true, true
	return v
}

func newVault() *Vault {
	return &Vault{Servers: []Server{}, Authenticators: []Authenticator{}, History: []HistoryEntry{}, newID: randomID}
}

// paginate puts accounts in new pages of at most PageRows rows.
func (v *Vault) paginate(accounts []Account) []Page {
	pages := []Page{}
	rows := 0
	for i := range accounts {
		if len(pages) == 0 || rows >= PageRows {
			pages = append(pages, Page{ID: v.newID("p"), Loaded: true, Accounts: make([]Account, 0, min(len(accounts)-i, PageRows))})
			rows = 0
		}
		p := &pages[len(pages)-1]
		p.Accounts = append(p.Accounts, accounts[i])
		rows += 1 + len(accounts[i].Mailboxes)
	}
	return pages
}
