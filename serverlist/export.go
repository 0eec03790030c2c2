package serverlist

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
)

// Entry is one server of the list as it is exported: where it is, what it is
// called, and which credential panelkey holds for it, never the credential.
type Entry struct {
	Address string
	Label   string
	Tags    []string
	User    string
	Kind    Kind // "" when no credential is held
}

// exportColumns are the columns of an export: every column Parse reads, so
// that the file, its secret and totp cells filled in, imports again.
var exportColumns = []string{ColHost, ColLabel, ColTags, ColUser, ColKind, ColSecret, ColTOTP}

// ExportCSV writes the entries as CSV with a header line; the secret and
// totp columns are there, empty. A cell a spreadsheet would run as a formula
// (starting with = + - @) is written after a ' that Parse removes again.
func ExportCSV(entries []Entry) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(exportColumns) // a bytes.Buffer does not fail
	for _, e := range entries {
		_ = w.Write([]string{escapeFormula(e.Address), escapeFormula(e.Label), strings.Join(e.Tags, " "),
			escapeFormula(e.User), string(e.Kind), "", ""})
	}
	w.Flush()
	return b.Bytes()
}

// ExportJSON writes the entries as {"servers": [{host, label, tags, user,
// kind}]}, which Parse reads.
func ExportJSON(entries []Entry) []byte {
	type server struct {
		Host  string   `json:"host"`
		Label string   `json:"label,omitempty"`
		Tags  []string `json:"tags,omitempty"`
		User  string   `json:"user,omitempty"`
		Kind  Kind     `json:"kind,omitempty"`
	}
	out := struct {
		Servers []server `json:"servers"`
	}{Servers: make([]server, len(entries))}
	for i, e := range entries {
		out.Servers[i] = server{Host: e.Address, Label: e.Label, Tags: e.Tags, User: e.User, Kind: e.Kind}
	}
	b, _ := json.MarshalIndent(out, "", "  ") // strings and lists of strings always encode
	return append(b, '\n')
}

func escapeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func unescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}
