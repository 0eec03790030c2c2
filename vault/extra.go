package vault

// Member is an object member kept as it was read: its name and its value's
// JSON text.
type Member struct {
	Name  string
	Value string // JSON text
}

// Extra holds the members of an object that this version does not know, or
// knows with a value of another type than it reads (a field written by a newer
// version, or by hand), in their order. They are written back after the known
// members, and a known member whose name is in Extra is written from Extra.
type Extra []Member

// Get returns the member's text and whether it is there.
func (x Extra) Get(name string) (string, bool) {
	for _, m := range x {
		if m.Name == name {
			return m.Value, true
		}
	}
	return "", false
}

func (x Extra) has(name string) bool {
	_, ok := x.Get(name)
	return ok
}

// set keeps a member: in its place when there, else last (a repeated name is
// one member with the last value, as JSON.parse reads it).
func (x *Extra) set(name, value string) {
	for i := range *x {
		if (*x)[i].Name == name {
			(*x)[i].Value = value
			return
		}
	}
	*x = append(*x, Member{name, value})
}

// drop removes the member, if there: a known field that an edit sets is
// written from the field again.
func (x *Extra) drop(name string) {
	for i := range *x {
		if (*x)[i].Name == name {
			*x = append((*x)[:i:i], (*x)[i+1:]...)
			return
		}
	}
}

// clone is a copy that shares no array with x.
func (x Extra) clone() Extra {
	if x == nil {
		return nil
	}
	return append(Extra(nil), x...)
}
