package netgate_test

import (
	"fmt"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/netgate"
)

func ExampleCheck() {
	server := netgate.Server{BaseURL: "https://server.example.com:2087"}
	token := []netgate.Header{{Name: "Authorization", Value: "whm root:TOKEN"}}

	d, err := netgate.Check(server, netgate.Request{URL: "HTTPS://Server.Example.com.:2087/json-api/listaccts?api.version=1", Headers: token})
	fmt.Println(d.URL, d.Service, d.Redirect, d.Timeout, err)

	_, err = netgate.Check(server, netgate.Request{URL: "http://server.example.com:2086/json-api/listaccts?api.version=1", Headers: token})
	fmt.Println(err.(*netgate.Error).Code)

	_, err = netgate.Check(server, netgate.Request{URL: "https://server.example.com:2087@evil.example:2087/", Headers: token})
	fmt.Println(err.(*netgate.Error).Code)
	// Output:
	// https://server.example.com:2087/json-api/listaccts?api.version=1 whm manual 30s <nil>
	// plain-text-refused
	// url-userinfo
}

func ExampleOpen() {
	server := netgate.Server{BaseURL: "https://server.example.com:2087"}
	n, err := netgate.Open(server, endpoint.CPanel, "https://server.example.com:2083/cpsess0123456789/login/?session=s")
	fmt.Println(n.Origin, err)

	_, err = netgate.Open(server, endpoint.CPanel, "https://203.0.113.9:2083/cpsess0123456789/login/?session=s")
	fmt.Println(err)
	// Output:
	// https://server.example.com:2083 <nil>
	// The address is on 203.0.113.9, not on the server's own host server.example.com: panelkey sends and opens nothing for this server anywhere else.
}
