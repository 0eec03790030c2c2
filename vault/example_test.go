package vault_test

import (
	"fmt"

	"github.com/panelkey/panelkey/vault"
)

// A format 1 document becomes chunks; an edit rewrites only the chunk it
// touches.
func Example() {
	v, err := vault.Decode(`{"version":1,"servers":[{"id":"s1","address":"host.example",
		"accounts":[{"id":"a1","user":"bob","domain":"bob.example","plan":"kept as it was"}]}]}`)
	if err != nil {
		panic(err)
	}
	page := v.Servers[0].Pages[0].ID

	e, err := vault.DecodeEdit(`{"op":"account.update","serverId":"s1","id":"a1","page":"` + page + `","set":{"domain":"bob.test"}}`)
	if err != nil {
		panic(err)
	}
	if ids := v.Needs(e); len(ids) > 0 {
		panic(ids) // a vault opened from its meta chunk would load these first
	}
	if _, err := v.Apply(e); err != nil {
		panic(err)
	}
	written, removed, _ := v.Changes()
	fmt.Println(len(written), len(removed), written[vault.PagePrefix+page])
	// Output: 1 0 {"server":"s1","accounts":[{"id":"a1","user":"bob","domain":"bob.test","owner":"","suspended":false,"password":"","apiToken":"","totp":null,"mailboxes":[],"plan":"kept as it was"}]}
}
