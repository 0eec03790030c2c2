// Package otpauth parses and builds otpauth:// key URIs, the format of
// authenticator QR codes (Google Authenticator's "Key Uri Format"): time-based
// otpauth://totp/ keys, including cPanel's form
// otpauth://totp/ISSUER:ACCOUNT?secret=SECRET&issuer=ISSUER, and counter-based
// otpauth://hotp/ keys.
//
// # Threat model
//
// A URI carries a TOTP secret and usually comes from a QR code or a paste,
// so it is untrusted input. Parse validates every part (the secret through
// totp.NormalizeSecret, the parameters through totp.Options.Normalize), rejects
// control characters and invalid UTF-8 in the issuer and account so they are
// safe to display, and never panics. Error messages never quote the URI, which
// contains the secret; a secret error names at most one offending non-base32
// character and its position. Where only a time-based key makes sense (cPanel's
// two-factor authentication is TOTP), ParseTOTP refuses a counter-based one.
package otpauth

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/totp"
)

// MaxURILen is the longest URI Parse accepts, in bytes.
const MaxURILen = 4096

// Type is a key's kind: the otpauth URI's host part.
type Type string

// The key types. The zero value reads as TOTP.
const (
	TOTP Type = "totp" // time-based (RFC 6238)
	HOTP Type = "hotp" // counter-based (RFC 4226)
)

// Key is a one-time password key as an otpauth URI describes it.
type Key struct {
	Type            Type   // TOTP or HOTP; Parse sets it, String reads "" as TOTP
	Issuer, Account string // the provider (cPanel: the server's hostname) and the user; either may be empty
	Secret          string // base32; Parse returns it normalised (upper case, no spaces or padding)
	Algorithm       totp.Algorithm
	Digits          int    // Parse fills in the default (6) when the URI omits it
	Period          int    // TOTP: seconds; Parse fills in the default (30). HOTP: 0
	Counter         uint64 // HOTP: the count of the next code (the URI's counter parameter). TOTP: 0
}

// IsHOTP reports whether the key is counter-based.
func (k Key) IsHOTP() bool { return k.Type == HOTP }

