// Package policy is the one home of the numbers panelkey enforces in more
// than one place: the Go engine and pages use these constants, and the
// worker and the JavaScript shell read them from extension/messages.js,
// which is generated from them (go generate ./messages/contract), so no
// JavaScript file keeps a copy.
//
// Which requests may leave, to where, with which redirects, is not here: that
// is the network gate's (netgate).
package policy

// MinPasswordLength is the shortest master password panelkey accepts, in
// characters (Unicode code points): it is all that protects the vault if
// someone copies the browser profile.
const MinPasswordLength = 10

// The auto-lock delay, in minutes: a day at most.
const (
	DefaultAutoLockMinutes = 15
	MinAutoLockMinutes     = 1
	MaxAutoLockMinutes     = 1440
)
