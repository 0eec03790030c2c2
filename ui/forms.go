package ui

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/policy"
	"github.com/panelkey/panelkey/totp"

	"github.com/panelkey/panelkey/vault"
)

// CheckNewPassword returns why a new master password and its confirmation
// cannot be used, in c's words, or "" when they can.
func CheckNewPassword(c *locale.Catalog, password, confirm string) string {
	switch {
	case utf8.RuneCountInString(password) < policy.MinPasswordLength:
		return c.T("passwordTooShort", strconv.Itoa(policy.MinPasswordLength))
	case password != confirm:
		return c.T("passwordsDiffer")
	}
	return ""
}

// ParseTOTP reads what people paste as a two-factor secret: an otpauth://
// URI (cPanel's "Configure Two-Factor Authentication" QR code holds one) or
// the base32 secret itself, in any case and grouping. The result has
// explicit parameters (cPanel's SHA1, 6 digits, 30 s for a bare secret).
// Errors are the otpauth or totp package's.
func ParseTOTP(input string) (*vault.TOTP, error) {
	s := strings.TrimSpace(input)
	if len(s) >= len("otpauth:") && strings.EqualFold(s[:len("otpauth:")], "otpauth:") {
		k, err := otpauth.ParseTOTP(s) // cPanel's 2FA is time-based
		if err != nil {
			return nil, err
		}
		return &vault.TOTP{Secret: k.Secret, Algorithm: string(k.Algorithm), Digits: k.Digits, Period: k.Period}, nil
	}
	secret, err := totp.NormalizeSecret(s)
	if err != nil {
		return nil, err
	}
	return &vault.TOTP{Secret: secret, Algorithm: string(totp.SHA1), Digits: totp.DefaultDigits, Period: totp.DefaultPeriod}, nil
}

// ImportResult is the outcome of importing otpauth URIs, one per line.
type ImportResult struct {
	Added  []vault.Authenticator
	Errors []LineError
}

// LineError is why one line could not be imported (Line counts from 1).
type LineError struct {
	Line    int
	Message string
}

// ImportOtpauth parses text, one otpauth:// URI per line (blank lines
// skipped), into authenticators (the vault's authenticators.add edit gives
// them ids). A URI whose secret is already among existing (or earlier in
// text) is reported, not added twice.
func ImportOtpauth(text string, existing []vault.Authenticator) ImportResult {
	var r ImportResult
	seen := make(map[string]bool, len(existing))
	for _, a := range existing {
		seen[a.Secret] = true
	}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, err := otpauth.ParseTOTP(line)
		if err != nil {
			msg := err.Error()
			var oe *otpauth.Error
			if errors.As(err, &oe) {
				msg = oe.Message
			}
			r.Errors = append(r.Errors, LineError{i + 1, msg})
			continue
		}
		if seen[k.Secret] {
			r.Errors = append(r.Errors, LineError{i + 1, "this secret is already in the vault"})
			continue
		}
		seen[k.Secret] = true
		r.Added = append(r.Added, vault.Authenticator{Issuer: k.Issuer, Account: k.Account, Secret: k.Secret,
			Algorithm: string(k.Algorithm), Digits: k.Digits, Period: k.Period})
	}
	return r
}
