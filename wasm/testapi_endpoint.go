//go:build js && wasm && enginetest

package main

// Engine functions only tests call (tests/wasm): addresses and host permissions as the engine reads them.

import "github.com/panelkey/panelkey/endpoint"

// address is an endpoint.Address as the JS API returns it.
type address struct {
	Scheme       string `json:"scheme"`
	Host         string `json:"host"`
	Port         int    `json:"port"`
	Service      string `json:"service"`
	ViaSubdomain bool   `json:"viaSubdomain"`
	BaseURL      string `json:"baseURL"`
	Secure       bool   `json:"secure"`
}

func toAddress(a endpoint.Address) address {
	return address{a.Scheme, a.Host, a.Port, string(a.Service), a.ViaSubdomain, a.BaseURL(), a.Secure()}
}

func init() {
	register("parseAddress", func(in struct {
		Input   string `json:"input"`
		Service string `json:"service"`
	}) (any, error) {
		s, err := parseService(in.Service)
		if err != nil {
			return nil, err
		}
		var a endpoint.Address
		if s == "" {
			a, err = endpoint.Parse(in.Input)
		} else {
			a, err = endpoint.For(in.Input, s)
		}
		if err != nil {
			return nil, err
		}
		return toAddress(a), nil
	})

	register("serviceAddresses", func(in struct {
		Input string `json:"input"`
	}) (any, error) {
		a, err := endpoint.Parse(in.Input)
		if err != nil {
			return nil, err
		}
		out := make(map[string]address, 3)
		for _, s := range endpoint.Services() {
			sa, err := a.WithService(s)
			if err != nil {
				return nil, err
			}
			out[string(s)] = toAddress(sa)
		}
		return out, nil
	})

	registerField("hostPermission", "origin", func(in struct {
		Input string `json:"input"`
	}) (string, error) {
		a, err := endpoint.Parse(in.Input)
		if err != nil {
			return "", err
		}
		return endpoint.HostPermission(a.Host), nil
	})
}
