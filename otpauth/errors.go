package otpauth

import (
	"errors"

	"github.com/panelkey/panelkey/totp"
)

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

// wrap keeps a *totp.Error's code and adds context to its message.
func wrap(err error, context string) *Error {
	e := &Error{Code: CodeMalformed, Message: context + ": " + err.Error(), Err: err}
	var te *totp.Error
	if errors.As(err, &te) {
		e.Code, e.Message = te.Code, context+": "+te.Message
	}
	return e
}
