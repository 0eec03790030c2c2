package vault

import (
	"crypto/rand"
	"errors"
)

// Error codes.
const (
	CodeNotFound  = "not-found"       // the server, account or authenticator an edit names is gone
	CodeDuplicate = "duplicate"       // an id, or an account's user name on its server, taken
	CodeInvalid   = "invalid"         // a value an edit would store is refused (the message says which and why)
	CodeBadEdit   = "bad-edit"        // an edit message that is not one (unknown op, wrong shape)
	CodeCorrupt   = "vault-corrupt"   // a chunk or document that does not decode
	CodeNotLoaded = "vault-partial"   // an operation needs a chunk that is not loaded (see Needs)
	CodeTooLarge  = "vault-too-large" // a value or a list beyond the vault's bounds
)

// Error is why an edit, a decoding or a validation failed. Message is for
// people and never contains a secret or the text being decoded.
type Error struct {
	Code, Message string
	// Field names what was refused, e.g. "whm.token" (for pages' forms).
	Field string
	err   error
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying error (a decoding error's position).
func (e *Error) Unwrap() error { return e.err }

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }

func corrupt(what string, err error) *Error {
	msg := "The saved vault is damaged: " + what + " does not decode"
	var de *decodeError
	if errors.As(err, &de) {
		msg += " (at " + de.path + ")"
	}
	return &Error{Code: CodeCorrupt, Message: msg + ".", err: err}
}

func notFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: "That " + what + " is no longer in the vault."}
}

func invalid(field, message string) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: message}
}

// randomID returns prefix and 16 random base32 characters (80 bits).
func randomID(prefix string) string {
	return prefix + rand.Text()[:16]
}
