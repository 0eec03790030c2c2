// Package golden keeps what a test makes in a file checked in beside the test (a golden file, or a fixture that
// tests outside Go read too): the test checks the file against what it makes, and go test -update rewrites the
// file after a deliberate change.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files and fixtures from what the tests make")

// Check fails the test unless the file at path holds made; with -update it writes made there first.
func Check(t testing.TB, path string, made []byte) {
	t.Helper()
	file := Fixture(t, path, func() []byte { return made })
	assert.Equal(t, string(file), string(made), "%s differs from what the test makes (go test -update rewrites it)", path)
}

// Fixture is the file at path, written first from make with -update: for a fixture that is read rather than
// compared, such as a picture whose encoder may change its bytes.
func Fixture(t testing.TB, path string, make func() []byte) []byte {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, make(), 0o644))
	}
	file, err := os.ReadFile(path)
	require.NoError(t, err, "go test -update writes it")
	return file
}
