package endpoint

import (
	"strconv"
	"unicode/utf8"
)

// Error codes. They are stable: callers (and the JavaScript side) branch on them.
const (
	CodeEmpty          = "address-empty"          // nothing was typed, or no host after the scheme
	CodeCredentials    = "address-credentials"    // user-info (user:pass@) in the address
	CodeUnknownScheme  = "address-unknown-scheme" // a scheme other than http or https
	CodeBadPort        = "address-bad-port"       // the port is not a number from 1 to 65535
	CodeUnknownPort    = "address-unknown-port"   // a valid port on which cpsrvd serves nothing
	CodeSchemeMismatch = "address-scheme-mismatch"
	CodeBadIPv6        = "address-bad-ipv6"
	CodeBadIPv4        = "address-bad-ipv4"
	CodeBadHost        = "address-bad-host"
	CodeUnknownService = "service-unknown"
)

// Error is the error type of this package: a stable machine Code (see the Code constants) and a readable
// Message that says what is wrong. Messages never repeat user-info (credentials) from the input.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any
	// Params are the message's variable parts (a port), which the pages' catalog shows in the translation of
	// Code as $1 (errcode.Parameterized).
	Params []string
}

// ErrorParams makes Error an errcode.Parameterized.
func (e *Error) ErrorParams() []string { return e.Params }

// withParams is e with the message's variable parts.
func (e *Error) withParams(params ...string) *Error {
	e.Params = params
	return e
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

func newError(code, msg string, cause error) *Error {
	return &Error{Code: code, Message: msg, Err: cause}
}

// quote returns s as a Go-quoted string, shortened to 64 runes, so that messages stay short and never carry
// control characters.
func quote(s string) string {
	const max = 64
	if utf8.RuneCountInString(s) > max {
		n := 0
		for i := range s {
			if n == max {
				s = s[:i] + "…"
				break
			}
			n++
		}
	}
	return strconv.Quote(s)
}

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }
