package signin_test

import (
	"io"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/signin"
	"github.com/panelkey/panelkey/tests/emulator"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
)

// These tests run the sign-in flows against the emulator over real TLS, with a
// small Go client standing in for the browser: the worker's fetch (cookies
// kept, redirects not followed) and then the tab (redirects followed). They
// prove the engine and the documented server behaviour agree before a browser
// is involved.

// browser drives the sign-in flows in emulatortest's Browser.
type browser struct{ emulatortest.Browser }

func newBrowser(t *testing.T, srv *emulator.Server) browser {
	t.Helper()
	return browser{emulatortest.NewBrowser(t, srv)}
}

// run drives the step machine to its end, as the worker does.
func (b browser) run(t *testing.T, r signin.Request) signin.Step {
	t.Helper()
	step := signin.Start(r, time.Now())
	for i := 0; i < 4 && step.Kind == signin.Fetch; i++ {
		resp, body, err := emulatortest.Do(b.Fetch, step.Request)
		var answer signin.Response
		if err != nil {
			answer.NetworkError = err.Error()
		} else {
			answer = signin.Response{Status: resp.StatusCode, Date: resp.Header.Get("Date"), Location: resp.Header.Get("Location"), Body: body}
		}
		step = signin.Next(step.State, answer, time.Now())
	}
	return step
}

var homeRE = regexp.MustCompile(`<main id="emulator-home" data-service="([a-z]+)" data-user="([^"]+)"`)

// land opens the tab and reports which home page it ended on.
func (b browser) land(t *testing.T, url string) (service, user string) {
	t.Helper()
	m := b.landOn(t, url, homeRE, "the emulator's home page")
	return string(m[1]), string(m[2])
}

// landOn opens the tab and returns re's submatches in the page it ended on
// (what names that page, for the failure).
func (b browser) landOn(t *testing.T, url string, re *regexp.Regexp, what string) [][]byte {
	t.Helper()
	resp, err := b.Tab.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := re.FindSubmatch(body)
	require.NotNil(t, m, "landed on %s (status %d) without %s", resp.Request.URL, resp.StatusCode, what)
	return m
}

// startEmulator listens on cPanel's real ports (2082–2096), which are the only
// ones the engine, like cPanel, knows, on a loopback address of the test's own
// so that it does not collide with another emulator on 127.0.0.1.
func startEmulator(t *testing.T, listenIP string, cfg emulator.Config) *emulator.Server {
	t.Helper()
	cfg.ListenIP = listenIP
	cfg.Ports = emulator.RealPorts(0)
	cfg.Ports[emulator.LProxy], cfg.Ports[emulator.LControl] = 0, 0
	return emulatortest.Start(t, cfg)
}

