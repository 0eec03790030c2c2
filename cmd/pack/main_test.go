package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The same files give the same bytes whatever their times on disk, in lexical order with slash paths: a store
// upload can be rebuilt and compared.
func TestWriteZipIsReproducible(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"b.js": "b", "a/z.png": "z", "manifest.json": "{}"} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	first := filepath.Join(t.TempDir(), "1.zip")
	require.NoError(t, writeZip(dir, first))
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "b.js"), later, later))
	second := filepath.Join(t.TempDir(), "2.zip")
	require.NoError(t, writeZip(dir, second))

	a, err := os.ReadFile(first)
	require.NoError(t, err)
	b, err := os.ReadFile(second)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	r, err := zip.OpenReader(first)
	require.NoError(t, err)
	defer r.Close()
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"a/z.png", "b.js", "manifest.json"}, names)
}
