package ui

import (
	"strconv"
	"time"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/totp"
)

// Clocks are the servers' clock offsets (server clock minus this computer's),
// by server id, as the worker learnt them at logins (storage.local
// clockOffsets, read by the shell's ClockOffsets).
type Clocks map[string]time.Duration

// Entry is the row's two-factor secret as a batch entry for totp.Codes,
// under the row's id. The code of a row that belongs to a server (the
// server's WHM secret, an account's) is computed at that server's clock, so
// it is the code the server expects even when the clocks disagree; its
// countdown follows the same clock (totp.SecondsLeft applies the offset).
// A standalone authenticator belongs to no server. ok is false when the row
// has no time-based secret.
func (r *Row) Entry(clocks Clocks) (e totp.Entry, ok bool) {
	if r.OTP == nil || r.HOTP { // a counter-based code shows only when asked for
		return totp.Entry{}, false
	}
	o := totp.Options{Algorithm: totp.Algorithm(r.OTP.Algorithm), Digits: r.OTP.Digits, Period: r.OTP.Period}
	if r.Kind != KindAuthenticator && r.ServerID != "" {
		o.Offset = clocks[r.ServerID]
	}
	return totp.Entry{ID: r.ID, Secret: r.OTP.Secret, Options: o}, true
}

// NewCodeView is what a row shows of its entry's result.
func NewCodeView(e totp.Entry, r totp.Result) CodeView {
	c := CodeView{Code: r.Code, SecondsLeft: r.SecondsLeft, Period: r.Period, Offset: e.Options.Offset}
	if r.Err != nil {
		c.Code = ""
		c.ErrCode, c.Err = errcode.Of(r.Err)
	}
	return c
}

// ClockMarker is the marker of a code computed at a server's clock: the
// offset rounded to the second, signed ("+42 s", "−3 min 5 s", "+2 h 1 min"),
// or "" when it rounds to zero (no marker: the clocks agree).
func ClockMarker(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s == 0 {
		return ""
	}
	sign := "+"
	if s < 0 {
		sign, s = "−", -s
	}
	h, m, sec := s/3600, s/60%60, s%60
	var parts []string
	if h > 0 {
		parts = append(parts, strconv.FormatInt(h, 10)+" h")
	}
	if m > 0 {
		parts = append(parts, strconv.FormatInt(m, 10)+" min")
	}
	if sec > 0 && h == 0 {
		parts = append(parts, strconv.FormatInt(sec, 10)+" s")
	}
	out := sign
	for i, p := range parts {
		if i > 0 {
			out += " "
		}
		out += p
	}
	return out
}
