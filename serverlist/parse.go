package serverlist

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/endpoint"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

// Options tune Parse. The zero value is usable.
type Options struct {
	// Exists reports whether the vault already holds this host (canonical,
	// as Row.Host) for this user: such a row gets a warning.
	Exists func(host, user string) bool
}

// Parse reads a server list: JSON when the text starts with [ or { (an
// array of objects, or {"servers": […]}), CSV otherwise (its first line
// names the columns; commas, semicolons or tabs). A UTF-8 byte order mark is
// skipped. It returns the preview, or an *Error when the file is refused as
// a whole.
func Parse(data []byte, o Options) (Preview, error) {
	text, err := checkText(data)
	if err != nil {
		return Preview{}, err
	}
	var p Preview
	if t := bytes.TrimLeft(text, " \t\r\n"); t[0] == '[' || t[0] == '{' {
		p, err = parseJSON(t)
	} else {
		p, err = parseCSV(text)
	}
	if err != nil {
		return Preview{}, err
	}
	if len(p.Rows) == 0 {
		return Preview{}, refuse(CodeNoRows, "The file names its columns but lists no server.")
	}
	checkRows(p.Rows, o)
	return p, nil
}

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
	// decodedBOM16 is a UTF-16 byte order mark as a browser's file.text() gives it: two U+FFFD.
	decodedBOM16 = []byte("\ufffd\ufffd")
)

// checkText refuses what is no UTF-8 text and drops a UTF-8 byte order mark.
func checkText(data []byte) ([]byte, error) {
	switch {
	case len(data) > MaxSize:
		return nil, refuse(CodeTooLarge, fmt.Sprintf("The file is larger than %d MiB: no server list is that long.", MaxSize>>20))
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE), bytes.HasPrefix(data, decodedBOM16):
		return nil, refuse(CodeUTF16, "The file is UTF-16 text: save it as UTF-8 (in Excel: \"CSV UTF-8\").")
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, refuse(CodeEmpty, "The file is empty.")
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, refuse(CodeNotText, "This is not a text file: import a CSV or JSON list of servers.")
	}
	return data, nil
}

// fields is one row's cells by canonical column; set marks the columns the
// row has (JSON rows may leave some out).
type fields map[string]string

// parseCSV reads the header line, then one row per record.
func parseCSV(text []byte) (Preview, error) {
	p := Preview{Format: "csv"}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return p, refuse(CodeNoHost, "The first line is not a header of columns: "+csvProblem(err))
	}
	cols := make([]string, len(header))
	for i, h := range header {
		c := columnAliases[canonical(h)]
		if c != "" && !slices.Contains(cols[:i], c) {
			cols[i] = c
			p.Columns = append(p.Columns, c)
		} else if strings.TrimSpace(h) != "" {
			p.Ignored = append(p.Ignored, strings.TrimSpace(h))
		}
	}
	if !slices.Contains(cols, ColHost) {
		return p, refuse(CodeNoHost, "The first line names no host column: it must name the columns, e.g. "+
			"host,label,tags,user,kind,secret,totp.")
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(p.Rows) == MaxRows {
			return p, tooMany()
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			p.Rows = append(p.Rows, Row{Line: pe.StartLine, Errors: []Problem{{Code: CodeSyntax, Message: csvProblem(err)}}})
			continue
		case err != nil:
			return p, refuse(CodeNotText, "The file could not be read as CSV.")
		case blank(rec):
			continue
		}
		line, _ := r.FieldPos(0) // a record without error has a first field
		if len(rec) != len(cols) {
			p.Rows = append(p.Rows, Row{Line: line, Errors: []Problem{{Code: CodeFieldCount,
				Message: fmt.Sprintf("This line has %d fields and the header %d: a value with a %s in it needs quotes.", len(rec), len(cols), delimiterName(r.Comma))}}})
			continue
		}
		f := fields{}
		for i, c := range cols {
			if c != "" {
				f[c] = rec[i]
			}
		}
		p.Rows = append(p.Rows, buildRow(line, f))
	}
	return p, nil
}

// csvProblem describes a CSV syntax error without quoting the file.
func csvProblem(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return "it could not be read."
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		return fmt.Sprintf("a quote opened on line %d is never closed, so every line up to %d was read as one field.", pe.StartLine, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("a quote in column %d is misplaced: quote the whole field, and double a quote inside it (\"\").", pe.Column)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("a quote in column %d is inside an unquoted field: quote the whole field, and double a quote inside it (\"\").", pe.Column)
	}
	return "the line is not valid CSV."
}

// sniffDelimiter picks the header line's delimiter: the most frequent of
// comma, semicolon (spreadsheets in many locales) and tab.
func sniffDelimiter(text []byte) rune {
	first, _, _ := bytes.Cut(text, []byte("\n"))
	best, count := ',', bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(d))); n > count {
			best, count = d, n
		}
	}
	return best
}

func delimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func tooMany() error {
	return refuse(CodeTooManyRows, fmt.Sprintf("The file lists more than %d servers: split it, and import the parts one after another.", MaxRows))
}

