package vault

import (
	"strconv"

	"github.com/panelkey/panelkey/jsonscan"
)

// A decodeError says where in a chunk or document decoding failed: path is
// "servers[2].accounts[5]" in the decoder's own names, never the text's.
type decodeError struct {
	path string
	err  error
}

func (e *decodeError) Error() string { return e.path + ": " + e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

func at(err error, step string) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*decodeError)
	switch {
	case !ok:
		return &decodeError{step, err}
	case e.path != "" && e.path[0] == '[':
		return &decodeError{step + e.path, e.err}
	}
	return &decodeError{step + "." + e.path, e.err}
}

func atIndex(err error, i int) error {
	if err == nil {
		return nil
	}
	return at(err, "["+strconv.Itoa(i)+"]")
}

// field is the member being read by an object decoder.
type field struct {
	r     *jsonscan.Reader
	key   string
	extra *Extra
	kept  bool
}

// readObject reads an object (null reads as nothing) member by member: member
// reads the values of the keys it knows with f's methods, which keep a value
// of an unexpected type in extra; keep keeps an unknown key's.
func readObject(r *jsonscan.Reader, extra *Extra, member func(f *field) error) error {
	if r.Null() {
		return nil
	}
	f := field{r: r, extra: extra}
	return r.Object(func(key string) error {
		f.key, f.kept = key, false
		if err := member(&f); err != nil {
			return at(err, key)
		}
		if !f.kept && len(*extra) > 0 {
			extra.drop(key) // a repeated key: the last value counts
		}
		return nil
	})
}

// keep stores the value as it is, in Extra.
func (f *field) keep() error {
	raw, err := f.r.Raw()
	if err == nil {
		f.extra.set(f.key, raw)
		f.kept = true
	}
	return err
}

func (f *field) str(p *string) error {
	switch f.r.Kind() {
	case jsonscan.String:
		s, err := f.r.String()
		*p = s
		return err
	case jsonscan.Null:
		f.r.Null()
		*p = ""
		return nil
	}
	return f.keep()
}

func (f *field) boolean(p *bool) error {
	switch f.r.Kind() {
	case jsonscan.Bool:
		b, err := f.r.Bool()
		*p = b
		return err
	case jsonscan.Null:
		f.r.Null()
		*p = false
		return nil
	}
	return f.keep()
}

func (f *field) int64(p *int64) error {
	switch f.r.Kind() {
	case jsonscan.Number:
		raw, err := f.r.Raw()
		if err != nil {
			return err
		}
		n, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil { // a fraction, an exponent, out of range: kept as written
			f.extra.set(f.key, raw)
			f.kept = true
			return nil
		}
		*p = n
		return nil
	case jsonscan.Null:
		f.r.Null()
		*p = 0
		return nil
	}
	return f.keep()
}

func (f *field) int(p *int) error {
	n := int64(*p)
	err := f.int64(&n)
	if int64(int(n)) != n { // only where int has 32 bits
		return &jsonscan.TypeError{Want: "an integer", Got: "number out of int range"}
	}
	*p = int(n)
	return err
}

// strings reads an array of strings, or keeps any other value as written.
func (f *field) strings(p *[]string) error {
	if f.r.Kind() != jsonscan.Array {
		if f.r.Null() {
			*p = nil
			return nil
		}
		return f.keep()
	}
	raw, err := f.r.Raw()
	if err != nil {
		return err
	}
	var out []string
	sub := jsonscan.NewReader(raw)
	err = sub.Array(func(int) error {
		if sub.Kind() != jsonscan.String {
			return &jsonscan.TypeError{Want: "a string", Got: sub.Kind().String()}
		}
		s, err := sub.String()
		out = append(out, s)
		return err
	})
	if err != nil { // not a list of strings: kept as written
		f.extra.set(f.key, raw)
		f.kept = true
		return nil
	}
	*p = out
	return nil
}

// object reads a nested object with decode, or keeps another kind.
func (f *field) object(decode func(r *jsonscan.Reader) error) error {
	switch f.r.Kind() {
	case jsonscan.Object, jsonscan.Null:
		return decode(f.r)
	}
	return f.keep()
}

// list reads an array of objects into a new slice with decode (null: nil);
// another kind is kept. An element that is not an object (or null) is kept
// as it is, as an element whose Extra holds only its text (see rawElement),
// in the lists of the vault's own records; elsewhere it fails.
func list[T any](f *field, p *[]T, decode func(r *jsonscan.Reader, t *T) error) error {
	switch f.r.Kind() {
	case jsonscan.Null:
		f.r.Null()
		*p = nil
		return nil
	case jsonscan.Array:
	default:
		return f.keep()
	}
	return readList(f.r, p, decode)
}

