package otpauth_test

import (
	"fmt"

	"github.com/panelkey/panelkey/otpauth"
)

func ExampleParse() {
	k, err := otpauth.Parse("otpauth://totp/server.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=server.example.com")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s | %s %s %d %d\n", k.Issuer, k.Account, k.Secret, k.Algorithm, k.Digits, k.Period)

	k, err = otpauth.Parse("otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&counter=5")
	fmt.Println(k.Type, k.Account, k.Counter, err)

	_, err = otpauth.ParseTOTP("otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&counter=5")
	fmt.Println(err)
	// Output:
	// server.example.com | bob | JBSWY3DPEHPK3PXP SHA1 6 30
	// hotp bob 5 <nil>
	// otpauth: this is a counter-based (otpauth://hotp/) key; a time-based one (otpauth://totp/) is needed here
}

func ExampleKey_String() {
	fmt.Println(otpauth.Key{Issuer: "My Server", Account: "bob@example.com", Secret: "JBSWY3DPEHPK3PXP"})
	fmt.Println(otpauth.Key{Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA256", Digits: 8})
	// Output:
	// otpauth://totp/My%20Server:bob%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20Server
	// otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8
}
