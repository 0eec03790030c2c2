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
// its code (err_<code>, "-" written "_") with params as $1, $2, … (the
// message's variable parts: hosts, ports, counts) when it has one, else the
// engine's own message (English).
func ProblemText(c *locale.Catalog, code, message string, params ...string) string {
	if key := ProblemKey(code); c.Has(key) {
		return strings.TrimSpace(c.T(key, params...)) // a message ending in an empty parameter
	}
	return message
}

// AdviceText is what a page shows of a failure's advice (what to do about
// it): the catalog's err_<code>_advice, when the catalog words the code;
// nothing when it words the code but gives no advice (the engine's advice
// is English); else the engine's own.
func AdviceText(c *locale.Catalog, code, advice string, params ...string) string {
	key := ProblemKey(code)
	switch {
	case c.Has(key + AdviceSuffix):
		return c.T(key+AdviceSuffix, params...)
	case c.Has(key):
		return ""
	}
	return advice
}

// ProblemKey is the catalog key of an error code's message: err_<code>
// with "-" written "_" (a catalog key has no "-").
func ProblemKey(code string) string { return "err_" + strings.ReplaceAll(code, "-", "_") }

// AdviceSuffix ends the key of an error code's advice: err_<code>_advice.
const AdviceSuffix = "_advice"

// importStages are the catalog's words for a vault import's stages, by the
// name the worker reports: alone, and with a count of the file's parts ("" for
// a stage that has none).
var importStages = map[string]struct{ alone, counted string }{
	"decrypt": {locale.Key("importProgressDecrypt"), locale.Key("importProgressDecryptCount")},
	"read":    {locale.Key("importProgressRead"), ""},
	"encrypt": {locale.Key("importProgressEncrypt"), locale.Key("importProgressEncryptCount")},
	"store":   {locale.Key("importProgressStore"), ""},
}

// ImportProgressText is the catalog's words for a stage of a vault import
// the worker reports (decrypt, read, encrypt, store), with its count of the
// file's parts when it has one (total > 0); "" for a stage it does not know.
func ImportProgressText(c *locale.Catalog, stage string, done, total int) string {
	s, ok := importStages[stage]
	switch {
	case !ok:
		return ""
	case total > 0 && s.counted != "":
		return c.T(s.counted, strconv.Itoa(done), strconv.Itoa(total))
	}
	return c.T(s.alone)
}
