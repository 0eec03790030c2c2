package apiconsole

import (
	"errors"
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/signin"
)

// Drift reads a refused Basic + 2FA request for the server's clock. When a
// sent with method a came back tfa-failed and the server's Date header
// (date), against at (when the answer arrived), puts its clock
// signin.DriftThreshold or more away from the offset the code was computed
// with (used), ok is true: offset is the server's clock minus this
// computer's, to compute the next code with, and message says so. Otherwise
// (another method or answer, no usable Date, or the clocks agree: the code
// itself was wrong) ok is false.
func Drift(c *locale.Catalog, a Auth, ans Answer, date string, at time.Time, used time.Duration) (offset time.Duration, message string, ok bool) {
	var ce *cpapi.Error
	if a != AuthBasicOTP || !errors.As(ans.Err, &ce) || ce.Code != cpapi.CodeTFAFailed {
		return 0, "", false
	}
	drift, ok := signin.ServerDrift(date, at)
	if !ok || (drift-used).Abs() < signin.DriftThreshold {
		return 0, "", false
	}
	if drift.Abs() < signin.DriftThreshold {
		return drift, c.T("consoleDriftAgrees"), true
	}
	if drift < 0 {
		return drift, c.T("consoleDriftBehind", drift.Abs().String()), true
	}
	return drift, c.T("consoleDriftAhead", drift.Abs().String()), true
}
