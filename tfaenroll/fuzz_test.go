package tfaenroll

import (
	"strings"
	"testing"
	"time"

	"github.com/panelkey/panelkey/authheader"
)

// FuzzNext feeds arbitrary answers to every step: no panic, a fetch only to the server's WHM, a result only with
// a usable secret, and no failure that shows the WHM token.
func FuzzNext(f *testing.F) {
	const token = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"
	auth, _ := authheader.WHMToken("root", token)
	start := Start(Request{WHMBase: "https://h.example:2087", Auth: auth.Headers, User: "bob"})
	ok := func(data string) []byte {
		return []byte(`{"metadata":{"result":1,"version":1},"data":{"uapi":{"data":` + data + `,"status":1}}}`)
	}
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	set := Next(start.State, Response{Status: 200, Body: ok(`{"otpauth_str":"otpauth://totp/h:bob?secret=JBSWY3DPEHPK3PXP&issuer=h","secret":"JBSWY3DPEHPK3PXP"}`)}, now)
	check := Next(set.State, Response{Status: 200, Body: ok(`{"tfa_configured":1}`)}, now)
	f.Add(200, "", ok(`{"is_enabled":1}`))
	f.Add(200, "Sat, 05 Dec 2026 10:05:00 GMT", []byte(`{"metadata":{"result":1,"version":1},"data":{"uapi":{"errors":["The security code is invalid."],"status":0}}}`))
	f.Add(302, "", []byte(nil))
	f.Fuzz(func(t *testing.T, status int, date string, body []byte) {
		for _, s := range []Step{start, set, check} {
			next := Next(s.State, Response{Status: status, Date: date, Body: body}, now)
			switch next.Kind {
			case Fetch:
				if !strings.HasPrefix(next.Request.URL, "https://h.example:2087/json-api/uapi_cpanel?") {
					t.Fatalf("a request to %q", next.Request.URL)
				}
			case Done:
				if len(next.Result.Secret) < 16 || next.Result.Key.Secret != next.Result.Secret {
					t.Fatalf("a result without a usable secret: %+v", next.Result)
				}
			case Fail:
				if strings.Contains(next.Failure.Message+next.Failure.Advice, token) {
					t.Fatalf("failure %q shows the token", next.Failure.Message)
				}
			}
		}
		_, _ = ParseList(status, body)
	})
}
