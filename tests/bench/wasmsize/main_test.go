package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pclntab returns a pclntab's header and funcnametab holding names, as the runtime lays them out.
func pclntab(names ...[]byte) []byte {
	tab := append(bytes.Join(names, []byte{0}), 0)
	h := append([]byte(nil), pclntabHeader...)
	for _, w := range []uint64{uint64(len(names)), 0, 0, 8 + 5*8, 8 + 5*8 + uint64(len(tab))} {
		h = binary.LittleEndian.AppendUint64(h, w)
	}
	return append(h, tab...)
}

// The name section's '_' stands for '/', '-' and '_' alike; the runtime's names tell them apart.
func TestGoNamesSpellNamesAsGoDoes(t *testing.T) {
	mem := append(make([]byte, 100), pclntab(
		[]byte("github.com/makiuchi-d/gozxing/qrcode.(*QRCodeReader).Decode"),
		[]byte("runtime.mapaccess1_fast32"),
		[]byte("a/b-c.F"), []byte("a/b_c.F"), // both written a_b_c.F: which one a function is cannot be told
	)...)
	assert.Equal(t, map[string]string{
		"github.com_makiuchi_d_gozxing_qrcode.__QRCodeReader_.Decode": "github.com/makiuchi-d/gozxing/qrcode.(*QRCodeReader).Decode",
		"runtime.mapaccess1_fast32":                                   "runtime.mapaccess1_fast32",
		"":                                                            "", // the table's last NUL
	}, goNames(mem))
	assert.Empty(t, goNames(make([]byte, 100)), "no pclntab: every name is guessed")
}

func TestGoPackage(t *testing.T) {
	assert.Equal(t, "github.com/makiuchi-d/gozxing/qrcode", goPackage("github.com/makiuchi-d/gozxing/qrcode.(*QRCodeReader).Decode"))
	assert.Equal(t, "slices", goPackage("slices.SortFunc[go.shape.[]string,go.shape.string]"), "type arguments name other packages")
	assert.Equal(t, "(type functions)", goPackage("type:.eq.[2]string"))
}

// A real build: the QR decoder's module, github.com/makiuchi-d/gozxing, keeps its '-', and the runtime's functions
// with '_' in their names (runtime.mapaccess1_fast32) count for the runtime.
func TestAnalyzeNamesPackagesAsGoDoes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasm binary")
	}
	out := t.TempDir() + "/qr.wasm"
	build := exec.Command("go", "build", "-ldflags=-w", "-o", out, "../../../wasm/qrdecoder")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	b, err := build.CombinedOutput()
	require.NoError(t, err, "%s", b)
	rep, err := analyze(out)
	require.NoError(t, err)
	var names []string
	for _, p := range rep.Packages {
		names = append(names, p.Name)
	}
	assert.Contains(t, names, "github.com/makiuchi-d/gozxing")
	assert.Contains(t, names, "runtime")
	for _, n := range names {
		assert.NotContains(t, n, "makiuchi/d", "a '-' shown as '/'")
		assert.NotContains(t, n, "runtime.", "a runtime function counted as a package of its own")
	}
}
