package apiconsole

import (
	"os"

	"github.com/panelkey/panelkey/locale"
)

// en is the English catalog the extension ships: the tests read the views in
// its words.
var en = func() *locale.Catalog {
	text, err := os.ReadFile("../_locales/en/messages.json")
	if err != nil {
		panic(err)
	}
	c, err := locale.Parse("en", string(text))
	if err != nil {
		panic(err)
	}
	return c
}()
