package apiconsole

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlaceholder(t *testing.T) {
	for in, want := range map[string]string{
		"password":   "<PASSWORD>",
		"tfa_token":  "<TFA_TOKEN>",
		"password-1": "<PASSWORD_1>",
		" newPass ":  "<NEWPASS>",
		"pässwort":   "<P_SSWORT>",
	} {
		assert.Equal(t, want, Placeholder(in), in)
	}
}
