package vaultops

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuspended(t *testing.T) {
	yes := []string{`1`, `true`, `1.0`, `1e0`, `10e-1`, `"1"`, `"+1"`, `"1."`, `".1e1"`, `"0001"`, `" \t\n1\r\u00a0\ufeff\u2028\u3000"`,
		`"0x1"`, `"0X01"`, `"0o1"`, `"0B1"`, `"1.00000000000000001"`, `[1]`, `["1"]`, `[[" 1 "]]`, `["0x1"]`, `[1.0]`}
	no := []string{`0`, `false`, `null`, `2`, `-1`, `1e400`, `""`, `" "`, `"0"`, `"yes"`, `"true"`, `"-0x1"`, `"+0x1"`,
		`"0x"`, `"0x1g"`, `"0x10000000000000001"`, `"1_0"`, `"1,0"`, `"Infinity"`, `"\u00851"`, `"1\u0085"`, `"one"`,
		`[]`, `[null]`, `[true]`, `[1,1]`, `[1,""]`, `[null,"1"]`, `[{}]`, `[[1,2]]`, `[1e400]`, `{}`, `{"valueOf":1}`, ``}
	for _, raw := range yes {
		assert.True(t, suspended(json.RawMessage(raw)), raw)
	}
	for _, raw := range no {
		assert.False(t, suspended(json.RawMessage(raw)), raw)
	}
}

// TestDecimal checks the hand-written scanner against the pattern it replaces
// (JavaScript's StrDecimalLiteral without Infinity) on every string of up to
// five characters from the characters that matter.
func TestDecimal(t *testing.T) {
	pattern := regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	const alphabet = "07+-.eEx "
	var walk func(s string)
	checked, matched := 0, 0
	walk = func(s string) {
		want := pattern.MatchString(s)
		require.Equal(t, want, decimal(s), "%q", s)
		checked++
		if want {
			matched++
		}
		if len(s) < 5 {
			for _, c := range alphabet {
				walk(s + string(c))
			}
		}
	}
	walk("")
	assert.Greater(t, matched, 800, "of %d", checked) // 834 of 66,430
}

// TestJSSpace checks the list against Go's Unicode tables: the Zs category
// and JavaScript's other white space and line terminators.
func TestJSSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.Zs, r) || strings.ContainsRune("\t\n\v\f\r\ufeff\u2028\u2029", r)
		require.Equal(t, want, jsSpace(r), "U+%04X", r)
	}
}
