// Package secretarg says which cPanel and WHM API arguments carry a secret,
// by name: the API console masks their values and the vault stores history
// without them. It is a package of its own so that the worker's engine, which
// needs only this rule, does not link the console.
package secretarg

import (
	"strings"
	"unicode"
)

// Secret arguments. An API call's arguments can carry secrets of their own:
// UAPI Email::add_pop and Mysql::create_user take a password, WHM API 1
// createacct a password, Ftp::add_ftp a pass, TwoFactorAuth a secret and a
// tfa_token, create_user_session's answer a cp_security_token one may pass
// on. The console recognises them by name, sends them in a form body rather
// than the URL by default (DefaultMethod), masks their values in the request
// it shows and in the curl and fetch snippets (unless "Show secrets" is on),
// and keeps them out of the history (Form.ForHistory); the vault stores a
// history entry without their values (vault.Policy.SecretArg).
//
// A name is read as words: split at anything but a letter and at camelCase
// humps, lower-cased ("newPassword2" → new, password; "tfa_token" → tfa,
// token). It is secret when one of its words
//
//   - contains password, passwd, passphrase, passcode, secret, token,
//     credential or accesshash (old_password, tfa_token, api_token,
//     client_secret, cp_security_token, accesshash);
//   - is pass, pw, pwd, otp, key, keys or hash, or ends with one of them (pass,
//     newpass, dbpass, newpw, totp, key, apikey, privatekey, accesskey,
//     authkey, sshkey, ssh_key, api_key, private_key, hash, accesshash,
//     password_hash);
//
// unless the name only describes a secret: it has several words and the last
// is one of name, names, id, ids, type, label, length, strength, count,
// format, expires, expiry, expiration (WHM API 1 api_token_revoke's
// token_name, key_id, password_strength).
//
// key alone is masked too, although cPanel also uses it for names (WHM API 1
// set_tweaksetting's key= names a Tweak Settings option; NVData names records
// with it): SSL::install_ssl and installssl take key material as key=, and a
// masked value costs a retyped value (or a click on "Show secrets") where a
// missed one leaks. So do words that end with these, even as a false alarm
// (bypass, hotkey).
//
// Words that merely contain pass are not secret (passive, passenger).

// secretWords are the words that make a name secret wherever they appear in
// one of its words.
var secretWords = []string{"password", "passwd", "passphrase", "passcode", "secret", "token", "credential", "accesshash"}

// secretEndings are the words that make a name secret when one of its words
// is or ends with them.
var secretEndings = []string{"pass", "pw", "pwd", "otp", "key", "keys", "hash"}

// describing last words make a name of several words the name of a secret's
// attribute rather than of the secret.
var describing = map[string]bool{
	"name": true, "names": true, "id": true, "ids": true, "type": true, "label": true, "length": true,
	"strength": true, "count": true, "format": true, "expires": true, "expiry": true, "expiration": true,
}

// Is reports whether an argument name looks like it carries a secret
// (see the list above). Case and surrounding space do not matter.
func Is(name string) bool {
	words := nameWords(name)
	if len(words) == 0 || (len(words) > 1 && describing[words[len(words)-1]]) {
		return false
	}
	for _, w := range words {
		for _, s := range secretWords {
			if strings.Contains(w, s) {
				return true
			}
		}
		for _, s := range secretEndings {
			if strings.HasSuffix(w, s) {
				return true
			}
		}
	}
	return false
}

// nameWords splits a name into lower-case words: at every character that is
// not a letter, and before an upper-case letter that follows a lower-case
// one or that starts a capitalised word after an acronym ("APIToken" → api,
// token).
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}
