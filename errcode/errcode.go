// Package errcode is panelkey's one error contract: every error a caller may
// branch on or show to a person carries a stable machine code and a message
// for people, and neither ever holds a secret.
//
// Each engine package keeps its own Error type (its codes are its own), and
// every such type satisfies Coded. The bridge to JavaScript, the worker and
// the pages read any error through Of: they show the message and branch on
// the code, never on the text.
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
}

func (e *Error) Error() string { return e.Message }

// ErrorCode and UserMessage make Error a Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }
