package totp

// HOTP returns the counter-based code (RFC 4226) of secret for counter: what
// an otpauth://hotp/ key shows at that count. TOTP is HOTP at the time step;
// here the count is the caller's, and o.Period, o.Skew and o.Offset do not
// apply (they are still validated). The secret is read as NormalizeSecret
// reads it.
//
// The caller keeps the counter: an authenticator shows the code for the
// stored count and stores count+1, so each code is shown once, as the server
// expects (it accepts a code and moves its own counter past it).
func HOTP(secret string, counter uint64, o Options) (string, error) {
	o, err := o.Normalize()
	if err != nil {
		return "", err
	}
	if secret, err = NormalizeSecret(secret); err != nil {
		return "", err
	}
	return generate(secret, counter, o)
}
