// Package errcodetest helps tests check the errors of the engine packages.
package errcodetest

import (
	"errors"
	"testing"
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
