package ui

import (
	"strconv"

	"github.com/panelkey/panelkey/jsonscan"
)

// Vault is the decrypted vault document (docs/architecture.md, "The vault
// document"). The pages decode it to display it; they never write it back
// from these structs wholesale, so fields this type does not know survive:
// writes patch the document as stored.
type Vault struct {
	Version        int             `json:"version"`
	Servers        []Server        `json:"servers"`
	Authenticators []Authenticator `json:"authenticators"`
	History        []RawJSON       `json:"history"` // apiconsole.DecodeHistory reads them
}

// RawJSON is the text of a JSON value, kept as it is in the document. It
// is what json.RawMessage is, without needing encoding/json: the popup's
// wasm does not link it (see DecodeVault). Natively encoding/json reads and
// writes it as raw JSON through its methods.
type RawJSON string

// MarshalJSON returns the text ("null" when empty).
func (m RawJSON) MarshalJSON() ([]byte, error) {
	if m == "" {
		return []byte("null"), nil
	}
	return []byte(m), nil
}

// UnmarshalJSON keeps a copy of the text.
func (m *RawJSON) UnmarshalJSON(text []byte) error {
	*m = RawJSON(text)
	return nil
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
//
// It decodes by hand on jsonscan rather than with encoding/json, which
// would add about 0.6 MB to the popup's wasm and takes about a second there
// on a 100,000-account document. It decodes what encoding/json.Unmarshal
// would, with these differences, none of which the document our JavaScript
// writes (JSON.stringify of the worker's objects) can show:
//   - keys match exactly (encoding/json also takes "ID" or "Id" for "id");
//   - a repeated key's value replaces the earlier one's entirely
//     (encoding/json decodes the second into what the first left);
//   - the first wrong type ends the decoding, and the error names where it
//     is: "vault document: servers[2].accounts[5].totp.digits: expects an
//     integer, got string". Errors never quote the document's text.
//
// As with encoding/json: unknown keys are ignored; null leaves a string,
// number, bool or struct as it was and makes a pointer or a slice nil; an
// empty array is an empty, non-nil slice; strings are decoded the same way
// (invalid UTF-8 and lone surrogates become U+FFFD); a document that is
// null is an empty Vault.
//
// Strings without escapes share text's memory (jsonscan returns them as
// substrings), so the Vault keeps text alive.
func DecodeVault(text string) (*Vault, error) {
	r := jsonscan.NewReader(text)
	var v Vault
	err := decodeVault(r, &v)
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return nil, vaultError{err}
	}
	return &v, nil
}

// pathError is an error where it happened in the document: path is
// "servers[2].accounts[5].totp.digits" (key names are the decoder's own,
// never the document's).
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// atKey puts err under the member key (nil stays nil).
func atKey(err error, key string) error {
	if err == nil {
		return nil
	}
	return at(err, key)
}

// atIndex puts err under the element i (nil stays nil).
func atIndex(err error, i int) error {
	if err == nil {
		return nil
	}
	return at(err, "["+strconv.Itoa(i)+"]")
}

func at(err error, step string) error {
	e, ok := err.(*pathError)
	switch {
	case !ok:
		return &pathError{step, err}
	case e.path[0] == '[':
		return &pathError{step + e.path, e.err}
	}
	return &pathError{step + "." + e.path, e.err}
}

// vaultError is DecodeVault's error: "vault document: " and where.
type vaultError struct{ err error }

func (e vaultError) Error() string { return "vault document: " + e.err.Error() }
func (e vaultError) Unwrap() error { return e.err }

func decodeVault(r *jsonscan.Reader, v *Vault) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "version":
			return decodeInt(r, &v.Version)
		case "servers":
			return decodeList(r, &v.Servers, decodeServer)
		case "authenticators":
			return decodeList(r, &v.Authenticators, decodeAuthenticator)
		case "history":
			return decodeList(r, &v.History, decodeRaw)
		}
		return nil
	})
}

func decodeServer(r *jsonscan.Reader, s *Server) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "id":
			return decodeValue(r, &s.ID, r.String)
		case "name":
			return decodeValue(r, &s.Name, r.String)
		case "address":
			return decodeValue(r, &s.Address, r.String)
		case "baseURL":
			return decodeValue(r, &s.BaseURL, r.String)
		case "whm":
			return decodeWHM(r, &s.WHM)
		case "accounts":
			return decodeList(r, &s.Accounts, decodeAccount)
		case "accountsFetchedAt":
			return decodeValue(r, &s.AccountsFetchedAt, r.Int)
		}
		return nil
	})
}