// Parse parses an otpauth://totp/ or otpauth://hotp/ URI: cPanel's form, with
// the issuer in the label, the issuer parameter or both (they must then
// agree), and the general form with algorithm, digits and period (TOTP) or
// counter (HOTP, where it is required) parameters. Surrounding white space
// is ignored, and so are unknown parameters and a fragment. The label may
// separate issuer and account with ':' or "%3A". Issuer and account are
// percent-decoded and trimmed of surrounding white space. The returned Key
// has a normalised secret and an explicit Type, Algorithm and Digits, and a
// TOTP key an explicit Period. A HOTP key's period parameter is ignored, as
// is a TOTP key's counter.
//
// Errors are *Error; problems with the secret or the parameters carry the
// totp package's codes (e.g. "secret-invalid-char", "digits-out-of-range")
// and wrap the *totp.Error.
func Parse(uri string) (Key, error) {
	s := strings.TrimSpace(uri)
	if len(s) > MaxURILen {
		return Key{}, newError(CodeTooLong, "the URI is %d bytes long; at most %d are accepted", len(s), MaxURILen)
	}
	const scheme = "otpauth://"
	if len(s) < len(scheme) || !strings.EqualFold(s[:len(scheme)], scheme) {
		return Key{}, newError(CodeNotOtpauth, "not an otpauth:// URI")
	}
	rest, _, _ := strings.Cut(s[len(scheme):], "#")
	rest, query, _ := strings.Cut(rest, "?")
	typ, label, _ := strings.Cut(rest, "/")
	var k Key
	switch strings.ToLower(typ) {
	case "totp":
		k.Type = TOTP
	case "hotp":
		k.Type = HOTP
	default:
		return Key{}, newError(CodeTypeUnknown, "unknown key type: expected otpauth://totp/ or otpauth://hotp/")
	}

	issuerRaw, accountRaw, ok := strings.Cut(label, ":")
	if !ok {
		if i := indexEscapedColon(label); i >= 0 {
			issuerRaw, accountRaw = label[:i], label[i+3:]
		} else {
			issuerRaw, accountRaw = "", label
		}
	}
	labelIssuer, err := labelText(issuerRaw, "issuer")
	if err != nil {
		return Key{}, err
	}
	if k.Account, err = labelText(accountRaw, "account"); err != nil {
		return Key{}, err
	}

	params, err := url.ParseQuery(query)
	if err != nil {
		return Key{}, newError(CodeMalformed, "the query string is malformed (bad percent-escape or ';')")
	}
	get := func(name string) (string, error) {
		var vals []string
		for key, v := range params {
			if strings.EqualFold(key, name) {
				vals = append(vals, v...)
			}
		}
		if len(vals) > 1 {
			return "", newError(CodeParamRepeated, "the %s parameter appears %d times", name, len(vals))
		}
		if len(vals) == 0 {
			return "", nil
		}
		return vals[0], nil
	}

	secret, err := get("secret")
	if err != nil {
		return Key{}, err
	}
	if strings.TrimSpace(secret) == "" {
		return Key{}, newError(CodeSecretMissing, "the URI has no secret parameter")
	}
	if k.Secret, err = totp.NormalizeSecret(secret); err != nil {
		return Key{}, wrap(err, "secret parameter")
	}

	paramIssuer, err := get("issuer")
	if err != nil {
		return Key{}, err
	}
	if paramIssuer, err = text(paramIssuer, "issuer parameter", CodeParamInvalid); err != nil {
		return Key{}, err
	}
	if labelIssuer != "" && paramIssuer != "" && labelIssuer != paramIssuer {
		return Key{}, newError(CodeIssuerMismatch, "the label's issuer %q differs from the issuer parameter %q", truncate(labelIssuer), truncate(paramIssuer))
	}
	k.Issuer = paramIssuer
	if k.Issuer == "" {
		k.Issuer = labelIssuer
	}

	var o totp.Options
	alg, err := get("algorithm")
	if err != nil {
		return Key{}, err
	}
	o.Algorithm = totp.Algorithm(alg)
	if o.Digits, err = intParam(get, "digits", totp.CodeDigitsOutOfRange); err != nil {
		return Key{}, err
	}
	if k.Type == TOTP {
		if o.Period, err = intParam(get, "period", totp.CodePeriodOutOfRange); err != nil {
			return Key{}, err
		}
	} else if k.Counter, err = counterParam(get); err != nil {
		return Key{}, err
	}
	if o, err = o.Normalize(); err != nil {
		return Key{}, wrap(err, "parameters")
	}
	k.Algorithm, k.Digits = o.Algorithm, o.Digits
	if k.Type == TOTP {
		k.Period = o.Period
	}
	return k, nil
}

// ParseTOTP is Parse for where only a time-based key will do (cPanel's
// two-factor authentication): an otpauth://hotp/ URI, valid or not, is an
// *Error with Code CodeHOTPUnsupported, which says more than what else is
// wrong with it.
func ParseTOTP(uri string) (Key, error) {
	const hotp = "otpauth://hotp"
	if s := strings.TrimSpace(uri); len(s) >= len(hotp) && strings.EqualFold(s[:len(hotp)], hotp) {
		return Key{}, newError(CodeHOTPUnsupported, "this is a counter-based (otpauth://hotp/) key; a time-based one (otpauth://totp/) is needed here")
	}
	return Parse(uri)
}

// counterParam reads a HOTP key's counter: a decimal count, required.
func counterParam(get func(string) (string, error)) (uint64, error) {
	v, err := get("counter")
	if err != nil {
		return 0, err
	}
	if v == "" {
		return 0, newError(CodeCounterMissing, "the otpauth://hotp/ URI has no counter parameter")
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, newError(CodeParamInvalid, "the counter parameter is not a whole number from 0 to 18446744073709551615")
	}
	return n, nil
}

