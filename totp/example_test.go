package totp_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/panelkey/panelkey/totp"
)

func ExampleCode() {
	// cPanel's parameters are the zero Options: SHA1, 6 digits, 30 s.
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	code, err := totp.Code("jbsw y3dp ehpk 3pxp", at, totp.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(code, totp.SecondsLeft(at, totp.Options{}))
	// Output: 424727 25
}

func ExampleNormalizeSecret() {
	s, err := totp.NormalizeSecret("jbsw-y3dp ehpk-3pxp==")
	fmt.Println(s, err)
	_, err = totp.NormalizeSecret("JBSWY3DPEHPK3PX0")
	var e *totp.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
		fmt.Println(e.Message)
	}
	// Output:
	// JBSWY3DPEHPK3PXP <nil>
	// secret-invalid-char
	// character '0' at position 16 is not base32 (letters A–Z and digits 2–7) (the letter O?)
}

func ExampleVerify() {
	now := time.Unix(1700000000, 0)
	previous, _ := totp.Code("JBSWY3DPEHPK3PXP", now.Add(-30*time.Second), totp.Options{})
	ok, err := totp.Verify(previous, "JBSWY3DPEHPK3PXP", now, totp.Options{})
	fmt.Println(ok, err)
	ok, err = totp.Verify(previous, "JBSWY3DPEHPK3PXP", now, totp.Options{Skew: totp.NoSkew})
	fmt.Println(ok, err)
	// Output:
	// true <nil>
	// false <nil>
}

func ExampleCodes() {
	at := time.Unix(1700000000, 0)
	for _, r := range totp.Codes([]totp.Entry{
		{ID: "whm", Secret: "JBSWY3DPEHPK3PXP"},
		{ID: "typo", Secret: "JBSWY3DPEHPK3P"},
		{ID: "sha256", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", Options: totp.Options{Algorithm: totp.SHA256, Digits: 8, Period: 60}},
	}, at) {
		fmt.Printf("%s %q %d/%d %v\n", r.ID, r.Code, r.SecondsLeft, r.Period, r.Err)
	}
	// Output:
	// whm "324550" 10/30 <nil>
	// typo "" 10/30 totp: the secret has 14 base32 characters, a length no base32 encoding has: a character is missing or extra
	// sha256 "77076628" 40/60 <nil>
}

func ExampleHOTP() {
	// An otpauth://hotp/ key with counter=0 shows this code first, then stores
	// counter 1 for the next one.
	first, _ := totp.HOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 0, totp.Options{})
	next, _ := totp.HOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1, totp.Options{})
	fmt.Println(first, next)
	// Output: 755224 287082
}
