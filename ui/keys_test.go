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
