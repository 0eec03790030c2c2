package secretarg

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIs(t *testing.T) {
	for want, names := range map[bool][]string{
		true: {
			// Passwords, as cPanel's calls name them: UAPI Email::add_pop and Mysql::create_user, WHM API 1
			// createacct and passwd (password), Ftp::add_ftp and the /login form (pass); case and space aside.
			"password", "PASSWORD", " password ", "passwd", "pass", "pw", "pwd", "passphrase", "passcode",
			// Words ending with pass, pw; camelCase, digits and cPanel's repeated-key form split words.
			"newpass", "oldpass", "dbpass", "newpw", "new_password", "newPassword", "password2", "password-1",
			// Email::add_pop's alternative to password; WHM API 1 passwd's db_pass_update (a 0/1 flag: a false
			// alarm, accepted).
			"password_hash", "db_pass_update",
			// Tokens (the /login form's tfa_token, the security-code form's tfatoken, create_user_session's
			// cp_security_token), 2FA secrets and codes, access hashes, qualified keys.
			"token", "api_token", "apiToken", "APIToken", "tfa_token", "tfatoken", "cp_security_token",
			"secret", "client_secret", "otp", "totp", "accesshash", "hash", "credentials",
			"private_key", "privateKey", "api_key", "access_key", "secret_key",
			// Keys in any spelling (issue 11's list): one word or several, any separator, any case.
			"key", "KEY", "keys", "apikey", "APIKEY", "api-key", "api.key", "privatekey", "accesskey", "authkey", "auth_key",
			"sshkey", "ssh_key", "SshKey", "encryption_key", "Pass", "PASS", "Hash", "pass_hash", "Secret", "TOKEN",
		},
		false: {
			// Names of secrets (WHM API 1 api_token_revoke and api_token_update take token_name).
			"token_name", "token_names", "key_id", "password_strength", "token_expires",
			// Words that only contain key, pass or hash, and the names of keys.
			"keyword", "keyboard_layout", "passive", "passenger_app", "hashtag", "key_name", "ssh_key_id",
			// Ordinary arguments, an empty row, a name without letters.
			"email", "domain", "quota", "user", "username", "skip_main", "send_welcome_email", "api.version",
			"search", "want", "name", "", "_-.",
		},
	} {
		for _, name := range names {
			assert.Equal(t, want, Is(name), "%q", name)
		}
	}
}

func TestNameWords(t *testing.T) {
	for in, want := range map[string][]string{
		"newPassword2":  {"new", "password"},
		"APIToken":      {"api", "token"},
		"tfa_token":     {"tfa", "token"},
		"cpanel.user":   {"cpanel", "user"},
		"HTTPServerKey": {"http", "server", "key"},
		"a1b":           {"a", "b"},
		"":              nil,
	} {
		assert.Equal(t, want, nameWords(in), in)
	}
}
