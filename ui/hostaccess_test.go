package ui_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/ui"
)

func TestHostAccessRefused(t *testing.T) {
	const lead = " did not give panelkey access to https://host.example/* (the prompt was denied or closed): " +
		"one-click logins, account lists and API calls to this server cannot work without it. "
	en := catalog(t, "en")
	tests := []struct {
		browser ui.Browser
		again   string
		want    string
	}{
		{ui.Firefox, "hostAccessAgainSave", "Firefox" + lead + "Edit the server and save it again, then choose Allow when asked."},
		{ui.Chromium, "hostAccessAgainLogin", "The browser" + lead + "Click the login button again, then choose Allow when asked."},
		{ui.Browser("unknown"), "hostAccessAgainSend", "The browser" + lead + "Send again and click “Allow access”, then choose Allow when asked."},
	}
	for _, tt := range tests {
		t.Run(string(tt.browser), func(t *testing.T) {
			assert.Equal(t, tt.want, ui.HostAccessRefused(en, tt.browser, "https://host.example/*", en.T(tt.again)))
		})
	}
	assert.Equal(t, "Firefox hat panelkey keinen Zugriff auf https://host.example/* gegeben (die Anfrage wurde abgelehnt "+
		"oder geschlossen): Anmeldungen mit einem Klick, Kontolisten und API-Aufrufe an diesen Server sind ohne ihn nicht "+
		"möglich. Klicken Sie erneut auf die Anmeldeschaltfläche und erlauben Sie den Zugriff, wenn Sie gefragt werden.",
		ui.HostAccessRefused(catalog(t, "de"), ui.Firefox, "https://host.example/*", catalog(t, "de").T("hostAccessAgainLogin")))
}
