//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/panelkey/panelkey/vault"
)

// warmUp makes the engine calls of both one-click logins (token and
// password with 2FA) once, on made-up data, as the worker makes them (JSON
// text in and out), and returns how each ended.
//
// Why: V8 compiles a wasm function on its first call (lazy compilation). In
// a worker just woken, the first login compiled ~340 functions on the spot,
// ~30 ms of it (a trace's wasm.CompileLazy; docs/benchmarks.md). The popup's
// warm message has the worker run this while the user reads the popup, so
// the click finds the code compiled. Nothing here touches the network or
// storage: the calls are pure.
func init() {
	register("warmUp", func(struct{}) (any, error) {
		return struct {
			Token    string `json:"token"`
			Password string `json:"password"`
		}{warmLogin("token", warmSessionAnswer), warmLogin("password", warmLoginAnswer)}, nil
	})
}

// Answers shaped as cPanel's (cpapi's parsers accept them) for the made-up
// server warm.invalid (RFC 2606: never resolves).
const (
	warmSessionAnswer = `{"metadata":{"command":"create_user_session","reason":"Created session","result":1,"version":1},` +
		`"data":{"cp_security_token":"/cpsess0000000000","expires":1,"service":"cpaneld","session":"warm:0:create_user_session,0",` +
		`"url":"https://warm.invalid:2083/cpsess0000000000/login/?session=warm:0:create_user_session,0"}}`
	warmLoginAnswer = `{"status":1,"security_token":"/cpsess0000000000","redirect":"/cpsess0000000000/frontend/jupiter/index.html"}`
)

// warmVault is the made-up vault the warm-up's logins read: one server with
// a WHM API token and one account with a password and 2FA. It is never the
// vault the engine holds for the worker.
const warmVault = `{"version":2,"servers":[{"id":"warm","baseURL":"https://warm.invalid:2087",` +
	`"whm":{"user":"root","token":"WARMUPTOKEN0000000000000000000000"},` +
	`"accounts":[{"id":"warm","user":"warm","password":"warm-up password",` +
	`"totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30}}]}]}`

// warmLogin runs signinInput (on warmVault), signinStart, signinNext (with
// answer) and extractCpsess for a cPanel login by method, and returns the
// kind of the last step ("open" when the made-up login went through, which
// the tests check: a warm-up that fails early compiles little).
func warmLogin(method, answer string) string {
	v, err := vault.Decode(warmVault)
	if err != nil {
		return "signinInput failed"
	}
	s, a, _, err := v.Resolve(vault.Ref{ServerID: "warm", AccountID: "warm"})
	if err != nil {
		return "signinInput failed"
	}
	input := warmJSON(signinInputIn(s, a, nil, signinArgs{Service: "cpanel", Method: method}))
	if input == nil {
		return "signinInput failed"
	}
	now := float64(time.Now().UnixMilli())
	input["now"] = now
	step := warmCall("signinStart", input)
	if step == nil || step["kind"] != "fetch" {
		return "signinStart failed"
	}
	date := time.Now().UTC().Format(time.RFC1123)
	date = strings.Replace(date, "UTC", "GMT", 1)
	next := warmCall("signinNext", map[string]any{"state": step["state"], "now": now,
		"response": map[string]any{"status": 200, "headers": map[string]any{"date": date}, "body": answer}})
	if next == nil {
		return "signinNext failed"
	}
	if u, ok := next["url"].(string); ok {
		warmCall("extractCpsess", map[string]any{"url": u})
	}
	kind, _ := next["kind"].(string)
	return kind
}

// warmCall calls the API function name on in as the worker does (JSON text
// in, JSON text out) and returns the decoded value, nil on a failure.
func warmCall(name string, in map[string]any) map[string]any {
	text, err := json.Marshal(in)
	if err != nil {
		return nil
	}
	return warmJSON(api[name](string(text)))
}

// warmJSON is a function's answer as the worker reads it (JSON text out),
// decoded; nil on a failure.
func warmJSON(v any, err error) map[string]any {
	if err != nil {
		return nil
	}
	out, err := okJSON(v)
	if err != nil {
		return nil
	}
	var reply struct {
		Value map[string]any `json:"value"`
	}
	if json.Unmarshal([]byte(out), &reply) != nil {
		return nil
	}
	return reply.Value
}
