package ui

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/otpauth"
)

// KeyName is how a key is named to people: "Issuer · account", either alone
// when the other is empty.
func KeyName(issuer, account string) string {
	switch {
	case issuer == "":
		return account
	case account == "":
		return issuer
	}
	return issuer + " · " + account
}

// KeyParams says what kind of code a key makes: "TOTP · SHA1 · 6 digits ·
// 30 s" or "HOTP · SHA1 · 6 digits · counter 5".
func KeyParams(c *locale.Catalog, k otpauth.Key) string {
	if k.IsHOTP() {
		return c.T("keyParamsHOTP", string(k.Algorithm), strconv.Itoa(k.Digits), strconv.FormatUint(k.Counter, 10))
	}
	return c.T("keyParamsTOTP", string(k.Algorithm), strconv.Itoa(k.Digits), strconv.Itoa(k.Period))
}

// ProblemText is what a page shows for an error: the catalog's message for
// its code when it has one, else the engine's own message (English).
func ProblemText(c *locale.Catalog, code, message string) string {
	if key := "err_" + strings.ReplaceAll(code, "-", "_"); c.Has(key) {
		return c.T(key)
	}
	return message
}
