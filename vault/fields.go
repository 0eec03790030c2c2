package vault

import (
	"strconv"
	"sync"

	"github.com/panelkey/panelkey/jsonscan"
)

// Each record type's members are listed once, in a table (records.go): the
// decoder looks a key up in it, the encoder writes the table in order, and an
// update edit reads, writes and applies the members it may set through the
// same entries. Adding a field to a record is one row there.
//
// No reflection: an entry reaches its field through an accessor, a function
// that takes no closure, and reads and writes it with its kind's functions.

// kind is how a value of type V is read (keeping a value of another JSON type
// in the record's Extra) and written.
type kind[V any] struct {
	read  func(f *field, p *V) error
	write func(b []byte, p *V) []byte
	// zero reports whether *p is V's empty value: a member marked omitZero
	// is left out then.
	zero func(p *V) bool
}

var (
	textKind = kind[string]{(*field).str,
		func(b []byte, p *string) []byte { return appendString(b, *p) },
		func(p *string) bool { return *p == "" }}
	boolKind = kind[bool]{(*field).boolean,
		func(b []byte, p *bool) []byte { return strconv.AppendBool(b, *p) },
		func(p *bool) bool { return !*p }}
	intKind = kind[int]{(*field).int,
		func(b []byte, p *int) []byte { return strconv.AppendInt(b, int64(*p), 10) },
		func(p *int) bool { return *p == 0 }}
	int64Kind = kind[int64]{(*field).int64,
		func(b []byte, p *int64) []byte { return strconv.AppendInt(b, *p, 10) },
		func(p *int64) bool { return *p == 0 }}
	textsKind = kind[[]string]{(*field).strings,
		func(b []byte, p *[]string) []byte {
			return appendList(b, *p, func(b []byte, t *string) []byte { return appendString(b, *t) })
		},
		func(p *[]string) bool { return len(*p) == 0 }}
)

// objectKind is a nested record read with decode and written with write.
func objectKind[V any](decode func(r *jsonscan.Reader, p *V) error, write func(b []byte, p *V) []byte) kind[V] {
	return kind[V]{
		read:  func(f *field, p *V) error { return f.object(func(r *jsonscan.Reader) error { return decode(r, p) }) },
		write: write,
	}
}

// listKind is a list of records (null reads as nil, nil writes as []).
func listKind[V any](decode func(r *jsonscan.Reader, p *V) error, write func(b []byte, p *V) []byte) kind[[]V] {
	return kind[[]V]{
		read:  func(f *field, p *[]V) error { return list(f, p, decode) },
		write: func(b []byte, p *[]V) []byte { return appendList(b, nonNil(*p), write) },
		zero:  func(p *[]V) bool { return len(*p) == 0 },
	}
}

// memberOf is the member name of a record T, its field of type V (at), of
// kind V.
type memberOf[T, V any] struct {
	name string
	at   func(t *T) *V
	kind[V]
	// omit leaves the member out of what is written when it reports true:
	// the fields written only when set, so a record stays as an older
	// version wrote it.
	omit func(t *T) bool
}

// the makes a member: the record's field at holds the member name, of kind k.
func the[T, V any](name string, k kind[V], at func(t *T) *V) *memberOf[T, V] {
	return &memberOf[T, V]{name: name, at: at, kind: k}
}

// omitZero leaves the member out when its field is empty.
func (m *memberOf[T, V]) omitZero() *memberOf[T, V] {
	return m.omitWhen(func(t *T) bool { return m.zero(m.at(t)) })
}

// omitWhen leaves the member out when omit reports true.
func (m *memberOf[T, V]) omitWhen(omit func(t *T) bool) *memberOf[T, V] {
	m.omit = omit
	return m
}

// member is a memberOf of any type V, as its record's table holds it: the
// encoder's and decoder's loops call its functions (no interface method, so
// the writer they pass stays on the stack). A text member, the most common,
// is read and written through its field (text) with one call less: these
// loops are the vault's hot path.
type member[T any] struct {
	name  string
	text  func(t *T) *string // a text member's field, else nil
	read  func(f *field, t *T) error
	write func(b []byte, t *T) []byte
	omit  func(t *T) bool
	typed any // the *memberOf[T, V]: an update's option finds it there
}

