package ui

import (
	"strconv"
	"time"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/messages"
)

// EraseWarning says, in c's words, what erasing the stored vault loses, as the worker describes it without the
// password (vault.describe): which vault (its last change and generation), how much is stored, and that an encrypted
// copy can be kept first. "" when nothing is stored.
func EraseWarning(c *locale.Catalog, d messages.VaultDescribeResult) string {
	parts, size := strconv.Itoa(d.Parts), SizeText(c, d.Bytes)
	switch d.Kind {
	case "vault":
		when := time.UnixMilli(d.At).UTC().Format("2006-01-02 15:04 UTC")
		return c.T("resetWhatVault", when, strconv.Itoa(d.Gen), parts, size)
	case "earlier":
		return c.T("resetWhatEarlier", parts, size)
	case "damaged":
		return c.T("resetWhatDamaged", parts, size)
	}
	return ""
}

// SizeText is a number of bytes as c writes it: whole kB (rounded up, at least 1) under 1000 kB, MB with one decimal above.
func SizeText(c *locale.Catalog, bytes int) string {
	const kB, MB = 1000, 1000 * 1000
	if whole := max(1, (bytes+kB-1)/kB); whole < 1000 {
		return c.T("sizeKB", strconv.Itoa(whole))
	}
	tenths := (bytes + MB/20) / (MB / 10)
	return c.T("sizeMB", strconv.Itoa(tenths/10)+c.T("decimalSeparator")+strconv.Itoa(tenths%10))
}
