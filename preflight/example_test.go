package preflight_test

import (
	"fmt"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/preflight"
)

func ExampleCheck() {
	a, err := endpoint.Parse("server.example.com:2083")
	if err != nil {
		panic(err)
	}
	for _, p := range preflight.Check(preflight.Target{Address: a, Family: cpapi.WHMAPI1, Auth: authheader.MethodWHMToken}) {
		fmt.Println(p.Severity, p.Code+":", p.Message)
	}
	// Output:
	// error whm-api-on-cpanel-port: would fail with Permission denied: WHM API 1 is served on 2087 (https://server.example.com:2087), not on cPanel
	// error whm-token-off-whm: a WHM API token authenticates on WHM (2087) only, not on cPanel; reach the account through WHM (uapi_cpanel, API 2 with cpanel_jsonapi_user, or create_user_session)
}

func ExampleFamilyForPath() {
	fmt.Println(preflight.FamilyForPath("/cpsess0123456789/json-api/create_user_session?api.version=1"))
	// Output:
	// whmapi1 create_user_session
}
