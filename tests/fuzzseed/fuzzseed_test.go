package fuzzseed_test

import (
	"flag"
	"slices"
	"testing"

	"github.com/panelkey/panelkey/tests/fuzzseed"
)

// Run by go test without -fuzz, a fuzz target runs on its seed corpus alone: every seed given, in order.
func FuzzAdd(f *testing.F) {
	seeds := []string{"a", "", "b c"}
	fuzzseed.Add(f, seeds...)
	var got []string
	f.Fuzz(func(t *testing.T, s string) {
		got = append(got, s)
	})
	if fuzzing := flag.Lookup("test.fuzz").Value.String() != ""; !fuzzing && !slices.Equal(got, seeds) {
		f.Errorf("the target ran on %q; want %q", got, seeds)
	}
}
