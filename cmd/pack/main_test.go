package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
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

// Each page is the skeleton filled in with its own templates and the lock screen: its name where the skeleton names
// the page, its head before the shared stylesheet, and no template action left over.
func TestWritePagesFillsTheSkeleton(t *testing.T) {
	web, dir := t.TempDir(), t.TempDir()
	for name, text := range map[string]string{
		"page.html":       "<html data-page=\"{{.}}\">\n{{template \"head\"}}\n<link rel=\"stylesheet\" href=\"style.css\">{{block \"css\" .}}{{end}}\n{{template \"body\"}}\n{{template \"lockscreen.html\"}}</html>\n",
		"lockscreen.html": "<template id=\"unlock-view\"></template>",
		"one.html":        "{{define \"head\"}}<title>One</title>{{end}}{{define \"body\"}}<template id=\"one-view\"></template>{{end}}",
		"two.html":        "{{define \"head\"}}<title>Two</title>{{end}}{{define \"css\"}}\n<link rel=\"stylesheet\" href=\"two.css\">{{end}}{{define \"body\"}}<p>two</p>{{end}}",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(web, name), []byte(text), 0o644))
	}
	require.NoError(t, writePages(web, dir, []string{"one", "two"}))
	for name, want := range map[string]string{
		"one": "<html data-page=\"one\">\n<title>One</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n<template id=\"one-view\"></template>\n<template id=\"unlock-view\"></template></html>\n",
		"two": "<html data-page=\"two\">\n<title>Two</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n<link rel=\"stylesheet\" href=\"two.css\">\n<p>two</p>\n<template id=\"unlock-view\"></template></html>\n",
	} {
		got, err := os.ReadFile(filepath.Join(dir, name+".html"))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}

	// A page without its body is an error, not a page without content.
	require.NoError(t, os.WriteFile(filepath.Join(web, "three.html"), []byte(`{{define "head"}}<title>Three</title>{{end}}`), 0o644))
	assert.Error(t, writePages(web, dir, []string{"three"}))
}

// The real pages: each is a whole document that names its program and carries the lock screen and its own view.
func TestWritePagesMakesTheExtensionsPages(t *testing.T) {
	dir := t.TempDir()
	names := []string{"popup", "options", "console"}
	require.NoError(t, writePages(filepath.Join("..", "..", "web"), dir, names))
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name+".html"))
		require.NoError(t, err)
		page := string(got)
		assert.True(t, strings.HasPrefix(page, "<!doctype html>\n"), name)
		assert.Contains(t, page, `data-page="`+name+`" data-wasm="`+name+`.wasm"`)
		assert.Contains(t, page, `<template id="`+name+`-view">`)
		assert.Contains(t, page, `<template id="unlock-view">`)
		assert.NotContains(t, page, "{{")
	}
}
