package sessionlog

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAccessTimeAgreesWithItsPattern(t *testing.T) {
	re := regexp.MustCompile(`^(\d{2})/(\d{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$`)
	base := "25/11/2026:10:11:12 +0100"
	cases := []string{base, "25/11/2026:10:11:12 -0000", "2/11/2026:10:11:12 +0100", "25/11/2026 10:11:12 +0100",
		"25/11/2026:10:11:12 +010", "25/11/2026:10:11:12 +01000", "25/11/2026:10:11:12 *0100", "25/11/2026:10:11:12\t+0100",
		"25/11/2026:10:11:12 +0100\n", "", "aa/bb/cccc:dd:ee:ff +gggg", "٢٥/11/2026:10:11:12 +0100"}
	// Every single-byte change of a valid stamp.
	for i := range base {
		for _, c := range []byte{'0', '9', '/', ':', ' ', '+', '-', 'a', 0} {
			b := []byte(base)
			b[i] = c
			cases = append(cases, string(b))
		}
	}
	for _, s := range cases {
		assert.Equal(t, re.FindStringSubmatch(s), accessTime(s), "%q", s)
	}
}
