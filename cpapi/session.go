package cpapi

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// Session is the data of a successful create_user_session (§3).
type Session struct {
	URL           string    // the single-use login URL to open in a browser tab (http or https only)
	Session       string    // the session id, "USER:RAND:create_user_session,HEX"
	SecurityToken string    // "/cpsessNNNNNNNNNN"
	Expires       time.Time // when the unused URL dies (creation + 300 s); zero if the server sent none
	Service       string    // "cpaneld", "whostmgrd" or "webmaild" as the server echoes it
}

// ParseCreateUserSession parses the answer to CreateUserSession. Failures are the *Error values of
// ParseResponse (e.g. CodeAPIFailed with the server's reason, CodeAccessDenied, CodeTokenInvalid), or
// CodeBadEnvelope when the data lacks a usable url, session or security token. The URL is checked to be an
// http(s) URL, because the caller opens it in a tab.
func ParseCreateUserSession(status int, body []byte) (Session, error) {
	var d struct {
		URL     string          `json:"url"`
		Session string          `json:"session"`
		Token   string          `json:"cp_security_token"`
		Expires json.RawMessage `json:"expires"`
		Service string          `json:"service"`
	}
	ok, err := ParseData(WHMAPI1, status, body, &d)
	if err != nil {
		return Session{}, err
	}
	bad := func(why string) error {
		return respError(CodeBadEnvelope, status, "create_user_session answered without "+why, "")
	}
	if !ok {
		return Session{}, bad("a data object")
	}
	if d.Session == "" {
		return Session{}, bad("a session")
	}
	u, perr := url.Parse(d.URL)
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Session{}, bad("an http(s) url")
	}
	token, terr := normalizeCpsess(d.Token)
	if terr != nil {
		if token, terr = ExtractCpsess(d.URL); terr != nil {
			return Session{}, bad("a valid cp_security_token")
		}
	}
	s := Session{URL: d.URL, Session: d.Session, SecurityToken: token, Service: d.Service}
	if n := toInt64(d.Expires); n > 0 {
		s.Expires = time.Unix(n, 0).UTC()
	}
	return s, nil
}

// ParseData reads a successful answer's data into d (a pointer), with
// encoding/json. A failed call is ParseResponse's error; data that does not
// fit d gives ok false, for the caller to say what the answer lacks.
func ParseData(f Family, status int, body []byte, d any) (ok bool, err error) {
	r, err := ParseResponse(f, status, body)
	if err != nil {
		return false, err
	}
	return json.Unmarshal(r.Data, d) == nil, nil
}

// toInt64 reads a whole number or numeric string, or gives 0.
func toInt64(v json.RawMessage) int64 {
	var x any
	if json.Unmarshal(v, &x) != nil {
		return 0
	}
	switch t := x.(type) {
	case float64:
		if t >= 0 && t < 1<<53 {
			return int64(t)
		}
	case string:
		n, err := strconv.ParseInt(t, 10, 64)
		if err == nil && n >= 0 {
			return n
		}
	}
	return 0
}

// LoginResult is a successful /login/?login_only=1 answer (§4).
type LoginResult struct {
	SecurityToken string // "/cpsessNNNNNNNNNN", or "" when the server has security tokens disabled
	Redirect      string // where the browser goes next, e.g. "/cpsessN/frontend/jupiter/index.html?…"
	Session       string // set for a cross-server transfer: POST session (and goto_uri) to Redirect
}

// loginMessages maps login.js's MESSAGES keys (§4) to readable text.
var loginMessages = map[string]string{
	"invalid_login":    "The login is invalid: wrong user name or password.",
	"invalid_username": "The user name is not valid.",
	"no_username":      "No user name was given.",
	"expired_session":  "The session has expired. Log in again.",
	"invalid_session":  "The session is not valid. Log in again.",
	"changed_ip":       "Your IP address has changed. Please log in again.",
	"token_incorrect":  "The two-factor security code is incorrect.",
	"token_missing":    "This account uses two-factor authentication: a security code is required.",
	"prevented_xfer":   "The session was not transferred because the service is not accessed over a secure connection.",
	"session_locale":   "The server could not set the session's locale.",
	"ajax_timeout":     "The login timed out.",
	"network_error":    "A network error interrupted the login.",
}

// ParseLogin parses the answer to Login. Success is {"status":1,"security_token":…,"redirect":…}. Refusals
// (HTTP 401 with {"status":0,"message":KEY}) give an *Error: invalid_login → CodeInvalidLogin, token_missing →
// CodeTFARequired, token_incorrect → CodeTFAIncorrect, any other key → CodeLoginFailed. A 3xx gives
// CodeRedirect, a non-JSON body CodeNotJSON.
func ParseLogin(status int, body []byte) (LoginResult, error) {
	if err := precheck(status, body); err != nil {
		return LoginResult{}, err
	}
	body = trimBody(body)
	if !json.Valid(body) {
		return LoginResult{}, nonJSON(status, body)
	}
	var d struct {
		Status        json.RawMessage `json:"status"`
		SecurityToken string          `json:"security_token"`
		Redirect      string          `json:"redirect"`
		Message       string          `json:"message"`
		Session       string          `json:"session"`
	}
	if json.Unmarshal(body, &d) != nil {
		return LoginResult{}, respError(CodeBadEnvelope, status, "the login answer is not a JSON object", snippet(body))
	}
	ok, serr := truthy(d.Status)
	if serr != nil && d.Message == "" {
		return LoginResult{}, respError(CodeBadEnvelope, status, "the login answer has no status", snippet(body))
	}
	if ok && status < 400 {
		if d.SecurityToken != "" && !isCpsess(d.SecurityToken) {
			return LoginResult{}, respError(CodeBadEnvelope, status, "the login answer has an invalid security_token", "")
		}
		if !safeRedirect(d.Redirect) {
			return LoginResult{}, respError(CodeBadEnvelope, status, "the login answer's redirect is not a path or an http(s) URL", "")
		}
		return LoginResult{SecurityToken: d.SecurityToken, Redirect: d.Redirect, Session: d.Session}, nil
	}
	code := CodeLoginFailed
	switch d.Message {
	case "invalid_login":
		code = CodeInvalidLogin
	case "token_missing":
		code = CodeTFARequired
	case "token_incorrect":
		code = CodeTFAIncorrect
	}
	text, known := loginMessages[d.Message]
	switch {
	case known:
	case d.Message != "":
		text = "The server refused the login: " + quote(clean(d.Message, 60), 60) + "."
	case status >= 400:
		text = "The server refused the login (HTTP " + strconv.Itoa(status) + ")."
	default:
		text = "The server refused the login."
	}
	return LoginResult{}, &Error{Code: code, Message: text, HTTPStatus: status}
}

// safeRedirect accepts "", a path, or an absolute http(s) URL: never another scheme nor a protocol-relative
// //host URL.
func safeRedirect(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "":
		return u.Host == ""
	case "http", "https":
		return u.Host != ""
	}
	return false
}
