//go:build js && wasm

package main

import (
	"math"
	"time"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/netgate"
)

// The network gate (netgate) as the worker's one network function (extension/net.js) asks it: a decision for every
// request, every tab and every session origin, and the words for a request that got no answer.

// gateServer is the server a request is for, as the vault stores it.
type gateServer struct {
	BaseURL string `json:"baseURL"`
	Address string `json:"address"`
}

func (s gateServer) server() netgate.Server {
	return netgate.Server{BaseURL: s.BaseURL, Address: s.Address}
}

// gateDecision is a netgate.Decision as net.js performs it.
type gateDecision struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	Headers     []headerJSON `json:"headers"`
	Body        string       `json:"body"`
	ContentType string       `json:"contentType"`
	Credentials string       `json:"credentials"`
	Redirect    string       `json:"redirect"`
	TimeoutMS   int64        `json:"timeoutMs"`
	MaxBytes    int          `json:"maxBytes"`
	Permission  string       `json:"permission"`
	Origin      string       `json:"origin"`
	Service     string       `json:"service"`
	Carries     []string     `json:"carries"`
}

func init() {
	register("gateRequest", func(in struct {
		Server  gateServer `json:"server"`
		Request struct {
			Method      string       `json:"method"`
			URL         string       `json:"url"`
			Headers     []headerJSON `json:"headers"`
			Body        string       `json:"body"`
			ContentType string       `json:"contentType"`
		} `json:"request"`
		TimeoutSeconds float64 `json:"timeoutSeconds"`
	}) (any, error) {
		r := netgate.Request{Method: in.Request.Method, URL: in.Request.URL, Body: in.Request.Body, ContentType: in.Request.ContentType}
		for _, h := range in.Request.Headers {
			r.Headers = append(r.Headers, netgate.Header{Name: h.Name, Value: h.Value})
		}
		if t := in.TimeoutSeconds; t != 0 {
			if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > 1e6 {
				return nil, badInput("timeoutSeconds: expects a number of seconds")
			}
			r.Timeout = time.Duration(t * float64(time.Second))
		}
		d, err := netgate.Check(in.Server.server(), r)
		if err != nil {
			return nil, err
		}
		out := gateDecision{Method: d.Method, URL: d.URL, Headers: make([]headerJSON, len(d.Headers)), Body: d.Body,
			ContentType: d.ContentType, Credentials: d.Credentials, Redirect: d.Redirect, TimeoutMS: d.Timeout.Milliseconds(),
			MaxBytes: d.MaxBytes, Permission: d.Permission, Origin: d.Origin, Service: string(d.Service)}
		for i, h := range d.Headers {
			out.Headers[i] = headerJSON{h.Name, h.Value}
		}
		for _, c := range d.Carries {
			out.Carries = append(out.Carries, string(c))
		}
		return out, nil
	})

	register("gateOpen", func(in struct {
		Server  gateServer `json:"server"`
		Service string     `json:"service"`
		URL     string     `json:"url"`
	}) (any, error) {
		s, err := parseService(in.Service)
		if err != nil {
			return nil, err
		}
		n, err := netgate.Open(in.Server.server(), s, in.URL)
		if err != nil {
			return nil, err
		}
		return struct {
			URL     string `json:"url"`
			Origin  string `json:"origin"`
			Service string `json:"service"`
		}{n.URL, n.Origin, string(n.Service)}, nil
	})

	register("gateFailure", func(in struct {
		Origin         string  `json:"origin"`
		Error          string  `json:"error"`
		TimeoutSeconds float64 `json:"timeoutSeconds"`
	}) (any, error) {
		e := netgate.Failure(in.Error, in.Origin)
		if in.TimeoutSeconds > 0 && !math.IsInf(in.TimeoutSeconds, 0) {
			e = netgate.TimedOut(in.Origin, time.Duration(in.TimeoutSeconds*float64(time.Second)))
		}
		return struct {
			Code    string   `json:"code"`
			Message string   `json:"message"`
			Advice  string   `json:"advice"`
			OpenURL string   `json:"openURL,omitempty"`
			Params  []string `json:"params,omitempty"`
		}{e.Code, e.Message, e.Advice, e.OpenURL, e.Params}, nil
	})
}

// parseService accepts "" (none) or a service or daemon name.
func parseService(name string) (endpoint.Service, error) {
	if name == "" {
		return "", nil
	}
	return endpoint.ParseService(name)
}