func TestFlowsAgainstEmulator(t *testing.T) {
	srv := startEmulator(t, "127.0.0.81", emulator.Config{})
	server := srv.URL(emulator.WHM, false) // what a user pastes: the WHM address
	const rootToken = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"
	tests := []struct {
		name        string
		req         signin.Request
		wantService string
		wantUser    string
	}{
		{"cPanel by root's token (§3, Decision 1)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Token, Server: server, User: "bob", Secret: rootToken}, "cpanel", "bob"},
		{"WHM by root's token",
			signin.Request{Service: endpoint.WHM, Method: signin.Token, Server: server, Secret: rootToken}, "whm", "root"},
		{"Webmail mailbox by root's token",
			signin.Request{Service: endpoint.Webmail, Method: signin.Token, Server: server, User: "info@bob.example", Secret: rootToken}, "webmail", "info@bob.example"},
		{"cPanel by a reseller's token for an owned account",
			signin.Request{Service: endpoint.CPanel, Method: signin.Token, Server: server, User: "carol", Secret: "RESELTOKENDEMO7X4Q9ZK2M8P3R6T1W5", WHMUser: "resel"}, "cpanel", "carol"},
		{"cPanel by password (§4, Decision 2)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: server, User: "bob", Secret: "demo-bob-pass"}, "cpanel", "bob"},
		{"cPanel by password + 2FA code (§5)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: server, User: "erin", Secret: "demo-erin-pass", TOTP: &signin.TOTP{Secret: "ERINTWOFACTORKEY"}}, "cpanel", "erin"},
		{"Webmail by password",
			signin.Request{Service: endpoint.Webmail, Method: signin.Password, Server: server, User: "info@bob.example", Secret: "demo-mail-pass"}, "webmail", "info@bob.example"},
		{"WHM by password + 2FA",
			signin.Request{Service: endpoint.WHM, Method: signin.Password, Server: server, User: "root", Secret: "demo-root-pass", TOTP: &signin.TOTP{Secret: "ROOTTWOFACTORKEY"}}, "whm", "root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, srv)
			step := b.run(t, tt.req)
			require.Equal(t, signin.Open, step.Kind, "failure: %+v", step.Failure)
			service, user := b.land(t, step.URL)
			assert.Equal(t, tt.wantService, service)
			assert.Equal(t, tt.wantUser, user)
		})
	}
}

func TestFailuresAgainstEmulator(t *testing.T) {
	srv := startEmulator(t, "127.0.0.82", emulator.Config{})
	server := srv.URL(emulator.WHM, false)
	tests := []struct {
		name string
		req  signin.Request
		code string
	}{
		{"revoked token → 401 (Decision 5)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Token, Server: server, User: "bob", Secret: "ROOTREVOKEDDEMO7X4Q9ZK2M8P3R6T1W"}, "token-rejected"},
		{"suspended account (§3)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Token, Server: server, User: "dave", Secret: "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"}, "account-suspended"},
		{"reseller opening an account it does not own (§3)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Token, Server: server, User: "bob", Secret: "RESELTOKENDEMO7X4Q9ZK2M8P3R6T1W5", WHMUser: "resel"}, "not-owned"},
		{"wrong password (Decision 2)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: server, User: "bob", Secret: "wrong"}, "password-rejected"},
		{"2FA account without a secret (Decision 2)",
			signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: server, User: "erin", Secret: "demo-erin-pass"}, "tfa-secret-missing"},
		{"2FA account with another secret",
			signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: server, User: "erin", Secret: "demo-erin-pass", TOTP: &signin.TOTP{Secret: "JBSWY3DPEHPK3PXP"}}, "tfa-rejected"},
		{"access hash while the server refuses it (the default)",
			signin.Request{Service: endpoint.WHM, Method: signin.AccessHash, Server: server, Secret: srv.Fixture().WHMUsers[0].AccessHash}, "access-hash-rejected"},
		{"cPanel API token for cPanel itself",
			signin.Request{Service: endpoint.CPanel, Method: signin.CPanelToken, Server: server, User: "bob", Secret: "BOBTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y0"}, "cpanel-token-no-session"},
		{"revoked cPanel API token",
			signin.Request{Service: endpoint.Webmail, Method: signin.CPanelToken, Server: server, User: "bob", Secret: "BOBREVOKEDDEMO7X4Q9ZK2M8P3R6T1W5"}, "token-rejected"},
		{"cPanel API token for a mailbox of another account",
			signin.Request{Service: endpoint.Webmail, Method: signin.CPanelToken, Server: server, User: "alice@alice.example", Account: "bob",
				Secret: "BOBTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y0"}, "unknown-user"},
		{"security-code page with a wrong password",
			signin.Request{Service: endpoint.CPanel, Method: signin.SecurityCodePage, Server: server, User: "erin", Secret: "wrong",
				TOTP: &signin.TOTP{Secret: "ERINTWOFACTORKEY"}}, "password-rejected"},
		{"security-code page with another secret",
			signin.Request{Service: endpoint.CPanel, Method: signin.SecurityCodePage, Server: server, User: "erin", Secret: "demo-erin-pass",
				TOTP: &signin.TOTP{Secret: "JBSWY3DPEHPK3PXP"}}, "tfa-rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := newBrowser(t, srv).run(t, tt.req)
			require.Equal(t, signin.Fail, step.Kind)
			assert.Equal(t, tt.code, step.Failure.Code, "message: %s", step.Failure.Message)
		})
	}
}

func TestClockDriftIsCorrectedAgainstEmulator(t *testing.T) {
	srv := startEmulator(t, "127.0.0.83", emulator.Config{})
	srv.SetClockOffset(3 * time.Minute) // the server runs three minutes ahead
	b := newBrowser(t, srv)
	step := b.run(t, signin.Request{Service: endpoint.CPanel, Method: signin.Password, Server: srv.URL(emulator.CPanel, false),
		User: "erin", Secret: "demo-erin-pass", TOTP: &signin.TOTP{Secret: "ERINTWOFACTORKEY"}})
	require.Equal(t, signin.Open, step.Kind, "failure: %+v", step.Failure)
	assert.InDelta(t, (3 * time.Minute).Seconds(), step.Offset.Seconds(), 2, "the learnt offset is returned for next time")
	service, user := b.land(t, step.URL)
	assert.Equal(t, "cpanel/erin", service+"/"+user)
}

func TestUntrustedCertificateAgainstEmulator(t *testing.T) {
	srv := startEmulator(t, "127.0.0.84", emulator.Config{UntrustedCert: true})
	step := newBrowser(t, srv).run(t, signin.Request{Service: endpoint.CPanel, Method: signin.Token,
		Server: srv.URL(emulator.WHM, false), User: "bob", Secret: "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"})
	require.Equal(t, signin.Fail, step.Kind)
	// Go's error text ("x509: certificate signed by unknown authority") is
	// not Chromium's net:: code, but it names the certificate, as Firefox's
	// does: the engine reads it as an untrusted certificate, and offers the
	// server's address to inspect it.
	assert.Equal(t, "tls-untrusted", step.Failure.Code)
	assert.NotEmpty(t, step.Failure.OpenURL)
}
