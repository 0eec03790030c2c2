package signin

import (
	"strings"
	"testing"

	"github.com/panelkey/panelkey/endpoint"
)

// FuzzNext feeds arbitrary server answers to both flows: no panic, and no
// secret in what the user is shown.
func FuzzNext(f *testing.F) {
	f.Add(200, "", []byte(`{"status":1,"security_token":"/cpsess5542387976","redirect":"/cpsess5542387976/"}`), "")
	f.Add(401, "Wed, 25 Nov 2026 12:02:00 GMT", []byte(`{"status":0,"message":"token_incorrect"}`), "")
	f.Add(200, "", []byte(`{"metadata":{"result":1},"data":{"url":"https://h:2083/cpsess0123456789/login/?session=x"}}`), "")
	f.Add(0, "", []byte(nil), "net::ERR_CERT_DATE_INVALID")
	token := Start(Request{Service: endpoint.CPanel, Method: Token, Server: "host.example", User: "bob", Secret: testToken}, now)
	password := Start(Request{Service: endpoint.CPanel, Method: Password, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}, now)
	f.Fuzz(func(t *testing.T, status int, date string, body []byte, networkError string) {
		for _, start := range []Step{token, password} {
			s := Next(start.State, Response{Status: status, Date: date, Body: body, NetworkError: networkError}, now)
			if s.Kind == Fail {
				for _, secret := range []string{testToken, testPass, testSecret} {
					if strings.Contains(s.Failure.Message+s.Failure.Advice, secret) && !strings.Contains(string(body)+networkError, secret) {
						t.Fatalf("failure %q shows a secret", s.Failure.Message)
					}
				}
			}
		}
	})
}
