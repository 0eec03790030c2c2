package optionsform

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale/localetest"
)

// The forms' own messages, the fields they name and a refused value's reason
// with a catalog message for its code all come from the catalog.
func TestMessagesComeFromTheCatalog(t *testing.T) {
	c := localetest.Pseudo(t, "..")
	data := []string{"http://h.example", "https://h.example", "h.example", "info", "bob.example", "cPanel", "WHM", "Webmail"}
	shown := map[string]string{}
	for i, err := range []error{
		func() error { _, err := CheckServer(c, ServerInput{Address: "http://h.example"}); return err }(),
		func() error {
			_, err := CheckServer(c, ServerInput{Address: "h.example", WHMToken: Secret{Typed: "T"}})
			return err
		}(),
		func() error {
			_, err := CheckServer(c, ServerInput{Address: "h.example", WHMTOTP: TOTPField{Typed: "not base32!"}})
			return err
		}(),
		func() error { _, err := CheckAccount(c, AccountInput{}); return err }(),
		func() error {
			_, err := CheckAccount(c, AccountInput{User: "bob", TOTP: TOTPField{Typed: "1"}})
			return err
		}(),
		func() error {
			_, err := CheckAccount(c, AccountInput{User: "bob", Domain: "bob.example", Mailboxes: []MailboxInput{{Email: "info"}}})
			return err
		}(),
		func() error { _, err := AutoLockMinutes(c, "0"); return err }(),
	} {
		require.Error(t, err)
		shown[fmt.Sprintf("error %d", i)] = errcode.Message(err)
	}
	shown["address preview"] = AddressPreview(c, "http://h.example")
	localetest.FromCatalog(t, shown, data)
}
