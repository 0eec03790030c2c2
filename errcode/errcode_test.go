package errcode_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/apiconsole"
	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/netgate"
	"github.com/panelkey/panelkey/optionsform"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/otpmigration"
	"github.com/panelkey/panelkey/qrscan"
	"github.com/panelkey/panelkey/serverlist"
	"github.com/panelkey/panelkey/sessionlog"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/vaultops"
)

// Every engine package's error type satisfies the contract (TestEveryErrorIsCoded keeps this list whole).
var (
	_ errcode.Coded = (*optionsform.Error)(nil)
	_ errcode.Coded = (*vault.Error)(nil)
	_ errcode.Coded = (*apiconsole.Error)(nil)
	_ errcode.Coded = (*authheader.Error)(nil)
	_ errcode.Coded = (*cpapi.Error)(nil)
	_ errcode.Coded = (*endpoint.Error)(nil)
	_ errcode.Coded = (*locale.Error)(nil)
	_ errcode.Coded = (*netgate.Error)(nil)
	_ errcode.Coded = (*otpauth.Error)(nil)
	_ errcode.Coded = (*otpmigration.Error)(nil)
	_ errcode.Coded = (*qrscan.Error)(nil)
	_ errcode.Coded = (*serverlist.Error)(nil)
	_ errcode.Coded = (*sessionlog.Error)(nil)
	_ errcode.Coded = (*totp.Error)(nil)
	_ errcode.Coded = (*vaultops.Error)(nil)
)

func TestOf(t *testing.T) {
	_, secretErr := totp.NormalizeSecret("JBSW!")
	tests := []struct {
		name          string
		err           error
		code, message string
	}{
		{"a package's error, message without its prefix", secretErr, totp.CodeSecretInvalidChar, errcode.Message(secretErr)},
		{"wrapped with context", fmt.Errorf("reading the form: %w", &errcode.Error{Code: "bad-input", Message: "the port is not a number"}), "bad-input", "the port is not a number"},
		{"the outermost coded error wins", fmt.Errorf("x: %w", &otpauth.Error{Code: otpauth.CodeParamInvalid, Message: "outer", Err: secretErr}), otpauth.CodeParamInvalid, "outer"},
		{"apiconsole's errors are not internal", &apiconsole.Error{Code: apiconsole.CodeCredentials, Message: "No password is saved."}, apiconsole.CodeCredentials, "No password is saved."},
		{"anything else is internal", errors.New("disk on fire"), errcode.Internal, "disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := errcode.Of(tt.err)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.message, msg)
		})
	}
	assert.NotContains(t, errcode.Message(secretErr), "totp:")
}

// Prefixed errors of two packages are two types: errors.As finds a package's
// own and never another's, and Error() names the package.
func TestPrefixedIsAPackagesOwn(t *testing.T) {
	_, err := totp.NormalizeSecret("JBSW!")
	var te *totp.Error
	var he *authheader.Error
	assert.True(t, errors.As(err, &te))
	assert.False(t, errors.As(err, &he), "a totp error read as an authheader one")
	assert.Equal(t, "totp: "+te.Message, err.Error())
	assert.Equal(t, te.Message, errcode.Message(err))
}
