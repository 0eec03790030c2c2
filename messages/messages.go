// Package messages is the one contract between panelkey's pages and its
// worker: every message a page sends with chrome.runtime.sendMessage, its
// parameters, its result, the error codes it may answer besides the common
// ones, and whether it counts as user activity for the auto-lock.
//
// The Go types here are what the pages send (wasm/pagekit.Shell.Send,
// wasm/pagejson.Send) and decode. messages/contract describes them for
// everyone else (errors, quiet, which page sends what): extension/messages.js
// is generated from it (go generate ./messages/contract) and the worker reads
// its quiet set from there; tests/js/messages.test.js checks that the worker
// handles exactly these messages and reads no parameter the contract does not
// declare; contract.TestPagesSendOnlyContractMessages checks the Go pages.
// The table lives apart so the pages' wasm links only these types.
//
// To add a message: declare its parameter type (and result type) here with
// json tags and a MessageType method, add an Entry to contract.Contract, run
// go generate ./messages/contract, then add the handler to
// extension/worker.js.
package messages

// Message is a page's message to the worker: a parameter type of Contract.
type Message interface {
	// MessageType is the message's "type" field.
	MessageType() string
}

// The messages' parameters.
type (
	Status struct{}
	Warm   struct{}
	// PopupList asks for the popup's first list (the popup's first script, early.js, sends it only to a running worker) in
	// the page's language; with the catalog the page read when the worker asked for it (needCatalog).
	PopupList struct {
		Lang    string       `json:"lang" example:"en"`
		Catalog *PageCatalog `json:"catalog,omitempty"`
	}
	Setup struct {
		Password string `json:"password" example:"correct horse battery"`
	}
	Unlock struct {
		Password string `json:"password" example:"correct horse battery"`
		// AcceptOlder opens a vault older than the newest this browser saw (vault-rollback), once the user chose to.
		AcceptOlder bool `json:"acceptOlder,omitempty"`
	}
	Lock           struct{}
	ChangePassword struct {
		Old string `json:"old" example:"correct horse battery"`
		New string `json:"new" example:"correct horse battery 2"`
	}
	VaultRead struct {
		Text bool `json:"text,omitempty"` // the document's JSON text instead of the object
	}
	VaultWrite struct {
		Data Object `json:"data"`
	}
	// VaultEdit is one edit of the vault (package vault's DecodeEdit: {op, …}), applied in the worker's write chain.
	VaultEdit struct {
		Edit Object `json:"edit"`
	}
	Login struct {
		ServerID  string `json:"serverId" example:"s1"`
		AccountID string `json:"accountId,omitempty" example:"a1"`
		Mailbox   string `json:"mailbox,omitempty" example:"info@bob.example"`
		Service   string `json:"service" example:"cpanel"` // cpanel, whm or webmail
		// Method is signin's: token, cpanel-token, access-hash, password or password-security-code.
		Method string `json:"method" example:"token"`
		App    string `json:"app,omitempty"`
		// Dest is a deep link (deeplink.Favourite's id): its app key for a token login, its page for a password one.
		Dest string `json:"dest,omitempty" example:"file-manager"`
		Page string `json:"page,omitempty"` // the page of accounts the account was seen on (a hint)
	}
	AccountsRefresh struct {
		ServerID string `json:"serverId" example:"s1"`
	}
	SettingsSet struct {
		AutoLockMinutes int `json:"autoLockMinutes" example:"5"`
	}
	Export struct{}
	Import struct {
		File     string `json:"file"`
		Password string `json:"password" example:"correct horse battery"`
	}
	// VaultDescribe asks what storage holds, named without the password: what erasing it would lose.
	VaultDescribe struct{}
	// VaultBackup asks for every stored vault key as a file, still encrypted: kept before an erase.
	VaultBackup struct{}
	// Reset erases the vault: Confirm "erase", and Gen and Parts as VaultDescribe showed them to the user (a vault
	// that changed since is not erased: vault-changed).
	Reset struct {
		Confirm string `json:"confirm" example:"erase"`
		Gen     int    `json:"gen" example:"41"`
		Parts   int    `json:"parts" example:"9"`
	}
	APISend struct {
		ServerID       string  `json:"serverId" example:"s1"` // the gate lets the request reach this server's host only
		Request        Request `json:"request"`
		TimeoutSeconds float64 `json:"timeoutSeconds,omitempty"`
	}
	ClockLearned struct {
		ServerID      string  `json:"serverId" example:"s1"`
		OffsetSeconds float64 `json:"offsetSeconds"`
	}
	BrowserSessions struct {
		ServerID string `json:"serverId" example:"s1"`
	}
	// RefreshStart starts refreshing the accounts of many servers (all when ServerIDs is empty), Limit at a time;
	// a run under way goes on instead.
	RefreshStart struct {
		ServerIDs []string `json:"serverIds,omitempty"`
		Limit     int      `json:"limit,omitempty" example:"6"`
	}
	RefreshCancel struct{}
	// RefreshRetry queues the servers that failed or were cancelled again (all of them when ServerIDs is empty).
	RefreshRetry struct {
		ServerIDs []string `json:"serverIds,omitempty"`
	}
	RefreshStatus struct{}
	// ServersImportPreview reads a CSV or JSON list of servers (the file's text) into rows to confirm; nothing is
	// stored and no secret comes back.
	ServersImportPreview struct {
		File string `json:"file"`
	}
	// ServersImport adds the file's importable rows (only those on Lines, when given) in one vault edit.
	ServersImport struct {
		File  string `json:"file"`
		Lines []int  `json:"lines,omitempty"`
	}
	// ServersExport writes the server list without any secret, as CSV (the default) or JSON.
	ServersExport struct {
		Format string `json:"format,omitempty" example:"csv"`
	}
	// TFAEnrol sets up two-factor authentication for a cPanel account through the server's WHM credential and
	// stores the new secret with the account.
	TFAEnrol struct {
		ServerID  string `json:"serverId" example:"s1"`
		AccountID string `json:"accountId" example:"a1"`
		Page      string `json:"page,omitempty"` // the page of accounts the account was seen on (a hint)
	}
	// TFAStatus asks WHM which of the server's accounts have two-factor authentication on.
	TFAStatus struct {
		ServerID string `json:"serverId" example:"s1"`
	}
)

