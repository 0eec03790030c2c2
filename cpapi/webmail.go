package cpapi

import (
	"strings"
)

// WebmailSessionCall is the UAPI call that creates a single-use Webmail session for a cPanel user's mailbox
// (Session::create_webmail_session_for_mail_user with login and domain) or, for mailbox "", for the user's own
// mail (Session::create_webmail_session_for_self) (§3;
// https://api.docs.cpanel.net/openapi/cpanel/operation/create_webmail_session_for_mail_user/). A cPanel API
// token may call it: it is UAPI (§2).
func WebmailSessionCall(mailbox string) (Call, error) {
	if mailbox == "" {
		return Call{Family: UAPI, Module: "Session", Function: "create_webmail_session_for_self"}, nil
	}
	login, domain, ok := strings.Cut(mailbox, "@")
	if !ok || login == "" || domain == "" || strings.Contains(domain, "@") {
		return Call{}, newError(CodeParam, "mailbox "+quote(mailbox, 64)+" is not an address like user@example.com")
	}
	return Call{Family: UAPI, Module: "Session", Function: "create_webmail_session_for_mail_user",
		Args: []Arg{{"login", login}, {"domain", domain}}}, nil
}

// WebmailSession is the data of a successful WebmailSessionCall.
type WebmailSession struct {
	Session       string // the pre-session's id, to send as session=… to {SecurityToken}/login on 2096
	SecurityToken string // "/cpsessNNNNNNNNNN"
}

// ParseWebmailSession reads the answer to WebmailSessionCall: data {session, token, hostname}. A failed call is
// ParseResponse's error; data without a session or a valid token is CodeBadEnvelope. The hostname is not read:
// the caller opens the session on the server it called.
func ParseWebmailSession(status int, body []byte) (WebmailSession, error) {
	var d struct {
		Session string `json:"session"`
		Token   string `json:"token"`
	}
	ok, err := ParseData(UAPI, status, body, &d)
	if err != nil {
		return WebmailSession{}, err
	}
	if !ok || d.Session == "" {
		return WebmailSession{}, respError(CodeBadEnvelope, status, "the Webmail session answer has no session", "")
	}
	token, terr := normalizeCpsess(d.Token)
	if terr != nil {
		return WebmailSession{}, respError(CodeBadEnvelope, status, "the Webmail session answer has no valid token", "")
	}
	return WebmailSession{Session: d.Session, SecurityToken: token}, nil
}
