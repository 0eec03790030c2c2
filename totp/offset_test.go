package totp

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestOffsetFromSeconds(t *testing.T) {
	tests := []struct {
		sec  float64
		want time.Duration
		ok   bool
	}{
		{0, 0, true},
		{-90.5, -90*time.Second - 500*time.Millisecond, true},
		{MaxOffset.Seconds(), MaxOffset, true},
		{-MaxOffset.Seconds(), -MaxOffset, true},
		{MaxOffset.Seconds() + 1, 0, false},
		{-MaxOffset.Seconds() - 1, 0, false},
		{math.NaN(), 0, false},
		{math.Inf(1), 0, false},
	}
	for _, tt := range tests {
		got, ok := OffsetFromSeconds(tt.sec)
		assert.Equal(t, tt.ok, ok, "%v", tt.sec)
		assert.Equal(t, tt.want, got, "%v", tt.sec)
	}
}
