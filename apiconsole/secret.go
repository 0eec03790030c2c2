package apiconsole

import (
	"strings"
	"unicode"
)

// Placeholder is what a secret argument's value is shown as: its name in
// capitals between angle brackets, as the console writes masked credentials
// (<WHM_API_TOKEN>): "password" → <PASSWORD>, "tfa-token" → <TFA_TOKEN>.
func Placeholder(name string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range strings.TrimSpace(name) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteByte('_')
		}
	}
	b.WriteByte('>')
	return b.String()
}
