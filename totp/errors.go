package totp

import "strconv"

// Error codes.
const (
	// CodeSecretEmpty: the secret is empty once spaces, dashes and padding are removed.
	CodeSecretEmpty = "secret-empty"
	// CodeSecretInvalidChar: the secret has a character outside base32 (A–Z, 2–7).
	CodeSecretInvalidChar = "secret-invalid-char"
	// CodeSecretInvalidLength: no base32 encoding has the secret's length (a character is missing or extra).
	CodeSecretInvalidLength = "secret-invalid-length"
	// CodeSecretTooShort: the secret has fewer than MinSecretChars characters.
	CodeSecretTooShort = "secret-too-short"
	// CodeSecretTooLong: the secret has more than MaxSecretChars characters.
	CodeSecretTooLong = "secret-too-long"
	// CodeAlgorithmUnknown: Options.Algorithm is not SHA1, SHA256 or SHA512.
	CodeAlgorithmUnknown = "algorithm-unknown"
	// CodeDigitsOutOfRange: Options.Digits is not 0 (default) or 6..8.
	CodeDigitsOutOfRange = "digits-out-of-range"
	// CodePeriodOutOfRange: Options.Period is not 0 (default) or 1..MaxPeriod.
	CodePeriodOutOfRange = "period-out-of-range"
	// CodeSkewOutOfRange: Options.Skew is not NoSkew, 0 (default) or 1..MaxSkew.
	CodeSkewOutOfRange = "skew-out-of-range"
	// CodeOffsetOutOfRange: Options.Offset is more than MaxOffset either way.
	CodeOffsetOutOfRange = "offset-out-of-range"
	// CodeTimeBeforeEpoch: the time (plus Offset) is before 1970-01-01 UTC, where TOTP is undefined.
	CodeTimeBeforeEpoch = "time-before-epoch"
	// CodeCodeMalformed: the code given to Verify is not Digits decimal digits.
	CodeCodeMalformed = "code-malformed"
)

var itoa = strconv.Itoa
