package cpapi

import (
	"errors"
	"strconv"

	"github.com/panelkey/panelkey/authheader"
)

// SentSession names the browser session's credential (its cookie and the /cpsessN security token) for
// ForCredential, beside authheader's methods.
const SentSession authheader.Method = "session"

// ForCredential reads a response error again knowing which credential the request carried. On the wire a refused
// token and a refused password can look alike: cpsrvd may answer either with "Access denied", in JSON or as plain
// text, with 401 or 403 (§2, Decision 5), and a proxy may answer with its own text. So:
//
//   - a token or access hash that meets Access denied, a 401 or 403 without an envelope, or the login page (token
//     requests never get it from cpsrvd, §2) was refused: CodeTokenInvalid, worded for that credential;
//   - a password (Basic) that meets a 401 without an envelope or the login page: CodeAccessDenied;
//   - a browser session that meets Access denied or a bare 401/403: CodeLoginRequired (the session ended).
//
// Other errors, and nil, are returned unchanged. A 5xx without an envelope is CodeServerError whatever was sent.
func ForCredential(err error, sent authheader.Method) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	bare := (e.HTTPStatus == statusUnauthorized || e.HTTPStatus == statusForbidden) &&
		(e.Code == CodeNotJSON || e.Code == CodeHTTPError || e.Code == CodeBadEnvelope)
	refused := e.Code == CodeAccessDenied || e.Code == CodeTokenInvalid || bare
	switch sent {
	case authheader.MethodWHMToken, authheader.MethodCPanelToken, authheader.MethodAccessHash:
		if refused || e.Code == CodeLoginRequired {
			return &Error{Code: CodeTokenInvalid, HTTPStatus: e.HTTPStatus, Err: err, Message: tokenRefused(sent, e)}
		}
	case authheader.MethodBasic:
		if e.Code == CodeTokenInvalid || bare || e.Code == CodeLoginRequired {
			return &Error{Code: CodeAccessDenied, HTTPStatus: e.HTTPStatus, Err: err,
				Message: "the server refused the user name or password" + statusNote(e.HTTPStatus)}
		}
	case SentSession:
		if refused {
			return &Error{Code: CodeLoginRequired, HTTPStatus: e.HTTPStatus, Err: err,
				Message: "the server refused the browser session" + statusNote(e.HTTPStatus) + ": it expired or was logged out; log in again"}
		}
	}
	return err
}

func tokenRefused(sent authheader.Method, e *Error) string {
	what, why := "API token", ": it is wrong, expired or revoked, or limited to other IP addresses (WHM » Manage API Tokens)"
	switch sent {
	case authheader.MethodWHMToken:
		what = "WHM API token"
	case authheader.MethodCPanelToken:
		what, why = "cPanel API token", ": it is wrong, expired or revoked, or limited to other IP addresses (cPanel » Manage API Tokens)"
	case authheader.MethodAccessHash:
		what, why = "access hash", ": it is wrong, or the server no longer accepts access hashes (WHM » Tweak Settings)"
	}
	msg := "the " + what + " was refused" + statusNote(e.HTTPStatus) + why
	if e.Code == CodeLoginRequired {
		msg = "the " + what + " was refused: the server answered with its login page instead of the API (a proxy in front of " +
			"cPanel may have removed the Authorization header)"
	}
	return msg
}

func statusNote(status int) string {
	if status == 0 {
		return ""
	}
	return " (HTTP " + strconv.Itoa(status) + ")"
}
