package apiconsole

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// Limits of the JSON tree view. Beyond them the raw view still has it all.
const (
	MaxTreeNodes = 5000 // values rendered
	maxTreeDepth = 64   // deeper containers are shown as compact JSON text
	openDepth    = 3    // containers up to this depth start expanded
	maxLeafText  = 2000 // characters of a long string or a compact subtree
)

// TreeHTML renders JSON text as a tree of collapsible <details> elements,
// keys in the order the server sent them. ok is false when body is not JSON.
// At most maxNodes values are rendered (a note counts what is left out).
func TreeHTML(body []byte, maxNodes int) (html string, ok bool) {
	if !json.Valid(body) {
		return "", false
	}
	t := &tree{dec: json.NewDecoder(bytes.NewReader(body)), max: maxNodes}
	t.dec.UseNumber()
	var b strings.Builder
	b.WriteString(`<div class="json-tree">`)
	if err := t.value(&b, "", 0); err != nil {
		// json.Valid accepted it, so the decoder cannot fail; say so rather than show half a tree.
		return "", false
	}
	if t.cut {
		b.WriteString(`<p class="more">Only the first ` + strconv.Itoa(maxNodes) + ` values are shown: see the raw answer for the rest.</p>`)
	}
	b.WriteString(`</div>`)
	return b.String(), true
}

type tree struct {
	dec   *json.Decoder
	nodes int
	max   int
	cut   bool // the node limit was reached
}

// keyHTML is the label of a value: its key, its index, or nothing at the top.
func keyHTML(key string) string {
	if key == "" {
		return ""
	}
	return `<span class="jk">` + key + `</span>: `
}

// value renders the next value of the decoder under key (already escaped
// HTML) into b.
func (t *tree) value(b *strings.Builder, key string, depth int) error {
	if t.nodes >= t.max {
		t.cut = true
		return t.skip()
	}
	t.nodes++
	if depth >= maxTreeDepth {
		var raw json.RawMessage
		if err := t.dec.Decode(&raw); err != nil {
			return err
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return err
		}
		leaf(b, key, "jdeep", clip(compact.String()))
		return nil
	}
	tok, err := t.dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		return t.container(b, key, v, depth)
	case string:
		leaf(b, key, "jstr", quote(clip(v)))
	case json.Number:
		leaf(b, key, "jnum", v.String())
	case bool:
		leaf(b, key, "jbool", strconv.FormatBool(v))
	case nil:
		leaf(b, key, "jnull", "null")
	}
	return nil
}

func leaf(b *strings.Builder, key, class, text string) {
	b.WriteString(`<div class="jl">` + keyHTML(key) + `<span class="jv ` + class + `">` + esc(text) + `</span></div>`)
}

// container renders an object or array whose opening delimiter was read:
// its children first (into a builder of their own), then the summary with
// their count, then the children.
func (t *tree) container(b *strings.Builder, key string, open json.Delim, depth int) error {
	isObj := open == '{'
	var kids strings.Builder
	n := 0
	for t.dec.More() {
		child := strconv.Itoa(n)
		if isObj {
			tok, err := t.dec.Token()
			if err != nil {
				return err
			}
			k, _ := tok.(string) // object keys are strings
			child = esc(k)
		}
		if err := t.value(&kids, child, depth+1); err != nil {
			return err
		}
		n++
	}
	if _, err := t.dec.Token(); err != nil { // the closing delimiter
		return err
	}
	brackets, unit := "[…]", " items"
	if isObj {
		brackets, unit = "{…}", " keys"
	}
	if n == 1 {
		unit = unit[:len(unit)-1]
	}
	attr := ""
	if depth < openDepth {
		attr = " open"
	}
	b.WriteString(`<details class="jt"` + attr + `><summary>` + keyHTML(key) + `<span class="jb">` + brackets + `</span>` +
		`<span class="jn"> ` + strconv.Itoa(n) + unit + `</span></summary><div class="jc">`)
	b.WriteString(kids.String())
	b.WriteString(`</div></details>`)
	return nil
}

// skip consumes the rest of the current value once the node limit is
// reached, so the containers around it still close.
func (t *tree) skip() error {
	var raw json.RawMessage
	err := t.dec.Decode(&raw)
	if err == io.EOF {
		return nil
	}
	return err
}

// clip shortens a long text for the tree (the raw view has it whole).
func clip(s string) string {
	if len(s) <= maxLeafText {
		return s
	}
	cut := maxLeafText
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)-cut) + " more bytes)"
}

func utf8Start(b byte) bool { return b&0xc0 != 0x80 }

// quote is s as a JSON string, without JSON's HTML escapes: the tree shows
// "<b>" as the server sent it, and ui.Escape makes it text.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