func decodeWHM(r *jsonscan.Reader, w *WHM) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "user":
			return decodeValue(r, &w.User, r.String)
		case "token":
			return decodeValue(r, &w.Token, r.String)
		case "password":
			return decodeValue(r, &w.Password, r.String)
		case "accessHash":
			return decodeValue(r, &w.AccessHash, r.String)
		case "totp":
			return decodeTOTP(r, &w.TOTP)
		}
		return nil
	})
}

func decodeAccount(r *jsonscan.Reader, a *Account) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "id":
			return decodeValue(r, &a.ID, r.String)
		case "user":
			return decodeValue(r, &a.User, r.String)
		case "domain":
			return decodeValue(r, &a.Domain, r.String)
		case "owner":
			return decodeValue(r, &a.Owner, r.String)
		case "suspended":
			return decodeValue(r, &a.Suspended, r.Bool)
		case "missing":
			return decodeValue(r, &a.Missing, r.Bool)
		case "password":
			return decodeValue(r, &a.Password, r.String)
		case "apiToken":
			return decodeValue(r, &a.APIToken, r.String)
		case "totp":
			return decodeTOTP(r, &a.TOTP)
		case "mailboxes":
			return decodeList(r, &a.Mailboxes, decodeMailbox)
		}
		return nil
	})
}

func decodeMailbox(r *jsonscan.Reader, m *Mailbox) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "email":
			return decodeValue(r, &m.Email, r.String)
		case "password":
			return decodeValue(r, &m.Password, r.String)
		}
		return nil
	})
}

// decodeTOTP reads a *TOTP: nil for null, else a new TOTP.
func decodeTOTP(r *jsonscan.Reader, p **TOTP) error {
	if r.Null() {
		*p = nil
		return nil
	}
	t := new(TOTP)
	err := decodeObject(r, func(key string) error {
		switch key {
		case "secret":
			return decodeValue(r, &t.Secret, r.String)
		case "algorithm":
			return decodeValue(r, &t.Algorithm, r.String)
		case "digits":
			return decodeInt(r, &t.Digits)
		case "period":
			return decodeInt(r, &t.Period)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*p = t
	return nil
}

func decodeAuthenticator(r *jsonscan.Reader, a *Authenticator) error {
	return decodeObject(r, func(key string) error {
		switch key {
		case "id":
			return decodeValue(r, &a.ID, r.String)
		case "issuer":
			return decodeValue(r, &a.Issuer, r.String)
		case "account":
			return decodeValue(r, &a.Account, r.String)
		case "secret":
			return decodeValue(r, &a.Secret, r.String)
		case "algorithm":
			return decodeValue(r, &a.Algorithm, r.String)
		case "digits":
			return decodeInt(r, &a.Digits)
		case "period":
			return decodeInt(r, &a.Period)
		}
		return nil
	})
}

// decodeObject reads an object into a struct with member, which reads the
// values of the keys it knows (the others are skipped) and whose errors are
// put under their key. null leaves the struct as it was.
func decodeObject(r *jsonscan.Reader, member func(key string) error) error {
	if r.Null() {
		return nil
	}
	return r.Object(func(key string) error { return atKey(member(key), key) })
}

// decodeList reads an array into a new slice (nil for null, empty and not
// nil for []), each element with decode.
func decodeList[T any](r *jsonscan.Reader, p *[]T, decode func(*jsonscan.Reader, *T) error) error {
	if r.Null() {
		*p = nil
		return nil
	}
	out := []T{}
	err := r.Array(func(i int) error {
		var zero T
		out = append(out, zero)
		return atIndex(decode(r, &out[i]), i)
	})
	if err != nil {
		return err
	}
	*p = out
	return nil
}

// decodeValue reads a string, bool or number into *p with read (a Reader's
// method); null leaves *p as it was.
func decodeValue[T any](r *jsonscan.Reader, p *T, read func() (T, error)) error {
	if r.Null() {
		return nil
	}
	v, err := read()
	if err == nil {
		*p = v
	}
	return err
}

func decodeInt(r *jsonscan.Reader, p *int) error {
	n := int64(*p)
	if err := decodeValue(r, &n, r.Int); err != nil {
		return err
	}
	if int64(int(n)) != n { // only where int has 32 bits
		return &jsonscan.TypeError{Want: "an integer", Got: "number out of int range"}
	}
	*p = int(n)
	return nil
}

func decodeRaw(r *jsonscan.Reader, p *RawJSON) error {
	text, err := r.Raw()
	*p = RawJSON(text)
	return err
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
