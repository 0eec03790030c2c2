// Package authheader builds the HTTP headers cPanel & WHM accept for
// authentication: API tokens (Authorization: whm USER:TOKEN and
// Authorization: cpanel USER:TOKEN), the legacy access hash
// (Authorization: WHM USER:HASH), Basic (Authorization: Basic base64(user:pass))
// and the two-factor code header X-CPANEL-OTP.
//
// # Threat model
//
// User names, tokens, hashes and passwords come from a vault or a form and
// are placed in request headers. A CR or LF could end the header and smuggle
// another header or a request body; other control characters are rejected by
// browsers or mangled by servers. Every builder therefore refuses all C0
// control characters and DEL, refuses what the server would split on (':' and
// white space in a user name; cPanel splits USER:SECRET at the first ':'),
// and limits tokens to letters and digits and access hashes to hex digits, so
// an accepted value is always a single header line of printable ASCII. Error
// messages describe what is wrong and where (a position) but never contain a
// user's secret, nor quote the offending character of a secret.
package authheader

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/panelkey/panelkey/errcode"
)

// Header names.
const (
	Authorization = "Authorization"
	OTPHeader     = "X-CPANEL-OTP"
)

// MaxValueLen is the longest header value the builders produce, in bytes
// (servers commonly refuse header lines over 8 KiB).
const MaxValueLen = 8192

// Header is one HTTP request header.
type Header struct{ Name, Value string }

// Method names an authentication method.
type Method string

// The methods, as the bridge and preflight name them.
const (
	MethodWHMToken    Method = "whm-token"
	MethodCPanelToken Method = "cpanel-token"
	MethodAccessHash  Method = "access-hash"
	MethodBasic       Method = "basic"
)

// Result is what a builder returns: the headers to send, whether the method
// is deprecated by cPanel (the access hash: deprecated in v64, and the Tweak
// Setting that allows it is off by default in the v124 documentation), and
// the method used.
type Result struct {
	Headers    []Header
	Deprecated bool
	Method     Method
}

// WHMToken returns "Authorization: whm USER:TOKEN", a WHM API token (WHM port
// 2087: WHM API 1, create_user_session, uapi_cpanel, json-api/cpanel). The
// token must be letters and digits (cPanel's are 32 upper-case letters and
// digits).
func WHMToken(user, token string) (Result, error) {
	return tokenHeader(MethodWHMToken, "whm", user, token)
}

// CPanelToken returns "Authorization: cpanel USER:TOKEN", a cPanel account's
// API token (cPanel port 2083: UAPI /execute/ and API 2 only). The token must
// be letters and digits.
func CPanelToken(user, token string) (Result, error) {
	return tokenHeader(MethodCPanelToken, "cpanel", user, token)
}

func tokenHeader(m Method, scheme, user, token string) (Result, error) {
	if err := checkUser(user); err != nil {
		return Result{}, err
	}
	if err := checkChars(token, "token", CodeTokenInvalidChar, "letters and digits", isAlnum); err != nil {
		return Result{}, err
	}
	return single(m, false, scheme+" "+user+":"+token)
}

// AccessHash returns "Authorization: WHM USER:HASH" for a legacy access hash
// (the contents of ~/.accesshash). Every CR and LF is removed from hash
// first, as cPanel requires; what remains must be hex digits. The Result is
// marked Deprecated: servers refuse access hashes unless "Allow deprecated
// WHM accesshash authentication" is on (off by default).
func AccessHash(user, hash string) (Result, error) {
	if err := checkUser(user); err != nil {
		return Result{}, err
	}
	hash = strings.NewReplacer("\r", "", "\n", "").Replace(hash)
	if err := checkChars(hash, "access hash", CodeHashInvalidChar, "hex digits (line breaks are removed)", isHex); err != nil {
		return Result{}, err
	}
	return single(MethodAccessHash, true, "WHM "+user+":"+hash)
}

// Basic returns "Authorization: Basic base64(user:password)". The password
// may contain any character but a control character (it may contain ':');
// it is encoded as UTF-8.
func Basic(user, password string) (Result, error) {
	if err := checkUser(user); err != nil {
		return Result{}, err
	}
	if err := checkChars(password, "password", "", "", nil); err != nil {
		return Result{}, err
	}
	return single(MethodBasic, false, "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// OTP returns "X-CPANEL-OTP: code", the two-factor code sent with Basic
// authentication when the server's API-requests security policy is on. The
// code must be 6 to 8 ASCII digits.
func OTP(code string) (Header, error) {
	if err := checkChars(code, "two-factor code", CodeOTPInvalid, "digits", isDigit); err != nil {
		return Header{}, err
	}
	if len(code) < 6 || len(code) > 8 {
		return Header{}, newError(CodeOTPInvalid, "the two-factor code has %d digits; it must have 6 to 8", len(code))
	}
	return Header{Name: OTPHeader, Value: code}, nil
}

func single(m Method, deprecated bool, value string) (Result, error) {
	if len(value) > MaxValueLen {
		return Result{}, newError(CodeTooLong, "the %s header value would be %d bytes; at most %d are allowed", Authorization, len(value), MaxValueLen)
	}
	return Result{Headers: []Header{{Name: Authorization, Value: value}}, Deprecated: deprecated, Method: m}, nil
}

// checkUser accepts printable ASCII without ':' or white space.
func checkUser(user string) error {
	if user == "" {
		return newError(CodeEmptyPart, "the user name is empty")
	}
	pos := 0
	for _, r := range user {
		pos++
		switch {
		case r < 0x20 || r == 0x7f:
			return newError(CodeControlChar, "the user name contains a control character (%U) at position %d", r, pos)
		case r == ':':
			return newError(CodeUserInvalidChar, "the user name contains ':' at position %d; the server splits USER:SECRET at the first ':'", pos)
		case r == ' ':
			return newError(CodeUserInvalidChar, "the user name contains a space at position %d", pos)
		case r > 0x7e:
			return newError(CodeUserInvalidChar, "the user name contains a non-ASCII character at position %d", pos)
		}
	}
	return nil
}

// checkChars rejects an empty s, control characters (C0 and DEL), and, when
// ok is not nil, any other character for which ok is false. Messages give
// positions but never the characters of s.
func checkChars(s, what, code, allowed string, ok func(rune) bool) error {
	if s == "" {
		return newError(CodeEmptyPart, "the %s is empty", what)
	}
	pos := 0
	for _, r := range s {
		pos++
		if r < 0x20 || r == 0x7f {
			return newError(CodeControlChar, "the %s contains a control character (%U) at position %d", what, r, pos)
		}
		if ok != nil && !ok(r) {
			return newError(code, "the %s may only contain %s; the character at position %d is not one", what, allowed, pos)
		}
	}
	return nil
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }
func isAlnum(r rune) bool { return isDigit(r) || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' }
func isHex(r rune) bool   { return isDigit(r) || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F' }

// Error is the error type returned by this package: a Code (one of the Code*
// constants in errors.go) for programs to branch on and a Message for people,
// which never contains a secret. Error() prefixes "authheader: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "authheader: " }

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
