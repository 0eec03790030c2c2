package cpapi

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes for requests that cannot be built.
const (
	CodeFamily        = "family-unknown"       // Family is not uapi, whmapi1, api2 or uapi_cpanel
	CodeName          = "name-invalid"         // a module or function name with characters other than letters, digits, _
	CodeArg           = "arg-invalid"          // an argument with an empty or reserved key
	CodeUser          = "user-invalid"         // Call.User missing where required, given where meaningless, or malformed
	CodeModule        = "module-unexpected"    // a Module on a WHM API 1 call
	CodeBase          = "base-invalid"         // the base URL is not http(s)://host[:port]
	CodeCpsess        = "cpsess-invalid"       // not "/cpsess" followed by exactly 10 digits
	CodeCpsessMissing = "cpsess-missing"       // no security token in the text
	CodeParam         = "param-invalid"        // a create_user_session or login parameter is invalid
	CodeRootService   = "root-service-invalid" // create_user_session for root on a service other than WHM
)

// Error codes for responses. They are stable: callers and the JavaScript side branch on them.
const (
	CodeBodyTooLarge         = "body-too-large"         // the body is larger than MaxBodySize
	CodeRedirect             = "redirect"               // HTTP 3xx
	CodeNotJSON              = "not-json"               // the body is not JSON and matches no known failure page
	CodeBadEnvelope          = "bad-envelope"           // JSON, but not an envelope of the expected kind
	CodeAPIFailed            = "api-failed"             // the envelope reports a failure (status/result 0)
	CodeHTTPError            = "http-error"             // HTTP 4xx/5xx that matches no more precise code
	CodeServerError          = "server-error"           // HTTP 5xx without an envelope: cpsrvd failed, restarts or updates
	CodeUnknownFunction      = "unknown-function"       // WHM API 1 "Unknown app requested"
	CodeAccessDenied         = "access-denied"          // 403 cpanelresult "Access denied": bad user name or password
	CodeTFAFailed            = "tfa-failed"             // "TwoFactorAuth check failed" (missing or wrong X-CPANEL-OTP)
	CodeTokenInvalid         = "token-invalid"          // HTTP 401: API token wrong, expired or revoked
	CodeTokenScope           = "token-scope"            // a cPanel token used outside UAPI / API 2
	CodePermissionDenied     = "permission-denied"      // "Permission denied": WHM API on a cPanel port, or missing privilege
	CodeFunctionNotFound     = "function-not-found"     // "Function not found": cPanel API on the WHM port, or a typo
	CodeInvalidSecurityToken = "invalid-security-token" // HTML "Invalid Security Token": missing or stale /cpsessN
	CodeLoginRequired        = "login-required"         // the server answered with its login page
	CodeSecurityPolicy       = "security-policy"        // a security policy (password age, …) blocked the call
)

// Error codes for the /login/?login_only=1 answer.
const (
	CodeInvalidLogin = "invalid-login" // wrong user name or password
	CodeTFARequired  = "tfa-required"  // 2FA is on and no tfa_token was sent
	CodeTFAIncorrect = "tfa-incorrect" // the tfa_token was wrong
	CodeLoginFailed  = "login-failed"  // any other refusal (expired_session, changed_ip, …)
)

// Error is the error type of this package: a stable machine Code (see the Code constants), a readable Message
// and, for response errors, the HTTP status. Messages never contain credentials; text quoted from a server is
// shortened and stripped of control characters.
type Error struct {
	Code       string
	Message    string
	HTTPStatus int   // 0 for errors that are not about a response
	Err        error // the underlying cause, if any
	// Detail is the server's own words about a failed response (its reason or first error, shortened): data
	// that the pages' catalog shows beside the code's message ($1, errcode.Parameterized).
	Detail string
}

// ErrorParams makes Error an errcode.Parameterized: the server's words.
func (e *Error) ErrorParams() []string { return []string{e.Detail} }

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

func newError(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// quote returns s Go-quoted and shortened to max runes: for echoing input in messages.
func quote(s string, max int) string {
	return strconv.Quote(shorten(s, max))
}

// shorten cuts s to max runes, adding "…" when it cut.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// clean makes server text safe for a message: invalid UTF-8 and control characters become spaces, runs of
// white space collapse, and the result is shortened to max runes.
func clean(s string, max int) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, " ") {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return shorten(b.String(), max)
}

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }
