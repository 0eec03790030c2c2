package netgate

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode/errcodetest"
)

var (
	plainServer = Server{BaseURL: "https://server.example.com:2087", Address: "server.example.com"}
	subServer   = Server{BaseURL: "https://whm.example.com", Address: "whm.example.com"}
	ipServer    = Server{BaseURL: "https://203.0.113.9:2087"}
	ip6Server   = Server{BaseURL: "https://[2001:db8::9]:2087"}
)

// codeOf is the gate's code of err, or "" for none.
func codeOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	e := errcodetest.As[*Error](t, err)
	require.NotEmpty(t, e.Code)
	require.NotEmpty(t, e.Message)
	return e.Code
}

// The credentials a request can carry, as the engine's builders write them.
var credentialHeaders = map[Credential][]Header{
	WHMToken:    {{"Authorization", "whm root:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"}},
	AccessHash:  {{"Authorization", "WHM root:0123456789abcdef"}},
	CPanelToken: {{"Authorization", "cpanel bob:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"}},
	Basic:       {{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("bob:pw"))}},
	OTP:         {{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("bob:pw"))}, {"X-CPANEL-OTP", "123456"}},
	Cookies:     nil,
}

// TestCheckMatrix runs every credential kind over every scheme × host × port and compares with the rule stated
// plainly: allowed exactly when the scheme is https, the host is the server's own in some spelling of it, and the
// port is a TLS port of a service (the service it names then). Nothing else passes, whatever it carries.
func TestCheckMatrix(t *testing.T) {
	type host struct {
		spelling string
		own      bool
	}
	hostsFor := map[string][]host{
		"server.example.com": {
			{"server.example.com", true}, {"SERVER.Example.COM", true}, {"server.example.com.", true},
			{"server.example.com..", true}, {"evil.example", false}, {"server.example.com.evil.example", false},
			{"evilserver.example.com", false}, {"example.com", false}, {"cpanel.server.example.com", false},
			{"203.0.113.9", false}, {"xn--srver-9ua.example.com", false}, {"server.example.co", false},
		},
		"203.0.113.9": {
			{"203.0.113.9", true}, {"203.0.113.9.", true}, {"[::ffff:203.0.113.9]", false}, {"203.0.113.10", false},
			{"server.example.com", false},
		},
		"2001:db8::9": {
			{"[2001:db8::9]", true}, {"[2001:DB8:0:0:0:0:0:9]", true}, {"[2001:db8::09]", true},
			{"[2001:db8::8]", false}, {"[::ffff:203.0.113.9]", false},
		},
	}
	servers := map[string]Server{"server.example.com": plainServer, "203.0.113.9": ipServer, "2001:db8::9": ip6Server}
	ports := map[string]endpoint.Service{
		":2083": endpoint.CPanel, ":2087": endpoint.WHM, ":2096": endpoint.Webmail, ":02087": endpoint.WHM,
		":2082": "", ":2086": "", ":2095": "", ":443": "", "": "", ":8443": "", ":2087x": "", ":65536": "",
	}
	schemes := []string{"https", "HTTPS", "http", "javascript", "data", "ftp", "wss"}
	n := 0
	for name, server := range servers {
		for _, h := range hostsFor[name] {
			for port, svc := range ports {
				for _, scheme := range schemes {
					for kind, hs := range credentialHeaders {
						raw := scheme + "://" + h.spelling + port + "/json-api/version?api.version=1"
						d, err := Check(server, Request{URL: raw, Headers: hs})
						want := strings.EqualFold(scheme, "https") && h.own && svc != ""
						if !want {
							assert.Error(t, err, "%s: %s with %s", name, raw, kind)
							continue
						}
						if assert.NoError(t, err, "%s: %s with %s", name, raw, kind) {
							assert.Equal(t, svc, d.Service, raw)
							assert.True(t, strings.HasPrefix(d.URL, "https://"+bracket(mustHost(t, name))+":"+
								strconv.Itoa(svc.TLSPort())+"/json-api/version?"), "%s → %s", raw, d.URL)
							assert.Contains(t, d.Carries, kind)
						}
						n++
					}
				}
			}
		}
	}
	assert.Greater(t, n, 100, "the matrix allows something")
}

func mustHost(t *testing.T, h string) string {
	c, _, err := endpoint.HostPort(bracket(h))
	require.NoError(t, err)
	return c
}

