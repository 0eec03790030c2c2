package signin

import (
	"net/url"
	"strings"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
)

// startWebmailSession opens Webmail with a cPanel account's API token: the
// token reaches UAPI only (§2), and UAPI's Session module creates a
// single-use Webmail session for the account's own mail or one of its
// mailboxes (§3). cPanel documents no way to a cPanel or WHM session from
// such a token.
func startWebmailSession(r Request) Step {
	if r.Service != endpoint.Webmail {
		return fail("cpanel-token-no-session", "cPanel opens no "+r.Service.Title()+" session from a cPanel API token: "+
			"the token reaches UAPI and API 2 only, and of those only Webmail sessions can be made.",
			"Use a WHM API token (root's, or the reseller's that owns the account) or the account's password.", "", r.Service.Title())
	}
	cp, failed := secureAddress(r.Server, endpoint.CPanel)
	if failed != nil {
		return *failed
	}
	owner, mailbox := r.Account, ""
	if strings.Contains(r.User, "@") {
		mailbox = r.User
	} else if owner == "" {
		owner = r.User
	}
	auth, err := authheader.CPanelToken(owner, r.Secret)
	if err != nil {
		return credentialFailure(err)
	}
	call, err := cpapi.WebmailSessionCall(mailbox)
	if err != nil {
		return requestFailure(err)
	}
	req, err := cpapi.BuildRequest(cp.BaseURL(), call, "")
	if err != nil {
		return requestFailure(err)
	}
	req.Headers = append(req.Headers, auth.Headers...)
	return fetch(req, state{Phase: phaseWebmailSession, Request: r, Base: cp.BaseURL()}, r.Offset)
}

// afterWebmailSession opens the session on the server's own Webmail port,
// whatever host name the answer names: {token}/login/?session=…, the GET the
// browser consumes like a create_user_session URL (Decision 1; cPanel's
// example POSTs the same session, which a tab cannot).
func afterWebmailSession(s state, resp Response) Step {
	ws, err := cpapi.ParseWebmailSession(resp.Status, resp.Body)
	if err != nil {
		return serverFailure(cpapi.ForCredential(err, authheader.MethodCPanelToken), s)
	}
	webmail, err := endpoint.For(s.Request.Server, endpoint.Webmail)
	if err != nil {
		return addressFailure(err)
	}
	open, err := openOn(s.Base, endpoint.Webmail, webmail.BaseURL()+ws.SecurityToken+"/login/?session="+url.QueryEscape(ws.Session))
	if err != nil {
		return refusedAddress(err, "The Webmail session's address")
	}
	return Step{Kind: Open, URL: open, Offset: s.Request.Offset}
}
