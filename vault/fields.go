package vault

import (
	"strconv"

	"github.com/panelkey/panelkey/jsonscan"
)

// Each record type's members are listed once, in a table (records.go): the
// decoder looks a key up in it, the encoder writes the table in order, and an
// update edit reads, writes and applies the members it may set through the
// same entries. Adding a field to a record is one row there.
//
// The tables are data: composite literals whose functions capture nothing, so
// they cost no code to build when a program starts (the worker's wake), and
// no reflection. T, a record, and E, an update edit, are pointer types
// (*Account): Go compiles a generic function once for every pointer type.

// member is one member of a record T: its name and its field, reached through
// the accessor of its kind (text, flag, num or num64, one of them set) or, for
// a nested record or a list, its own read and write.
type member[T any] struct {
	name  string
	text  func(t T) *string
	flag  func(t T) *bool
	num   func(t T) *int
	num64 func(t T) *int64
	read  func(f *field, t T) error
	write func(b []byte, t T) []byte
	// omit, when set, leaves the member out of what is written when it
	// reports true: the fields written only when set, so that a record stays
	// as an older version wrote it.
	omit func(t T) bool
}

// readInto reads the member's value into t's field.
func (m *member[T]) readInto(f *field, t T) error {
	switch {
	case m.text != nil:
		return f.str(m.text(t))
	case m.flag != nil:
		return f.boolean(m.flag(t))
	case m.num != nil:
		return f.int(m.num(t))
	case m.num64 != nil:
		return f.int64(m.num64(t))
	}
	return m.read(f, t)
}

// put writes the member with t's field's value (unless w's Extra holds it).
func (m *member[T]) put(w *objectWriter, t T) {
	if !w.key(m.name) {
		return
	}
	switch {
	case m.text != nil:
		w.b = appendString(w.b, *m.text(t))
	case m.flag != nil:
		w.b = strconv.AppendBool(w.b, *m.flag(t))
	case m.num != nil:
		w.b = strconv.AppendInt(w.b, int64(*m.num(t)), 10)
	case m.num64 != nil:
		w.b = strconv.AppendInt(w.b, *m.num64(t), 10)
	default:
		w.b = m.write(w.b, t)
	}
}

// members is a record's table: its members in the order they are written,
// and where the record keeps the members it does not know (extra nil: they
// are dropped).
type members[T any] struct {
	extra func(t T) *Extra
	list  []member[T]
	// nestedBefore names the member before which a record holding others
	// (a server: its accounts or pages) has them written by the caller.
	nestedBefore string
}

// index is the place of the member named key, or -1; the place next is
// tried first, where a record written by this encoder has it.
func (ms *members[T]) index(key string, next int) int {
	if next < len(ms.list) && ms.list[next].name == key {
		return next
	}
	for i := range ms.list {
		if ms.list[i].name == key {
			return i
		}
	}
	return -1
}

// dropKnown forgets the members of extra the table knows: fields set anew
// are written from the record.
func (ms *members[T]) dropKnown(extra *Extra) {
	for i := range ms.list {
		extra.drop(ms.list[i].name)
	}
}

// decode reads a record (null: nothing) into t: the members it knows into
// their fields, the others into its Extra.
func (ms *members[T]) decode(r *jsonscan.Reader, t T) error {
	var extra *Extra
	if ms.extra != nil {
		extra = ms.extra(t)
	}
	return ms.decodeWith(r, t, extra, nil)
}

// decodeWith reads a record keeping the members it does not know in extra;
// nested (may be nil) reads those first (a server's accounts or pages).
func (ms *members[T]) decodeWith(r *jsonscan.Reader, t T, extra *Extra, nested func(f *field) error) error {
	d := recordReader[T]{ms: ms, t: t, nested: nested}
	return readObject(r, extra, d.member)
}

// recordReader reads the members of one record.
type recordReader[T any] struct {
	ms     *members[T]
	t      T
	next   int // where the member after the last read is in the table
	nested func(f *field) error
}