func readList[T any](r *jsonscan.Reader, p *[]T, decode func(r *jsonscan.Reader, t *T) error) error {
	out := []T{}
	err := r.Array(func(i int) error {
		var zero T
		out = append(out, zero)
		if k := r.Kind(); k != jsonscan.Object && k != jsonscan.Null {
			keeper, ok := any(&out[i]).(rawKeeper)
			if !ok {
				return atIndex(&jsonscan.TypeError{Want: "an object", Got: k.String()}, i)
			}
			raw, err := r.Raw()
			*keeper.extra() = Extra{{rawElement, raw}}
			return err
		}
		return atIndex(decode(r, &out[i]), i)
	})
	if err != nil {
		return err
	}
	*p = out
	return nil
}

// small reads a value into *p with parse from its own text, or keeps it as
// written when parse fails: for small members (a history form's args) whose
// elements can be of any kind.
func small[T any](f *field, p *T, parse func(r *jsonscan.Reader) (T, error)) error {
	if f.r.Null() {
		var zero T
		*p = zero
		return nil
	}
	raw, err := f.r.Raw()
	if err != nil {
		return err
	}
	sub := jsonscan.NewReader(raw)
	v, perr := parse(sub)
	if perr == nil {
		perr = sub.End()
	}
	if perr != nil {
		f.extra.set(f.key, raw)
		f.kept = true
		return nil
	}
	*p = v
	return nil
}

func decodeSettings(r *jsonscan.Reader, s *Settings) error {
	return readObject(r, &s.Extra, func(f *field) error {
		if f.key == "autoLockMinutes" {
			return f.int(&s.AutoLockMinutes)
		}
		return f.keep()
	})
}

// decodeServer reads a server's members; accounts (the document's form) or
// pages (the meta chunk's) are read by the caller's accounts function.
func decodeServer(r *jsonscan.Reader, s *Server, accounts func(f *field) error) error {
	return readObject(r, &s.Extra, func(f *field) error {
		switch f.key {
		case "id":
			return f.str(&s.ID)
		case "name":
			return f.str(&s.Name)
		case "address":
			return f.str(&s.Address)
		case "baseURL":
			return f.str(&s.BaseURL)
		case "tags":
			return f.strings(&s.Tags)
		case "whm":
			return f.object(func(r *jsonscan.Reader) error { return decodeWHM(r, &s.WHM) })
		case "accountsFetchedAt":
			return f.int64(&s.AccountsFetchedAt)
		case accountsKey, pagesKey:
			if accounts != nil {
				return accounts(f)
			}
		}
		return f.keep()
	})
}

const (
	accountsKey = "accounts"
	pagesKey    = "pages"
)

func decodeWHM(r *jsonscan.Reader, w *WHM) error {
	if r.Null() {
		*w = WHM{}
		return nil
	}
	return readObject(r, &w.Extra, func(f *field) error {
		switch f.key {
		case "user":
			return f.str(&w.User)
		case "token":
			return f.str(&w.Token)
		case "password":
			return f.str(&w.Password)
		case "accessHash":
			return f.str(&w.AccessHash)
		case "totp":
			return f.object(func(r *jsonscan.Reader) error { return decodeTOTP(r, &w.TOTP) })
		}
		return f.keep()
	})
}

func decodeAccount(r *jsonscan.Reader, a *Account) error {
	return readObject(r, &a.Extra, func(f *field) error {
		switch f.key {
		case "id":
			return f.str(&a.ID)
		case "user":
			return f.str(&a.User)
		case "domain":
			return f.str(&a.Domain)
		case "owner":
			return f.str(&a.Owner)
		case "suspended":
			return f.boolean(&a.Suspended)
		case "missing":
			return f.boolean(&a.Missing)
		case "password":
			return f.str(&a.Password)
		case "apiToken":
			return f.str(&a.APIToken)
		case "totp":
			return f.object(func(r *jsonscan.Reader) error { return decodeTOTP(r, &a.TOTP) })
		case "mailboxes":
			return list(f, &a.Mailboxes, decodeMailbox)
		case "favourite":
			return f.str(&a.Favourite)
		}
		return f.keep()
	})
}

func decodeMailbox(r *jsonscan.Reader, m *Mailbox) error {
	return readObject(r, &m.Extra, func(f *field) error {
		switch f.key {
		case "email":
			return f.str(&m.Email)
		case "password":
			return f.str(&m.Password)
		}
		return f.keep()
	})
}

