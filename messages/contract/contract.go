// Package contract is the message contract as a table: every message of
// package messages with its result, the error codes it may answer, whether it
// is quiet and which pages send it. extension/messages.js is generated from it
// (go generate ./messages/contract); see package messages for who checks what.
package contract

//go:generate go run ../genjs -o ../../extension/messages.js

import (
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/netgate"
)

// Entry describes one message.
type Entry struct {
	Params messages.Message // its parameters (the zero value; the "type" field is implied)
	Result any              // the fields of a successful reply besides ok (a zero struct), nil for none
	// Errors are the codes this message may answer besides Common.
	Errors []string
	// Quiet messages do not count as user activity: they do not push back the auto-lock.
	Quiet bool
	// From names the pages that send it ("popup", "options", "console", "lockscreen").
	From []string
	Doc  string
}

// Type is the message's type name.
func (e Entry) Type() string { return e.Params.MessageType() }

// Common are the codes any message may answer: its input is not what the
// contract says, the vault is locked, the engine or storage failed, or a bug.
var Common = []string{"bad-request", "unknown-message", "locked", "not-initialized", "engine-unavailable", "storage-failed", "internal"}

// gate are the codes of every message that reaches a server (through extension/net.js): the network gate's
// refusals (netgate) and the failures of a request that got no answer in time.
var gate = []string{netgate.CodePlainText, netgate.CodeOtherHost, netgate.CodePort, netgate.CodeUserinfo, netgate.CodeScheme,
	netgate.CodeURL, netgate.CodeServerAddress, netgate.CodeHeader, netgate.CodeMethod, netgate.CodeBody, netgate.CodeTimeout,
	netgate.CodeTimedOut, netgate.CodeUntrusted, netgate.CodeUnreachable, netgate.CodeNetwork, "host-permission"}

func withGate(codes ...string) []string { return append(append([]string(nil), codes...), gate...) }

