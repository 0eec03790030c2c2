package golden_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/tests/golden"
)

// recorder records what Check reports instead of failing the test.
type recorder struct {
	testing.TB
	got []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Errorf(format string, args ...any) {
	r.got = append(r.got, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	assert.NoError(t, os.WriteFile(path, []byte("same\n"), 0o644))
	var r recorder
	golden.Check(&r, path, []byte("same\n"))
	assert.Empty(t, r.got)
	golden.Check(&r, path, []byte("other\n"))
	if assert.Len(t, r.got, 1) {
		assert.Contains(t, r.got[0], "x.golden differs from what the test makes")
	}
}

func TestFixtureIsReadNotCompared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.png")
	assert.NoError(t, os.WriteFile(path, []byte("stored"), 0o644))
	assert.Equal(t, "stored", string(golden.Fixture(t, path, func() []byte { return []byte("made") })))
}
