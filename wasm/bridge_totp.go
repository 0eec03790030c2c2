//go:build js && wasm && !popup

package main

import (
	"math"
	"time"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
)

// otpParams are the optional TOTP parameters of every input that carries a
// secret.
type otpParams struct {
	Algorithm string `json:"algorithm"`
	Digits    int    `json:"digits"`
	Period    int    `json:"period"`
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

type codeError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func init() {
	type entry struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
		otpParams
	}
	type code struct {
		ID          string     `json:"id"`
		Code        string     `json:"code"`
		SecondsLeft int        `json:"secondsLeft"`
		Period      int        `json:"period"`
		Error       *codeError `json:"error,omitempty"`
	}
	register("totpCodes", func(in struct {
		clock
		Entries []entry `json:"entries"`
	}) (any, error) {
		at, off, err := in.both()
		if err != nil {
			return nil, err
		}
		entries := make([]totp.Entry, len(in.Entries))
		for i, e := range in.Entries {
			entries[i] = totp.Entry{ID: e.ID, Secret: e.Secret, Options: e.options(off)}
		}
		results := totp.Codes(entries, at)
		out := make([]code, len(results))
		for i, r := range results {
			out[i] = code{ID: r.ID, Code: r.Code, SecondsLeft: r.SecondsLeft, Period: r.Period}
			if r.Err != nil {
				c, m := errcode.Of(r.Err)
				out[i].Error = &codeError{c, m}
			}
		}
		return struct {
			Codes []code `json:"codes"`
		}{out}, nil
	})

	// A server clock offset as the engine will use it: the worker stores
	// none that a later login would refuse.
	register("clockOffset", func(in clock) (any, error) {
		off, err := in.offset()
		if err != nil {
			return nil, err
		}
		return struct {
			OffsetSeconds float64 `json:"offsetSeconds"`
		}{off.Seconds()}, nil
	})

	register("totpVerify", func(in struct {
		clock
		otpParams
		Secret string `json:"secret"`
		Code   string `json:"code"`
	}) (any, error) {
		at, off, err := in.both()
		if err != nil {
			return nil, err
		}
		ok, err := totp.Verify(in.Code, in.Secret, at, in.options(off))
		if err != nil {
			return nil, err
		}
		return struct {
			Valid bool `json:"valid"`
		}{ok}, nil
	})

	register("normalizeSecret", func(in struct {
		Secret string `json:"secret"`
	}) (any, error) {
		s, err := totp.NormalizeSecret(in.Secret)
		if err != nil {
			return nil, err
		}
		return struct {
			Secret string `json:"secret"`
		}{s}, nil
	})
}

func init() {
	type key struct {
		Issuer    string `json:"issuer"`
		Account   string `json:"account"`
		Secret    string `json:"secret"`
		Algorithm string `json:"algorithm"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
	}
	register("parseOtpauth", func(in struct {
		URI string `json:"uri"`
	}) (any, error) {
		k, err := otpauth.ParseTOTP(in.URI)
		if err != nil {
			return nil, err
		}
		return key{k.Issuer, k.Account, k.Secret, string(k.Algorithm), k.Digits, k.Period}, nil
	})

	register("buildOtpauth", func(in key) (any, error) {
		k := otpauth.Key{Issuer: in.Issuer, Account: in.Account, Secret: in.Secret,
			Algorithm: totp.Algorithm(in.Algorithm), Digits: in.Digits, Period: in.Period}
		// String writes fields as given; parsing it back validates them.
		uri := k.String()
		if _, err := otpauth.ParseTOTP(uri); err != nil {
			return nil, err
		}
		return struct {
			URI string `json:"uri"`
		}{uri}, nil
	})
}