// TestCheck states each rule with the reason the gate gives.
func TestCheck(t *testing.T) {
	token := credentialHeaders[WHMToken]
	cases := []struct {
		name   string
		server Server
		req    Request
		code   string // "" allowed
		url    string // the URL decided, when allowed
		svc    endpoint.Service
	}{
		{"WHM token to WHM", plainServer, Request{URL: "https://server.example.com:2087/json-api/listaccts?api.version=1", Headers: token},
			"", "https://server.example.com:2087/json-api/listaccts?api.version=1", endpoint.WHM},
		{"a canonical spelling goes out", plainServer, Request{URL: "HTTPS://Server.Example.Com.:02083/execute/Email/list_pops#frag"},
			"", "https://server.example.com:2083/execute/Email/list_pops", endpoint.CPanel},
		{"no path", plainServer, Request{URL: "https://server.example.com:2096?x=1"}, "", "https://server.example.com:2096/?x=1", endpoint.Webmail},
		{"login form", plainServer, Request{Method: "post", URL: "https://server.example.com:2083/login/?login_only=1",
			Body: "user=bob&pass=pw", ContentType: FormContentType}, "", "https://server.example.com:2083/login/?login_only=1", endpoint.CPanel},
		{"session call", plainServer, Request{URL: "https://server.example.com:2083/cpsess0123456789/execute/Email/list_pops"},
			"", "https://server.example.com:2083/cpsess0123456789/execute/Email/list_pops", endpoint.CPanel},
		{"subdomain server on its own subdomain", subServer, Request{URL: "https://whm.example.com/json-api/version", Headers: token},
			"", "https://whm.example.com/json-api/version", endpoint.WHM},
		{"subdomain server: another service's subdomain", subServer, Request{URL: "https://cpanel.example.com:443/execute/Email/list_pops"},
			"", "https://cpanel.example.com/execute/Email/list_pops", endpoint.CPanel},
		{"subdomain server: the domain on a TLS port (§3's session URL)", subServer, Request{URL: "https://example.com:2083/cpsess0123456789/x"},
			"", "https://example.com:2083/cpsess0123456789/x", endpoint.CPanel},
		{"IPv6 server", ip6Server, Request{URL: "https://[2001:0db8::0009]:2087/json-api/version"}, "", "https://[2001:db8::9]:2087/json-api/version", endpoint.WHM},

		{"plain text with a token", plainServer, Request{URL: "http://server.example.com:2086/json-api/listaccts", Headers: token}, CodePlainText, "", ""},
		{"plain text with nothing but cookies", plainServer, Request{URL: "http://server.example.com:2082/"}, CodePlainText, "", ""},
		{"plain text on a TLS port", plainServer, Request{URL: "http://server.example.com:2087/"}, CodePlainText, "", ""},
		{"https on a plain-text port", plainServer, Request{URL: "https://server.example.com:2086/", Headers: token}, CodePort, "", ""},
		{"https without a port is 443", plainServer, Request{URL: "https://server.example.com/json-api/version", Headers: token}, CodePort, "", ""},
		{"another port", plainServer, Request{URL: "https://server.example.com:8443/", Headers: token}, CodePort, "", ""},
		{"subdomain server: 443 on the bare domain", subServer, Request{URL: "https://example.com/", Headers: token}, CodePort, "", ""},
		{"subdomain server: another domain's subdomain", subServer, Request{URL: "https://whm.example.org/", Headers: token}, CodeOtherHost, "", ""},
		{"another host", plainServer, Request{URL: "https://evil.example:2087/json-api/version", Headers: token}, CodeOtherHost, "", ""},
		{"the server's name inside another host", plainServer, Request{URL: "https://server.example.com.evil.example:2087/"}, CodeOtherHost, "", ""},
		{"userinfo naming the server", plainServer, Request{URL: "https://server.example.com:2087@evil.example:2087/"}, CodeUserinfo, "", ""},
		{"userinfo before the server", plainServer, Request{URL: "https://evil.example@server.example.com:2087/"}, CodeUserinfo, "", ""},
		{"backslash trick", plainServer, Request{URL: `https://evil.example\@server.example.com:2087/`}, CodeURL, "", ""},
		{"tab inside the scheme", plainServer, Request{URL: "ht\ttps://server.example.com:2087/"}, CodeURL, "", ""},
		{"leading space", plainServer, Request{URL: " https://server.example.com:2087/"}, CodeURL, "", ""},
		{"Unicode host", plainServer, Request{URL: "https://sérver.example.com:2087/"}, CodeURL, "", ""},
		{"full-width dot", plainServer, Request{URL: "https://server\u3002example.com:2087/"}, CodeURL, "", ""},
		{"percent-encoded host", plainServer, Request{URL: "https://%73erver.example.com:2087/"}, CodeURL, "", ""},
		{"decimal IPv4", ipServer, Request{URL: "https://3405803785:2087/"}, CodeURL, "", ""},
		{"octal IPv4", ipServer, Request{URL: "https://0313.0.113.9:2087/"}, CodeURL, "", ""},
		{"IPv6 with a zone", ip6Server, Request{URL: "https://[2001:db8::9%25eth0]:2087/"}, CodeURL, "", ""},
		{"IPv6 without brackets", ip6Server, Request{URL: "https://2001:db8::9:2087/"}, CodeURL, "", ""},
		{"empty port", plainServer, Request{URL: "https://server.example.com:/"}, CodeURL, "", ""},
		{"relative", plainServer, Request{URL: "/json-api/version"}, CodeURL, "", ""},
		{"scheme-relative", plainServer, Request{URL: "//server.example.com:2087/"}, CodeURL, "", ""},
		{"javascript", plainServer, Request{URL: "javascript:alert(1)//server.example.com:2087"}, CodeScheme, "", ""},
		{"data", plainServer, Request{URL: "data:text/html,<script>alert(1)</script>"}, CodeScheme, "", ""},
		{"no slashes after https", plainServer, Request{URL: "https:server.example.com:2087/"}, CodeURL, "", ""},
		{"too long", plainServer, Request{URL: "https://server.example.com:2087/" + strings.Repeat("a", MaxURL)}, CodeURL, "", ""},

		{"PUT", plainServer, Request{Method: "PUT", URL: "https://server.example.com:2087/"}, CodeMethod, "", ""},
		{"a body on GET", plainServer, Request{URL: "https://server.example.com:2087/", Body: "a=1", ContentType: FormContentType}, CodeMethod, "", ""},
		{"a JSON body", plainServer, Request{Method: "POST", URL: "https://server.example.com:2087/", Body: "{}", ContentType: "application/json"}, CodeBody, "", ""},
		{"a huge body", plainServer, Request{Method: "POST", URL: "https://server.example.com:2087/", Body: strings.Repeat("a", MaxRequestBody+1),
			ContentType: FormContentType}, CodeBody, "", ""},
		{"a Cookie header", plainServer, Request{URL: "https://server.example.com:2087/", Headers: []Header{{"Cookie", "whostmgrsession=x"}}}, CodeHeader, "", ""},
		{"a Host header", plainServer, Request{URL: "https://server.example.com:2087/", Headers: []Header{{"Host", "evil.example"}}}, CodeHeader, "", ""},
		{"header smuggling", plainServer, Request{URL: "https://server.example.com:2087/", Headers: []Header{{"Authorization", "whm root:T\r\nX: y"}}}, CodeHeader, "", ""},
		{"two Authorization headers", plainServer, Request{URL: "https://server.example.com:2087/", Headers: append(append([]Header{}, token...), token...)}, CodeHeader, "", ""},
		{"timeout too long", plainServer, Request{URL: "https://server.example.com:2087/", Timeout: time.Hour}, CodeTimeout, "", ""},
		{"timeout too short", plainServer, Request{URL: "https://server.example.com:2087/", Timeout: time.Millisecond}, CodeTimeout, "", ""},
		{"a server without a usable address", Server{Address: "ftp://x"}, Request{URL: "https://x:2087/"}, CodeServerAddress, "", ""},
		{"the address when no base URL is stored", Server{Address: "server.example.com"}, Request{URL: "https://server.example.com:2087/"},
			"", "https://server.example.com:2087/", endpoint.WHM},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Check(c.server, c.req)
			require.Equal(t, c.code, codeOf(t, err), "%v", err)
			if c.code != "" {
				return
			}
			assert.Equal(t, c.url, d.URL)
			assert.Equal(t, c.svc, d.Service)
			assert.Equal(t, "manual", d.Redirect, "redirects are never followed")
			assert.Equal(t, "include", d.Credentials)
			assert.Equal(t, MaxBody, d.MaxBytes)
			assert.Equal(t, DefaultTimeout, d.Timeout)
			assert.True(t, strings.HasPrefix(d.Permission, "https://") && strings.HasSuffix(d.Permission, "/*"), d.Permission)
		})
	}
}