// indexEscapedColon returns the index of the first "%3A" or "%3a" in s, or -1.
func indexEscapedColon(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && s[i+1] == '3' && (s[i+2] == 'A' || s[i+2] == 'a') {
			return i
		}
	}
	return -1
}

// intParam reads a positive integer parameter; absent or empty is 0 (the default).
func intParam(get func(string) (string, error), name, rangeCode string) (int, error) {
	v, err := get(name)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, newError(CodeParamInvalid, "the %s parameter is not a whole number", name)
	}
	if n == 0 { // explicit 0 would otherwise read as "default"
		return 0, newError(rangeCode, "the %s parameter is 0", name)
	}
	return n, nil
}

// labelText percent-decodes one part of the label.
func labelText(raw, what string) (string, error) {
	s, err := url.PathUnescape(raw)
	if err != nil {
		return "", newError(CodeLabelInvalid, "the label's %s has a bad percent-escape", what)
	}
	return text(s, "label's "+what, CodeLabelInvalid)
}

// text trims s and rejects invalid UTF-8 and control characters.
func text(s, what, code string) (string, error) {
	if !utf8.ValidString(s) {
		return "", newError(code, "the %s is not valid UTF-8", what)
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		return "", newError(code, "the %s contains a control character (%U)", what, []rune(s[i:])[0])
	}
	return strings.TrimSpace(s), nil
}

func truncate(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// String builds the URI in cPanel's form: otpauth://totp/ISSUER:ACCOUNT?
// secret=SECRET&issuer=ISSUER, issuer omitted when empty, followed by
// algorithm, digits and period only when they differ from cPanel's defaults
// (SHA1, 6, 30; zero values count as defaults). A HOTP key is
// otpauth://hotp/…, with its counter always and no period. Every part is
// percent-encoded except RFC 3986 unreserved characters. Fields are written
// as given: to validate a Key, Parse its String. For a Key returned by Parse,
// Parse(k.String()) returns k again.
func (k Key) String() string {
	var b strings.Builder
	if k.IsHOTP() {
		b.WriteString("otpauth://hotp/")
	} else {
		b.WriteString("otpauth://totp/")
	}
	if k.Issuer != "" || strings.Contains(k.Account, ":") {
		// With an empty issuer the ':' keeps a ':' in the account from being read as the separator.
		b.WriteString(escape(k.Issuer))
		b.WriteByte(':')
	}
	b.WriteString(escape(k.Account))
	b.WriteString("?secret=")
	b.WriteString(escape(k.Secret))
	if k.Issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(escape(k.Issuer))
	}
	alg := string(k.Algorithm)
	if o, err := (totp.Options{Algorithm: k.Algorithm}).Normalize(); err == nil {
		alg = string(o.Algorithm)
	}
	if alg != string(totp.SHA1) {
		b.WriteString("&algorithm=")
		b.WriteString(escape(alg))
	}
	if k.Digits != 0 && k.Digits != totp.DefaultDigits {
		b.WriteString("&digits=")
		b.WriteString(strconv.Itoa(k.Digits))
	}
	if k.IsHOTP() {
		b.WriteString("&counter=")
		b.WriteString(strconv.FormatUint(k.Counter, 10))
	} else if k.Period != 0 && k.Period != totp.DefaultPeriod {
		b.WriteString("&period=")
		b.WriteString(strconv.Itoa(k.Period))
	}
	return b.String()
}

// escape percent-encodes everything but RFC 3986 unreserved characters, like
// cPanel's uri_escape.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Options returns the key's options for the totp package's Code (TOTP) or
// HOTP (zero fields mean the defaults; Skew and Offset are left zero).
func (k Key) Options() totp.Options {
	return totp.Options{Algorithm: k.Algorithm, Digits: k.Digits, Period: k.Period}
}

// Error is the error type returned by Parse and ParseTOTP: a Code (one of
// the Code* constants in errors.go, or a totp.Code* constant) for programs to
// branch on and a Message for people, which never contains the secret.
// Secret and parameter errors keep the totp package's Code and wrap its
// *totp.Error (Err). Error() prefixes "otpauth: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "otpauth: " }

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
