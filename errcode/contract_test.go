package errcode_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryErrorIsCoded finds every package of the module that declares an Error type and checks that
// errcode_test.go asserts it satisfies errcode.Coded (a compile-time check), so a new package cannot
// skip the contract and surface as "internal".
func TestEveryErrorIsCoded(t *testing.T) {
	asserted := map[string]bool{}
	self, err := os.ReadFile("errcode_test.go")
	require.NoError(t, err)
	for _, m := range regexp.MustCompile(`errcode\.Coded = \(\*(\w+)\.Error\)\(nil\)`).FindAllStringSubmatch(string(self), -1) {
		asserted[m[1]] = true
	}
	var declaring []string
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".") && name != ".." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return err
		}
		if jsOnly(f) {
			return nil // wasm/: adapters, built for GOOS=js only (jsvalue.Error satisfies Coded too)
		}
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, spec := range g.Specs {
					if spec.(*ast.TypeSpec).Name.Name == "Error" && !slices.Contains(declaring, f.Name.Name) {
						declaring = append(declaring, f.Name.Name)
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, declaring)
	for _, pkg := range declaring {
		if pkg == "errcode" {
			continue
		}
		assert.True(t, asserted[pkg], "package %s declares an Error type: give it ErrorCode() and UserMessage() (docs/architecture.md, "+
			"\"Errors\") and add `_ errcode.Coded = (*%s.Error)(nil)` to errcode/errcode_test.go", pkg, pkg)
	}
}

// jsOnly reports whether f builds only for GOOS=js.
func jsOnly(f *ast.File) bool {
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build ") && strings.Contains(c.Text, "js") {
				return true
			}
		}
	}
	return false
}
