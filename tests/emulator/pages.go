package emulator

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"
)

// loginMessages are the texts for login.js's MESSAGES keys (§4). Only changed_ip's text is quoted in the
// reference; the others are ours, and clients must go by the code (data-msg-code / JSON "message").
var loginMessages = map[string]string{
	"invalid_login":   "The login is invalid.",
	"no_username":     "You must specify a username to log in.",
	"expired_session": "Your session has expired. Please log in again.",
	"invalid_session": "Your session is invalid. Please log in again.",
	"changed_ip":      "Your IP address has changed. Please log in again.",
	"token_incorrect": "The security code is incorrect.",
	"token_missing":   "Enter the security code for your account.",
	"logout":          "You have logged out.",
}

var serviceTitles = map[Service]string{CPanel: "cPanel", WHM: "WHM", Webmail: "Webmail"}

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}}</title><meta name="robots" content="noindex"></head>
<body>
{{- if eq .Kind "login"}}
<main id="emulator-login" data-service="{{.Service}}" data-msg-code="{{.Code}}">
<h1>{{.ServiceTitle}} Login</h1>
{{- if .Message}}
<div id="login-status" role="alert" data-msg-code="{{.Code}}">{{.Message}}</div>
{{- end}}
<form id="login_form" action="/login/" method="post">
<label for="user">{{if eq .Service "webmail"}}Email Address{{else}}Username{{end}}</label>
<input id="user" name="user" type="text" autocomplete="username" value="{{.User}}">{{template "password"}}
</form>
</main>
{{- else if eq .Kind "token_denied"}}
<main id="emulator-token-denied" data-service="{{.Service}}" data-msg-code="invalid_token">
<h1>Invalid Security Token</h1>
<p>The security token in your request is invalid or missing. Enter your password to continue.</p>
<form id="login_form" action="/login/" method="post">
<input type="hidden" name="user" value="{{.User}}">
<input type="hidden" name="token_denied" value="1">{{template "password"}}
</form>
</main>
{{- else if eq .Kind "tfa"}}
<main id="emulator-tfa" data-service="{{.Service}}" data-user="{{.User}}">
<h1>Two-Factor Authentication</h1>
<p>Enter the security code for “{{.User}}”</p>
{{- if .Message}}
<p id="tfa-error" role="alert">{{.Message}}</p>
{{- end}}
<form id="tfa_form" action="{{.Action}}" method="post">
<input id="tfatoken" name="tfatoken" type="text" inputmode="numeric" autocomplete="one-time-code">
<button id="tfa_submit" type="submit">Log in</button>
</form>
</main>
{{- else}}
<main id="{{if .Home}}emulator-home{{else}}emulator-page{{end}}" data-service="{{.Service}}" data-user="{{.User}}" data-auth="{{.Auth}}" data-security-token="{{.Token}}" data-path="{{.Path}}">
<h1>{{.ServiceTitle}}{{if not .Home}}: {{.Path}}{{end}}</h1>
<p>Logged in as <span id="emulator-user">{{.User}}</span>.</p>
<p><a id="emulator-logout" href="{{.Token}}/logout/">Log out</a></p>
</main>
{{- end}}
</body>
</html>
{{define "password"}}
<label for="pass">Password</label>
<input id="pass" name="pass" type="password" autocomplete="current-password">
<button id="login_submit" type="submit">Log in</button>
{{- end}}`))

type pageData struct {
	Kind, Title, ServiceTitle   string
	Service                     Service
	Code, Message, User, Action string
	Home                        bool
	Auth, Token, Path           string
}

func renderPage(c *call, status int, d pageData) {
	d.Service = c.svc
	d.ServiceTitle = serviceTitles[c.svc]
	if d.Title == "" {
		d.Title = d.ServiceTitle
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		http.Error(c.w, "emulator: page template: "+err.Error(), http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	c.w.WriteHeader(status)
	c.w.Write(b.Bytes())
}

// loginPage shows the login form with an optional login.js message code (§4). Decision: requests that need
// a login get it with 401 (expired_session, changed_ip, invalid_session, or no credentials at all), the
// plain GET of /login/ and / with 200.
func (s *Server) loginPage(c *call, status int, code string) {
	renderPage(c, status, pageData{Kind: "login", Title: serviceTitles[c.svc] + " Login", Code: code, Message: loginMessages[code]})
}

// tokenDeniedPage is the "Invalid Security Token" page (§4, msg_code invalid_token), offering to re-enter the
// password with token_denied=1. Decision: HTTP 401.
func (s *Server) tokenDeniedPage(c *call, user string) {
	renderPage(c, http.StatusUnauthorized, pageData{Kind: "token_denied", Title: "Invalid Security Token", User: user})
}

// tfaPage is the security-code form of the TwoFactorAuth policy (§5): it POSTs tfatoken to {cpsess}/.
func (s *Server) tfaPage(c *call, user, message string) {
	renderPage(c, http.StatusOK, pageData{Kind: "tfa", Title: "Two-Factor Authentication", User: user, Message: message, Action: c.token + "/"})
}

// page serves the pages of a logged-in user: the service home (§3 targets) with a stable element
// <main id="emulator-home" data-service data-user>, other pages of the service as <main id="emulator-page">.
func (s *Server) page(c *call, id *identity) {
	home := c.svc.HomePath()
	switch {
	case c.path == home:
	case c.path == "/" || c.path == strings.TrimSuffix(home, "index.html"):
		c.w.Header().Set("Location", c.token+home)
		c.w.WriteHeader(http.StatusFound)
		return
	case c.svc == WHM:
	case c.svc == CPanel && c.path == TFASetupPath && id.acct != nil:
		s.tfaSetupPage(c, id)
		return
	case c.svc == CPanel && (strings.HasPrefix(c.path, "/frontend/") || strings.HasPrefix(c.path, "/3rdparty/")):
	case c.svc == Webmail && (strings.HasPrefix(c.path, "/webmail/") || strings.HasPrefix(c.path, "/3rdparty/")):
	default:
		http.Error(c.w, "Not Found", http.StatusNotFound)
		return
	}
	renderPage(c, http.StatusOK, pageData{Home: c.path == home, User: id.user, Auth: id.method, Token: c.token, Path: c.path})
}

// cpsrvdError is cpsrvd's own error body (§2 "Access denied"), key order as observed.
type cpsrvdError struct {
	CPanelResult cpsrvdErrorBody `json:"cpanelresult"`
}

type cpsrvdErrorBody struct {
	APIVersion string            `json:"apiversion"`
	Error      string            `json:"error"`
	Data       reasonResultShape `json:"data"`
	Type       string            `json:"type"`
}

type reasonResultShape struct {
	Reason string `json:"reason"`
	Result string `json:"result"`
}

// writeCpsrvdError answers `{"cpanelresult":{"apiversion":"2","error":MSG,"data":{"reason":MSG,"result":"0"},"type":"text"}}`.
func writeCpsrvdError(c *call, status int, msg string) {
	if c.st.AccessDeniedText && msg == "Access denied" {
		// The AccessDeniedText fault mode: the same refusal as plain text.
		c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.w.WriteHeader(status)
		c.w.Write([]byte("Access denied\n"))
		return
	}
	writeJSON(c, status, cpsrvdError{cpsrvdErrorBody{APIVersion: "2", Error: msg, Data: reasonResultShape{Reason: msg, Result: "0"}, Type: "text"}})
}

// tfaFailed is the security-policy JSON failure (§5).
type tfaFailed struct {
	Data  reasonResultShape `json:"data"`
	Error string            `json:"error"`
	Type  string            `json:"type"`
}

// writeTFAFailed answers a failed 2FA check on an API call (§5, Decision 4): 403, text/plain, wrapped in
// cpanelresult when cpanel_jsonapi_apiversion=2.
func writeTFAFailed(c *call) {
	const msg = "TwoFactorAuth check failed"
	var v any = tfaFailed{Data: reasonResultShape{Reason: msg, Result: "0"}, Error: msg, Type: "text"}
	if formValues(c).Get("cpanel_jsonapi_apiversion") == "2" {
		v = map[string]any{"cpanelresult": v}
	}
	b, err := marshalJSON(v)
	if err != nil {
		http.Error(c.w, "emulator: "+err.Error(), http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.w.WriteHeader(http.StatusForbidden)
	c.w.Write(b)
}