func (m *memberOf[T, V]) member() member[T] {
	at, read, write := m.at, m.kind.read, m.kind.write
	text, _ := any(at).(func(t *T) *string) // textKind is the one kind of string
	return member[T]{
		name:  m.name,
		text:  text,
		read:  func(f *field, t *T) error { return read(f, at(t)) },
		write: func(b []byte, t *T) []byte { return write(b, at(t)) },
		omit:  m.omit,
		typed: m,
	}
}

// members is a record's table: its members in the order they are written,
// and where the record keeps the members it does not know (nil: nowhere, they
// are dropped). The table is made on its first use, not at package init: a
// program that reads a few records (the worker's engine opening the meta
// chunk on a wake) neither runs nor, in wasm, compiles the making of the
// others (V8 compiles a function on its first call).
type members[T any] struct {
	once  sync.Once
	make  func() []memberMaker[T]
	names []string
	list  []member[T]
	extra func(t *T) *Extra
	// nested is where (before which member) the caller writes the records
	// the record holds (a server's accounts or pages), or -1; nestedName
	// names that member until the table is made.
	nested     int
	nestedName string
}

// memberMaker is a memberOf of any V, as a table's list holds it.
type memberMaker[T any] interface{ member() member[T] }

// record makes a record's table of the members list gives, on its first use.
func record[T any](extra func(t *T) *Extra, list func() []memberMaker[T]) *members[T] {
	return &members[T]{make: list, extra: extra, nested: -1}
}

// load makes the table, once.
func (ms *members[T]) load() *members[T] {
	ms.once.Do(func() {
		for _, x := range ms.make() {
			m := x.member()
			ms.list = append(ms.list, m)
			ms.names = append(ms.names, m.name)
		}
		if ms.nestedName != "" {
			ms.nested = ms.find(ms.nestedName, 0)
		}
	})
	return ms
}

// keys are the members' names, in order.
func (ms *members[T]) keys() []string { return ms.load().names }

// nestedBefore marks the member the caller's nested records are written
// before.
func (ms *members[T]) nestedBefore(name string) *members[T] {
	ms.nestedName = name
	return ms
}

// index is the member named key's place, or -1; the place next is tried
// first, where a record written by this encoder has it.
func (ms *members[T]) index(key string, next int) int {
	return ms.load().find(key, next)
}

// find is index in a table already made.
func (ms *members[T]) find(key string, next int) int {
	if next < len(ms.names) && ms.names[next] == key {
		return next
	}
	for i, name := range ms.names {
		if name == key {
			return i
		}
	}
	return -1
}

// decode reads a record (null: nothing) into t: the members it knows into
// their fields, others into its Extra.
func (ms *members[T]) decode(r *jsonscan.Reader, t *T) error {
	var extra *Extra
	if ms.extra != nil {
		extra = ms.extra(t)
	}
	return ms.decodeWith(r, t, extra, nil)
}

// decodeWith reads a record keeping the members it does not know in extra;
// nested (may be nil) reads those first (a server's accounts or pages).
func (ms *members[T]) decodeWith(r *jsonscan.Reader, t *T, extra *Extra, nested func(f *field) error) error {
	ms.load()
	next := 0
	return readObject(r, extra, func(f *field) error {
		i := ms.find(f.key, next)
		if i < 0 {
			if nested != nil {
				return nested(f)
			}
			return f.keep()
		}
		next = i + 1
		if m := &ms.list[i]; m.text != nil {
			return f.str(m.text(t))
		}
		return ms.list[i].read(f, t)
	})
}

// append writes t.
func (ms *members[T]) append(b []byte, t *T) []byte {
	ms.load()
	w := openObject(b, ms.extraOf(t))
	ms.writeMembers(w, t, 0, len(ms.list))
	return w.close()
}

