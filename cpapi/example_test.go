package cpapi_test

import (
	"errors"
	"fmt"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
)

func ExampleBuildRequest() {
	list := cpapi.Call{Family: cpapi.UAPI, Module: "Email", Function: "list_pops", Args: []cpapi.Arg{{Key: "regex", Value: "info"}}}
	r, err := cpapi.BuildRequest("https://host.example.com:2083", list, "/cpsess0123456789")
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Method, r.URL)

	accts := cpapi.Call{Family: cpapi.WHMAPI1, Function: "listaccts", Args: []cpapi.Arg{{Key: "search", Value: "bob"}}}
	r, _ = cpapi.BuildRequest("https://host.example.com:2087", accts, "")
	fmt.Println(r.URL)

	stats := cpapi.Call{Family: cpapi.UAPICPanel, Module: "StatsBar", Function: "get_stats", User: "bob"}
	r, _ = cpapi.BuildRequest("https://host.example.com:2087", stats, "")
	fmt.Println(r.URL)
	// Output:
	// GET https://host.example.com:2083/cpsess0123456789/execute/Email/list_pops?regex=info
	// https://host.example.com:2087/json-api/listaccts?api.version=1&search=bob
	// https://host.example.com:2087/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=StatsBar&cpanel.function=get_stats
}

func ExampleParseResponse() {
	body := []byte(`{"data":[{"email":"info@bob.example"}],"errors":null,"messages":null,"metadata":{"paginate":{"total_results":1}},"status":1,"warnings":null}`)
	r, err := cpapi.ParseResponse(cpapi.UAPI, 200, body)
	fmt.Println(r.OK, string(r.Data), r.Paging.TotalResults, err)

	denied := []byte(`{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`)
	_, err = cpapi.ParseResponse(cpapi.WHMAPI1, 403, denied)
	var e *cpapi.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.HTTPStatus)
	}
	// Output:
	// true [{"email":"info@bob.example"}] 1 <nil>
	// access-denied 403
}

func ExampleCreateUserSession() {
	r, err := cpapi.CreateUserSession("https://host.example.com:2087",
		cpapi.SessionParams{User: "bob", Service: endpoint.CPanel, App: "Email_Accounts"})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.URL)

	s, err := cpapi.ParseCreateUserSession(200, []byte(`{"metadata":{"result":1,"reason":"Created session"},
	  "data":{"cp_security_token":"/cpsess4927138456","expires":1718000300,"service":"cpaneld","session":"bob:x7rGd9PLkWqz3YFb:create_user_session,f8b4",
	  "url":"https://host.example.com:2083/cpsess4927138456/login/?session=bob%3ax7rGd9PLkWqz3YFb%3acreate_user_session%2cf8b4"}}`))
	fmt.Println(s.SecurityToken, s.Expires.Format("2006-01-02 15:04:05"), err)
	// Output:
	// https://host.example.com:2087/json-api/create_user_session?api.version=1&user=bob&service=cpaneld&app=Email_Accounts
	// /cpsess4927138456 2024-06-10 06:18:20 <nil>
}

func ExampleLogin() {
	r, err := cpapi.Login("https://host.example.com:2083", cpapi.LoginParams{User: "bob", Pass: "secret", TFAToken: "123456"})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Method, r.URL, r.ContentType)
	fmt.Println(r.Body)

	_, err = cpapi.ParseLogin(401, []byte(`{"status":0,"message":"token_missing"}`))
	var e *cpapi.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
	}
	// Output:
	// POST https://host.example.com:2083/login/?login_only=1 application/x-www-form-urlencoded
	// user=bob&pass=secret&tfa_token=123456
	// tfa-required
}

func ExampleExtractCpsess() {
	tok, err := cpapi.ExtractCpsess("https://host.example.com:2083/cpsess5542387976/frontend/jupiter/index.html")
	fmt.Println(tok, err)
	// Output:
	// /cpsess5542387976 <nil>
}