func TestCheckKeepsWhatWasAskedAndNothingElse(t *testing.T) {
	d, err := Check(plainServer, Request{Method: "POST", URL: "https://server.example.com:2083/execute/Email/add_pop",
		Headers: []Header{{"authorization", "cpanel bob:T"}, {"x-cpanel-otp", "123456"}}, Body: "password=x", ContentType: FormContentType,
		Timeout: 90 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, Decision{Method: "POST", URL: "https://server.example.com:2083/execute/Email/add_pop",
		Headers: []Header{{"Authorization", "cpanel bob:T"}, {"X-CPANEL-OTP", "123456"}}, Body: "password=x", ContentType: FormContentType,
		Credentials: "include", Redirect: "manual", Timeout: 90 * time.Second, MaxBytes: MaxBody,
		Permission: "https://server.example.com/*", Origin: "https://server.example.com:2083", Service: endpoint.CPanel,
		Carries: []Credential{CPanelToken, OTP, Password, Cookies}}, d)
}

// TestMessagesNameHostsNotSecrets: a refusal says which host and port, and never repeats the token, the session
// or the path.
func TestMessagesNameHostsNotSecrets(t *testing.T) {
	_, err := Check(plainServer, Request{URL: "http://server.example.com:2086/json-api/listaccts?api.version=1", Headers: credentialHeaders[WHMToken]})
	require.Error(t, err)
	assert.Equal(t, "panelkey sends nothing over plain-text http://server.example.com:2086: the WHM API token and the browser's "+
		"cookies for that host would cross the network in clear (and cPanel redirects plain-text ports to TLS anyway).", err.Error())
	assert.Contains(t, err.(*Error).Advice, "https on port 2087")

	_, err = Open(plainServer, endpoint.CPanel, "https://evil.example:2083/cpsess0123456789/login/?session=bob%3aSECRET")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "evil.example")
	assert.Contains(t, err.Error(), "server.example.com")
	assert.NotContains(t, err.Error(), "SECRET")
	assert.NotContains(t, err.Error(), "cpsess")

	_, err = Check(plainServer, Request{URL: "https://server.example.com:8443/x", Headers: credentialHeaders[WHMToken]})
	assert.EqualError(t, err, "Port 8443 of server.example.com is not where this server serves cPanel, WHM or Webmail over TLS "+
		"(cPanel 2083, WHM 2087, Webmail 2096).")
	for _, raw := range []string{"https://x:2087/" + strings.Repeat("s", 50) + "SECRET", "nope:SECRET", "https://SECRET@host:2087/"} {
		_, err := Check(plainServer, Request{URL: raw})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "SECRET", raw)
	}
}

// TestOpen: where a tab may go for a service. The server proposes these addresses (create_user_session's url, a
// login's redirect), so each is a redirect target checked like a request.
func TestOpen(t *testing.T) {
	cases := []struct {
		name    string
		server  Server
		service endpoint.Service
		raw     string
		code    string
		url     string
		origin  string
	}{
		{"create_user_session's URL", plainServer, endpoint.CPanel,
			"https://server.example.com:2083/cpsess0123456789/login/?session=bob%3aAbc%2c0f", "",
			"https://server.example.com:2083/cpsess0123456789/login/?session=bob%3aAbc%2c0f", "https://server.example.com:2083"},
		{"upper case, trailing dot, leading zeros", plainServer, endpoint.WHM, "HTTPS://SERVER.EXAMPLE.COM.:02087/cpsess0123456789/",
			"", "https://server.example.com:2087/cpsess0123456789/", "https://server.example.com:2087"},
		{"any service's port when none is named", plainServer, "", "https://server.example.com:2096", "",
			"https://server.example.com:2096/", "https://server.example.com:2096"},
		{"subdomain server, §3's domain on the TLS port", subServer, endpoint.Webmail, "https://example.com:2096/cpsess0123456789/login/?session=x",
			"", "https://example.com:2096/cpsess0123456789/login/?session=x", "https://example.com:2096"},
		{"subdomain server, the service's subdomain", subServer, endpoint.CPanel, "https://cpanel.example.com/", "",
			"https://cpanel.example.com/", "https://cpanel.example.com"},

		{"another host", plainServer, endpoint.CPanel, "https://evil.example:2083/cpsess0123456789/login/?session=x", CodeOtherHost, "", ""},
		{"the server's IP for a server stored by name (§3's main IP)", plainServer, endpoint.CPanel,
			"https://203.0.113.9:2083/cpsess0123456789/login/?session=x", CodeOtherHost, "", ""},
		{"another service's port", plainServer, endpoint.CPanel, "https://server.example.com:2087/cpsess0123456789/login/?session=x", CodePort, "", ""},
		{"subdomain server: another service's subdomain", subServer, endpoint.CPanel, "https://whm.example.com/", CodePort, "", ""},
		{"plain text", plainServer, endpoint.CPanel, "http://server.example.com:2082/cpsess0123456789/login/?session=x", CodePlainText, "", ""},
		{"userinfo", plainServer, endpoint.CPanel, "https://server.example.com@evil.example:2083/", CodeUserinfo, "", ""},
		{"javascript:", plainServer, "", "javascript:alert(document.domain)", CodeScheme, "", ""},
		{"JavaScript: in capitals", plainServer, "", "JavaScript://server.example.com:2083/%0aalert(1)", CodeScheme, "", ""},
		{"data:", plainServer, "", "data:text/html;base64,PHNjcmlwdD4=", CodeScheme, "", ""},
		{"blob:", plainServer, "", "blob:https://server.example.com:2083/uuid", CodeScheme, "", ""},
		{"file:", plainServer, "", "file:///etc/passwd", CodeScheme, "", ""},
		{"chrome-extension:", plainServer, "", "chrome-extension://abc/options.html", CodeScheme, "", ""},
		{"vbscript: after white space", plainServer, "", " vbscript:x", CodeURL, "", ""},
		{"empty", plainServer, "", "", CodeURL, "", ""},
		{"unknown service", plainServer, "ftp", "https://server.example.com:2083/", endpoint.CodeUnknownService, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := Open(c.server, c.service, c.raw)
			require.Equal(t, c.code, codeOf(t, err), "%v", err)
			if c.code == "" {
				assert.Equal(t, c.url, n.URL)
				assert.Equal(t, c.origin, n.Origin)
			}
		})
	}
}

func TestFailure(t *testing.T) {
	const origin = "https://server.example.com:2087"
	for text, code := range map[string]string{
		"net::ERR_CERT_AUTHORITY_INVALID":     CodeUntrusted,
		"net::ERR_CERT_COMMON_NAME_INVALID":   CodeUntrusted,
		"SEC_ERROR_UNKNOWN_ISSUER":            CodeUntrusted,
		"MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT": CodeUntrusted,
		// Firefox's webRequest error for SEC_ERROR_UNKNOWN_ISSUER (ESR 153) and for MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT.
		"Peer’s Certificate issuer is not recognized.":              CodeUntrusted,
		"The certificate is not trusted because it is self-signed.": CodeUntrusted,
		// The same in a German Firefox (its language pack's nsserrors: the locale panelkey ships besides English).
		"Der Zertifikat-Aussteller der Gegenstelle wurde nicht erkannt.":                    CodeUntrusted,
		"Dem Zertifikat wird nicht vertraut, weil es vom Aussteller selbst signiert wurde.": CodeUntrusted,
		"net::ERR_CONNECTION_REFUSED":   CodeUnreachable,
		"net::ERR_NAME_NOT_RESOLVED":    CodeUnreachable,
		"NS_ERROR_CONNECTION_REFUSED":   CodeUnreachable,
		"net::ERR_CONNECTION_TIMED_OUT": CodeUnreachable,
		"Failed to fetch":               CodeNetwork,
		"":                              CodeNetwork,
	} {
		e := Failure(text, origin)
		assert.Equal(t, code, e.Code, text)
		assert.Contains(t, e.Message, origin, text)
	}
	untrusted := Failure("net::ERR_CERT_AUTHORITY_INVALID", origin)
	assert.Contains(t, untrusted.Advice, "trust it")
	assert.Equal(t, origin, untrusted.OpenURL, "the certificate can be inspected in a tab")
	down := Failure("net::ERR_CONNECTION_REFUSED", origin)
	assert.NotContains(t, down.Message+down.Advice, "certificate", "a server that is down is not a certificate problem")
	assert.Empty(t, down.OpenURL)

	assert.Equal(t, "The server did not answer in 30 seconds at "+origin+".", TimedOut(origin, DefaultTimeout).Message)
	assert.Equal(t, "The server did not answer in 1 second at "+origin+".", TimedOut(origin, time.Second).Message)
	assert.Equal(t, CodeTimedOut, TimedOut(origin, 2500*time.Millisecond).Code)
}
