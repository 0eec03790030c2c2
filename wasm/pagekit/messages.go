//go:build js && wasm

package pagekit

import "crypto/rand"

// NewID returns prefix and 26 random base32 characters: the id of a record a
// page adds to the vault.
func NewID(prefix string) string { return prefix + rand.Text() }
