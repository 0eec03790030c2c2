package authheader_test

import (
	"fmt"

	"github.com/panelkey/panelkey/authheader"
)

func ExampleWHMToken() {
	r, err := authheader.WHMToken("root", "U7HMR63FHY282DQZ4H5BIH16JLYSO01M")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s (%s)\n", r.Headers[0].Name, r.Headers[0].Value, r.Method)

	_, err = authheader.WHMToken("root", "U7HMR63FHY282DQZ4H5BIH16JLYSO01M\r\nX-Evil: 1")
	fmt.Println(err)
	// Output:
	// Authorization: whm root:U7HMR63FHY282DQZ4H5BIH16JLYSO01M (whm-token)
	// authheader: the token contains a control character (U+000D) at position 33
}

func ExampleBasic() {
	r, _ := authheader.Basic("bob", "correct horse")
	otp, _ := authheader.OTP("123456")
	for _, h := range append(r.Headers, otp) {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}
	// Output:
	// Authorization: Basic Ym9iOmNvcnJlY3QgaG9yc2U=
	// X-CPANEL-OTP: 123456
}

func ExampleAccessHash() {
	r, _ := authheader.AccessHash("root", "0a1b2c\n3d4e5f\n")
	fmt.Println(r.Headers[0].Value, r.Deprecated)
	// Output: WHM root:0a1b2c3d4e5f true
}
