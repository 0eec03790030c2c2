package cpapi

import (
	"net/url"
	"strings"

	"github.com/panelkey/panelkey/endpoint"
)

// SessionParams are the parameters of WHM API 1 create_user_session (§3).
type SessionParams struct {
	User            string           // the account (an email address for Webmail); required
	Service         endpoint.Service // which service the session is for; required
	App             string           // optional app key, e.g. "Email_Accounts", "FileManager_Home"
	Locale          string           // optional locale, at most 16 characters
	PreferredDomain string           // optional domain or IP (on that server) to put in the session URL
}

// CreateUserSession returns the WHM API 1 request
// /json-api/create_user_session?api.version=1&user=U&service=cpaneld|whostmgrd|webmaild[&app=…][&locale=…][&preferred_domain=…]
// against base (normally WHM, https://host:2087). The app key must match ^[0-9a-z_-]+$ (any case), the locale
// is at most 16 letters, digits, _ or -, and the preferred domain must be a host name or IP address. root can
// only get a WHM session, as the server refuses root for cPanel and Webmail.
func CreateUserSession(base string, p SessionParams) (Request, error) {
	if p.User == "" {
		return Request{}, newError(CodeParam, "create_user_session needs the user the session is for")
	}
	if err := checkUser(p.User); err != nil {
		return Request{}, err
	}
	if !p.Service.Valid() {
		return Request{}, newError(CodeParam, "create_user_session needs a service: cpanel, whm or webmail; got "+quote(string(p.Service), 32))
	}
	if p.User == "root" && p.Service != endpoint.WHM {
		return Request{}, newError(CodeRootService, "root can only get a WHM session (service whostmgrd), not "+p.Service.Title())
	}
	args := []Arg{{"user", p.User}, {"service", p.Service.Daemon()}}
	if p.App != "" {
		if !isWord(p.App, "-", 0) {
			return Request{}, newError(CodeParam, "app key "+quote(p.App, 40)+" is invalid: use letters, digits, _ and - (e.g. Email_Accounts)")
		}
		args = append(args, Arg{"app", p.App})
	}
	if p.Locale != "" {
		if !isWord(p.Locale, "-", 16) {
			return Request{}, newError(CodeParam, "locale "+quote(p.Locale, 40)+" is invalid: at most 16 letters, digits, _ or -")
		}
		args = append(args, Arg{"locale", p.Locale})
	}
	if p.PreferredDomain != "" {
		if endpoint.HostPermission(p.PreferredDomain) == "" || strings.TrimSpace(p.PreferredDomain) != p.PreferredDomain {
			return Request{}, newError(CodeParam, "preferred domain "+quote(p.PreferredDomain, 64)+" is not a domain name or IP address")
		}
		args = append(args, Arg{"preferred_domain", p.PreferredDomain})
	}
	return BuildRequest(base, Call{Family: WHMAPI1, Function: "create_user_session", Args: args}, "")
}

// LoginParams are the fields of the browser login form (§4).
type LoginParams struct {
	User     string // cPanel or WHM user name, or the email address for Webmail; required
	Pass     string // required
	TFAToken string // optional two-factor code (digits), sent as tfa_token
	GotoURI  string // optional path to land on after login, sent as goto_uri; not an absolute URL
}

// Login returns the POST to base + "/login/?login_only=1" with an application/x-www-form-urlencoded body
// user=…&pass=…[&tfa_token=…][&goto_uri=…], which cpsrvd answers with JSON (see ParseLogin) and the session
// cookie.
func Login(base string, p LoginParams) (Request, error) {
	b, form, err := loginForm(base, p)
	if err != nil {
		return Request{}, err
	}
	return Request{Method: "POST", URL: b + "/login/?login_only=1", Body: form, ContentType: FormContentType}, nil
}

// FormLogin is the login page's own form post, without login_only: POST base + "/login/" with the same body
// as Login. cpsrvd answers a redirect whose Location begins with the new session's security token (§4) and
// sets the cookie; where 2FA is on and no tfa_token was sent, that session must pass the security-code page
// first (§5, way B; see SecurityCode).
func FormLogin(base string, p LoginParams) (Request, error) {
	b, form, err := loginForm(base, p)
	if err != nil {
		return Request{}, err
	}
	return Request{Method: "POST", URL: b + "/login/", Body: form, ContentType: FormContentType}, nil
}

// SecurityCode is the TwoFactorAuth security-code form's post (§5, way B): POST base + cpsess + "/" with
// tfatoken=CODE (no underscore), sent with the session cookie. A valid code answers a redirect to the home (or
// the login's goto_uri); an invalid one the form again with "The security code is invalid.".
func SecurityCode(base, cpsess, code string) (Request, error) {
	b, err := checkBase(base)
	if err != nil {
		return Request{}, err
	}
	token, err := normalizeCpsess(cpsess)
	if err != nil {
		return Request{}, err
	}
	if !allDigits(code) {
		return Request{}, newError(CodeParam, "the two-factor code must be digits only")
	}
	return Request{Method: "POST", URL: b + token + "/", Body: "tfatoken=" + code, ContentType: FormContentType}, nil
}

func loginForm(base string, p LoginParams) (string, string, error) {
	b, err := checkBase(base)
	if err != nil {
		return "", "", err
	}
	if p.User == "" || p.Pass == "" {
		return "", "", newError(CodeParam, "login needs a user name and a password")
	}
	if err := checkUser(p.User); err != nil {
		return "", "", err
	}
	if p.TFAToken != "" && !allDigits(p.TFAToken) {
		return "", "", newError(CodeParam, "the two-factor code must be digits only")
	}
	if strings.Contains(p.GotoURI, "://") || strings.HasPrefix(p.GotoURI, "//") ||
		strings.ContainsFunc(p.GotoURI, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", "", newError(CodeParam, "goto_uri "+quote(p.GotoURI, 64)+" must be a path on the same server")
	}
	form := "user=" + url.QueryEscape(p.User) + "&pass=" + url.QueryEscape(p.Pass)
	if p.TFAToken != "" {
		form += "&tfa_token=" + url.QueryEscape(p.TFAToken)
	}
	if p.GotoURI != "" {
		form += "&goto_uri=" + url.QueryEscape(p.GotoURI)
	}
	return b, form, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
