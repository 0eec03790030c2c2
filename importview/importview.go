// Package importview renders an import's preview (keyimport.Preview) for
// the pages: the keys found, each with a checkbox and what it is, what was
// not a key and why, the QR codes of an export still to scan. It is a package
// of its own so that a page that never shows a preview (the popup, which asks
// the QR decoder's worker for one) links no import parser.
package importview

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/keyimport"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/ui"
)

// HTML renders an import's preview for the user to confirm: a
// list of the keys found, each with a checkbox (data-import-index, its index
// in p.Items; ticked when the item is selected) and what it is; what was not
// a key, and why; the QR codes of an export still to scan. source names a
// text by its number ("QR code 2", "line 3"). Every string comes from c.
func HTML(c *locale.Catalog, p keyimport.Preview, source func(n int) string) string {
	var b strings.Builder
	counts := map[keyimport.Status]int{}
	for _, it := range p.Items {
		counts[it.Status]++
	}
	b.WriteString(`<div class="import-preview">`)
	if len(p.Items) > 0 {
		b.WriteString(`<p class="import-summary">`)
		escape(&b, c.T("importSummary", strconv.Itoa(len(p.Items)), strconv.Itoa(counts[keyimport.New]+counts[keyimport.SameName]),
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
			escape(&b, c.T("importMissingBatches", strconv.Itoa(g.Size), strings.Join(nums, ", ")))
			b.WriteString(`</p>`)
		}
	}
	if len(p.Problems) > 0 {
		b.WriteString(`<ul class="import-problems">`)
		for _, pr := range p.Problems {
			b.WriteString(`<li data-code="`)
			escape(&b, pr.Code)
			b.WriteString(`">`)
			where := ""
			if pr.Source > 0 {
				where = source(pr.Source)
			}
			if pr.Entry > 0 {
				where = c.T("importEntry", where, strconv.Itoa(pr.Entry), ui.KeyName(pr.Issuer, pr.Name))
			}
			if where != "" {
				escape(&b, where)
				b.WriteString(`: `)
			}
			escape(&b, ui.ProblemText(c, pr.Code, pr.Message))
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
	escape(b, ui.KeyName(k.Issuer, k.Account))
	b.WriteString(`</span> <span class="params">`)
	escape(b, ui.KeyParams(c, k))
	b.WriteString(`</span></label> <span class="status">`)
	escape(b, c.T(statusKeys[it.Status]))
	b.WriteString(`</span></li>`)
}

var statusKeys = map[keyimport.Status]string{
	keyimport.New:       locale.Key("importStatusNew"),
	keyimport.SameName:  locale.Key("importStatusSameName"),
	keyimport.Duplicate: locale.Key("importStatusDuplicate"),
	keyimport.Repeated:  locale.Key("importStatusRepeated"),
}

func escape(b *strings.Builder, s string) { b.WriteString(ui.Escape(s)) }
