package signin

import "github.com/panelkey/panelkey/endpoint"

// MethodInfo describes one way to log in, for the pages' buttons: every
// method cPanel documents for opening a browser session.
type MethodInfo struct {
	ID       string // stable, kebab-case
	Method   Method
	Title    string
	Services []endpoint.Service // where it opens a session
	// Landing is set when the user picks the page it lands on (GotoURI);
	// token methods pick it with App instead.
	Landing bool
	// TwoFactor names how a 2FA code is given, "" when none is asked.
	TwoFactor string
	// Deprecated marks a method cPanel deprecated; Note says what to do.
	Deprecated bool
	Note       string
}

var allServices = []endpoint.Service{endpoint.CPanel, endpoint.WHM, endpoint.Webmail}

// Methods lists the login methods in the order the pages offer them.
var Methods = []MethodInfo{
	{ID: "whm-token", Method: Token, Title: "WHM API token", Services: allServices,
		Note: "create_user_session as root or the account's reseller; sessions it makes skip 2FA (§3)."},
	{ID: "cpanel-token", Method: CPanelToken, Title: "cPanel API token", Services: []endpoint.Service{endpoint.Webmail},
		Note: "A cPanel account's own token opens its Webmail only: cPanel makes no cPanel or WHM session from it."},
	{ID: "access-hash", Method: AccessHash, Title: "Access hash (WHM root:hash)", Services: allServices, Deprecated: true,
		Note: "Deprecated by cPanel, and refused unless the server allows it: switch to an API token (WHM » Manage API Tokens)."},
	{ID: "password", Method: Password, Title: "Password", Services: allServices, TwoFactor: "tfa_token",
		Note: "With a stored 2FA secret, the code goes with the login (tfa_token)."},
	{ID: "password-security-code", Method: SecurityCodePage, Title: "Password, then the 2FA security-code page",
		Services: []endpoint.Service{endpoint.CPanel, endpoint.WHM}, TwoFactor: "tfatoken",
		Note: "Logs in like the login page's form, then answers cPanel's security-code page with a code panelkey computes."},
	{ID: "remote-login", Method: Password, Title: "Secure remote login (on a chosen page)", Services: allServices, Landing: true,
		TwoFactor: "tfa_token", Note: "The password login cPanel::LogMeIn makes, landing on the page chosen (goto_uri)."},
}

// FindMethod returns the method with that ID.
func FindMethod(id string) (MethodInfo, bool) {
	for _, m := range Methods {
		if m.ID == id {
			return m, true
		}
	}
	return MethodInfo{}, false
}

// Offers reports whether m opens a session on service s.
func (m MethodInfo) Offers(s endpoint.Service) bool {
	for _, x := range m.Services {
		if x == s {
			return true
		}
	}
	return false
}