// appendWith writes t; nested writes the records it holds.
func (ms *members[T]) appendWith(b []byte, t *T, nested func(w *objectWriter)) []byte {
	ms.load()
	w := openObject(b, ms.extraOf(t))
	ms.writeMembers(w, t, 0, ms.nested)
	nested(w)
	ms.writeMembers(w, t, ms.nested, len(ms.list))
	return w.close()
}

func (ms *members[T]) extraOf(t *T) Extra {
	if ms.extra == nil {
		return nil
	}
	return *ms.extra(t)
}

// writeMembers writes the members from i up to end.
func (ms *members[T]) writeMembers(w *objectWriter, t *T, i, end int) {
	for ; i < end; i++ {
		m := &ms.list[i]
		switch {
		case m.omit != nil && m.omit(t) || !w.key(m.name):
		case m.text != nil:
			w.b = appendString(w.b, *m.text(t))
		default:
			w.b = m.write(w.b, t)
		}
	}
}

// option is a member of a record T that an update edit E may set: E holds a
// pointer to the new value, nil when the edit leaves the field as it is.
type option[E, T any] interface {
	key() string
	read(f *field, e *E) error
	write(w *objectWriter, e *E)
	// apply sets the record's field when E sets it, and forgets a value of
	// the member kept in Extra (it is written from the field again).
	apply(e *E, t *T, extra *Extra)
}

type optionOf[E, T, V any] struct {
	*memberOf[T, V]
	in func(e *E) **V
}

// set is the option of E setting the member of T named name (in T's table).
func set[E, T, V any](ms *members[T], name string, in func(e *E) **V) option[E, T] {
	i := ms.index(name, 0) // makes the table first
	return optionOf[E, T, V]{ms.list[i].typed.(*memberOf[T, V]), in}
}

func (o optionOf[E, T, V]) key() string { return o.name }

func (o optionOf[E, T, V]) read(f *field, e *E) error {
	p := new(V)
	*o.in(e) = p
	return o.kind.read(f, p)
}

func (o optionOf[E, T, V]) write(w *objectWriter, e *E) {
	if p := *o.in(e); p != nil && w.key(o.name) {
		w.b = o.kind.write(w.b, p)
	}
}

func (o optionOf[E, T, V]) apply(e *E, t *T, extra *Extra) {
	if p := *o.in(e); p != nil {
		*o.at(t) = *p
		extra.drop(o.name)
	}
}

// options are the members of T an update edit E may set, in the order it
// writes them; made on first use, as a record's table is.
type options[E, T any] struct {
	record *members[T]
	once   sync.Once
	make   func() []option[E, T]
	list   []option[E, T]
}

func update[E, T any](record *members[T], list func() []option[E, T]) *options[E, T] {
	return &options[E, T]{record: record, make: list}
}

// options is the list, made once.
func (os *options[E, T]) options() []option[E, T] {
	os.once.Do(func() { os.list = os.make() })
	return os.list
}

// decode reads an update's "set" object: every member must be one of the
// options, of the right type.
func (os *options[E, T]) decode(raw map[string]string, e *E) error {
	return decodeMember(raw, "set", func(r *jsonscan.Reader) error {
		return setMembers(r, func(extra *Extra) error {
			return readObject(r, extra, func(f *field) error {
				for _, o := range os.options() {
					if o.key() == f.key {
						return o.read(f, e)
					}
				}
				return f.keep()
			})
		})
	})
}

// write writes the update's "set" member: the options it sets.
func (os *options[E, T]) write(w *objectWriter, e *E) {
	w.value("set", func(b []byte) []byte {
		s := openObject(b, nil)
		for _, o := range os.options() {
			o.write(s, e)
		}
		return s.close()
	})
}

// applied is a copy of t with the fields e sets set; it shares no Extra
// with t.
func (os *options[E, T]) applied(e *E, t *T) T {
	next := *t
	extra := os.record.extra(&next)
	*extra = extra.clone()
	for _, o := range os.options() {
		o.apply(e, &next, extra)
	}
	return next
}
