package ui_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/ui"
)

func catalog(t *testing.T, lang string) *locale.Catalog { return localetest.Shipped(t, "..", lang) }

func TestProblemText(t *testing.T) {
	c := catalog(t, "de")
	assert.Equal(t, "Im Bild wurde kein QR-Code gefunden.", ui.ProblemText(c, "qr-none", "the picture has no QR code"))
	assert.Equal(t, "an engine message", ui.ProblemText(c, "no-such-code", "an engine message"))
}

// A failure's parameters (hosts, ports, the server's words) are data in the
// translation; its advice comes from the catalog, or not at all when the
// catalog words the code without advice (the engine's advice is English).
func TestProblemTextParametersAndAdvice(t *testing.T) {
	c := catalog(t, "de")
	assert.Equal(t, "Dieser Browser vertraut dem Zertifikat von https://host.example:2087 nicht, daher hat panelkey nichts dorthin gesendet.",
		ui.ProblemText(c, "tls-untrusted", "English", "https://host.example:2087"))
	assert.Contains(t, ui.AdviceText(c, "tls-untrusted", "English advice", "https://host.example:2087"), "Öffnen Sie https://host.example:2087 in einem Tab")
	assert.Empty(t, ui.AdviceText(c, "qr-none", "English advice"), "worded without advice: no English")
	assert.Equal(t, "English advice", ui.AdviceText(c, "no-such-code", "English advice"))
	assert.Equal(t, "Die API hat einen Fehler gemeldet.", ui.ProblemText(c, "api-failed", "English", ""), "an empty last parameter leaves no space")
}

func TestImportProgressText(t *testing.T) {
	c := catalog(t, "en")
	for _, tt := range []struct {
		stage       string
		done, total int
		want        string
	}{
		{"decrypt", 0, 0, "Decrypting the file…"},
		{"decrypt", 2, 9, "Decrypting the file: 2 of 9 parts…"},
		{"read", 0, 0, "Reading what the file holds…"},
		{"encrypt", 0, 0, "Encrypting the vault…"},
		{"encrypt", 3, 9, "Encrypting the vault: 3 of 9 parts…"},
		{"store", 0, 0, "Saving the vault…"},
		{"unknown", 1, 2, ""},
	} {
		assert.Equal(t, tt.want, ui.ImportProgressText(c, tt.stage, tt.done, tt.total), "%s %d/%d", tt.stage, tt.done, tt.total)
	}
}
