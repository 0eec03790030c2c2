package netgate

import "strconv"

// Codes of refused decisions and of network failures. They are stable: the worker and the pages branch on them.
const (
	CodeServerAddress = "server-address-invalid" // the server record's own address is not usable
	CodeURL           = "url-invalid"            // not a URL the gate can read strictly (control characters, non-ASCII, \, …)
	CodeScheme        = "scheme-refused"         // javascript:, data:, ftp:, … : only https leaves panelkey
	CodePlainText     = "plain-text-refused"     // http://: nothing goes over plain text
	CodeUserinfo      = "url-userinfo"           // user:pass@ in a URL
	CodeOtherHost     = "other-host"             // a host that is not the server's own
	CodePort          = "port-refused"           // the server's host, but not a port of the service
	CodeMethod        = "method-refused"         // not GET or POST, or a body on a GET
	CodeHeader        = "header-refused"         // a header panelkey never sends, or a value it cannot carry
	CodeBody          = "body-refused"           // a body over MaxRequestBody or of a type cPanel does not read
	CodeTimeout       = "timeout-invalid"        // a timeout outside MinTimeout…MaxTimeout

	CodeTimedOut    = "timeout"                  // the server did not answer within the decision's timeout
	CodeUntrusted   = "tls-untrusted"            // the browser does not trust the server's certificate
	CodeUnreachable = "unreachable"              // nothing answered: down, refused, not resolved, firewalled
	CodeNetwork     = "unreachable-or-untrusted" // the browser did not say which of the two
)

// Error is a refused decision or a failed request: a stable Code and a Message for people. Messages name hosts
// and ports, never a credential or a path (a session URL's path holds a single-use session).
type Error struct {
	Code    string
	Message string
	// Advice says what to do about it; OpenURL is a page worth opening (the server, to inspect its certificate).
	Advice, OpenURL string
	// Params are the message's variable parts (origin, host, port, seconds), which the catalog's translation of
	// Code shows as $1, $2, … (errcode.Parameterized).
	Params []string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }

// ErrorParams makes Error an errcode.Parameterized.
func (e *Error) ErrorParams() []string { return e.Params }

func refuse(code, message string) *Error { return &Error{Code: code, Message: message} }

// echo quotes input for a message, cut to 40 bytes so that a hostile value cannot fill it.
func echo(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