func (d *recordReader[T]) member(f *field) error {
	i := d.ms.index(f.key, d.next)
	if i < 0 {
		if d.nested != nil {
			return d.nested(f)
		}
		return f.keep()
	}
	d.next = i + 1
	m := &d.ms.list[i]
	if m.text != nil { // most members: one call less on the hot path
		return f.str(m.text(d.t))
	}
	return m.readInto(f, d.t)
}

// append writes t.
func (ms *members[T]) append(b []byte, t T) []byte {
	w := openObject(b, ms.extraOf(t))
	ms.writeMembers(w, t, 0, len(ms.list))
	return w.close()
}

// appendWith writes t; nested writes the records it holds.
func (ms *members[T]) appendWith(b []byte, t T, nested func(w *objectWriter)) []byte {
	w := openObject(b, ms.extraOf(t))
	at := ms.index(ms.nestedBefore, 0)
	ms.writeMembers(w, t, 0, at)
	nested(w)
	ms.writeMembers(w, t, at, len(ms.list))
	return w.close()
}

func (ms *members[T]) extraOf(t T) Extra {
	if ms.extra == nil {
		return nil
	}
	return *ms.extra(t)
}

// writeMembers writes the members from i up to end, but those left out.
func (ms *members[T]) writeMembers(w *objectWriter, t T, i, end int) {
	for ; i < end; i++ {
		m := &ms.list[i]
		switch {
		case m.omit != nil && m.omit(t):
		case m.text != nil: // most members: one call less on the hot path
			if w.key(m.name) {
				w.b = appendString(w.b, *m.text(t))
			}
		default:
			m.put(w, t)
		}
	}
}

// option is a member of a record T that an update edit E may set: E holds a
// pointer to the new value, nil when the edit leaves the field as it is.
type option[E, T any] struct {
	name string
	// bind, toEdit, points E's pointer at t's field (a value just read);
	// otherwise it sets t's field to E's value, when E sets one, and reports
	// whether it did.
	bind func(e E, t T, toEdit bool) bool
}

// bind is an option's bind for an edit's pointer p and a record's field v.
func bind[V any](p **V, v *V, toEdit bool) bool {
	if toEdit {
		*p = v
		return true
	}
	if *p == nil {
		return false
	}
	*v = **p
	return true
}

// options are the members of T an update edit E may set, in the order it
// writes them; fresh makes an empty record to hold a value on its way.
type options[E, T any] struct {
	record *members[T]
	fresh  func() T
	list   []option[E, T]
}

// member is the record's member an option sets.
func (opts *options[E, T]) member(o *option[E, T]) *member[T] {
	return &opts.record.list[opts.record.index(o.name, 0)]
}

// decode reads an update's "set" object: every member must be one of the
// options, of the right type.
func (opts *options[E, T]) decode(raw map[string]string, e E) error {
	return decodeMember(raw, "set", func(r *jsonscan.Reader) error {
		return setMembers(r, func(extra *Extra) error {
			return readObject(r, extra, func(f *field) error {
				for i := range opts.list {
					if o := &opts.list[i]; o.name == f.key {
						t := opts.fresh()
						o.bind(e, t, true)
						return opts.member(o).readInto(f, t)
					}
				}
				return f.keep()
			})
		})
	})
}

// write writes the update's "set" member: the options it sets, even to an
// empty value.
func (opts *options[E, T]) write(w *objectWriter, e E) {
	w.value("set", func(b []byte) []byte {
		s := openObject(b, nil)
		for i := range opts.list {
			if o, t := &opts.list[i], opts.fresh(); o.bind(e, t, false) {
				opts.member(o).put(s, t)
			}
		}
		return s.close()
	})
}

// apply sets the fields of next (a copy of the record) that e sets, and
// forgets the values of those members kept in Extra (they are written from
// the fields again); next's Extra is cloned first, so that it shares none
// with the record.
func (opts *options[E, T]) apply(e E, next T) {
	extra := opts.record.extra(next)
	*extra = extra.clone()
	for i := range opts.list {
		if o := &opts.list[i]; o.bind(e, next, false) {
			extra.drop(o.name)
		}
	}
}
