package ui

import "unicode/utf8"

// MinPasswordLength is the shortest master password the pages accept, in
// characters.
const MinPasswordLength = 10

// CheckNewPassword returns why a new master password and its confirmation
// cannot be used, or "" when they can.
func CheckNewPassword(password, confirm string) string {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return "Use at least 10 characters: the master password is all that protects the vault if someone copies your browser profile."
	case password != confirm:
		return "The two passwords differ."
	}
	return ""
}
