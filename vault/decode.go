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
// of an unexpected type in extra; keep keeps an unknown key's (extra nil:
// they are dropped).
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
		if !f.kept && extra != nil && len(*extra) > 0 {
			extra.drop(key) // a repeated key: the last value counts
		}
		return nil
	})
}

// keep stores the value as it is, in Extra.
func (f *field) keep() error {
	raw, err := f.r.Raw()
	if err == nil {
		f.keepText(raw)
	}
	return err
}

// keepText keeps raw as the member's text, in Extra (nowhere when the record
// keeps no unknown members: extra is nil).
func (f *field) keepText(raw string) {
	if f.extra != nil {
		f.extra.set(f.key, raw)
	}
	f.kept = true
}

// scalar reads a value of JSON kind k into *p with read, or else as
// nullOrKeep does.
func scalar[V any](f *field, p *V, k jsonscan.Kind, read func(f *field, p *V) error) error {
	if f.r.Kind() == k {
		return read(f, p)
	}
	return nullOrKeep(f, p)
}

// nullOrKeep reads a value not of the field's kind: null as the zero value,
// another kind kept as written.
func nullOrKeep[V any](f *field, p *V) error {
	if f.r.Null() {
		var zero V
		*p = zero
		return nil
	}
	return f.keep()
}

// str reads a string (most members are): not through scalar, to spare the
// hot path a call.
func (f *field) str(p *string) error {
	if f.r.Kind() != jsonscan.String {
		return nullOrKeep(f, p)
	}
	s, err := f.r.String()
	*p = s
	return err
}

func (f *field) boolean(p *bool) error {
	return scalar(f, p, jsonscan.Bool, func(f *field, p *bool) (err error) {
		*p, err = f.r.Bool()
		return err
	})
}

func (f *field) int64(p *int64) error {
	return scalar(f, p, jsonscan.Number, func(f *field, p *int64) error {
		n, ok, err := f.wholeNumber()
		if ok {
			*p = n
		}
		return err
	})
}

func (f *field) int(p *int) error {
	return scalar(f, p, jsonscan.Number, func(f *field, p *int) error {
		n, ok, err := f.wholeNumber()
		if ok && int64(int(n)) != n { // only where int has 32 bits
			return &jsonscan.TypeError{Want: "an integer", Got: "number out of int range"}
		}
		if ok {
			*p = int(n)
		}
		return err
	})
}

// wholeNumber reads a number; one that is not a whole number of 64 bits (a
// fraction, an exponent, out of range) is kept as written, not ok.
func (f *field) wholeNumber() (n int64, ok bool, err error) {
	raw, err := f.r.Raw()
	if err != nil {
		return 0, false, err
	}
	n, perr := strconv.ParseInt(raw, 10, 64)
	if perr != nil {
		f.keepText(raw)
		return 0, false, nil
	}
	return n, true, nil
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
		f.keepText(raw)
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
		f.keepText(raw)
		return nil
	}
	*p = v
	return nil
}

// decodeServer reads a server's members; accounts (the document's form) or
// pages (the meta chunk's) are read by the caller's nested function, which
// keeps any other member it is given (nil: all are kept).
func decodeServer(r *jsonscan.Reader, s *Server, nested func(f *field) error) error {
	return serverFields.decodeWith(r, s, &s.Extra, nested)
}

const (
	accountsKey = "accounts"
	pagesKey    = "pages"
)

// decodeWHM reads WHM credentials: none for null.
func decodeWHM(r *jsonscan.Reader, w *WHM) error {
	if r.Null() {
		*w = WHM{}
		return nil
	}
	return whmFields.decode(r, w)
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
