package pagekit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSerial(t *testing.T) {
	t.Run("one call, one run", func(t *testing.T) {
		runs := 0
		refresh := Serial(func() { runs++ })
		refresh()
		refresh()
		assert.Equal(t, 2, runs, "runs that do not overlap are each made")
	})

	t.Run("calls during a run make one more run after it, never one beside it", func(t *testing.T) {
		var refresh func()
		runs, inside, overlapped := 0, false, false
		refresh = Serial(func() {
			if inside {
				overlapped = true
			}
			inside = true
			runs++
			if runs == 1 {
				// Three changes while the first run reads: the calls return at once.
				refresh()
				refresh()
				refresh()
			}
			inside = false
		})
		refresh()
		assert.False(t, overlapped)
		assert.Equal(t, 2, runs, "the three calls made one more run")
	})

	t.Run("a run that panics does not block the next call", func(t *testing.T) {
		runs := 0
		refresh := Serial(func() {
			runs++
			if runs == 1 {
				panic("bad data")
			}
		})
		assert.PanicsWithValue(t, "bad data", refresh)
		refresh()
		assert.Equal(t, 2, runs)
	})
}
