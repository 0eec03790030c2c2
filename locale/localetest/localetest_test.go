package localetest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/locale/localetest"
)

// recorder records what FromCatalog reports instead of failing the test.
type recorder struct {
	testing.TB
	got []string
}

func (e *recorder) Helper() {}
func (e *recorder) Errorf(format string, args ...any) {
	e.got = append(e.got, fmt.Sprintf(format, args...))
}

func TestEscaped(t *testing.T) {
	c := localetest.Pseudo(t, "../..")
	assert.Equal(t, "⟪Cancel⟫", c.T("cancel"))
	assert.Equal(t, []string{"Edit", "Remove"}, localetest.Escaped(`<p>⟪Add⟫ Edit <b title="⟪x⟫">bob</b> <i aria-label="Remove">×</i></p>`, []string{"bob"}))
	assert.Empty(t, localetest.Escaped(`<p>info@bob.example 42 · ⟪a b⟫</p>`, []string{"bob.example", "info@bob.example"}))
	assert.Equal(t, []string{"Edit"}, localetest.Escaped(`<p>Edit</p>`, []string{""}), "empty data hides nothing")
	assert.Empty(t, localetest.Escaped(`<p>⟪cut at ⟪3 bytes⟫: the rest⟫</p>`, nil), "a message in a message")
}

func TestFromCatalog(t *testing.T) {
	c := localetest.Pseudo(t, "../..")
	var e recorder
	localetest.FromCatalog(&e, map[string]string{"good": "<p>" + c.T("cancel") + " bob</p>"}, []string{"bob"})
	assert.Empty(t, e.got)
	localetest.FromCatalog(&e, map[string]string{"missing": "<p>" + c.T("no-such-key") + "</p>"}, nil)
	localetest.FromCatalog(&e, map[string]string{"english": "<p>" + c.T("cancel") + " Edit</p>"}, nil)
	assert.Equal(t, []string{
		"missing: a key is not in the catalog: <p>⟦no-such-key⟧</p>",
		`missing: words from no catalog: ["no" "such" "key"]`,
		`english: words from no catalog: ["Edit"]`,
	}, e.got)
}
