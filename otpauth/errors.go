package otpauth

import (
	"errors"
	"fmt"

	"github.com/panelkey/panelkey/totp"
)

// Error is the error type returned by Parse and ParseTOTP. Code is stable
// and meant for programs to branch on; Message is for people and never
// contains the secret. Secret and parameter errors keep the totp package's
// Code and wrap its *totp.Error (see Unwrap).
type Error struct {
	// Code is a stable kebab-case identifier: one of the Code* constants or a totp.Code* constant.
	Code string
	// Message describes the problem in words, without the "otpauth: " prefix.
	Message string
	// Err is the underlying error, if any.
	Err error
}

// Error returns "otpauth: " followed by the message.
func (e *Error) Error() string { return "otpauth: " + e.Message }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Error codes of this package.
const (
	// CodeNotOtpauth: the input does not start with otpauth://.
	CodeNotOtpauth = "uri-not-otpauth"
	// CodeHOTPUnsupported: ParseTOTP was given an otpauth://hotp/ URI.
	CodeHOTPUnsupported = "uri-hotp-unsupported"
	// CodeTypeUnknown: the type after otpauth:// is neither totp nor hotp.
	CodeTypeUnknown = "uri-type-unknown"
	// CodeCounterMissing: an otpauth://hotp/ URI has no counter parameter.
	CodeCounterMissing = "uri-counter-missing"
	// CodeTooLong: the URI is longer than MaxURILen.
	CodeTooLong = "uri-too-long"
	// CodeMalformed: the query string cannot be parsed.
	CodeMalformed = "uri-malformed"
	// CodeLabelInvalid: the label has a bad percent-escape, invalid UTF-8 or a control character.
	CodeLabelInvalid = "uri-label-invalid"
	// CodeParamInvalid: the issuer parameter is not clean text, or digits/period/counter is not a number.
	CodeParamInvalid = "uri-param-invalid"
	// CodeParamRepeated: secret, issuer, algorithm, digits, period or counter appears more than once.
	CodeParamRepeated = "uri-param-repeated"
	// CodeSecretMissing: the secret parameter is absent or empty.
	CodeSecretMissing = "uri-secret-missing"
	// CodeIssuerMismatch: the label's issuer and the issuer parameter differ.
	CodeIssuerMismatch = "uri-issuer-mismatch"
)

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// wrap keeps a *totp.Error's code and adds context to its message.
func wrap(err error, context string) *Error {
	e := &Error{Code: CodeMalformed, Message: context + ": " + err.Error(), Err: err}
	var te *totp.Error
	if errors.As(err, &te) {
		e.Code, e.Message = te.Code, context+": "+te.Message
	}
	return e
}

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }
