package endpoint

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServicePorts(t *testing.T) {
	tests := []struct {
		s                          Service
		tls, plain                 int
		sub, daemon, title, cookie string
	}{
		{CPanel, 2083, 2082, "cpanel.", "cpaneld", "cPanel", "cpsession"},
		{WHM, 2087, 2086, "whm.", "whostmgrd", "WHM", "whostmgrsession"},
		{Webmail, 2096, 2095, "webmail.", "webmaild", "Webmail", "webmailsession"},
		{"ftp", 0, 0, "", "", "ftp", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			assert.Equal(t, tt.tls, tt.s.TLSPort())
			assert.Equal(t, tt.plain, tt.s.PlainPort())
			assert.Equal(t, tt.sub, tt.s.Subdomain())
			assert.Equal(t, tt.daemon, tt.s.Daemon())
			assert.Equal(t, tt.title, tt.s.Title())
			assert.Equal(t, tt.cookie, tt.s.Cookie())
			assert.Equal(t, tt.tls != 0, tt.s.Valid())
		})
	}
}

func TestServiceForPort(t *testing.T) {
	tests := []struct {
		port int
		want Service
		ok   bool
	}{
		{2082, CPanel, true}, {2083, CPanel, true},
		{2086, WHM, true}, {2087, WHM, true},
		{2095, Webmail, true}, {2096, Webmail, true},
		{443, "", false}, {80, "", false}, {0, "", false}, {2077, "", false},
	}
	for _, tt := range tests {
		got, ok := ServiceForPort(tt.port)
		assert.Equal(t, tt.want, got, "port %d", tt.port)
		assert.Equal(t, tt.ok, ok, "port %d", tt.port)
	}
}

