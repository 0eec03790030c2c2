//go:build js && wasm && enginetest

package main

import (
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
)

// Engine functions only tests call (tests/wasm): TOTP codes against an
// independent implementation, secrets and otpauth URIs. The pages compute
// codes in their own programs; the worker gets them inside signin.

// codeError is a failure inside a successful answer (one entry of a batch).
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
	registerField("totpCodes", "codes", func(in struct {
		clock
		Entries []entry `json:"entries"`
	}) ([]code, error) {
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
		return out, nil
	})

	registerField("totpVerify", "valid", func(in struct {
		clock
		otpParams
		Secret string `json:"secret"`
		Code   string `json:"code"`
	}) (bool, error) {
		at, off, err := in.both()
		if err != nil {
			return false, err
		}
		return totp.Verify(in.Code, in.Secret, at, in.options(off))
	})

	registerField("normalizeSecret", "secret", func(in struct {
		Secret string `json:"secret"`
	}) (string, error) {
		return totp.NormalizeSecret(in.Secret)
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

	registerField("buildOtpauth", "uri", func(in key) (string, error) {
		k := otpauth.Key{Issuer: in.Issuer, Account: in.Account, Secret: in.Secret,
			Algorithm: totp.Algorithm(in.Algorithm), Digits: in.Digits, Period: in.Period}
		// String writes fields as given; parsing it back validates them.
		uri := k.String()
		if _, err := otpauth.ParseTOTP(uri); err != nil {
			return "", err
		}
		return uri, nil
	})
}
