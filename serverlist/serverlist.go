// Package serverlist reads a list of servers to import (CSV or JSON) into a
// preview, row by row, and writes the server list back out without its
// secrets.
//
// A preview is what the user confirms: each row is either importable or
// carries the reasons it is not (a host that is no address, a port of
// another service, a credential missing…), so nothing is imported half-way
// and nothing is written before the user says so. A file that cannot be a
// server list at all (binary, UTF-16, too large, no host column) is refused
// as a whole with one message.
//
// Threat model: the file holds tokens, passwords, access hashes and 2FA
// secrets. No message this package returns quotes a cell of the file, except
// a host it accepted as an address: a column shifted by one would otherwise
// put a password in an error shown on screen.
package serverlist

import (
	"strings"

	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
)

// Kind is the credential a row holds.
type Kind string

// The credentials a row may hold: a WHM login (root or a reseller) or a
// cPanel account's.
const (
	WHMToken       Kind = "whm-token"
	AccessHash     Kind = "access-hash"
	WHMPassword    Kind = "password"
	CPanelToken    Kind = "cpanel-token"
	CPanelPassword Kind = "cpanel-password"
)

// Kinds lists the credential kinds, as the file names them.
var Kinds = []Kind{WHMToken, AccessHash, WHMPassword, CPanelToken, CPanelPassword}

// Service is the service a credential of kind k logs in to.
func (k Kind) Service() endpoint.Service {
	if k == CPanelToken || k == CPanelPassword {
		return endpoint.CPanel
	}
	return endpoint.WHM
}

// kindAliases maps what a file may write (lower-case, _ and space as -) to a
// kind.
var kindAliases = map[string]Kind{
	"whm-token": WHMToken, "token": WHMToken, "api-token": WHMToken, "whm-api-token": WHMToken,
	"access-hash": AccessHash, "accesshash": AccessHash, "hash": AccessHash,
	"password": WHMPassword, "whm-password": WHMPassword,
	"cpanel-token": CPanelToken, "cpanel-api-token": CPanelToken,
	"cpanel-password": CPanelPassword,
}

// Columns, by their canonical names.
const (
	ColHost   = "host"
	ColLabel  = "label"
	ColTags   = "tags"
	ColUser   = "user"
	ColKind   = "kind"
	ColSecret = "secret"
	ColTOTP   = "totp"
)

// columnAliases maps a header (lower-case, _ and space as -) to its column.
var columnAliases = map[string]string{
	"host": ColHost, "address": ColHost, "server": ColHost, "hostname": ColHost, "url": ColHost,
	"label": ColLabel, "name": ColLabel,
	"tags": ColTags, "tag": ColTags,
	"user": ColUser, "username": ColUser, "login": ColUser,
	"kind": ColKind, "credential": ColKind, "credential-kind": ColKind, "auth": ColKind, "method": ColKind,
	"secret": ColSecret, "value": ColSecret, "credential-value": ColSecret, "token": ColSecret, "password": ColSecret,
	"totp": ColTOTP, "2fa": ColTOTP, "2fa-secret": ColTOTP, "totp-secret": ColTOTP, "otpauth": ColTOTP,
}

// canonical folds a header or kind as the alias tables spell them.
func canonical(s string) string {
	return strings.NewReplacer("_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// Limits.
const (
	// MaxRows is the most servers one file may hold.
	MaxRows = 10_000
	// MaxSize is the largest file read, in bytes.
	MaxSize = 16 << 20
	// maxLabel is the longest label, in bytes.
	maxLabel = 200
)

// Row is one server of the file.
type Row struct {
	Line    int    // where it is: the CSV line, or the JSON array's element (1-based)
	Address string // the host as written
	Host    string // canonical host, lower-case, no port
	// BaseURL is the credential's service on that host, e.g.
	// https://host:2087 for a WHM token.
	BaseURL string
	Label   string
	Tags    []string
	User    string
	Kind    Kind
	Secret  string // the credential: token, access hash or password
	TOTP    string // the 2FA secret, normalised base32; "" for none
	// Errors say why the row cannot be imported; Warnings what was changed
	// or left out, the row being importable.
	Errors, Warnings []Problem
}

// OK reports whether the row can be imported.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// Problem is one thing wrong with a row. Messages never quote a secret.
type Problem struct {
	Column  string `json:"column,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Problem codes.
const (
	CodeHost           = "host-invalid"
	CodePortService    = "port-wrong-service"
	CodePlainText      = "port-plain-text"
	CodeSecretMissing  = "credential-missing"
	CodeKindMissing    = "kind-missing"
	CodeKindUnknown    = "kind-unknown"
	CodeUserMissing    = "user-missing"
	CodeUserInvalid    = "user-invalid"
	CodeTOTP           = "totp-invalid"
	CodeLabel          = "label-invalid"
	CodeTag            = "tag-invalid"
	CodeDuplicate      = "duplicate"
	CodeExists         = "exists"
	CodeFieldCount     = "field-count"
	CodeSyntax         = "syntax"
	CodeNotObject      = "not-object"
	CodeValueType      = "value-type"
	CodeIgnoredColumns = "columns-ignored"
)

// Preview is a file read for the user to confirm.
type Preview struct {
	Format  string   // "csv" or "json"
	Columns []string // the columns found, canonical names, in file order
	// Ignored are the headers (or JSON members) this package does not read.
	Ignored []string
	Rows    []Row
}

// Importable returns the rows that can be imported, in file order.
func (p Preview) Importable() []Row {
	var out []Row
	for _, r := range p.Rows {
		if r.OK() {
			out = append(out, r)
		}
	}
	return out
}

// Error is why a file is refused as a whole.
type Error = errcode.Error

// Refusal codes.
const (
	CodeEmpty       = "import-empty"
	CodeNotText     = "import-not-text"
	CodeUTF16       = "import-utf16"
	CodeTooLarge    = "import-too-large"
	CodeTooManyRows = "import-too-many-rows"
	CodeNoHost      = "import-no-host-column"
	CodeJSON        = "import-json-invalid"
	CodeNoRows      = "import-no-rows"
)

func refuse(code, message string) *Error { return &Error{Code: code, Message: message} }