// parseJSON reads an array of objects, or an object whose "servers" member
// is one.
func parseJSON(text []byte) (Preview, error) {
	p := Preview{Format: "json"}
	var top json.RawMessage
	if err := json.Unmarshal(text, &top); err != nil {
		return p, refuse(CodeJSON, "The file is not valid JSON"+jsonWhere(err)+".")
	}
	var list []json.RawMessage
	if json.Unmarshal(top, &list) != nil {
		var wrapper struct {
			Servers []json.RawMessage `json:"servers"`
		}
		if json.Unmarshal(top, &wrapper) != nil || wrapper.Servers == nil {
			return p, refuse(CodeJSON, `The JSON is neither a list of servers nor an object with a "servers" list.`)
		}
		list = wrapper.Servers
	}
	if len(list) > MaxRows {
		return p, tooMany()
	}
	ignored := map[string]bool{}
	for i, raw := range list {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil || obj == nil {
			p.Rows = append(p.Rows, Row{Line: i + 1, Errors: []Problem{{Code: CodeNotObject, Message: "This entry is not an object of host, user, kind, secret…"}}})
			continue
		}
		f, problems := jsonFields(obj, ignored, &p)
		row := buildRow(i+1, f)
		row.Errors = append(problems, row.Errors...)
		p.Rows = append(p.Rows, row)
	}
	for name := range ignored {
		p.Ignored = append(p.Ignored, name)
	}
	sort.Strings(p.Ignored)
	return p, nil
}

// jsonFields reads an object's members: strings, and for tags a list of
// strings too. Other values are problems that name the member only.
func jsonFields(obj map[string]json.RawMessage, ignored map[string]bool, p *Preview) (fields, []Problem) {
	f := fields{}
	var problems []Problem
	for name, raw := range obj {
		c := columnAliases[canonical(name)]
		if c == "" {
			ignored[name] = true
			continue
		}
		if _, dup := f[c]; dup {
			problems = append(problems, Problem{Column: c, Code: CodeValueType, Message: "Two members name the " + c + " column."})
			continue
		}
		if !slices.Contains(p.Columns, c) {
			p.Columns = append(p.Columns, c)
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			f[c] = s
			continue
		}
		var list []string
		if c == ColTags && json.Unmarshal(raw, &list) == nil {
			f[c] = strings.Join(list, ",")
			continue
		}
		if string(raw) == "null" {
			continue
		}
		problems = append(problems, Problem{Column: c, Code: CodeValueType, Message: "The " + c + " member must be a string" +
			map[bool]string{true: " or a list of strings", false: ""}[c == ColTags] + "."})
	}
	return f, problems
}

// jsonWhere says where a JSON syntax error is, without quoting the file.
func jsonWhere(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return " (at byte " + strconv.FormatInt(se.Offset, 10) + ")"
	}
	return ""
}

// buildRow checks one row's cells on their own.
func buildRow(line int, f fields) Row {
	r := Row{Line: line, Label: unescapeFormula(strings.TrimSpace(f[ColLabel])), User: strings.TrimSpace(f[ColUser]), Secret: f[ColSecret]}
	add := func(col, code, msg string) {
		r.Errors = append(r.Errors, Problem{Column: col, Code: code, Message: msg})
	}
	warn := func(col, code, msg string) {
		r.Warnings = append(r.Warnings, Problem{Column: col, Code: code, Message: msg})
	}

	kindText := canonical(f[ColKind])
	kind, known := kindAliases[kindText]
	switch {
	case strings.TrimSpace(r.Secret) == "" && kindText == "":
		add(ColSecret, CodeSecretMissing, "No credential: give its kind and its value (secret).")
	case strings.TrimSpace(r.Secret) == "":
		add(ColSecret, CodeSecretMissing, "The credential's value (secret) is missing.")
	case kindText == "":
		add(ColKind, CodeKindMissing, "Say which credential the secret is: "+kindList()+".")
	case !known:
		add(ColKind, CodeKindUnknown, "The credential kind is not one panelkey knows: use "+kindList()+".")
	}
	r.Kind = kind

	r.Address = strings.TrimSpace(f[ColHost])
	checkHost(&r, add)

	switch {
	case r.User == "" && known && kind.Service() == endpoint.WHM:
		r.User = "root"
	case r.User == "" && known:
		add(ColUser, CodeUserMissing, "A cPanel credential needs the cPanel account's user name.")
	case r.User != "" && !validUser(r.User):
		add(ColUser, CodeUserInvalid, "The user name must be 1 to 32 letters, digits, _, - or dots.")
	}
	if known && strings.TrimSpace(r.Secret) != "" && validUser(r.User) {
		if err := checkSecret(kind, r.User, r.Secret); err != nil {
			add(ColSecret, "credential-invalid", "The "+kindTitle(kind)+" cannot be used: "+errcode.Message(err)+".")
		}
	}
	if kind != AccessHash {
		r.Secret = strings.TrimSpace(r.Secret)
	}

	if t := strings.TrimSpace(f[ColTOTP]); t != "" {
		secret, err := twoFactorSecret(t)
		if err != nil {
			add(ColTOTP, CodeTOTP, "The 2FA secret is neither base32 (as cPanel shows it) nor an otpauth://totp/ link.")
		}
		r.TOTP = secret
	}
	if len(r.Label) > maxLabel || strings.ContainsFunc(r.Label, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		add(ColLabel, CodeLabel, fmt.Sprintf("The label must be one line of at most %d bytes.", maxLabel))
	}
	var dropped bool
	r.Tags, dropped = splitTags(f[ColTags])
	if dropped {
		warn(ColTags, CodeTag, "A tag was left out: tags are up to 32 letters, digits, and . _ : -.")
	}
	return r
}

