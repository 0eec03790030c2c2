package authheader

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
