package signin

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsSessionPathAgreesWithItsPattern(t *testing.T) {
	re := regexp.MustCompile(`^/cpsess[0-9]{10}/login/?$`)
	for _, p := range []string{
		"/cpsess0123456789/login/", "/cpsess0123456789/login", "/cpsess0123456789/login//", "/cpsess0123456789/login/x",
		"/cpsess012345678/login/", "/cpsess01234567890/login/", "/cpsess012345678a/login/", "/cpsess0123456789/Login/",
		"cpsess0123456789/login/", "/cpsess0123456789/", "/cpsess0123456789", "", "/", "/login/", "/cpsess0123456789/login/\n",
		"//cpsess0123456789/login/", "/cpsess0123456789//login/",
	} {
		assert.Equal(t, re.MatchString(p), isSessionPath(p), "%q", p)
	}
}
