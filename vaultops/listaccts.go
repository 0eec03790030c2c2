package vaultops

import (
	"encoding/json"

	"github.com/panelkey/panelkey/cpapi"
)

// Codes of ListedAccounts' own errors (a failed call keeps cpapi's codes).
const (
	CodeRedirected    = "redirected"   // WHM answered with a redirect, which is never followed with the credential
	CodeNoAccountList = "bad-response" // WHM's answer holds no data.acct list
)

// ListedAccounts reads WHM's answer to listaccts (a server's account
// refresh) and returns its data.acct rows, for MergeAccounts. redirected says
// the worker's fetch (redirect "manual") met a redirect: the request carried
// the server's WHM credential, so it is an error and is never followed.
// origin names the server in that message. A call WHM refused, or an answer
// that is not WHM API 1's, is cpapi's error (token refused, privilege…).
func ListedAccounts(status int, body []byte, redirected bool, origin string) ([]json.RawMessage, error) {
	if redirected {
		return nil, &Error{Code: CodeRedirected, Message: "WHM at " + origin + " answered with a redirect; panelkey does " +
			"not follow it with the server's credentials. Check the server's address (WHM is on port 2087)."}
	}
	r, err := cpapi.ParseResponse(cpapi.WHMAPI1, status, body)
	if err != nil {
		return nil, err // every failed envelope comes with its error
	}
	var data struct {
		Acct []json.RawMessage `json:"acct"`
	}
	if json.Unmarshal(r.Data, &data) != nil || data.Acct == nil {
		return nil, &Error{Code: CodeNoAccountList, Message: "WHM answered without an account list."}
	}
	return data.Acct, nil
}
