package errcodetest_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/errcode/errcodetest"
)

// fatal records whether As stopped the test, instead of stopping it.
type fatal struct {
	testing.TB
	stopped bool
}

func (f *fatal) Helper()               {}
func (f *fatal) Fatalf(string, ...any) { f.stopped = true }

func TestAs(t *testing.T) {
	want := &errcode.Error{Code: "c", Message: "m"}
	assert.Same(t, want, errcodetest.As[*errcode.Error](t, fmt.Errorf("wrapped: %w", want)))

	var f fatal
	errcodetest.As[*errcode.Error](&f, errors.New("plain"))
	assert.True(t, f.stopped, "an error of another type stops the test")
}

func TestCoded(t *testing.T) {
	want := &errcode.Error{Code: "c", Message: "m"}
	assert.Same(t, want, errcodetest.Coded[*errcode.Error](t, fmt.Errorf("wrapped: %w", want)))

	for _, err := range []error{errors.New("plain"), &errcode.Error{Message: "m"}, &errcode.Error{Code: "c"}} {
		var f fatal
		errcodetest.Coded[*errcode.Error](&f, err)
		assert.True(t, f.stopped, "%#v stops the test", err)
	}
}
