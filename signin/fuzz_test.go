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
	webmail := Start(Request{Service: endpoint.Webmail, Method: CPanelToken, Server: "host.example", User: "bob", Secret: testToken}, now)
	formLogin := Start(Request{Service: endpoint.CPanel, Method: SecurityCodePage, Server: "host.example", User: "bob", Secret: testPass, TOTP: &TOTP{Secret: testSecret}}, now)
	securityCode := Next(formLogin.State, Response{Status: 302, Location: "/cpsess0123456789/"}, now)
	f.Add(302, "", []byte(nil), "")
	f.Add(200, "", []byte(`<form><input name="tfatoken"></form>`), "")
	f.Add(200, "", []byte(`{"data":{"session":"bob:x,ab","token":"/cpsess0123456789"},"errors":null,"status":1}`), "")
	f.Fuzz(func(t *testing.T, status int, date string, body []byte, networkError string) {
		for _, start := range []Step{token, password, webmail, formLogin, securityCode} {
			// The location is fuzzed too: the body's text, as a redirect's Location header.
			s := Next(start.State, Response{Status: status, Date: date, Body: body, NetworkError: networkError, Location: string(body)}, now)
			if s.Kind == Open && !strings.HasPrefix(s.URL, "https://host.example:") {
				t.Fatalf("a tab on %q, not the server's own address", s.URL)
			}
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
