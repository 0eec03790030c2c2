package totp

import (
	"crypto/subtle"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/panelkey/panelkey/errcode"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Algorithm names the HMAC hash. The zero value means SHA1.
type Algorithm string

// The supported algorithms. Options.Normalize also accepts them in lower case
// and with a dash ("sha-256").
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// Defaults and limits of Options. The defaults are cPanel's.
const (
	DefaultDigits = 6
	MinDigits     = 6
	MaxDigits     = 8
	DefaultPeriod = 30   // seconds
	MaxPeriod     = 3600 // seconds
	DefaultSkew   = 1    // steps either side
	MaxSkew       = 10
	// NoSkew as Options.Skew makes Verify accept the current step only.
	NoSkew = -1
	// MaxOffset bounds Options.Offset either way: a year. A server clock
	// further off is a broken Date header or a dead clock battery, not a
	// difference worth computing codes at.
	MaxOffset = 366 * 24 * time.Hour
)

// Limits of a secret, in base32 characters after normalisation. 4 characters
// are 20 bits, the least that decodes to a 2-byte key; cPanel's secrets have
// 16 characters (80 bits); RFC 6238's SHA-512 test seed has 103.
const (
	MinSecretChars = 4
	MaxSecretChars = 1024
)

// Options are the TOTP parameters. The zero value is cPanel's: SHA1, 6 digits,
// 30-second period, one step of skew either side, no clock offset.
type Options struct {
	Algorithm Algorithm     // zero: SHA1 (cPanel's)
	Digits    int           // zero: 6; valid 6..8
	Period    int           // seconds; zero: 30; valid 1..MaxPeriod
	Skew      int           // steps accepted either side when verifying; zero: 1 (cPanel's window); NoSkew (-1): none; at most MaxSkew
	Offset    time.Duration // server clock minus local clock; added to the time before computing; at most MaxOffset either way
}

// Normalize returns o with its zero values replaced by the defaults and the
// algorithm spelled canonically (SHA1, SHA256, SHA512), or an *Error saying
// which field is invalid. Normalize is idempotent; NoSkew stays NoSkew.
func (o Options) Normalize() (Options, error) {
	switch strings.ToUpper(strings.ReplaceAll(string(o.Algorithm), "-", "")) {
	case "", "SHA1":
		o.Algorithm = SHA1
	case "SHA256":
		o.Algorithm = SHA256
	case "SHA512":
		o.Algorithm = SHA512
	default:
		return o, newError(CodeAlgorithmUnknown, "unknown algorithm "+strconv.Quote(truncate(string(o.Algorithm)))+": use SHA1, SHA256 or SHA512")
	}
	if o.Digits == 0 {
		o.Digits = DefaultDigits
	}
	if o.Digits < MinDigits || o.Digits > MaxDigits {
		return o, newError(CodeDigitsOutOfRange, itoa(o.Digits)+" digits: codes have "+itoa(MinDigits)+" to "+itoa(MaxDigits)+" digits")
	}
	if o.Period == 0 {
		o.Period = DefaultPeriod
	}
	if o.Period < 1 || o.Period > MaxPeriod {
		return o, newError(CodePeriodOutOfRange, "period of "+itoa(o.Period)+" seconds: it must be 1 to "+itoa(MaxPeriod)+" seconds")
	}
	if o.Skew == 0 {
		o.Skew = DefaultSkew
	}
	if o.Skew != NoSkew && (o.Skew < 1 || o.Skew > MaxSkew) {
		return o, newError(CodeSkewOutOfRange, "skew of "+itoa(o.Skew)+" steps: it must be 0 (default "+itoa(DefaultSkew)+"), NoSkew (-1) or 1 to "+itoa(MaxSkew))
	}
	if o.Offset < -MaxOffset || o.Offset > MaxOffset {
		return o, newError(CodeOffsetOutOfRange, "clock offset of "+o.Offset.String()+": it must be at most a year (366 days) either way")
	}
	return o, nil
}

func (o Options) hotp() hotp.ValidateOpts {
	alg := otp.AlgorithmSHA1
	switch o.Algorithm {
	case SHA256:
		alg = otp.AlgorithmSHA256
	case SHA512:
		alg = otp.AlgorithmSHA512
	}
	return hotp.ValidateOpts{Digits: otp.Digits(o.Digits), Algorithm: alg}
}

// truncate shortens a user-supplied non-secret value quoted in a message.
func truncate(s string) string {
	const max = 32
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// NormalizeSecret returns the base32 secret s upper-cased, without spaces
// (any Unicode white space), dashes or '=' padding: the form cPanel shows and
// otpauth URIs carry. Lower case, grouping and missing or present padding are
// all accepted. Anything else is an *Error: an empty secret, a character that
// is not base32 (with its position, counted in characters from 1), a length
// no base32 encoding has, fewer than MinSecretChars or more than
// MaxSecretChars characters.
func NormalizeSecret(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	padAt := 0 // position of the first '=', 0 if none yet
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case r == '=':
			if padAt == 0 {
				padAt = pos
			}
			continue
		case padAt != 0:
			return "", newError(CodeSecretInvalidChar, "character "+strconv.QuoteRune(r)+" at position "+itoa(pos)+" follows '=' padding (at position "+itoa(padAt)+"), which may only end the secret")
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '7':
		default:
			return "", newError(CodeSecretInvalidChar, "character "+strconv.QuoteRune(r)+" at position "+itoa(pos)+" is not base32 (letters A–Z and digits 2–7)"+confusable(r))
		}
		b.WriteRune(r)
	}
	out := b.String()
	switch n := len(out); {
	case n == 0:
		return "", newError(CodeSecretEmpty, "the secret is empty")
	case n < MinSecretChars:
		return "", newError(CodeSecretTooShort, "the secret has "+itoa(n)+" base32 characters; at least "+itoa(MinSecretChars)+" are needed")
	case n > MaxSecretChars:
		return "", newError(CodeSecretTooLong, "the secret has "+itoa(n)+" base32 characters; at most "+itoa(MaxSecretChars)+" are accepted")
	case n%8 == 1 || n%8 == 3 || n%8 == 6:
		return "", newError(CodeSecretInvalidLength, "the secret has "+itoa(n)+" base32 characters, a length no base32 encoding has: a character is missing or extra")
	}
	return out, nil
}

