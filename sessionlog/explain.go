package sessionlog

import "strings"

// reasons explains the PURGE reasons cPanel documents for its session log. cPanel's documentation spells the
// successful-login reason "loginsucess"; both spellings are accepted.
var reasons = map[string]string{
	"badpass":      "The session's password no longer matched (wrong or changed password), so cPanel removed the session.",
	"expired":      "The session expired: it was unused for too long or reached its maximum lifetime.",
	"kill":         "The session was ended on purpose: an administrator or the system terminated it.",
	"loadsession":  "The session could not be loaded (its data was missing or damaged), so cPanel removed it.",
	"loginsuccess": "A login with this session succeeded and cPanel replaced it with a new session (the NEW entry that follows): a single sign-on URL works once.",
	"logout":       "The user logged out.",
	"xfercpanel":   "The session was handed over to cPanel (for example WHM's “log in to cPanel”), which started its own session.",
	"xferwebmail":  "The session was handed over to Webmail, which started its own session.",
	"xferwhm":      "The session was handed over to WHM, which started its own session.",
	"unknown":      "cPanel recorded no reason for removing the session.",
}

// Explain returns a plain-language explanation of a PURGE reason (case-insensitive). An unknown reason gets a
// generic explanation that names it; an empty one says no reason was recorded.
func Explain(reason string) string {
	if r, ok := KnownReason(reason); ok {
		return reasons[r]
	}
	return "cPanel removed the session for the reason " + quote(reason) + ", which panelkey does not know."
}

// KnownReason is a PURGE reason as the name of its explanation (lower case, "loginsucess" read as "loginsuccess",
// "" as "unknown"), and whether cPanel documents it: a page words its explanations by that name.
func KnownReason(reason string) (string, bool) {
	r := strings.ToLower(strings.TrimSpace(reason))
	if r == "loginsucess" {
		r = "loginsuccess"
	}
	if r == "" {
		r = "unknown"
	}
	_, ok := reasons[r]
	return r, ok
}

// fields explains the origin keys of a NEW entry.
var fields = map[string]string{
	"address":   "the IP address the session was created for (the client that logged in or asked for it)",
	"app":       "the service the session belongs to: cpaneld (cPanel), whostmgrd (WHM) or webmaild (Webmail)",
	"creator":   "the account that created the session: the user for a password login, root or a reseller for single sign-on",
	"method":    "how the session was created, e.g. handle_form_login (the login form) or create_user_session (single sign-on through WHM)",
	"path":      "the interface the request came through, e.g. form (the login page) or json-api / xml-api (the WHM API)",
	"possessed": "1 when root or a reseller opened the account on the user's behalf, 0 when the user logged in themself",
}

// ExplainField returns what a NEW entry's origin key means, or "" for a key cPanel does not document.
func ExplainField(key string) string {
	return fields[strings.ToLower(key)]
}
