package endpoint_test

import (
	"errors"
	"fmt"

	"github.com/panelkey/panelkey/endpoint"
)

func ExampleParse() {
	a, err := endpoint.Parse("  HTTPS://Server.Example.com.:2087/cpsess0123456789/  ")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.BaseURL(), a.Service, a.Secure())

	a, _ = endpoint.Parse("whm.example.com")
	fmt.Println(a.BaseURL(), a.Service, a.ViaSubdomain)

	_, err = endpoint.Parse("example.com:8080")
	var e *endpoint.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
	}
	// Output:
	// https://server.example.com:2087 whm true
	// https://whm.example.com whm true
	// address-unknown-port
}

func ExampleFor() {
	for _, s := range endpoint.Services() {
		a, err := endpoint.For("[2001:db8::1]:2083", s)
		if err != nil {
			panic(err)
		}
		fmt.Println(s, a.BaseURL())
	}
	a, _ := endpoint.For("cpanel.example.com", endpoint.Webmail)
	fmt.Println(a.BaseURL())
	// Output:
	// cpanel https://[2001:db8::1]:2083
	// whm https://[2001:db8::1]:2087
	// webmail https://[2001:db8::1]:2096
	// https://webmail.example.com
}

func ExampleHostPermission() {
	fmt.Println(endpoint.HostPermission("Server.Example.com."))
	fmt.Println(endpoint.HostPermission("2001:db8::1"))
	// Output:
	// https://server.example.com/*
	// https://[2001:db8::1]/*
}