// PageCatalog is the message catalog a page reads (page.js's panelkeyCatalog): the browser's language's
// messages.json and, for another language than English, English's to fall back on.
type PageCatalog struct {
	Lang     string `json:"lang" example:"en"`
	Text     string `json:"text"`
	Fallback string `json:"fallback"`
}

// Object is a JSON object the contract does not detail (the vault document).
type Object map[string]any

// Request is a request as the worker's fetch takes it (api.send).
type Request struct {
	Method      string   `json:"method"`
	URL         string   `json:"url"`
	Headers     []Header `json:"headers"`
	Body        string   `json:"body,omitempty"`
	ContentType string   `json:"contentType,omitempty"`
}

// Header is one request header.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// The replies' fields.
type (
	StatusResult struct {
		Initialized     bool `json:"initialized"`
		Unlocked        bool `json:"unlocked"`
		AutoLockMinutes int  `json:"autoLockMinutes"`
	}
	// PopupListResult is the popup's list as it opens (ui.FirstList's HTML, "" when the engine is not running yet or
	// the vault has no rows) and the time its codes are for (ms since 1970): the popup's program renders its own
	// list at that time and keeps the painted one when the two are the same.
	PopupListResult struct {
		HTML string  `json:"html"`
		Now  float64 `json:"now"`
		// NeedCatalog: the engine holds no catalog in that language; ask again with it.
		NeedCatalog bool `json:"needCatalog,omitempty"`
	}
	UnlockResult struct {
		// Recovered says what was missing or damaged when the vault opened anyway: "pointer" (vault.current),
		// "header" (the newest header's own copy), "older" (the newest generation; the one before opened).
		Recovered string `json:"recovered,omitempty"`
		Gen       int    `json:"gen"`
		Migrated  bool   `json:"migrated,omitempty"` // a vault of the previous format was converted
	}
	VaultReadResult struct {
		Data Object `json:"data,omitempty"`
		Text string `json:"text,omitempty"`
	}
	VaultEditResult struct {
		ID    string   `json:"id,omitempty"`    // what an add gave
		IDs   []string `json:"ids,omitempty"`   // what authenticators.add gave
		Count int      `json:"count,omitempty"` // accounts.merge: how many WHM listed
		Gen   int      `json:"gen"`             // the generation that holds it
	}
	LoginResult struct {
		TabID int `json:"tabId"`
	}
	AccountsRefreshResult struct {
		Count int `json:"count"`
	}
	SettingsSetResult struct {
		AutoLockMinutes int `json:"autoLockMinutes"`
	}
	ExportResult struct {
		File string `json:"file"`
	}
	// VaultDescribeResult names stored vault data without opening it. Kind: "none", "vault" (Gen and At: its newest
	// header's generation and last change, ms since the epoch), "earlier" (an earlier panelkey version's vault: Gen
	// is its record's) or "damaged" (vault keys, none a header that reads). Parts and Bytes: every vault key stored.
	VaultDescribeResult struct {
		Kind  string `json:"kind" example:"vault"`
		Gen   int    `json:"gen"`
		At    int64  `json:"at"`
		Parts int    `json:"parts"`
		Bytes int    `json:"bytes"`
	}
	APISendResult struct {
		Status     int               `json:"status"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
		MS         int64             `json:"ms"`
		URL        string            `json:"url"`
		Type       string            `json:"type"`
		Redirected bool              `json:"redirected"`
		// Truncated: the answer was longer than MaxBytes, of which Body is the head.
		Truncated bool `json:"truncated"`
		MaxBytes  int  `json:"maxBytes"`
	}
	BrowserSessionsResult struct {
		Sessions map[string]Session `json:"sessions"`
	}
	// RefreshResult is a run's progress (package refresh's Progress): total, finished, done, failed, cancelled,
	// running, queued, accounts, current and failures (each {id, name, status, code?, message?}), over.
	RefreshResult struct {
		Progress Object `json:"progress"`
	}
	// ServersImportPreviewResult is a server list's preview: its format, columns, the headers not read, the
	// rows and how many can be imported.
	ServersImportPreviewResult struct {
		Format     string            `json:"format"`
		Columns    []string          `json:"columns"`
		Ignored    []string          `json:"ignored"`
		Rows       []ServerImportRow `json:"rows"`
		Importable int               `json:"importable"`
	}
	ServersImportResult struct {
		IDs   []string `json:"ids"`
		Count int      `json:"count"`
	}
	ServersExportResult struct {
		File string `json:"file"`
	}
	TFAEnrolResult struct {
		Issuer string `json:"issuer"`
	}
	TFAStatusResult struct {
		Users map[string]bool `json:"users"`
	}
)

// ServerImportRow is a row of a server list's preview (package serverlist's Row): no credential, no 2FA secret.
type ServerImportRow struct {
	Line     int             `json:"line"`
	Address  string          `json:"address"`
	Host     string          `json:"host"`
	Label    string          `json:"label"`
	Tags     []string        `json:"tags"`
	User     string          `json:"user"`
	Kind     string          `json:"kind"`
	HasTOTP  bool            `json:"hasTOTP"`
	OK       bool            `json:"ok"`
	Errors   []ImportProblem `json:"errors"`
	Warnings []ImportProblem `json:"warnings"`
}

// ImportProblem is one thing wrong with a row (package serverlist's Problem).
type ImportProblem struct {
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Session is a browser session a login tab opened.
type Session struct {
	BaseURL string `json:"baseURL"`
	Cpsess  string `json:"cpsess"`
	User    string `json:"user"`
	At      int64  `json:"at"`
}

func (Status) MessageType() string               { return "status" }
func (Warm) MessageType() string                 { return "warm" }
func (PopupList) MessageType() string            { return "popup.list" }
func (Setup) MessageType() string                { return "setup" }
func (Unlock) MessageType() string               { return "unlock" }
func (Lock) MessageType() string                 { return "lock" }
func (ChangePassword) MessageType() string       { return "changePassword" }
func (VaultRead) MessageType() string            { return "vault.read" }
func (VaultWrite) MessageType() string           { return "vault.write" }
func (VaultEdit) MessageType() string            { return "vault.edit" }
func (Login) MessageType() string                { return "login" }
func (AccountsRefresh) MessageType() string      { return "accounts.refresh" }
func (SettingsSet) MessageType() string          { return "settings.set" }
func (Export) MessageType() string               { return "export" }
func (Import) MessageType() string               { return "import" }
func (VaultDescribe) MessageType() string        { return "vault.describe" }
func (VaultBackup) MessageType() string          { return "vault.backup" }
func (Reset) MessageType() string                { return "reset" }
func (APISend) MessageType() string              { return "api.send" }
func (ClockLearned) MessageType() string         { return "clock.learned" }
func (BrowserSessions) MessageType() string      { return "browserSessions" }
func (RefreshStart) MessageType() string         { return "refresh.start" }
func (RefreshCancel) MessageType() string        { return "refresh.cancel" }
func (RefreshRetry) MessageType() string         { return "refresh.retry" }
func (RefreshStatus) MessageType() string        { return "refresh.status" }
func (ServersImportPreview) MessageType() string { return "servers.importPreview" }
func (ServersImport) MessageType() string        { return "servers.import" }
func (ServersExport) MessageType() string        { return "servers.export" }
func (TFAEnrol) MessageType() string             { return "tfa.enrol" }
func (TFAStatus) MessageType() string            { return "tfa.status" }
