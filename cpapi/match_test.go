package cpapi

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The patterns the hand-written matchers replace; the tests use them as the oracle.
var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9_]{1,128}$`)
	appRE    = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)
	localeRE = regexp.MustCompile(`^[0-9A-Za-z_-]{1,16}$`)
	cpsessRE = regexp.MustCompile(`^/cpsess[0-9]{10}$`)
)

// strs returns every string of length 0..n over alphabet, plus the given extras.
func strs(alphabet string, n int, extra ...string) []string {
	out := []string{""}
	level := []string{""}
	for range n {
		var next []string
		for _, s := range level {
			for _, c := range strings.Split(alphabet, "") {
				next = append(next, s+c)
			}
		}
		out = append(out, next...)
		level = next
	}
	return append(out, extra...)
}

func TestMatchersAgreeWithTheirPatterns(t *testing.T) {
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	words := strs("aZ9_-.é\n", 3, long(16, "a"), long(17, "a"), long(128, "b"), long(129, "b"), long(127, "_")+"\n", "ab\x00")
	for _, s := range words {
		assert.Equal(t, nameRE.MatchString(s), isWord(s, "", 128), "name %q", s)
		assert.Equal(t, appRE.MatchString(s), isWord(s, "-", 0), "app %q", s)
		assert.Equal(t, localeRE.MatchString(s), isWord(s, "-", 16), "locale %q", s)
	}
	tokens := []string{"/cpsess0123456789", "/cpsess012345678", "/cpsess01234567890", "cpsess0123456789", "/cpsess012345678a",
		"/cpsess0123456789\n", "/cpsess0123456789/", "/CPSESS0123456789", "/cpsess٠١٢٣٤٥٦٧٨٩", "", "/cpsess"}
	tokens = append(tokens, strs("/cps0", 4)...)
	for _, s := range tokens {
		assert.Equal(t, cpsessRE.MatchString(s), isCpsess(s), "cpsess %q", s)
	}
}
