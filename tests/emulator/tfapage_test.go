package emulator

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"regexp"
	"testing"

	"github.com/panelkey/panelkey/qrscan"
)

// The 2FA setup page shows a new key as a QR code a scanner reads back as the otpauth URI, and turns 2FA on when
// its form gets a current code; a wrong code keeps the page with an alert and the same key.
func TestTFASetupPage(t *testing.T) {
	s, c := startWithClient(t, true)
	tok := loginOnly(c, CPanel, "user", "bob", "pass", bobPass).json(t)["security_token"].(string)
	page := s.URL(CPanel, false) + tok + TFASetupPath

	r := c.get(page)
	eq(t, "status", r.status, http.StatusOK)
	mustContain(t, r.body, `id="emulator-tfa-setup"`, `data-user="bob"`)
	secret := regexp.MustCompile(`data-secret="([A-Z2-7]{16})"`).FindStringSubmatch(r.body)
	if secret == nil {
		t.Fatalf("no secret in %.500s", r.body)
	}
	src := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(r.body)
	if src == nil {
		t.Fatalf("no QR image in %.500s", r.body)
	}
	raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(src[1]))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	g, err := qrscan.FromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := qrscan.Scan(g)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "QR code", len(texts), 1)
	eq(t, "QR code", texts[0], OTPAuthURI(s.issuer(), "bob", secret[1]))
	eq(t, "nothing stored yet", s.accountSecret(s.dir.accts["bob"]), "")

	r = c.post(page, formOf("secret", secret[1], "tfa_token", "000000"))
	mustContain(t, r.body, `id="tfa-error"`, "The security code is invalid.", `data-secret="`+secret[1]+`"`)

	awayFromStepEdge(s)
	r = c.post(page, formOf("secret", secret[1], "tfa_token", code(t, s, secret[1])))
	mustContain(t, r.body, `id="emulator-tfa-configured"`)
	eq(t, "2FA on with the scanned key", s.accountSecret(s.dir.accts["bob"]), secret[1])
}
