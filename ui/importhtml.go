package ui

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/otpauth"
)

// ImportPreviewHTML renders an import's preview for the user to confirm: a
// list of the keys found, each with a checkbox (data-import-index, its index
// in p.Items; ticked when the item is selected) and what it is; what was not
// a key, and why; the QR codes of an export still to scan. source names a
// text by its number ("QR code 2", "line 3"). Every string comes from c.
func ImportPreviewHTML(c *locale.Catalog, p keyimport.Preview, source func(n int) string) string {
	var b strings.Builder
	counts := map[keyimport.Status]int{}
	for _, it := range p.Items {
		counts[it.Status]++
	}
	b.WriteString(`<div class="import-preview">`)
	if len(p.Items) > 0 {
		b.WriteString(`<p class="import-summary">`)
		escapeTo(&b, c.T("importSummary", strconv.Itoa(len(p.Items)), strconv.Itoa(counts[keyimport.New]+counts[keyimport.SameName]),
			strconv.Itoa(counts[keyimport.Duplicate]+counts[keyimport.Repeated])))
		b.WriteString(`</p><ul class="import-items">`)
		for i, it := range p.Items {
			importItem(&b, c, i, it)
		}
		b.WriteString(`</ul>`)
	}
	if len(p.Missing) > 0 {
		for _, g := range p.Missing {
			nums := make([]string, len(g.Missing))
			for i, n := range g.Missing {
				nums[i] = strconv.Itoa(n)
			}
			b.WriteString(`<p class="import-missing" role="alert">`)
			escapeTo(&b, c.T("importMissingBatches", strconv.Itoa(g.Size), strings.Join(nums, ", ")))
			b.WriteString(`</p>`)
		}
	}
	if len(p.Problems) > 0 {
		b.WriteString(`<ul class="import-problems">`)
		for _, pr := range p.Problems {
			b.WriteString(`<li data-code="`)
			escapeTo(&b, pr.Code)
			b.WriteString(`">`)
			where := ""
			if pr.Source > 0 {
				where = source(pr.Source)
			}
			if pr.Entry > 0 {
				where = c.T("importEntry", where, strconv.Itoa(pr.Entry), KeyName(pr.Issuer, pr.Name))
			}
			if where != "" {
				escapeTo(&b, where)
				b.WriteString(`: `)
			}
			escapeTo(&b, ProblemText(c, pr.Code, pr.Message))
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

func importItem(b *strings.Builder, c *locale.Catalog, i int, it keyimport.Item) {
	k := it.Key
	b.WriteString(`<li class="import-item" data-status="`)
	b.WriteString(string(it.Status))
	b.WriteString(`"><label><input type="checkbox" data-import-index="`)
	b.WriteString(strconv.Itoa(i))
	b.WriteString(`"`)
	if it.Selected {
		b.WriteString(` checked`)
	}
	b.WriteString(`> <span class="name">`)
	escapeTo(b, KeyName(k.Issuer, k.Account))
	b.WriteString(`</span> <span class="params">`)
	escapeTo(b, KeyParams(c, k))
	b.WriteString(`</span></label> <span class="status">`)
	escapeTo(b, c.T(statusKeys[it.Status]))
	b.WriteString(`</span></li>`)
}

var statusKeys = map[keyimport.Status]string{
	keyimport.New:       locale.Key("importStatusNew"),
	keyimport.SameName:  locale.Key("importStatusSameName"),
	keyimport.Duplicate: locale.Key("importStatusDuplicate"),
	keyimport.Repeated:  locale.Key("importStatusRepeated"),
}

// KeyName is how a key is named to people: "Issuer · account", either alone
// when the other is empty.
func KeyName(issuer, account string) string {
	switch {
	case issuer == "":
		return account
	case account == "":
		return issuer
	}
	return issuer + " · " + account
}

// KeyParams says what kind of code a key makes: "TOTP · SHA1 · 6 digits ·
// 30 s" or "HOTP · SHA1 · 6 digits · counter 5".
func KeyParams(c *locale.Catalog, k otpauth.Key) string {
	if k.IsHOTP() {
		return c.T("keyParamsHOTP", string(k.Algorithm), strconv.Itoa(k.Digits), strconv.FormatUint(k.Counter, 10))
	}
	return c.T("keyParamsTOTP", string(k.Algorithm), strconv.Itoa(k.Digits), strconv.Itoa(k.Period))
}

// ProblemText is what a page shows for an error: the catalog's message for
// its code when it has one, else the engine's own message (English).
func ProblemText(c *locale.Catalog, code, message string) string {
	if key := "err_" + strings.ReplaceAll(code, "-", "_"); c.Has(key) {
		return c.T(key)
	}
	return message
}
