package preflight

import (
	"testing"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
)

// FuzzCheck: for any address input, family, auth and path, Check never panics, every problem is complete, and
// FamilyForPath only ever names a valid family.
func FuzzCheck(f *testing.F) {
	f.Add("h.example:2083", "whmapi1", "cpanel-token", "/json-api/listaccts?api.version=1")
	f.Add("http://whm.h.example", "", "basic", "https://h:2087/cpsess0123456789/execute/A/b")
	f.Add("h.example:2087", "uapi", "session", "/cpsess123/json-api/cpanel")
	f.Add("", "x", "bearer", "/execute")
	f.Fuzz(func(t *testing.T, input, family, auth, path string) {
		a, _ := endpoint.Parse(input)
		if fam, _ := FamilyForPath(path); fam != "" && !fam.Valid() {
			t.Fatalf("FamilyForPath(%q) = %q", path, fam)
		}
		ps := Check(Target{Address: a, Family: cpapi.Family(family), Auth: authheader.Method(auth), Path: path})
		seenWarning := false
		for _, p := range ps {
			if p.Code == "" || p.Message == "" || (p.Severity != SeverityError && p.Severity != SeverityWarning) {
				t.Fatalf("incomplete problem %+v", p)
			}
			if p.Severity == SeverityWarning {
				seenWarning = true
			} else if seenWarning {
				t.Fatalf("error after a warning: %+v", ps)
			}
		}
	})
}
