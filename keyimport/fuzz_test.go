package keyimport_test

import (
	"testing"

	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/vault"
)

// FuzzBuild: any paste, no panic; every item is a valid key from a text that
// was given; only new and same-name items start selected; every problem has
// a code and a message.
func FuzzBuild(f *testing.F) {
	f.Add("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\notpauth://totp/a?secret=JBSWY3DPEHPK3PXP\nhttps://x")
	f.Add("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC\n\nGEZDGNBV")
	f.Add("otpauth://hotp/H:h?secret=GEZDGNBVGY3TQOJQ&counter=0")
	existing := []vault.Authenticator{{ID: "t1", Issuer: "H", Account: "h", Secret: "GEZDGNBVGY3TQOJQ", Type: vault.TypeHOTP}}
	f.Fuzz(func(t *testing.T, paste string) {
		texts := keyimport.Lines(paste)
		p := keyimport.Build(texts, existing)
		selected := 0
		for _, it := range p.Items {
			if it.Source < 1 || it.Source > len(texts) {
				t.Fatalf("item from text %d of %d", it.Source, len(texts))
			}
			if k, err := otpauth.Parse(it.Key.String()); err != nil || k != it.Key {
				t.Fatalf("item key %+v is not valid: %v", it.Key, err)
			}
			if it.Selected != (it.Status == keyimport.New || it.Status == keyimport.SameName) {
				t.Fatalf("item %+v selected wrongly", it)
			}
			if it.Selected {
				selected++
			}
		}
		if got := len(p.Selected()); got != selected {
			t.Fatalf("Selected gives %d, %d are selected", got, selected)
		}
		for _, pr := range p.Problems {
			if pr.Code == "" || pr.Message == "" {
				t.Fatalf("problem %+v", pr)
			}
		}
	})
}
