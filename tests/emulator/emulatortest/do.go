package emulatortest

import (
	"io"
	"net/http"
	"strings"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
)

// Do sends r with c (its method, URL, headers, content type and body) and reads the answer whole. The error is
// the client's (no answer) or the body's; the response's body is closed.
func Do(c *http.Client, r cpapi.Request) (*http.Response, []byte, error) {
	req, err := http.NewRequest(r.Method, r.URL, strings.NewReader(r.Body))
	if err != nil {
		return nil, nil, err
	}
	for _, h := range r.Headers {
		req.Header.Set(h.Name, h.Value)
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// AsRoot sends call to the WHM at base (its WHM API 1 address) with root's API token, as the worker sends a WHM
// API call, and returns the answer's status and body.
func AsRoot(c *http.Client, base string, call cpapi.Call, rootToken string) (status int, body []byte, err error) {
	r, err := cpapi.BuildRequest(base, call, "")
	if err != nil {
		return 0, nil, err
	}
	auth, err := authheader.WHMToken("root", rootToken)
	if err != nil {
		return 0, nil, err
	}
	r.Headers = auth.Headers
	resp, body, err := Do(c, r)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, body, nil
}
