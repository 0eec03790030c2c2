package otpmigration

// The protocol buffers wire format, as much of it as a MigrationPayload
// needs (https://protobuf.dev/programming-guides/encoding/): a message is a
// run of fields, each a varint tag (field number << 3 | wire type) and a value
// whose wire type says how to read or skip it.

// Wire types.
const (
	wireVarint = 0 // int32, int64, uint64, bool, enum
	wireI64    = 1 // fixed64, sfixed64, double
	wireLen    = 2 // string, bytes, embedded message, packed repeated
	wireI32    = 5 // fixed32, sfixed32, float
	// 3 and 4 opened and closed groups, deprecated: no MigrationPayload has
	// them, and a message that does is refused rather than guessed at.
)

// wire reads one message's bytes.
type wire struct {
	b   []byte
	off int
}

func (w *wire) done() bool { return w.off >= len(w.b) }

// varint reads a base-128 varint of at most 10 bytes (64 bits).
func (w *wire) varint() (uint64, error) {
	var v uint64
	for i := 0; i < 10; i++ {
		if w.off >= len(w.b) {
			return 0, malformed("a number is cut short")
		}
		c := w.b[w.off]
		w.off++
		if i == 9 && c > 1 {
			return 0, malformed("a number is longer than 64 bits")
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, malformed("a number is longer than 64 bits")
}

// field reads a field's tag: its number and wire type.
func (w *wire) field() (num uint64, typ int, err error) {
	tag, err := w.varint()
	if err != nil {
		return 0, 0, err
	}
	num, typ = tag>>3, int(tag&7)
	if num == 0 || num > 1<<29-1 {
		return 0, 0, malformed("a field number is out of range")
	}
	return num, typ, nil
}

// bytes reads a length-delimited value; the slice shares w's bytes.
func (w *wire) bytes() ([]byte, error) {
	n, err := w.varint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(w.b)-w.off) {
		return nil, malformed("a field is longer than the data left")
	}
	v := w.b[w.off : w.off+int(n)]
	w.off += int(n)
	return v, nil
}

// skip reads past a value of wire type typ: a field this decoder does not
// know (a newer exporter's), which is ignored as protocol buffers specify.
func (w *wire) skip(typ int) error {
	switch typ {
	case wireVarint:
		_, err := w.varint()
		return err
	case wireLen:
		_, err := w.bytes()
		return err
	case wireI64, wireI32:
		n := 8
		if typ == wireI32 {
			n = 4
		}
		if len(w.b)-w.off < n {
			return malformed("a fixed-size field is cut short")
		}
		w.off += n
		return nil
	}
	return malformed("a field has a wire type no export uses")
}

// readMessage reads a message's fields in order: field is called with each
// one's number and value; a value it does not read is skipped.
func readMessage(data []byte, field func(num uint64, v *value) error) error {
	w := wire{b: data}
	for !w.done() {
		num, typ, err := w.field()
		if err != nil {
			return err
		}
		v := value{w: &w, typ: typ}
		if err := field(num, &v); err != nil {
			return err
		}
		if !v.read {
			if err := w.skip(typ); err != nil {
				return err
			}
		}
	}
	return nil
}

// value is a field's value, read at most once by one of its methods, which
// check that the wire type is the one the field's declaration gives.
type value struct {
	w    *wire
	typ  int
	read bool
}

func (v *value) check(typ int) error {
	if v.typ != typ {
		return malformed("a field has the wrong wire type")
	}
	v.read = true
	return nil
}

// bytes reads a bytes, string or message field's value.
func (v *value) bytes() ([]byte, error) {
	if err := v.check(wireLen); err != nil {
		return nil, err
	}
	return v.w.bytes()
}

func (v *value) bytesInto(p *[]byte) (err error) {
	*p, err = v.bytes()
	return err
}

func (v *value) stringInto(p *string) error {
	b, err := v.bytes()
	*p = string(b)
	return err
}

// uint64Into reads a uint64 or enum field.
func (v *value) uint64Into(p *uint64) (err error) {
	if err := v.check(wireVarint); err != nil {
		return err
	}
	*p, err = v.w.varint()
	return err
}

// int32Into reads an int32 field: a negative value is written sign-extended
// to 64 bits, and its low 32 bits are the value.
func (v *value) int32Into(p *int) error {
	var u uint64
	err := v.uint64Into(&u)
	*p = int(int32(u))
	return err
}
