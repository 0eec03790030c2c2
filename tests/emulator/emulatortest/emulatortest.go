// Package emulatortest runs the cPanel & WHM emulator for the engine packages' tests and reaches it as the
// extension does: over TLS that trusts the emulator's CA and nothing else (so a certificate it did not sign
// still fails, as in a browser), the worker's fetch handing redirects back instead of following them and
// sending the engine's requests (cpapi.Request) as they are, a tab following redirects.
//
// The emulator itself stays independent of the engine; this package is where the two meet.
package emulatortest

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/cookiejar"
	"os"
	"testing"
	"time"

	"github.com/panelkey/panelkey/tests/emulator"
)

// timeout is how long a client waits for an answer from the emulator.
const timeout = 10 * time.Second

// Start runs an emulator with cfg and closes it when the test ends.
func Start(t testing.TB, cfg emulator.Config) *emulator.Server {
	t.Helper()
	srv, err := emulator.New(cfg)
	if err != nil {
		t.Fatalf("emulator.New: %v", err)
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		t.Fatalf("starting the emulator on %s (ports %v): %v", cfg.ListenIP, cfg.Ports, err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// CA is where the emulator's CA certificate is: an *emulator.Server or an *emulator.Fleet.
type CA interface {
	CAFile() string
}

// Fetcher is a client as the worker's fetch is (redirect: "manual"): it returns a redirect instead of following
// it, and keeps no cookies.
func Fetcher(t testing.TB, ca CA) *http.Client {
	t.Helper()
	return &http.Client{Transport: trusting(t, ca), Timeout: timeout, CheckRedirect: manual}
}

// Browser is a small Go stand-in for the browser: Fetch as the worker's fetch (redirects handed back) and Tab
// as a tab (redirects followed), sharing one cookie jar, as the worker's fetch and the tabs share the
// browser's cookies.
type Browser struct {
	Fetch, Tab *http.Client
}

// NewBrowser is a Browser with an empty cookie jar.
func NewBrowser(t testing.TB, ca CA) Browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	transport := trusting(t, ca)
	return Browser{
		Fetch: &http.Client{Transport: transport, Jar: jar, Timeout: timeout, CheckRedirect: manual},
		Tab:   &http.Client{Transport: transport, Jar: jar, Timeout: timeout},
	}
}

// trusting is a transport whose TLS trusts ca's certificate alone; its connections close when the test ends.
func trusting(t testing.TB, ca CA) *http.Transport {
	t.Helper()
	pem, err := os.ReadFile(ca.CAFile())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", ca.CAFile())
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	t.Cleanup(transport.CloseIdleConnections)
	return transport
}

// manual hands a redirect back to the caller, as fetch with redirect: "manual" does.
func manual(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
