package totp

import (
	"math"
	"time"
)

// OffsetFromSeconds is a server clock offset given in seconds (server clock
// minus local clock, as JavaScript and storage hold it) as a Duration; false
// when it is not a number or more than MaxOffset either way, so a stored or
// typed value no login could use is never passed on.
func OffsetFromSeconds(sec float64) (time.Duration, bool) {
	if !(math.Abs(sec) <= MaxOffset.Seconds()) { // NaN fails too
		return 0, false
	}
	return time.Duration(sec * float64(time.Second)), true
}
