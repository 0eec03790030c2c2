package otpmigration_test

import (
	"fmt"

	"github.com/panelkey/panelkey/otpmigration"
)

func ExampleParse() {
	// One QR code of Google Authenticator's "Transfer accounts" export.
	b, err := otpmigration.Parse("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("batch %d of %d\n", b.Index+1, b.Size)
	for _, k := range b.Keys {
		fmt.Println(k.Type, k.Issuer, k.Account, k.Secret)
	}
	// Output:
	// batch 1 of 1
	// totp Example alice@google.com JBSWY3DPEHPK3PXP
}

func ExampleMissing() {
	// The second of three QR codes, read alone.
	b := otpmigration.Batch{ID: 42, Size: 3, Index: 1}
	for _, gap := range otpmigration.Missing([]otpmigration.Batch{b}) {
		fmt.Println("still to scan:", gap.Missing, "of", gap.Size)
	}
	// Output: still to scan: [1 3] of 3
}
