package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContractIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Contract {
		typ := e.Type()
		assert.False(t, seen[typ], "%s: declared twice", typ)
		seen[typ] = true
		assert.Equal(t, reflect.Struct, reflect.TypeOf(e.Params).Kind(), typ)
		if e.Result != nil {
			assert.Equal(t, reflect.Struct, reflect.TypeOf(e.Result).Kind(), typ)
		}
		assert.NotEmpty(t, e.From, "%s: say which pages send it", typ)
		assert.NotEmpty(t, e.Doc, typ)
		for _, f := range Fields(e.Params) {
			assert.NotEqual(t, "type", f.Name, "%s: \"type\" is the message's name, not a parameter", typ)
		}
	}
	// Every Go type with a MessageType method is in the contract.
	for _, name := range messageTypes(t) {
		_, ok := entryOfGoType(name)
		assert.True(t, ok, "%s has a MessageType method but no Entry in Contract", name)
	}
}

// TestPagesSendOnlyContractMessages reads the page controllers (wasm/*/): the messages each one builds must be
// in the contract with that page in From, and each page named in a From must build that message.
func TestPagesSendOnlyContractMessages(t *testing.T) {
	sent := map[string][]string{} // page → Go type names of the messages it builds
	dirs, err := os.ReadDir("../../wasm")
	require.NoError(t, err)
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		page := d.Name()
		files, _ := filepath.Glob(filepath.Join("../../wasm", page, "*.go"))
		for _, file := range files {
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.CompositeLit); ok {
					if sel, ok := lit.Type.(*ast.SelectorExpr); ok {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "messages" {
							if _, isMsg := entryOfGoType(sel.Sel.Name); isMsg && page != "pagekit" {
								sent[page] = append(sent[page], sel.Sel.Name)
							}
						}
					}
				}
				if call, ok := n.(*ast.CallExpr); ok && page != "pagekit" && page != "pagejson" {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Edit" {
						sent[page] = append(sent[page], "VaultEdit") // pagekit.Shell.Edit sends it
					}
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Call" && len(call.Args) > 0 {
						if s, ok := call.Args[0].(*ast.BasicLit); ok && s.Value == `"send"` {
							t.Errorf("%s: sends without the contract (shell.send): use pagekit.Shell.Send or pagejson.Send with a messages type", file)
						}
					}
				}
				return true
			})
		}
	}
	require.NotEmpty(t, sent, "no page builds a message: is ../wasm where the pages are?")
	for page, names := range sent {
		for _, name := range names {
			e, _ := entryOfGoType(name)
			assert.Contains(t, e.From, page, "wasm/%s sends %q: add %q to its Entry's From in messages/messages.go", page, e.Type(), page)
		}
	}
	for _, e := range Contract {
		goName := reflect.TypeOf(e.Params).Name()
		for _, page := range e.From {
			if strings.Contains(page, " ") {
				continue // not a page ("worker tests")
			}
			assert.True(t, slices.Contains(sent[page], goName), "%q says wasm/%s sends it, which it does not: fix From", e.Type(), page)
		}
	}
}

func entryOfGoType(name string) (Entry, bool) {
	for _, e := range Contract {
		if reflect.TypeOf(e.Params).Name() == name {
			return e, true
		}
	}
	return Entry{}, false
}

// messageTypes lists the receiver types of this package's MessageType methods.
func messageTypes(t *testing.T) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "../messages.go", nil, 0)
	require.NoError(t, err)
	var out []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "MessageType" && fn.Recv != nil {
			out = append(out, fn.Recv.List[0].Type.(*ast.Ident).Name)
		}
	}
	require.Len(t, out, len(Contract))
	return out
}
