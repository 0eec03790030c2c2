package localetest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/locale/localetest"
)

func TestEscaped(t *testing.T) {
	c := localetest.Pseudo(t, "../..")
	assert.Equal(t, "⟪Cancel⟫", c.T("cancel"))
	assert.Equal(t, []string{"Edit", "Remove"}, localetest.Escaped(`<p>⟪Add⟫ Edit <b title="⟪x⟫">bob</b> <i aria-label="Remove">×</i></p>`, []string{"bob"}))
	assert.Empty(t, localetest.Escaped(`<p>info@bob.example 42 · ⟪a b⟫</p>`, []string{"bob.example", "info@bob.example"}))
	assert.Equal(t, []string{"Edit"}, localetest.Escaped(`<p>Edit</p>`, []string{""}), "empty data hides nothing")
	assert.Empty(t, localetest.Escaped(`<p>⟪cut at ⟪3 bytes⟫: the rest⟫</p>`, nil), "a message in a message")
}
