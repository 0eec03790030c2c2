package emulatortest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
)

// echo answers 418 with the request's method, path and query, Authorization, Content-Type and body.
func echo(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Date", "Sat, 05 Dec 2026 10:00:00 GMT")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+r.Header.Get("Content-Type")+" "+string(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDoSendsTheWholeRequest(t *testing.T) {
	srv := echo(t)

	resp, body, err := emulatortest.Do(srv.Client(), cpapi.Request{Method: "POST", URL: srv.URL + "/login/?login_only=1",
		Headers: []authheader.Header{{Name: "Authorization", Value: "whm root:T"}}, Body: "user=bob", ContentType: cpapi.FormContentType})
	require.NoError(t, err)
	assert.Equal(t, http.StatusTeapot, resp.StatusCode)
	assert.Equal(t, "Sat, 05 Dec 2026 10:00:00 GMT", resp.Header.Get("Date"))
	assert.Equal(t, "POST /login/?login_only=1 whm root:T application/x-www-form-urlencoded user=bob", string(body))

	_, _, err = emulatortest.Do(srv.Client(), cpapi.Request{Method: "GET", URL: "http://127.0.0.1:1/"})
	assert.Error(t, err, "no answer")
}

func TestAsRootSendsTheCallWithRootsToken(t *testing.T) {
	srv := echo(t)
	status, body, err := emulatortest.AsRoot(srv.Client(), srv.URL, cpapi.Call{Family: cpapi.WHMAPI1, Function: "listaccts"}, "T0KEN")
	require.NoError(t, err)
	assert.Equal(t, http.StatusTeapot, status)
	assert.Equal(t, "GET /json-api/listaccts?api.version=1 whm root:T0KEN  ", string(body))

	_, _, err = emulatortest.AsRoot(srv.Client(), srv.URL, cpapi.Call{Family: cpapi.WHMAPI1, Function: "listaccts"}, "not a token")
	assert.Error(t, err)
}
