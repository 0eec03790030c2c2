package ui_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/ui"
)

func TestEraseWarningNamesWhatIsLost(t *testing.T) {
	at := time.Date(2026, 12, 5, 6, 14, 59, 0, time.UTC).UnixMilli()
	for _, tc := range []struct {
		lang string
		d    messages.VaultDescribeResult
		want string
	}{
		{"en", messages.VaultDescribeResult{Kind: "vault", Gen: 41, At: at, Parts: 9, Bytes: 2345678},
			"Erasing loses the vault last changed 2026-12-05 06:14 UTC (generation 41; 9 stored parts, 2.3 MB): every server,"},
		{"de", messages.VaultDescribeResult{Kind: "vault", Gen: 41, At: at, Parts: 9, Bytes: 2345678},
			"Beim Löschen geht der Tresor verloren, zuletzt geändert 2026-12-05 06:14 UTC (Generation 41; 9 gespeicherte Teile, 2,3 MB)"},
		{"en", messages.VaultDescribeResult{Kind: "earlier", Gen: 3, Parts: 4, Bytes: 1500},
			"Erasing loses the vault of an earlier panelkey version (4 stored parts, 2 kB)"},
		{"en", messages.VaultDescribeResult{Kind: "damaged", Parts: 2, Bytes: 10},
			"Erasing loses damaged vault data (2 stored parts, 1 kB) that panelkey cannot open."},
	} {
		t.Run(tc.lang+"/"+tc.d.Kind, func(t *testing.T) {
			assert.Contains(t, ui.EraseWarning(catalog(t, tc.lang), tc.d), tc.want)
		})
	}
	assert.Empty(t, ui.EraseWarning(catalog(t, "en"), messages.VaultDescribeResult{Kind: "none"}), "nothing stored, nothing to warn of")
}

func TestSizeText(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		bytes int
		want  string
	}{
		{"en", 0, "1 kB"},
		{"en", 999, "1 kB"},
		{"en", 1001, "2 kB"},
		{"en", 999_000, "999 kB"},
		{"en", 999_001, "1.0 MB"},
		{"en", 1_000_000, "1.0 MB"},
		{"en", 1_049_999, "1.0 MB"},
		{"en", 1_050_000, "1.1 MB"},
		{"de", 31_960_000, "32,0 MB"},
	} {
		assert.Equal(t, tc.want, ui.SizeText(catalog(t, tc.lang), tc.bytes), "%s %d", tc.lang, tc.bytes)
	}
}
