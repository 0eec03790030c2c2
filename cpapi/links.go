package cpapi

import (
	"encoding/json"
)

// UsersLinksCall is WHM API 1 get_users_links for a cPanel user: the app keys
// of the user's theme and the page each opens, below /cpsessN/
// (https://api.docs.cpanel.net/openapi/whm/operation/get_users_links/). The
// keys are create_user_session's app values (§3).
func UsersLinksCall(user string) Call {
	return Call{Family: WHMAPI1, Function: "get_users_links", Args: []Arg{{"user", user}, {"service", "cpaneld"}}}
}

// ParseUsersLinks reads the answer to UsersLinksCall: data is an object of
// app key → page. A failed call is ParseResponse's error; a data member that
// is not an object of strings is CodeBadEnvelope. Keys that do not match the
// app key pattern, and pages that are not strings, are left out.
func ParseUsersLinks(status int, body []byte) (map[string]string, error) {
	var raw map[string]json.RawMessage
	ok, err := ParseData(WHMAPI1, status, body, &raw)
	if err != nil {
		return nil, err
	}
	if !ok || raw == nil {
		return nil, respError(CodeBadEnvelope, status, "get_users_links answered without an object of app keys", "")
	}
	links := make(map[string]string, len(raw))
	for k, v := range raw {
		var page string
		if isWord(k, "-", 64) && json.Unmarshal(v, &page) == nil {
			links[k] = page
		}
	}
	return links, nil
}
