package endpoint

import (
	"strings"
	"testing"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/tests/fuzzseed"
)

// FuzzParse checks that Parse never panics, that every failure is an *Error with a code, and that a parsed
// address is canonical: its BaseURL parses back to the same address, and For maps it to each service and back.
func FuzzParse(f *testing.F) {
	fuzzseed.Add(f, "server.example.com:2087", "https://[2001:db8::1]:2083/x", "whm.example.com",
		"http://cpanel.example.com", "example.com/webmail", "root:pw@example.com", "ftp://x", "[fe80::1%eth0]",
		"256.1.1.1", "example.com:443", " HOST.EXAMPLE.COM.:2096?q#f")
	f.Fuzz(func(t *testing.T, in string) {
		a, err := Parse(in)
		if err != nil {
			e := errcodetest.Coded[*Error](t, err)
			if strings.ContainsAny(e.Message, "\x00\r\n") {
				t.Fatalf("Parse(%q): message %q carries control characters", in, e.Message)
			}
			return
		}
		if !a.Service.Valid() || a.Host == "" || (a.Scheme != "https" && a.Scheme != "http") {
			t.Fatalf("Parse(%q) = %+v: incomplete", in, a)
		}
		b, err := Parse(a.BaseURL())
		if err != nil || b != a {
			t.Fatalf("Parse(%q) = %+v; BaseURL %q parses to %+v, %v", in, a, a.BaseURL(), b, err)
		}
		if HostPermission(a.Host) == "" || a.HostPermission() == "" {
			t.Fatalf("Parse(%q) = %+v: no host permission", in, a)
		}
		for _, s := range Services() {
			o, err := For(in, s)
			if err != nil || o.Service != s || o.Secure() != a.Secure() || o.ViaSubdomain != a.ViaSubdomain {
				t.Fatalf("For(%q, %s) = %+v, %v (from %+v)", in, s, o, err, a)
			}
			back, err := o.WithService(a.Service)
			if err != nil || back != a {
				t.Fatalf("For(%q, %s) then back to %s = %+v, %v; want %+v", in, s, a.Service, back, err, a)
			}
		}
	})
}
