package apiconsole

import "github.com/panelkey/panelkey/locale/localetest"

// en is the English catalog the extension ships: the tests read the views in
// its words.
var en = localetest.English("..")
