// Package totp computes and verifies time-based one-time passwords (RFC 6238)
// the way cPanel & WHM do: HMAC-SHA1, 6 digits, 30-second steps from the Unix
// epoch, and a verification window of one step either side. Other algorithms
// (SHA-256, SHA-512), 6 to 8 digits and other periods are supported for the
// general authenticator use, and so are counter-based codes (HOTP, RFC 4226),
// the core TOTP is built on, for otpauth://hotp/ keys.
//
// The HOTP core is github.com/pquerna/otp; this package adds lenient secret
// normalisation (as people paste secrets), option validation with clear,
// typed errors, a server clock offset, and a batch API.
//
// # Threat model
//
// The package runs on the client that holds the secret. It does not store,
// log or send secrets, and the messages of the errors it returns never contain
// a secret (an error about an invalid character names that character and its
// position, which are not part of any valid secret). Verify compares codes in
// constant time and computes every step of the window before answering, but
// the package makes no claim of side-channel resistance beyond that, and
// Go strings holding secrets cannot be wiped from memory. Secrets are accepted
// as the server generated them: short secrets (down to 16 bits) are not
// rejected for being weak, because the client must produce whatever code the
// server expects.
//
// No function panics on any input; every failure is an *Error with a stable
// Code.
package totp
