// Package errcodetest helps tests check the errors of the engine packages.
package errcodetest

import (
	"errors"
	"testing"

	"github.com/panelkey/panelkey/errcode"
)

// As is the first error in err's chain of type E (a package's error type,
// such as *totp.Error); the test stops when there is none.
func As[E error](t testing.TB, err error) E {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a %T", err, err, e)
	}
	return e
}

// Coded is As for an error that must keep the contract: the first error in
// err's chain of type E, with a code and a message; the test (a fuzz target,
// typically, on any input) stops otherwise.
func Coded[E errcode.Coded](t testing.TB, err error) E {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("error %#v is not a %T", err, e)
		return e
	}
	if e.ErrorCode() == "" || e.UserMessage() == "" {
		t.Fatalf("error %#v has no code or no message", err)
	}
	return e
}