// decodeTOTP reads a *TOTP: nil for null, else a new TOTP.
func decodeTOTP(r *jsonscan.Reader, p **TOTP) error {
	if r.Null() {
		*p = nil
		return nil
	}
	t := new(TOTP)
	err := readObject(r, &t.Extra, func(f *field) error {
		switch f.key {
		case "secret":
			return f.str(&t.Secret)
		case "algorithm":
			return f.str(&t.Algorithm)
		case "digits":
			return f.int(&t.Digits)
		case "period":
			return f.int(&t.Period)
		}
		return f.keep()
	})
	if err != nil {
		return err
	}
	*p = t
	return nil
}

func decodeAuthenticator(r *jsonscan.Reader, a *Authenticator) error {
	return readObject(r, &a.Extra, func(f *field) error {
		switch f.key {
		case "id":
			return f.str(&a.ID)
		case "issuer":
			return f.str(&a.Issuer)
		case "account":
			return f.str(&a.Account)
		case "secret":
			return f.str(&a.Secret)
		case "algorithm":
			return f.str(&a.Algorithm)
		case "digits":
			return f.int(&a.Digits)
		case "period":
			return f.int(&a.Period)
		case "type":
			return f.str(&a.Type)
		case "counter":
			return f.int64(&a.Counter)
		case "pinned":
			return f.boolean(&a.Pinned)
		}
		return f.keep()
	})
}

func decodeHistoryEntry(r *jsonscan.Reader, h *HistoryEntry) error {
	return readObject(r, &h.Extra, func(f *field) error {
		switch f.key {
		case "id":
			return f.str(&h.ID)
		case "at":
			return f.int64(&h.At)
		case "form":
			return f.object(func(r *jsonscan.Reader) error { return decodeRequest(r, &h.Form) })
		case "status":
			return f.int(&h.Status)
		case "ms":
			return f.int64(&h.MS)
		case "outcome":
			return f.str(&h.Outcome)
		}
		return f.keep()
	})
}

func decodeRequest(r *jsonscan.Reader, q *Request) error {
	return readObject(r, &q.Extra, func(f *field) error {
		switch f.key {
		case "serverId":
			return f.str(&q.ServerID)
		case "accountId":
			return f.str(&q.AccountID)
		case "service":
			return f.str(&q.Service)
		case "family":
			return f.str(&q.Family)
		case "module":
			return f.str(&q.Module)
		case "function":
			return f.str(&q.Function)
		case "args":
			return small(f, &q.Args, parseArgs)
		case "auth":
			return f.str(&q.Auth)
		case "method":
			return f.str(&q.Method)
		case "withheld":
			return small(f, &q.Withheld, parseInts)
		}
		return f.keep()
	})
}

// parseArgs reads [["name","value"], …].
func parseArgs(r *jsonscan.Reader) ([][2]string, error) {
	out := [][2]string{}
	err := r.Array(func(int) error {
		var pair [2]string
		n := 0
		err := r.Array(func(i int) error {
			if i > 1 {
				return &jsonscan.TypeError{Want: "a name and a value", Got: "more"}
			}
			s, err := r.String()
			pair[i] = s
			n++
			return err
		})
		if err == nil && n != 2 {
			err = &jsonscan.TypeError{Want: "a name and a value", Got: "fewer"}
		}
		out = append(out, pair)
		return err
	})
	return out, err
}

// parseInts reads [0, 3, …].
func parseInts(r *jsonscan.Reader) ([]int, error) {
	out := []int{}
	err := r.Array(func(int) error {
		n, err := r.Int()
		if int64(int(n)) != n {
			return &jsonscan.TypeError{Want: "an integer", Got: "number out of int range"}
		}
		out = append(out, int(n))
		return err
	})
	return out, err
}

// rawElement names the one member of an Extra that stands for a list element
// that is not an object (a hand-edited vault's): it is written back as it
// was, and reads as an empty record. JSON.parse would read a key made of one
// NUL character, but nothing writes one.
const rawElement = "\x00"

// rawKeeper is a record that can stand for a list element that is not an
// object.
type rawKeeper interface{ extra() *Extra }

func (a *Account) extra() *Extra       { return &a.Extra }
func (m *Mailbox) extra() *Extra       { return &m.Extra }
func (s *Server) extra() *Extra        { return &s.Extra }
func (a *Authenticator) extra() *Extra { return &a.Extra }
func (h *HistoryEntry) extra() *Extra  { return &h.Extra }

// Raw reports whether the record stands for a list element that is not an
// object, kept as it was read: it has no fields.
func (x Extra) Raw() bool { return len(x) == 1 && x[0].Name == rawElement }
