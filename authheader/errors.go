package authheader

import "fmt"

// Error is the error type returned by this package. Code is stable and meant
// for programs to branch on; Message is for people and never contains a
// secret.
type Error struct {
	// Code is a stable kebab-case identifier, one of the Code* constants.
	Code string
	// Message describes the problem in words, without the "authheader: " prefix.
	Message string
}

// Error returns "authheader: " followed by the message.
func (e *Error) Error() string { return "authheader: " + e.Message }

// Error codes.
const (
	// CodeEmptyPart: the user name, token, hash, password or code is empty.
	CodeEmptyPart = "header-empty-part"
	// CodeControlChar: a part contains a C0 control character (CR, LF, NUL, tab…) or DEL.
	CodeControlChar = "header-control-char"
	// CodeUserInvalidChar: the user name contains ':', a space or a non-ASCII character.
	CodeUserInvalidChar = "header-user-invalid-char"
	// CodeTokenInvalidChar: the API token contains something other than letters and digits.
	CodeTokenInvalidChar = "header-token-invalid-char"
	// CodeHashInvalidChar: the access hash contains something other than hex digits and line breaks.
	CodeHashInvalidChar = "header-hash-invalid-char"
	// CodeOTPInvalid: the two-factor code is not 6 to 8 digits.
	CodeOTPInvalid = "header-otp-invalid"
	// CodeTooLong: the header value would exceed MaxValueLen.
	CodeTooLong = "header-too-long"
	// CodeMethodUnknown: ForMethod got a method that is none of the four.
	CodeMethodUnknown = "header-method-unknown"
)

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }
