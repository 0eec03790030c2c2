// Package vaultops holds the decisions the service worker takes on the
// records of the vault document: merging WHM's account list into a server's
// stored accounts, and choosing which saved credential a WHM API call or a
// one-click login uses. It does no I/O: the worker reads and writes the vault
// and talks to servers.
//
// Records are read as the vault stores them, JSON objects field by field, so
// fields this package does not know survive a rewrite; a field of another
// type than expected (a document written by hand) reads as absent instead of
// failing, as it did in the worker's JavaScript these decisions came from.
package vaultops

import "encoding/json"

// Record is one JSON object of the vault document (a server, its WHM
// credentials, an account, a mailbox), field by field as stored.
type Record map[string]json.RawMessage

// AsRecord reads a stored value as a record: a JSON object's fields, nil for
// anything else (absent, null, another type).
func AsRecord(raw json.RawMessage) Record {
	var r Record
	if json.Unmarshal(raw, &r) != nil {
		return nil
	}
	return r
}

// AsList reads a stored value as a list: a JSON array's elements, nil for
// anything else.
func AsList(raw json.RawMessage) []json.RawMessage {
	var l []json.RawMessage
	if json.Unmarshal(raw, &l) != nil {
		return nil
	}
	return l
}

// Text returns the named field when it is a string, else "".
func (r Record) Text(name string) string {
	var s string
	if json.Unmarshal(r[name], &s) != nil {
		return ""
	}
	return s
}

// Record returns the named field when it is an object, else nil.
func (r Record) Record(name string) Record { return AsRecord(r[name]) }

// given returns the named field's stored value, or nil when it is absent,
// null or "" (the values the worker dropped before handing an input on).
func (r Record) given(name string) json.RawMessage {
	var s string
	if json.Unmarshal(r[name], &s) == nil && s == "" {
		return nil
	}
	return r[name]
}

// jsonText is the JSON text of a string.
func jsonText(s string) json.RawMessage {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// jsonBool is the JSON text of a boolean.
func jsonBool(b bool) json.RawMessage {
	if b {
		return json.RawMessage("true")
	}
	return json.RawMessage("false")
}
