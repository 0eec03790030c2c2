package locale_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/locale"
)

const sample = `{
  "locale": {"message": "en"},
  "copied": {"message": "Code copied."},
  "opening": {"message": "Opening $SERVICE$…", "description": "a login tab", "placeholders": {"service": {"content": "$1", "example": "cPanel"}}},
  "Mixed_Case": {"message": "Costs $$5 for $1 of $2; $3 is missing; a lone $ and $not a name$ stay"},
  "fixed": {"message": "Hi $WHO$", "placeholders": {"WHO": {"content": "panelkey"}}},
  "nested": {"message": "$A$", "placeholders": {"a": {"content": "[$2|$1|$$]"}}}
}`

func TestT(t *testing.T) {
	c, err := locale.Parse("en", sample)
	require.NoError(t, err)
	assert.Equal(t, "en", c.Lang())
	assert.Equal(t, "en", c.T(locale.SelfKey))
	assert.Equal(t, "Code copied.", c.T("copied"))
	assert.Equal(t, "Code copied.", c.T("COPIED"), "keys match without regard to case")
	assert.Equal(t, "Opening WHM…", c.T("opening", "WHM"))
	assert.Equal(t, "Opening …", c.T("opening"), "a missing substitution is empty")
	assert.Equal(t, "Costs $5 for a of b;  is missing; a lone $ and $not a name$ stay", c.T("mixed_case", "a", "b"))
	assert.Equal(t, "Hi panelkey", c.T("fixed"))
	assert.Equal(t, "[y|x|$]", c.T("nested", "x", "y"))
	assert.Equal(t, "⟦nope⟧", c.T("nope"))
	assert.True(t, c.Has("Copied"))
	assert.False(t, c.Has("nope"))
	assert.Equal(t, []string{"copied", "fixed", "locale", "mixed_case", "nested", "opening"}, c.Keys())
}

func TestFallback(t *testing.T) {
	en, err := locale.Parse("en", sample)
	require.NoError(t, err)
	de, err := locale.Parse("de", `{"locale":{"message":"de"},"copied":{"message":"Code kopiert."}}`)
	require.NoError(t, err)
	c := de.WithFallback(en)
	assert.Equal(t, "Code kopiert.", c.T("copied"))
	assert.Equal(t, "Opening WHM…", c.T("opening", "WHM"))
	assert.False(t, c.Has("opening"), "Has is the catalog's own")
	assert.Equal(t, "⟦nope⟧", c.T("nope"))
	assert.Equal(t, "⟦opening⟧", de.T("opening"), "the catalog itself is unchanged")

	both, err := locale.ParseWithFallback("de", `{"locale":{"message":"de"},"copied":{"message":"Code kopiert."}}`, sample)
	require.NoError(t, err)
	assert.Equal(t, "de", both.Lang())
	assert.Equal(t, "Code kopiert.", both.T("copied"))
	assert.Equal(t, "Opening WHM…", both.T("opening", "WHM"))
	alone, err := locale.ParseWithFallback("en", sample, "")
	require.NoError(t, err)
	assert.Equal(t, "⟦nope⟧", alone.T("nope"))
	broken, err := locale.ParseWithFallback("de", `{"locale":{"message":"de"},"copied":{"message":"Code kopiert."}}`, `{`)
	require.NoError(t, err, "a fallback that does not parse leaves the catalog alone")
	assert.Equal(t, "Code kopiert.", broken.T("copied"))
	_, err = locale.ParseWithFallback("de", `{`, sample)
	assert.Error(t, err)
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, code string }{
		{"not JSON", `{`, locale.CodeBadJSON},
		{"not an object", `[]`, locale.CodeBadJSON},
		{"message not an object", `{"a":"text"}`, locale.CodeBadJSON},
		{"message not a string", `{"a":{"message":5}}`, locale.CodeBadJSON},
		{"no message", `{"a":{"description":"x"}}`, locale.CodeBadMessage},
		{"bad key", `{"a-b":{"message":"x"}}`, locale.CodeBadKey},
		{"empty key", `{"":{"message":"x"}}`, locale.CodeBadKey},
		{"key twice", `{"a":{"message":"x"},"A":{"message":"y"}}`, locale.CodeBadKey},
		{"undefined placeholder", `{"a":{"message":"Hi $WHO$"}}`, locale.CodeBadMessage},
		{"trailing text", `{"a":{"message":"x"}} x`, locale.CodeBadJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := locale.Parse("xx", tc.text)
			e := errcodetest.As[*locale.Error](t, err)
			assert.Equal(t, tc.code, e.Code)
			assert.Contains(t, e.Message, "xx")
		})
	}
}

func TestLazyFallback(t *testing.T) {
	en, err := locale.Parse("en", sample)
	require.NoError(t, err)
	de, err := locale.Parse("de", `{"locale":{"message":"de"},"copied":{"message":"Code kopiert."}}`)
	require.NoError(t, err)
	loads := 0
	c := de.WithLazyFallback(func() *locale.Catalog { loads++; return en })
	assert.Equal(t, "Code kopiert.", c.T("copied"))
	assert.Equal(t, 0, loads, "a key the catalog holds needs no fallback")
	assert.Equal(t, "Opening WHM…", c.T("opening", "WHM"))
	assert.Equal(t, "⟦nope⟧", c.T("nope"))
	assert.Equal(t, 1, loads, "made once")
}
