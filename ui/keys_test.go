package ui_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/ui"
)

func catalog(t *testing.T, lang string) *locale.Catalog {
	t.Helper()
	text, err := os.ReadFile("../_locales/" + lang + "/messages.json")
	require.NoError(t, err)
	c, err := locale.Parse(lang, string(text))
	require.NoError(t, err)
	return c
}

func TestProblemText(t *testing.T) {
	c := catalog(t, "de")
	assert.Equal(t, "Im Bild wurde kein QR-Code gefunden.", ui.ProblemText(c, "qr-none", "the picture has no QR code"))
	assert.Equal(t, "an engine message", ui.ProblemText(c, "no-such-code", "an engine message"))
}
