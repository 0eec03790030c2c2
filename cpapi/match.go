package cpapi

// Hand-written matchers for the few fixed patterns this package checks. They replace regexp, which alone added
// about 0.5 MB to panelkey.wasm (docs/benchmarks.md).

// isWord reports whether s is at least one and at most max (max <= 0: any number of) ASCII letters, digits, '_'
// or bytes of extra: ^[A-Za-z0-9_<extra>]{1,max}$.
func isWord(s, extra string, max int) bool {
	if s == "" || (max > 0 && len(s) > max) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && !containsByte(extra, c) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// isCpsess reports whether s is a security token path: ^/cpsess[0-9]{10}$.
func isCpsess(s string) bool {
	const prefix = "/cpsess"
	if len(s) != len(prefix)+10 || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
