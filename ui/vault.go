package ui

import "encoding/json"

// Vault is the decrypted vault document (docs/architecture.md, "The vault
// document"). The pages decode it to display it; they never write it back
// from these structs wholesale, so fields this type does not know survive
// (see Patch).
type Vault struct {
	Version        int               `json:"version"`
	Servers        []Server          `json:"servers"`
	Authenticators []Authenticator   `json:"authenticators"`
	History        []json.RawMessage `json:"history"`
}

// Server is one cPanel & WHM server.
type Server struct {
	ID                string    `json:"id"`
	Name              string    `json:"name"`
	Address           string    `json:"address"`
	BaseURL           string    `json:"baseURL"`
	WHM               WHM       `json:"whm"`
	Accounts          []Account `json:"accounts"`
	AccountsFetchedAt int64     `json:"accountsFetchedAt"`
}

// WHM holds the server's WHM credentials; any of them may be empty.
type WHM struct {
	User       string `json:"user"`
	Token      string `json:"token"`
	Password   string `json:"password"`
	AccessHash string `json:"accessHash"`
	TOTP       *TOTP  `json:"totp"`
}

// Account is one cPanel account on a server.
type Account struct {
	ID        string    `json:"id"`
	User      string    `json:"user"`
	Domain    string    `json:"domain"`
	Owner     string    `json:"owner"`
	Suspended bool      `json:"suspended"`
	Missing   bool      `json:"missing"` // gone from WHM's list but kept for its saved credentials
	Password  string    `json:"password"`
	APIToken  string    `json:"apiToken"`
	TOTP      *TOTP     `json:"totp"`
	Mailboxes []Mailbox `json:"mailboxes"`
}

// Mailbox is a Webmail login of an account.
type Mailbox struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// TOTP is a stored two-factor secret with its parameters (zero values are
// cPanel's: SHA1, 6 digits, 30 s).
type TOTP struct {
	Secret    string `json:"secret"`
	Algorithm string `json:"algorithm,omitempty"`
	Digits    int    `json:"digits,omitempty"`
	Period    int    `json:"period,omitempty"`
}

// Authenticator is a standalone TOTP entry (not tied to a server).
type Authenticator struct {
	ID        string `json:"id"`
	Issuer    string `json:"issuer"`
	Account   string `json:"account"`
	Secret    string `json:"secret"`
	Algorithm string `json:"algorithm,omitempty"`
	Digits    int    `json:"digits,omitempty"`
	Period    int    `json:"period,omitempty"`
}

// DecodeVault parses the JSON text of a vault document.
func DecodeVault(text string) (*Vault, error) {
	var v Vault
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return nil, err
	}
	return &v, nil
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

// Account returns the account with that id, or nil.
func (s *Server) Account(id string) *Account {
	for i := range s.Accounts {
		if s.Accounts[i].ID == id {
			return &s.Accounts[i]
		}
	}
	return nil
}
