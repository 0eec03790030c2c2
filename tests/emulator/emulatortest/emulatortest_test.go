package emulatortest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/tests/emulator"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
)

// The plain port answers 301 to the TLS port (Require SSL): the worker's fetch hands that back, a tab follows
// it over TLS that trusts the emulator's CA, and the browser's two clients share their cookies.
func TestFetchHandsRedirectsBackAndTabFollowsThem(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{})
	plain := srv.URL(emulator.CPanel, true) + "/"

	resp, err := emulatortest.Fetcher(t, srv).Get(plain)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, srv.URL(emulator.CPanel, false)+"/", resp.Header.Get("Location"))

	b := emulatortest.NewBrowser(t, srv)
	resp, err = b.Fetch.Get(plain)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	resp, err = b.Tab.Get(plain)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, srv.URL(emulator.CPanel, false)+"/", resp.Request.URL.String(), "the tab followed the redirect")
	assert.Same(t, b.Fetch.Jar, b.Tab.Jar)
}

// A certificate the emulator's CA did not sign is refused, as a browser refuses it.
func TestOnlyTheEmulatorsCAIsTrusted(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Config{UntrustedCert: true})
	_, err := emulatortest.Fetcher(t, srv).Get(srv.URL(emulator.WHM, false) + "/")
	assert.ErrorContains(t, err, "certificate")
}
