//go:build js && wasm

package pagekit

import "crypto/rand"

// LoginMsg is the worker's login message, which the popup and the console
// send (docs/architecture.md, "Messages").
type LoginMsg struct {
	Type      string
	ServerID  string
	AccountID string // optional
	Mailbox   string // optional
	Service   string
	Method    string
}

// Fields is the message as Shell.Send takes it.
func (m LoginMsg) Fields() map[string]any {
	f := map[string]any{"type": m.Type, "serverId": m.ServerID, "service": m.Service, "method": m.Method}
	if m.AccountID != "" {
		f["accountId"] = m.AccountID
	}
	if m.Mailbox != "" {
		f["mailbox"] = m.Mailbox
	}
	return f
}

// NewID returns prefix and 26 random base32 characters: the id of a record a
// page adds to the vault.
func NewID(prefix string) string { return prefix + rand.Text() }
