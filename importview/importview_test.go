package importview_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/importview"
	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/locale/localetest"
	"github.com/panelkey/panelkey/vault"
)

func TestHTML(t *testing.T) {
	export, err := os.ReadFile("../otpmigration/testdata/export.txt")
	require.NoError(t, err)
	texts := append([]string{
		"otpauth://totp/Evil%20%3Cb%3E:me?secret=JBSWY3DPEHPK3PXP",
		"otpauth://totp/Dup:x?secret=GEZDGNBVGY3TQOJQ",
		"https://example.com/",
	}, keyimport.Lines(string(export))[1])
	p := keyimport.Build(texts, []vault.Authenticator{{ID: "t1", Secret: "GEZDGNBVGY3TQOJQ"}})
	source := func(n int) string { return "QR code " + string(rune('0'+n)) }

	html := importview.HTML(localetest.Shipped(t, "..", "en"), p, source)
	assert.Contains(t, html, `<p class="import-summary">Keys found: 4 · to import: 2 · duplicates: 2</p>`)
	assert.Equal(t, 4, strings.Count(html, `<li class="import-item"`))
	assert.Contains(t, html, `data-import-index="0" checked> <span class="name">Evil &lt;b&gt; · me</span> <span class="params">TOTP · SHA1 · 6 digits · 30 s</span></label> <span class="status">new</span>`)
	assert.Contains(t, html, `data-status="duplicate"><label><input type="checkbox" data-import-index="1">`)
	assert.Contains(t, html, `<span class="params">HOTP · SHA1 · 6 digits · counter 5</span>`)
	assert.Contains(t, html, `<li data-code="import-web-link">QR code 3: This is a web link, not an authenticator key (otpauth://…).</li>`)
	assert.Contains(t, html, `<p class="import-missing" role="alert">This export has 2 QR codes: scan QR code 1 too, or the accounts in it are not imported.</p>`)
	assert.NotContains(t, html, "JBSWY3DP", "secrets stay out of the preview")
	assert.NotContains(t, html, "⟦", "every string is in the catalog")

	de := importview.HTML(localetest.Shipped(t, "..", "de"), p, source)
	assert.Contains(t, de, `Gefundene Schlüssel: 4 · zu importieren: 2 · Duplikate: 2`)
	assert.Contains(t, de, `Das ist ein Weblink, kein Authenticator-Schlüssel (otpauth://…).`)
	assert.NotContains(t, de, "⟦")
}