func TestParseService(t *testing.T) {
	for in, want := range map[string]Service{"cpanel": CPanel, " WHM ": WHM, "webmail": Webmail,
		"cpaneld": CPanel, "whostmgrd": WHM, "WebmailD": Webmail} {
		got, err := ParseService(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseService("webdisk")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, CodeUnknownService, e.Code)
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Address
		base string
	}{
		{"server.example.com:2087", Address{"https", "server.example.com", 2087, WHM, false}, "https://server.example.com:2087"},
		{"  HTTPS://Server.Example.COM.:2083/cpsess0123456789/frontend/?x=1#top  ", Address{"https", "server.example.com", 2083, CPanel, false}, "https://server.example.com:2083"},
		{"server.example.com", Address{"https", "server.example.com", 2083, CPanel, false}, "https://server.example.com:2083"},
		{"server.example.com/whm", Address{"https", "server.example.com", 2087, WHM, false}, "https://server.example.com:2087"},
		{"example.com/WEBMAIL/", Address{"https", "example.com", 2096, Webmail, false}, "https://example.com:2096"},
		{"example.com/cpanel", Address{"https", "example.com", 2083, CPanel, false}, "https://example.com:2083"},
		{"http://example.com/whm", Address{"http", "example.com", 2086, WHM, false}, "http://example.com:2086"},
		{"example.com:2086", Address{"http", "example.com", 2086, WHM, false}, "http://example.com:2086"},
		{"http://example.com:2082", Address{"http", "example.com", 2082, CPanel, false}, "http://example.com:2082"},
		{"webmail.example.com:2095", Address{"http", "webmail.example.com", 2095, Webmail, false}, "http://webmail.example.com:2095"},
		{"203.0.113.7:2087", Address{"https", "203.0.113.7", 2087, WHM, false}, "https://203.0.113.7:2087"},
		{"203.0.113.7", Address{"https", "203.0.113.7", 2083, CPanel, false}, "https://203.0.113.7:2083"},
		{"[2001:DB8:0:0::1]:2087", Address{"https", "2001:db8::1", 2087, WHM, false}, "https://[2001:db8::1]:2087"},
		{"https://[::1]", Address{"https", "::1", 2083, CPanel, false}, "https://[::1]:2083"},
		{"[::1]:", Address{"https", "::1", 2083, CPanel, false}, "https://[::1]:2083"},
		{"whm.example.com", Address{"https", "whm.example.com", 443, WHM, true}, "https://whm.example.com"},
		{"https://CPANEL.example.com/", Address{"https", "cpanel.example.com", 443, CPanel, true}, "https://cpanel.example.com"},
		{"webmail.example.com:443", Address{"https", "webmail.example.com", 443, Webmail, true}, "https://webmail.example.com"},
		{"http://cpanel.example.com", Address{"http", "cpanel.example.com", 80, CPanel, true}, "http://cpanel.example.com"},
		{"cpanel.example.com:80", Address{"http", "cpanel.example.com", 80, CPanel, true}, "http://cpanel.example.com"},
		{"cpanel.example.com:2087", Address{"https", "cpanel.example.com", 2087, WHM, false}, "https://cpanel.example.com:2087"},
		{"cpanel:2083", Address{"https", "cpanel", 2083, CPanel, false}, "https://cpanel:2083"},
		{"localhost", Address{"https", "localhost", 2083, CPanel, false}, "https://localhost:2083"},
		{"//xn--bcher-kva.example:2096", Address{"https", "xn--bcher-kva.example", 2096, Webmail, false}, "https://xn--bcher-kva.example:2096"},
		{"host.example.com\\whm", Address{"https", "host.example.com", 2087, WHM, false}, "https://host.example.com:2087"},
		{"host.example.com?next=http://evil", Address{"https", "host.example.com", 2083, CPanel, false}, "https://host.example.com:2083"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.base, got.BaseURL())
			assert.Equal(t, tt.base, got.String())
			assert.Equal(t, tt.want.Scheme == "https", got.Secure())
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, code, msgPart string
	}{
		{"", CodeEmpty, "no address"},
		{"   \t", CodeEmpty, "no address"},
		{"https://", CodeEmpty, "no host"},
		{"https:///path", CodeEmpty, "no host"},
		{"...", CodeEmpty, "no host"},
		{"ftp://example.com", CodeUnknownScheme, `"ftp"`},
		{"javascript://example.com", CodeUnknownScheme, "javascript"},
		{"https://root:s3cret@example.com:2087", CodeCredentials, "user name or password"},
		{"bob@example.com", CodeCredentials, "user:pass@"},
		{"example.com:20870", CodeUnknownPort, "2083"},
		{"example.com:8443", CodeUnknownPort, "WHM 2087"},
		{"example.com:443", CodeUnknownPort, "service subdomain"},
		{"https://example.com:443", CodeUnknownPort, "cpanel.example.com"},
		{"example.com:0", CodeBadPort, `"0"`},
		{"example.com:65536", CodeBadPort, "1 to 65535"},
		{"example.com:-1", CodeBadPort, `"-1"`},
		{"example.com:+2083", CodeBadPort, `"+2083"`},
		{"example.com:2o87", CodeBadPort, `"2o87"`},
		{"example.com:999999999999999999999", CodeBadPort, "1 to 65535"},
		{"https://example.com:2082", CodeSchemeMismatch, "port 2083"},
		{"https://example.com:2086", CodeSchemeMismatch, "port 2087"},
		{"http://example.com:2087", CodeSchemeMismatch, "only speaks https"},
		{"http://whm.example.com:443", CodeSchemeMismatch, "only speaks https"},
		{"https://whm.example.com:80", CodeSchemeMismatch, "without a port"},
		{"2001:db8::1", CodeBadIPv6, "brackets"},
		{"[2001:db8::1", CodeBadIPv6, "closing ]"},
		{"[2001:db8::g]:2087", CodeBadIPv6, "not a valid IPv6"},
		{"[fe80::1%eth0]:2087", CodeBadIPv6, "zone"},
		{"[192.0.2.1]:2087", CodeBadIPv6, "IPv4"},
		{"[::1]x", CodeBadIPv6, `"x"`},
		{"[]", CodeBadIPv6, "not a valid IPv6"},
		{"256.1.1.1", CodeBadIPv4, "not a valid IPv4"},
		{"1.2.3", CodeBadIPv4, "not a valid IPv4"},
		{"01.2.3.4", CodeBadIPv4, "leading zeros"},
		{"example.123", CodeBadIPv4, "IPv4"},
		{"exa mple.com", CodeBadHost, `" "`},
		{"under_score.example.com", CodeBadHost, `"_"`},
		{"-bad.example.com", CodeBadHost, "hyphen"},
		{"a..b", CodeBadHost, "empty label"},
		{"bücher.example", CodeBadHost, "punycode"},
		{strings.Repeat("a", 64) + ".com", CodeBadHost, "63"},
		{strings.Repeat("abcdefghi.", 26) + "com", CodeBadHost, "253"},
		{"exa%41mple.com", CodeBadHost, `"%"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.code, e.Code)
			assert.Contains(t, e.Error(), tt.msgPart)
		})
	}
}

func TestParseNeverEchoesCredentials(t *testing.T) {
	_, err := Parse("https://root:hunter2@example.com:2087")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.NotContains(t, err.Error(), "root")
}

func TestParseErrorUnwrap(t *testing.T) {
	_, err := Parse("example.com:99999999999999999999")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, CodeBadPort, e.Code)
	_, err = Parse("[zz::]:2087")
	require.ErrorAs(t, err, &e)
	assert.NotNil(t, errors.Unwrap(err), "the netip error is kept as the cause")
}

func TestFor(t *testing.T) {
	tests := []struct {
		in   string
		s    Service
		base string
	}{
		{"server.example.com", WHM, "https://server.example.com:2087"},
		{"server.example.com:2083", WHM, "https://server.example.com:2087"},
		{"server.example.com:2087", Webmail, "https://server.example.com:2096"},
		{"server.example.com:2086", CPanel, "http://server.example.com:2082"},
		{"http://server.example.com", Webmail, "http://server.example.com:2095"},
		{"cpanel.example.com", WHM, "https://whm.example.com"},
		{"https://whm.example.com/", Webmail, "https://webmail.example.com"},
		{"webmail.example.com", CPanel, "https://cpanel.example.com"},
		{"http://whm.example.com", CPanel, "http://cpanel.example.com"},
		{"whm.example.com:2087", CPanel, "https://whm.example.com:2083"},
		{"[2001:db8::1]", WHM, "https://[2001:db8::1]:2087"},
		{"198.51.100.4:2096", CPanel, "https://198.51.100.4:2083"},
	}
	for _, tt := range tests {
		t.Run(tt.in+"→"+string(tt.s), func(t *testing.T) {
			a, err := For(tt.in, tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.base, a.BaseURL())
			assert.Equal(t, tt.s, a.Service)
		})
	}
	_, err := For("example.com", "ftp")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, CodeUnknownService, e.Code)
	_, err = For("ftp://example.com", WHM)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, CodeUnknownScheme, e.Code)
	_, err = Address{}.WithService("x")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, CodeUnknownService, e.Code)
}

func TestHostPermission(t *testing.T) {
	tests := map[string]string{
		"server.example.com":   "https://server.example.com/*",
		" Server.Example.COM.": "https://server.example.com/*",
		"203.0.113.9":          "https://203.0.113.9/*",
		"2001:db8::1":          "https://[2001:db8::1]/*",
		"[2001:DB8::1]":        "https://[2001:db8::1]/*",
		"":                     "",
		"exa mple":             "",
		"[2001:db8::1":         "",
		"host:2087":            "",
	}
	for in, want := range tests {
		assert.Equal(t, want, HostPermission(in), in)
	}
	a, err := Parse("http://whm.example.com")
	require.NoError(t, err)
	assert.Equal(t, "http://whm.example.com/*", a.HostPermission())
	a, err = Parse("[::1]:2087")
	require.NoError(t, err)
	assert.Equal(t, "https://[::1]/*", a.HostPermission())
	assert.Equal(t, "", Address{}.HostPermission())
	assert.Equal(t, "", Address{}.BaseURL())
}

func TestQuoteShortens(t *testing.T) {
	assert.Equal(t, `"abc"`, quote("abc"))
	long := quote(strings.Repeat("é", 100))
	assert.Len(t, []rune(long), 64+3, "64 runes, the ellipsis and two quotes")
	assert.True(t, strings.HasSuffix(long, `…"`))
}

func TestHostPort(t *testing.T) {
	for in, want := range map[string]struct {
		host string
		port int
	}{
		"Server.Example.COM.": {"server.example.com", 0}, "Server.Example.COM.:02087": {"server.example.com", 2087},
		"[2001:DB8::0:9]": {"2001:db8::9", 0}, "[2001:DB8::0:9]:2083": {"2001:db8::9", 2083}, "203.0.113.9:443": {"203.0.113.9", 443},
		"xn--srver-9ua.example": {"xn--srver-9ua.example", 0},
	} {
		host, port, err := HostPort(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want.host, host, in)
		assert.Equal(t, want.port, port, in)
	}
	for _, bad := range []string{"", "host:", "[::1]:", "sérver.example", "3405803785", "0313.0.113.9", "2001:db8::9",
		"[fe80::1%eth0]", "a..b", "[::ffff:1.2.3.4", "host:0", "host:65536", "host:2o87", "[::1]x"} {
		_, _, err := HostPort(bad)
		assert.Error(t, err, bad)
	}
}
