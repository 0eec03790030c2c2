//go:build js && wasm

package pagekit

import (
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// loadCatalog reads the message catalog page.js fetched (globalThis.
// panelkeyCatalog: {lang, text, fallback}, the catalog the browser chose for
// the extension and, for another language than English, English's to fall
// back on). Without it every string shows as its key in ⟦ ⟧: a broken build,
// not a language.
func loadCatalog() *locale.Catalog {
	empty, _ := locale.Parse(locale.Default, "{}")
	v, err := jsvalue.Await(js.Global().Get("panelkeyCatalog"))
	if err != nil || v.Type() != js.TypeObject {
		return empty
	}
	c, err := locale.ParseWithFallback(jsvalue.StringField(v, "lang"), jsvalue.StringField(v, "text"), jsvalue.StringField(v, "fallback"))
	if err != nil {
		return empty
	}
	return c
}

// T is the page's message for key, with subs as $1, $2, … (locale).
func (p *Page) T(key string, subs ...string) string { return p.Catalog.T(key, subs...) }

// localize puts the catalog's messages into a template's copy: the text of
// every element with data-i18n="key", and the attribute named by
// data-i18n-placeholder, -title, -aria-label or -alt. The English text in
// web/*.html is what the pages' tests without a catalog see; the catalog
// test checks that it is the English message.
func (p *Page) localize(root js.Value) {
	els := root.Call("querySelectorAll", "[data-i18n],[data-i18n-placeholder],[data-i18n-title],[data-i18n-aria-label],[data-i18n-alt]")
	for i := 0; i < els.Length(); i++ {
		e := els.Index(i)
		ds := e.Get("dataset")
		if k := ds.Get("i18n"); k.Type() == js.TypeString {
			e.Set("textContent", p.T(k.String()))
		}
		for _, a := range [...]struct{ data, attr string }{
			{"i18nPlaceholder", "placeholder"}, {"i18nTitle", "title"}, {"i18nAriaLabel", "aria-label"}, {"i18nAlt", "alt"},
		} {
			if k := ds.Get(a.data); k.Type() == js.TypeString {
				e.Call("setAttribute", a.attr, p.T(k.String()))
			}
		}
	}
}

// ProblemText is what a page shows of a failure: the catalog's message for
// its code with its parameters (ui.ProblemText), then its advice
// (ui.AdviceText); the engine's English only for a code the catalog lacks.
func ProblemText(p *Page, err error) string {
	code, msg := errcode.Of(err)
	if errcode.IsLocalized(err) {
		return msg
	}
	params := errcode.Params(err)
	text := ui.ProblemText(p.Catalog, code, msg, params...)
	advice := ""
	if je, ok := err.(*jsvalue.Error); ok {
		advice = je.Advice
	}
	if a := ui.AdviceText(p.Catalog, code, advice, params...); a != "" {
		text += " " + a
	}
	return text
}