// confusable suggests the letter a mistyped digit probably stands for.
func confusable(r rune) string {
	switch r {
	case '0':
		return " (the letter O?)"
	case '1':
		return " (the letter I or L?)"
	case '8':
		return " (the letter B?)"
	}
	return ""
}

// step returns the TOTP time step of at+o.Offset; o must be normalised.
func step(at time.Time, o Options) (uint64, error) {
	t := at.Add(o.Offset).Unix()
	if t < 0 {
		return 0, newError(CodeTimeBeforeEpoch, "the time (plus the clock offset) is before 1970-01-01 UTC")
	}
	return uint64(t) / uint64(o.Period), nil
}

// prepare normalises the secret and the options and returns the time step.
func prepare(secret string, at time.Time, o Options) (string, Options, uint64, error) {
	o, err := o.Normalize()
	if err != nil {
		return "", o, 0, err
	}
	secret, err = NormalizeSecret(secret)
	if err != nil {
		return "", o, 0, err
	}
	c, err := step(at, o)
	return secret, o, c, err
}

func generate(secret string, counter uint64, o Options) (string, error) {
	code, err := hotp.GenerateCodeCustom(secret, counter, o.hotp())
	if err != nil { // not expected for a normalised secret
		return "", newError(CodeSecretInvalidChar, "the secret could not be decoded as base32")
	}
	return code, nil
}

// Code returns the code for secret at the time at (plus o.Offset).
func Code(secret string, at time.Time, o Options) (string, error) {
	secret, o, c, err := prepare(secret, at, o)
	if err != nil {
		return "", err
	}
	return generate(secret, c, o)
}

// SecondsLeft returns how many seconds the code for at (plus o.Offset) stays
// current: 1..Period, rounded up (30 at the start of a 30-second step, 1 in
// its last second). It returns 0 if o is invalid.
func SecondsLeft(at time.Time, o Options) int {
	o, err := o.Normalize()
	if err != nil {
		return 0
	}
	t := at.Add(o.Offset).Unix()
	p := int64(o.Period)
	return int(p - ((t%p)+p)%p)
}

// Verify reports whether code is the code for secret at the time at (plus
// o.Offset) or at most o.Skew steps before or after it. Spaces in code are
// ignored ("123 456"). A code that is not o.Digits decimal digits is an
// *Error with Code CodeCodeMalformed, as are an invalid secret or options.
// Every step of the window is computed and compared in constant time.
func Verify(code, secret string, at time.Time, o Options) (bool, error) {
	secret, o, c, err := prepare(secret, at, o)
	if err != nil {
		return false, err
	}
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != o.Digits || strings.IndexFunc(code, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return false, newError(CodeCodeMalformed, "the code must be "+itoa(o.Digits)+" digits")
	}
	skew := max(o.Skew, 0)
	match := 0
	for i := -skew; i <= skew; i++ {
		if i < 0 && c < uint64(-i) {
			continue // before the first step (c+i cannot overflow: c < 2^63)
		}
		want, err := generate(secret, c+uint64(i), o)
		if err != nil {
			return false, err
		}
		match |= subtle.ConstantTimeCompare([]byte(want), []byte(code))
	}
	return match == 1, nil
}

// Entry is one secret of a batch given to Codes. ID is the caller's and is
// copied to the Result.
type Entry struct {
	ID, Secret string
	Options    Options
}

// Result is the outcome for one Entry. On failure Err is an *Error and Code
// is empty; SecondsLeft and Period are set whenever the options are valid.
type Result struct {
	ID, Code    string
	SecondsLeft int
	Period      int // the effective period in seconds (the default when the entry's was zero)
	Err         error
}

// Codes computes the code of every entry at the time at (each entry's
// Options.Offset is applied). Results are in the order of entries; an invalid
// entry fails only its own Result.
func Codes(entries []Entry, at time.Time) []Result {
	out := make([]Result, len(entries))
	for i, e := range entries {
		r := Result{ID: e.ID}
		if o, err := e.Options.Normalize(); err == nil {
			r.Period = o.Period
			r.SecondsLeft = SecondsLeft(at, o)
		}
		r.Code, r.Err = Code(e.Secret, at, e.Options)
		out[i] = r
	}
	return out
}

// Error is the error type returned by this package: a Code (one of the Code*
// constants in errors.go) for programs to branch on and a Message for people,
// which never contains a secret. Error() prefixes "totp: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "totp: " }

// newError builds messages by concatenation, not fmt: fmt (and the reflect it
// needs) would be ~0.3 MB of the popup's wasm for these dozen messages.
func newError(code, message string) *Error {
	return &Error{Code: code, Message: message}
}
