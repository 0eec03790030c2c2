package vaultops

import (
	"encoding/json"
	"strconv"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/vault"
)

// Codes of ListedAccounts' own errors (a failed call keeps cpapi's codes).
const (
	CodeRedirected    = "redirected"   // WHM answered with a redirect, which is never followed with the credential
	CodeNoAccountList = "bad-response" // WHM's answer holds no data.acct list
)

// ListAnswer is WHM's answer to listaccts as the worker's fetch saw it.
type ListAnswer struct {
	Status int
	Body   []byte
	// Redirected: the fetch (redirect "manual") met a redirect. The request carried the server's WHM credential,
	// so it is an error and is never followed.
	Redirected bool
	// Truncated: the answer was larger than the worker reads (netgate.MaxBody); Body is its head.
	Truncated bool
	// Origin names the server in messages.
	Origin string
	// Sent is the credential the request carried (apiAuth's method): a refusal is read by it (cpapi.ForCredential).
	Sent authheader.Method
}

// ListedAccounts reads WHM's answer to listaccts (a server's account refresh) and returns its data.acct rows as the
// vault's accounts.merge edit takes them (see listed). A call WHM refused, or an answer that is not WHM API 1's, is cpapi's error (token refused,
// privilege…), read knowing which credential was sent.
func ListedAccounts(a ListAnswer) ([]vault.Listed, error) {
	if a.Redirected {
		return nil, &Error{Code: CodeRedirected, Message: "WHM at " + a.Origin + " answered with a redirect; panelkey does " +
			"not follow it with the server's credentials. Check the server's address (WHM is on port 2087)."}
	}
	if a.Truncated {
		return nil, &cpapi.Error{Code: cpapi.CodeBodyTooLarge, HTTPStatus: a.Status, Message: "WHM's account list at " + a.Origin +
			" is larger than " + strconv.Itoa(cpapi.MaxBodySize>>20) + " MiB; panelkey read no further."}
	}
	status, body := a.Status, a.Body
	var data struct {
		Acct []json.RawMessage `json:"acct"`
	}
	ok, err := cpapi.ParseData(cpapi.WHMAPI1, status, body, &data)
	if err != nil {
		return nil, cpapi.ForCredential(err, a.Sent) // every failed envelope comes with its error
	}
	if !ok || data.Acct == nil {
		return nil, &Error{Code: CodeNoAccountList, Message: "WHM answered without an account list."}
	}
	out := make([]vault.Listed, len(data.Acct))
	for i, row := range data.Acct {
		out[i] = listed(row)
	}
	return out, nil
}
