package tfaenroll

import (
	"encoding/json"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
)

// ListCall is WHM API 1 twofactorauth_get_user_configs: the accounts the
// caller controls, each with whether 2FA is on
// (https://api.docs.cpanel.net/openapi/whm/operation/twofactorauth_get_user_configs/).
func ListCall() cpapi.Call {
	return cpapi.Call{Family: cpapi.WHMAPI1, Function: "twofactorauth_get_user_configs"}
}

// ParseList reads ListCall's answer, {"data":{"user":{"is_enabled":0|1,
// "primary_domain":…}}}, into user → 2FA on. A failed call is cpapi's error;
// data of another shape is a *errcode.Error with code "bad-response". An
// entry that is not an object is left out.
func ParseList(status int, body []byte) (map[string]bool, error) {
	var data map[string]json.RawMessage
	ok, err := cpapi.ParseData(cpapi.WHMAPI1, status, body, &data)
	if err != nil {
		return nil, err
	}
	if !ok || data == nil {
		return nil, &errcode.Error{Code: "bad-response", Message: "WHM answered without the accounts' 2FA settings."}
	}
	out := make(map[string]bool, len(data))
	for user, raw := range data {
		var entry struct {
			Enabled json.RawMessage `json:"is_enabled"`
		}
		if json.Unmarshal(raw, &entry) != nil {
			continue
		}
		out[user] = truthy(entry.Enabled)
	}
	return out, nil
}

// truthy reads cPanel's booleans: 1, "1", true.
func truthy(v json.RawMessage) bool {
	switch string(v) {
	case "1", `"1"`, "true":
		return true
	}
	return false
}
