// Package fuzzseed gives a fuzz target of one argument its seed corpus from a list, written where the target is.
package fuzzseed

import "testing"

// Add adds each of seeds to f's seed corpus.
func Add[T any](f *testing.F, seeds ...T) {
	f.Helper()
	for _, s := range seeds {
		f.Add(s)
	}
}
