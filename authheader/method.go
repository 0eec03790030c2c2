package authheader

import "strconv"

// Methods returns the four methods in a stable order.
func Methods() []Method {
	return []Method{MethodWHMToken, MethodCPanelToken, MethodAccessHash, MethodBasic}
}

// Valid reports whether m is one of the four methods.
func (m Method) Valid() bool {
	switch m {
	case MethodWHMToken, MethodCPanelToken, MethodAccessHash, MethodBasic:
		return true
	}
	return false
}

// ForMethod builds the Authorization header of method m with the builder
// that method names (WHMToken, CPanelToken, AccessHash or Basic); secret is
// the token, the hash or the password.
func ForMethod(m Method, user, secret string) (Result, error) {
	switch m {
	case MethodWHMToken:
		return WHMToken(user, secret)
	case MethodCPanelToken:
		return CPanelToken(user, secret)
	case MethodAccessHash:
		return AccessHash(user, secret)
	case MethodBasic:
		return Basic(user, secret)
	}
	return Result{}, newError(CodeMethodUnknown, "method %s: expects whm-token, cpanel-token, access-hash or basic", strconv.Quote(string(m)))
}

// WithOTP returns r with an X-CPANEL-OTP header carrying code (§5: the
// two-factor code of a Basic call when the server's API-requests policy is on).
func (r Result) WithOTP(code string) (Result, error) {
	h, err := OTP(code)
	if err != nil {
		return r, err
	}
	r.Headers = append(append([]Header(nil), r.Headers...), h)
	return r, nil
}