// Contract is every message, in the order the worker's handlers list them.
var Contract = []Entry{
	{Params: messages.Status{}, Result: messages.StatusResult{}, Quiet: true, From: []string{"worker tests"},
		Doc: "the lock state as the worker sees it (pages read it from storage themselves: shell.status)"},
	{Params: messages.Warm{}, Quiet: true, From: []string{"popup"},
		Doc: "the popup, once painted: the worker loads its engine and compiles the login's code while the user reads"},
	{Params: messages.PopupList{}, Result: messages.PopupListResult{}, Quiet: true, From: []string{"popup's early.js"},
		Doc: "the popup's first list and its codes, rendered by the worker's engine if it is running already (html is \"\" otherwise; never waits for it), from the vault it holds in memory (no storage read): the popup paints it while its own program starts. early.js sends it on the panelkey.popup BroadcastChannel, which a sleeping worker does not hear; a running one acknowledges it at once ({id, ack: true}), then answers ({id, reply})"},
	{Params: messages.Setup{}, Errors: []string{"vault-exists", "password-too-short"}, From: []string{"lockscreen"},
		Doc: "creates the vault under a master password (first run); refuses over any vault data, naming it"},
	{Params: messages.Unlock{}, Result: messages.UnlockResult{}, Errors: []string{"wrong-password", "vault-corrupt", "vault-rollback"},
		From: []string{"lockscreen"}, Doc: "opens the vault (its index; no chunk): a lost header copy is rewritten, an older vault than the last seen is refused unless acceptOlder, a format 1 vault is migrated"},
	{Params: messages.Lock{}, Quiet: true, From: []string{"popup", "options", "console"},
		Doc: "forgets the key and the browser sessions"},
	{Params: messages.ChangePassword{}, Errors: []string{"wrong-password", "password-too-short"}, From: []string{"options"},
		Doc: "re-encrypts the vault under a new master password"},
	{Params: messages.VaultRead{}, Result: messages.VaultReadResult{}, Errors: []string{"vault-corrupt", "vault-rollback"},
		From: []string{"worker tests"}, Doc: "the decrypted document, every chunk of it (pages decrypt the chunks they show themselves: shell.openVault)"},
	{Params: messages.VaultWrite{}, Errors: []string{"bad-edit", "vault-corrupt"}, From: []string{"worker tests"},
		Doc: "replaces the whole document (a vault.replace edit: an import's, a test's)"},
	{Params: messages.VaultEdit{}, Result: messages.VaultEditResult{},
		Errors: []string{"not-found", "duplicate", "invalid", "bad-edit", "vault-too-large", "vault-corrupt", "vault-rollback"},
		From:   []string{"popup", "options", "console"}, Doc: "one edit (vault.DecodeEdit), applied with the others waiting to the latest vault and stored in one commit"},
	{Params: messages.Login{}, Result: messages.LoginResult{}, Errors: withGate("not-found", "signin-failed", "signin-loop", "engine-error", "credentials-missing", "totp-unreadable", "destination-invalid", "method-unknown"),
		From: []string{"popup", "options", "console"}, Doc: "one click: signs in (the engine's steps) and opens the tab; failures carry advice, openURL, origin"},
	{Params: messages.AccountsRefresh{}, Result: messages.AccountsRefreshResult{}, Errors: withGate("not-found", "credentials-missing", "totp-unreadable", "redirected", "bad-response", "token-invalid", "access-denied", "body-too-large", "server-error"),
		From: []string{"options"}, Doc: "lists the server's accounts through WHM and merges them in; progress is broadcast"},
	{Params: messages.SettingsSet{}, Result: messages.SettingsSetResult{}, From: []string{"options"},
		Doc: "the auto-lock delay"},
	{Params: messages.Export{}, Result: messages.ExportResult{}, From: []string{"options"},
		Doc: "the encrypted vault as a file's text"},
	{Params: messages.Import{}, Errors: []string{"import-wrong-password", "import-invalid"}, From: []string{"options"},
		Doc: "replaces the vault with an export's (its master password becomes this vault's)"},
	{Params: messages.VaultDescribe{}, Result: messages.VaultDescribeResult{}, From: []string{"options"},
		Doc: "what storage holds, named without the password (kind, generation, last change, parts, bytes): what an erase loses"},
	{Params: messages.VaultBackup{}, Result: messages.ExportResult{}, From: []string{"options"},
		Doc: "every stored vault key as a file, still encrypted (a format 2 vault's opens with its master password, as an export does): kept before an erase"},
	{Params: messages.Reset{}, Errors: []string{"vault-changed"}, From: []string{"options"},
		Doc: "erases the vault: confirm \"erase\", with the gen and parts vault.describe showed; a vault that changed since is kept (vault-changed)"},
	{Params: messages.APISend{}, Result: messages.APISendResult{}, Errors: withGate("not-found"), From: []string{"console"},
		Doc: "sends the console's request for the form's server as the network gate decides (https, the server's own host, its timeout, at most 20 MiB read), with the browser's cookies; never follows a redirect (type opaqueredirect, status 0)"},
	{Params: messages.ClockLearned{}, From: []string{"console"},
		Doc: "a server's clock offset read from a refused 2FA code, kept for the next login and console page"},
	{Params: messages.BrowserSessions{}, Result: messages.BrowserSessionsResult{}, From: []string{"console"},
		Doc: "the browser sessions login tabs opened for the server, by service"},
	{Params: messages.RefreshStart{}, Result: messages.RefreshResult{}, From: []string{"options"},
		Doc: "refresh all: every server's (or the given ones') accounts through WHM, a few at a time; the worker owns the run (storage.session), goes on when the page closes, and broadcasts progress"},
	{Params: messages.RefreshCancel{}, Result: messages.RefreshResult{}, From: []string{"options"},
		Doc: "stops the run: nothing queued starts, the answers under way are dropped"},
	{Params: messages.RefreshRetry{}, Result: messages.RefreshResult{}, From: []string{"options"},
		Doc: "queues the failed or cancelled servers again"},
	{Params: messages.RefreshStatus{}, Result: messages.RefreshResult{}, Quiet: true, From: []string{"options"},
		Doc: "the run's progress (n of m, the servers under way, each failure with its reason)"},
	{Params: messages.ServersImportPreview{}, Result: messages.ServersImportPreviewResult{}, From: []string{"options"},
		Errors: []string{"import-empty", "import-not-text", "import-utf16", "import-too-large", "import-too-many-rows", "import-no-host-column", "import-json-invalid", "import-no-rows"},
		Doc:    "bulk import, step one: the file read into rows with their problems (bad host, port of another service, credential missing…); nothing stored, no secret returned"},
	{Params: messages.ServersImport{}, Result: messages.ServersImportResult{}, From: []string{"options"},
		Errors: []string{"import-empty", "import-not-text", "import-utf16", "import-too-large", "import-too-many-rows", "import-no-host-column", "import-json-invalid", "import-no-rows", "import-nothing", "invalid", "duplicate", "vault-too-large"},
		Doc:    "bulk import, step two (the user confirmed): the importable rows (or those of lines) added in one edit, all or none"},
	{Params: messages.ServersExport{}, Result: messages.ServersExportResult{}, From: []string{"options"},
		Doc: "the server list as CSV or JSON without any credential or 2FA secret (the columns an import reads, secret and totp empty)"},
	{Params: messages.TFAEnrol{}, Result: messages.TFAEnrolResult{}, From: []string{"options"},
		Errors: withGate("not-found", "credentials-missing", "totp-unreadable", "credentials-refused", "refused", "bad-response", "not-enabled", "redirected", "engine-error"),
		Doc:    "2FA set-up for a managed account: UAPI TwoFactorAuth through uapi_cpanel (generate, a code the engine computes, check); the secret is stored with the account"},
	{Params: messages.TFAStatus{}, Result: messages.TFAStatusResult{}, From: []string{"options"},
		Errors: withGate("not-found", "credentials-missing", "totp-unreadable", "token-invalid", "access-denied", "bad-response", "server-error"),
		Doc:    "which of the server's accounts have 2FA on (WHM twofactorauth_get_user_configs)"},
}

// Lookup returns the entry of a message type.
func Lookup(typ string) (Entry, bool) {
	for _, e := range Contract {
		if e.Type() == typ {
			return e, true
		}
	}
	return Entry{}, false
}
