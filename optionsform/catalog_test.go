package optionsform

import "github.com/panelkey/panelkey/locale/localetest"

// en is the English catalog the extension ships: the tests read the messages in
// its words.
var en = localetest.English("..")
