//go:build js && wasm

package main

import (
	"math"
	"time"

	"github.com/panelkey/panelkey/totp"
)

// otpParams are the optional TOTP parameters of every input that carries a
// secret.
type otpParams struct {
	Algorithm string `json:"algorithm,omitempty"`
	Digits    int    `json:"digits,omitempty"`
	Period    int    `json:"period,omitempty"`
}

// otpJSON is a 2FA secret with its parameters, as the engine API takes it
// (buildRequest's auth.otp, signinStart's totp) and gives it (apiAuth,
// signinInput).
type otpJSON struct {
	Secret string `json:"secret"`
	otpParams
}

func (p otpParams) options(offset time.Duration) totp.Options {
	return totp.Options{Algorithm: totp.Algorithm(p.Algorithm), Digits: p.Digits, Period: p.Period, Offset: offset}
}

// clock is the "now" (ms since the epoch, default: the current time) and
// "offsetSeconds" (server clock minus local clock) of an input.
type clock struct {
	Now           *float64 `json:"now"`
	OffsetSeconds float64  `json:"offsetSeconds"`
}

// maxMillis is the largest time a JS Date holds (±8.64e15 ms).
const maxMillis = 8.64e15

func (c clock) at() (time.Time, error) {
	if c.Now == nil {
		return time.Now(), nil
	}
	ms := *c.Now
	if math.IsNaN(ms) || math.Abs(ms) > maxMillis {
		return time.Time{}, badInput("now: expects milliseconds since 1970 within a JS Date's range")
	}
	// Seconds and the rest: ms as one time.Duration overflows after 2262.
	sec := math.Floor(ms / 1000)
	return time.Unix(int64(sec), int64((ms-sec*1000)*float64(time.Millisecond))), nil
}

func (c clock) offset() (time.Duration, error) {
	d, ok := totp.OffsetFromSeconds(c.OffsetSeconds)
	if !ok {
		return 0, badInput("offsetSeconds: expects at most a year either way")
	}
	return d, nil
}

func (c clock) both() (time.Time, time.Duration, error) {
	at, err := c.at()
	if err != nil {
		return at, 0, err
	}
	off, err := c.offset()
	return at, off, err
}

func init() {
	// A server clock offset as the engine will use it: the worker stores
	// none that a later login would refuse.
	registerField("clockOffset", "offsetSeconds", func(in clock) (float64, error) {
		off, err := in.offset()
		if err != nil {
			return 0, err
		}
		return off.Seconds(), nil
	})
}
