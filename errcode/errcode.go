// Package errcode is panelkey's one error contract: every error a caller may
// branch on or show to a person carries a stable machine code and a message
// for people, and neither ever holds a secret.
//
// Each engine package keeps its own Error type (its codes are its own), and
// every such type satisfies Coded. A package whose errors are just a code and
// a message declares its Error as an alias of Prefixed or of Error below. The
// bridge to JavaScript, the worker and the pages read any error through Of:
// they show the message and branch on the code, never on the text.
package errcode

import "errors"

// Coded is an error with a stable code and a message meant for people.
type Coded interface {
	error
	// ErrorCode is a stable kebab-case identifier ("secret-invalid-char",
	// "token-invalid"): programs branch on it.
	ErrorCode() string
	// UserMessage says what went wrong in words a user of panelkey reads,
	// without a package prefix and without any secret.
	UserMessage() string
}

// Internal is the code of an error that satisfies no Coded in its chain: a
// bug or an unexpected failure, not a condition a caller handles.
const Internal = "internal"

// Of returns the code and message of the outermost Coded error in err's
// chain, or Internal and err's text when there is none. err must not be nil.
func Of(err error) (code, message string) {
	var c Coded
	if errors.As(err, &c) {
		return c.ErrorCode(), c.UserMessage()
	}
	return Internal, err.Error()
}

// Parameterized is a Coded error whose message has variable parts — a host,
// a port, a size, a count, a user name — that the catalog's translation of
// its code (the pages' err_<code> message) shows as $1, $2, …: data, never
// words of a language.
type Parameterized interface {
	ErrorParams() []string
}

// Params returns the parameters of the outermost Coded error in err's chain,
// when it is Parameterized (nil otherwise).
func Params(err error) []string {
	var c Coded
	if errors.As(err, &c) {
		if p, ok := c.(Parameterized); ok {
			return p.ErrorParams()
		}
	}
	return nil
}

// IsLocalized reports whether the outermost Coded error in err's chain is an
// Error whose Message a catalog already worded.
func IsLocalized(err error) bool {
	var c Coded
	if errors.As(err, &c) {
		e, ok := c.(*Error)
		return ok && e.Localized
	}
	return false
}

// Message is the message Of returns.
func Message(err error) string {
	_, m := Of(err)
	return m
}

// Error is the plain Coded error: a code and a message, nothing else. The
// packages whose errors are just that (apiconsole, vaultops, optionsform)
// declare their Error as an alias of it; the adapters (the JavaScript bridge,
// the pages) report conditions of their own with it, such as an input of the
// wrong shape.
type Error struct {
	Code, Message string
	// Params are the message's variable parts, for the catalog (Parameterized).
	Params []string
	// Localized says that Message is already a catalog's message, in the
	// page's language (a page's own check worded with its catalog): the page
	// shows it as it is (IsLocalized).
	Localized bool
}

func (e *Error) Error() string { return e.Message }

// ErrorParams makes Error a Parameterized.
func (e *Error) ErrorParams() []string { return e.Params }

// ErrorCode and UserMessage make Error a Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }

// Package names the package a Prefixed error comes from: a zero-size type of
// that package whose Prefix is, say, "totp: ".
type Package interface {
	Prefix() string
}

// Prefixed is the Coded error of a package whose errors are a code and a
// message and whose Error() names the package ("totp: the secret is empty").
// Each package instantiates it with its own P, so Prefixed[P] is a type of
// its own: errors.As tells one package's errors from another's.
type Prefixed[P Package] struct {
	// Code is a stable kebab-case identifier, one of the package's Code* constants.
	Code string
	// Message describes the problem in words, without the package's prefix,
	// and never contains a secret.
	Message string
	// Err is the underlying error, if any (another package's error this one
	// adds context to).
	Err error
}

// Unwrap returns the underlying error, if any.
func (e *Prefixed[P]) Unwrap() error { return e.Err }

// Error returns the package's prefix followed by the message.
func (e *Prefixed[P]) Error() string {
	var p P
	return p.Prefix() + e.Message
}

// ErrorCode and UserMessage make Prefixed a Coded.
func (e *Prefixed[P]) ErrorCode() string   { return e.Code }
func (e *Prefixed[P]) UserMessage() string { return e.Message }