// checkHost reads the address and the credential's service on it: a port
// typed with the host must be that service's TLS port.
func checkHost(r *Row, add func(col, code, msg string)) {
	if r.Address == "" {
		add(ColHost, CodeHost, "The host is missing.")
		return
	}
	a, err := endpoint.Parse(r.Address)
	if err != nil {
		add(ColHost, CodeHost, "The host is not an address panelkey can use: a host name or IP address, with a cPanel & WHM port if any.")
		return
	}
	r.Host = a.Host
	if a.ViaSubdomain {
		r.Host = strings.TrimPrefix(a.Host, a.Service.Subdomain())
	}
	if !a.Secure() {
		add(ColHost, CodePlainText, fmt.Sprintf("Port %d is plain text: panelkey sends credentials over TLS only (2083, 2087, 2096).", a.Port))
		return
	}
	if r.Kind == "" {
		return
	}
	want := r.Kind.Service()
	if (typedPort(r.Address) || a.ViaSubdomain) && a.Service != want {
		add(ColHost, CodePortService, fmt.Sprintf("%s is %s's address; a %s logs in to %s (%s).",
			portName(a), a.Service.Title(), kindTitle(r.Kind), want.Title(), portName(mustService(a, want))))
		return
	}
	r.BaseURL = mustService(a, want).BaseURL()
}

func mustService(a endpoint.Address, s endpoint.Service) endpoint.Address {
	out, err := a.WithService(s)
	if err != nil {
		return a // s is one of the three services: WithService does not fail
	}
	return out
}

func portName(a endpoint.Address) string {
	if a.ViaSubdomain {
		return a.Service.Subdomain() + "… on 443"
	}
	return "port " + strconv.Itoa(a.Port)
}

// typedPort reports whether the address was written with a port.
func typedPort(addr string) bool {
	if i := strings.Index(addr, "://"); i >= 0 {
		addr = addr[i+3:]
	}
	if i := strings.IndexAny(addr, "/?#\\"); i >= 0 {
		addr = addr[:i]
	}
	if strings.HasPrefix(addr, "[") {
		_, after, _ := strings.Cut(addr, "]")
		return strings.HasPrefix(after, ":")
	}
	return strings.Count(addr, ":") == 1
}

func checkSecret(k Kind, user, secret string) error {
	var err error
	switch k {
	case WHMToken:
		_, err = authheader.WHMToken(user, strings.TrimSpace(secret))
	case CPanelToken:
		_, err = authheader.CPanelToken(user, strings.TrimSpace(secret))
	case AccessHash:
		_, err = authheader.AccessHash(user, strings.TrimSpace(secret))
	default:
		_, err = authheader.Basic(user, strings.TrimSpace(secret))
	}
	return err
}

func twoFactorSecret(s string) (string, error) {
	if strings.HasPrefix(strings.ToLower(s), "otpauth://") {
		k, err := otpauth.ParseTOTP(s)
		if err != nil {
			return "", err
		}
		return k.Secret, nil
	}
	return totp.NormalizeSecret(s)
}

func validUser(u string) bool {
	if u == "" || len(u) > 32 {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// splitTags splits on commas, semicolons, bars and white space, lower-cases,
// and drops empty and repeated tags; dropped reports a tag left out for its
// characters or length.
func splitTags(s string) (tags []string, dropped bool) {
	for _, t := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '|' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}) {
		t = strings.ToLower(t)
		if !vault.ValidTag(t) {
			dropped = true
			continue
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags, dropped
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func kindTitle(k Kind) string {
	switch k {
	case WHMToken:
		return "WHM API token"
	case AccessHash:
		return "access hash"
	case WHMPassword:
		return "WHM password"
	case CPanelToken:
		return "cPanel API token"
	}
	return "cPanel password"
}

// checkRows marks rows that repeat an earlier one, and rows for a server
// the vault already holds.
func checkRows(rows []Row, o Options) {
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if !r.OK() {
			continue // a row that cannot be imported is neither a first nor a repeat
		}
		key := r.Host + "\x00" + string(r.Kind.Service()) + "\x00" + r.User
		if first, dup := seen[key]; dup {
			r.Errors = append(r.Errors, Problem{Column: ColHost, Code: CodeDuplicate,
				Message: fmt.Sprintf("The same %s login as line %d.", r.Kind.Service().Title(), first)})
			continue
		}
		seen[key] = r.Line
		if o.Exists != nil && o.Exists(r.Host, r.User) {
			r.Warnings = append(r.Warnings, Problem{Column: ColHost, Code: CodeExists, Message: "panelkey already holds this server for this user."})
		}
	}
}
