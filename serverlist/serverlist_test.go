package serverlist

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/vault"
)

const (
	token   = "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y"
	cpToken = "BOBTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y0"
	secret  = "JBSWY3DPEHPK3PXP"
)

func parse(t *testing.T, text string) Preview {
	t.Helper()
	p, err := Parse([]byte(text), Options{})
	require.NoError(t, err)
	return p
}

func codes(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestCSV(t *testing.T) {
	p := parse(t, "\ufeffHost,Label,Tags,User,Kind,Secret,TOTP,Notes\n"+
		"web1.example.com,\"Web 1, Frankfurt\",\"prod, eu\",,whm-token,"+token+",,anything\n"+
		"web2.example.com:2087,Web 2,prod|us,resel,Token,"+token+","+secret+",\n"+
		"\n"+
		"whm.web3.example.com,,,root,access_hash,\"abc123\ndef456\n\",otpauth://totp/web3:root?secret="+secret+"&issuer=web3,\n"+
		"203.0.113.9:2083,shared,,bob,cpanel-token,"+cpToken+",,\n"+
		"[2001:db8::1],v6,,bob,cpanel-password,it's a pass,,\n")
	assert.Equal(t, "csv", p.Format)
	assert.Equal(t, []string{ColHost, ColLabel, ColTags, ColUser, ColKind, ColSecret, ColTOTP}, p.Columns)
	assert.Equal(t, []string{"Notes"}, p.Ignored)
	require.Len(t, p.Rows, 5)
	for _, r := range p.Rows {
		assert.True(t, r.OK(), "line %d: %+v", r.Line, r.Errors)
	}
	assert.Equal(t, Row{Line: 2, Address: "web1.example.com", Host: "web1.example.com", BaseURL: "https://web1.example.com:2087",
		Label: "Web 1, Frankfurt", Tags: []string{"prod", "eu"}, User: "root", Kind: WHMToken, Secret: token}, p.Rows[0])
	assert.Equal(t, 3, p.Rows[1].Line)
	assert.Equal(t, []string{"prod", "us"}, p.Rows[1].Tags)
	assert.Equal(t, secret, p.Rows[1].TOTP)
	assert.Equal(t, 5, p.Rows[2].Line, "a blank line is skipped, line numbers stay the file's")
	assert.Equal(t, "web3.example.com", p.Rows[2].Host)
	assert.Equal(t, "https://whm.web3.example.com", p.Rows[2].BaseURL)
	assert.Equal(t, "abc123\ndef456\n", p.Rows[2].Secret, "the access hash keeps its lines: the header removes them")
	assert.Equal(t, secret, p.Rows[2].TOTP)
	assert.Equal(t, "https://203.0.113.9:2083", p.Rows[3].BaseURL)
	assert.Equal(t, "https://[2001:db8::1]:2083", p.Rows[4].BaseURL)
	assert.Equal(t, "it's a pass", p.Rows[4].Secret)
	assert.Len(t, p.Importable(), 5)
}

func TestCSVDelimiters(t *testing.T) {
	for _, d := range []string{";", "\t"} {
		p := parse(t, strings.ReplaceAll("host,kind,secret\nweb1.example.com,whm-token,"+token+"\n", ",", d))
		require.Len(t, p.Rows, 1)
		assert.True(t, p.Rows[0].OK(), "%q: %+v", d, p.Rows[0].Errors)
	}
	p := parse(t, "host;label;kind;secret\nweb1.example.com;Web 1, Frankfurt;whm-token;"+token+"\n")
	assert.Equal(t, "Web 1, Frankfurt", p.Rows[0].Label, "a comma inside a semicolon file is text")
}

// Each per-row error, alone on its row: the other rows stay importable.
func TestRowErrors(t *testing.T) {
	p := parse(t, "host,label,tags,user,kind,secret,totp\n"+
		"web1.example.com:2083,,,,whm-token,"+token+",\n"+ // 2: a WHM token on cPanel's port
		"web1.example.com:2086,,,,whm-token,"+token+",\n"+ // 3: plain text
		"cpanel.web1.example.com,,,,password,pw,\n"+ // 4: cPanel's subdomain with a WHM password
		"web1.example.com:8080,,,,whm-token,"+token+",\n"+ // 5: not cPanel's port
		"https://root:pw@web1.example.com,,,,whm-token,"+token+",\n"+ // 6: credentials in the address
		",,,,whm-token,"+token+",\n"+ // 7: no host
		"web2.example.com,,,,,,\n"+ // 8: no credential
		"web2.example.com,,,,whm-token,,\n"+ // 9: kind, no value
		"web2.example.com,,,,,"+token+",\n"+ // 10: value, no kind
		"web2.example.com,,,,magic,"+token+",\n"+ // 11: unknown kind
		"web2.example.com,,,,cpanel-token,"+cpToken+",\n"+ // 12: no cPanel user
		"web2.example.com,,,bad user!,whm-token,"+token+",\n"+ // 13: bad user
		"web2.example.com,,,,whm-token,not a token!,\n"+ // 14: a token with spaces
		"web2.example.com,,,,whm-token,"+token+",not base32 !!\n"+ // 15: 2FA secret
		"web3.example.com,,,,whm-token,"+token+",\n"+ // 16: fine
		"web3.example.com:2087,,,,password,pw,\n"+ // 17: the same WHM login as 16
		"web3.example.com,,,resel,whm-token,"+token+",\n"+ // 18: another user: fine
		"web4.example.com,a,b,c,d\n") // 19: too few fields
	want := map[int][]string{
		2: {CodePortService}, 3: {CodePlainText}, 4: {CodePortService}, 5: {CodeHost}, 6: {CodeHost}, 7: {CodeHost},
		8: {CodeSecretMissing}, 9: {CodeSecretMissing}, 10: {CodeKindMissing}, 11: {CodeKindUnknown}, 12: {CodeUserMissing},
		13: {CodeUserInvalid}, 14: {"credential-invalid"}, 15: {CodeTOTP}, 16: nil, 17: {CodeDuplicate}, 18: nil, 19: {CodeFieldCount},
	}
	require.Len(t, p.Rows, len(want))
	for _, r := range p.Rows {
		assert.Equal(t, want[r.Line], codes(r.Errors), "line %d: %+v", r.Line, r.Errors)
	}
	assert.Contains(t, p.Rows[0].Errors[0].Message, "port 2083 is cPanel's address; a WHM API token logs in to WHM (port 2087)")
	assert.Contains(t, p.Rows[15].Errors[0].Message, "line 16")
	assert.Len(t, p.Importable(), 2)
}

func TestWarnings(t *testing.T) {
	p, err := Parse([]byte("host,tags,kind,secret\nweb1.example.com,\"prod, bad!tag, PROD, x\",whm-token,"+token+"\n"), Options{
		Exists: func(host, user string) bool { return host == "web1.example.com" && user == "root" },
	})
	require.NoError(t, err)
	r := p.Rows[0]
	assert.True(t, r.OK())
	assert.Equal(t, []string{"prod", "x"}, r.Tags)
	assert.Equal(t, []string{CodeTag, CodeExists}, codes(r.Warnings))
}

func TestCSVSyntaxErrors(t *testing.T) {
	p := parse(t, "host,label,kind,secret\n"+
		"web1.example.com,Web \"1\",whm-token,"+token+"\n"+ // a bare quote
		"web2.example.com,ok,whm-token,"+token+"\n")
	require.Len(t, p.Rows, 2)
	assert.Equal(t, []string{CodeSyntax}, codes(p.Rows[0].Errors))
	assert.True(t, p.Rows[1].OK(), "the next line is read")

	p = parse(t, "host,label,kind,secret\nweb1.example.com,\"never closed,whm-token,"+token+"\nweb2.example.com,x,whm-token,"+token+"\n")
	require.Len(t, p.Rows, 1)
	assert.Contains(t, p.Rows[0].Errors[0].Message, "a quote opened on line 2 is never closed")
}

func TestRefusals(t *testing.T) {
	utf16 := append([]byte{0xff, 0xfe}, []byte("h\x00o\x00s\x00t\x00")...)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"empty", nil, CodeEmpty},
		{"white space", []byte(" \n\t\n"), CodeEmpty},
		{"a BOM alone", []byte("\ufeff"), CodeEmpty},
		{"binary", png, CodeNotText},
		{"not UTF-8", []byte("host\nw\xffb\n"), CodeNotText},
		{"UTF-16", utf16, CodeUTF16},
		{"UTF-16 as a browser reads it as UTF-8", []byte("\ufffd\ufffdh\x00o\x00"), CodeUTF16},
		{"too large", bytes.Repeat([]byte("x"), MaxSize+1), CodeTooLarge},
		{"no host column", []byte("label,kind,secret\na,whm-token," + token + "\n"), CodeNoHost},
		{"no header", []byte("web1.example.com,whm-token," + token + "\n"), CodeNoHost},
		{"header only", []byte("host,kind,secret\n"), CodeNoRows},
		{"bad JSON", []byte(`[{"host":"x",}]`), CodeJSON},
		{"JSON of another shape", []byte(`{"hosts":[]}`), CodeJSON},
		{"JSON number", []byte(`[1`), CodeJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data, Options{})
			e := errcodetest.As[*Error](t, err)
			assert.Equal(t, tc.code, e.Code)
			code, msg := errcode.Of(err)
			assert.Equal(t, tc.code, code)
			assert.NotContains(t, msg, token)
		})
	}
}

// manyRows is a CSV list of n importable servers.
func manyRows(n int) string {
	var b strings.Builder
	b.WriteString("host,label,tags,user,kind,secret,totp\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "web%05d.example.com,Web %d,prod,root,whm-token,%s,%s\n", i, i, token, secret)
	}
	return b.String()
}

func TestManyRows(t *testing.T) {
	text := manyRows(MaxRows)
	p := parse(t, text)
	assert.Len(t, p.Importable(), MaxRows)

	text += "web99999.example.com,one too many,,,whm-token," + token + ",\n"
	_, err := Parse([]byte(text), Options{})
	assert.Equal(t, CodeTooManyRows, err.(*Error).Code)

	list := "[" + strings.Repeat(`{"host":"h.example.com","kind":"whm-token","secret":"`+token+`"},`, MaxRows) + `{}]`
	_, err = Parse([]byte(list), Options{})
	assert.Equal(t, CodeTooManyRows, err.(*Error).Code)
}

// BenchmarkParseMaxRows: the longest list taken, MaxRows rows, parsed whole (go test -bench ParseMaxRows ./serverlist).
func BenchmarkParseMaxRows(b *testing.B) {
	data := []byte(manyRows(MaxRows))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJSON(t *testing.T) {
	for _, text := range []string{
		`[{"host":"web1.example.com","label":"Web 1","tags":["prod","eu"],"kind":"whm-token","secret":"` + token + `","totp":"` + secret + `","color":"red"},
		  {"address":"web2.example.com:2083","user":"bob","credential":"cpanel-token","value":"` + cpToken + `","tags":"a b"},
		  "web3.example.com",
		  {"host":"web4.example.com","kind":"whm-token","secret":42,"tags":[1]},
		  {"host":"web5.example.com","kind":"whm-token","secret":"` + token + `","label":null}]`,
		`{"servers":[{"host":"web1.example.com","label":"Web 1","tags":["prod","eu"],"kind":"whm-token","secret":"` + token + `","totp":"` + secret + `","color":"red"},
		  {"address":"web2.example.com:2083","user":"bob","credential":"cpanel-token","value":"` + cpToken + `","tags":"a b"},
		  "web3.example.com",
		  {"host":"web4.example.com","kind":"whm-token","secret":42,"tags":[1]},
		  {"host":"web5.example.com","kind":"whm-token","secret":"` + token + `","label":null}]}`,
	} {
		p := parse(t, text)
		assert.Equal(t, "json", p.Format)
		assert.Equal(t, []string{"color"}, p.Ignored)
		require.Len(t, p.Rows, 5)
		assert.Equal(t, Row{Line: 1, Address: "web1.example.com", Host: "web1.example.com", BaseURL: "https://web1.example.com:2087",
			Label: "Web 1", Tags: []string{"prod", "eu"}, User: "root", Kind: WHMToken, Secret: token, TOTP: secret}, p.Rows[0])
		assert.True(t, p.Rows[1].OK(), "%+v", p.Rows[1].Errors)
		assert.Equal(t, []string{"a", "b"}, p.Rows[1].Tags)
		assert.Equal(t, []string{CodeNotObject}, codes(p.Rows[2].Errors))
		assert.ElementsMatch(t, []string{CodeValueType, CodeValueType, CodeSecretMissing}, codes(p.Rows[3].Errors))
		assert.True(t, p.Rows[4].OK())
	}
}

// Whatever a cell holds, no message repeats it: a shifted column must not put a password on screen.
func TestMessagesNeverQuoteCells(t *testing.T) {
	const pass = "Sup3r$ecret!Passw0rd"
	p := parse(t, "host,label,tags,user,kind,secret,totp\n"+
		pass+",x,y,root,whm-token,"+token+",\n"+ // the password in the host column
		"web1.example.com,x,"+pass+",root,"+pass+","+token+",\n"+ // in tags and kind
		"web1.example.com:2083,x,y,"+pass+",whm-token,"+pass+","+pass+"\n"+ // in user, secret (bad token) and totp
		"web2.example.com,\"x\n"+pass+"\",y,root,cpanel-password,"+pass+",\n") // in a two-line label
	for _, r := range p.Rows {
		require.NotEmpty(t, append(r.Errors, r.Warnings...), "line %d has a problem", r.Line)
		for _, pr := range append(r.Errors, r.Warnings...) {
			assert.NotContains(t, pr.Message, pass, "line %d %s", r.Line, pr.Code)
			assert.NotContains(t, pr.Message, token, "line %d %s", r.Line, pr.Code)
		}
	}
}

func TestExport(t *testing.T) {
	entries := []Entry{
		{Address: "web1.example.com", Label: "Web 1, Frankfurt", Tags: []string{"prod", "eu"}, User: "root", Kind: WHMToken},
		{Address: "web2.example.com:2083", Label: "=HYPERLINK(\"http://evil\")", User: "bob", Kind: CPanelToken},
		{Address: "web3.example.com", Label: "no credential"},
	}
	csvText := string(ExportCSV(entries))
	assert.Equal(t, "host,label,tags,user,kind,secret,totp\n"+
		"web1.example.com,\"Web 1, Frankfurt\",prod eu,root,whm-token,,\n"+
		"web2.example.com:2083,\"'=HYPERLINK(\"\"http://evil\"\")\",,bob,cpanel-token,,\n"+
		"web3.example.com,no credential,,,,,\n", csvText)
	for _, text := range [][]byte{ExportCSV(entries), ExportJSON(entries)} {
		p, err := Parse(text, Options{})
		require.NoError(t, err)
		require.Len(t, p.Rows, 3)
		for i, r := range p.Rows {
			assert.Equal(t, entries[i].Label, r.Label, "the label round-trips, the formula guard removed")
			assert.Equal(t, []string{CodeSecretMissing}, codes(r.Errors), "no secret was exported")
		}
		assert.Equal(t, []string{"prod", "eu"}, p.Rows[0].Tags)
	}
	// Filled in, the export imports.
	filled := strings.Replace(csvText, "root,whm-token,,", "root,whm-token,"+token+",", 1)
	p := parse(t, filled)
	assert.True(t, p.Rows[0].OK(), "%+v", p.Rows[0].Errors)
}

// The preview becomes one vault edit: every importable row, or those of the lines chosen; WHM credentials on the
// server, cPanel ones on an account; 1,000 servers in one edit, one commit.
func TestEdit(t *testing.T) {
	p := parse(t, "host,label,tags,user,kind,secret,totp\n"+
		"web1.example.com,Web 1,prod eu,,whm-token,"+token+","+secret+"\n"+
		"web2.example.com:2083,Shared,,bob,cpanel-token,"+cpToken+",\n"+
		"bad host!,x,,,whm-token,"+token+",\n"+
		"web3.example.com,,,reseller,password,pw,\n")
	e := p.Edit(nil)
	require.Len(t, e.Servers, 3, "the bad row is left out")
	assert.Equal(t, vault.AddServer{Name: "Web 1", Address: "web1.example.com", BaseURL: "https://web1.example.com:2087",
		Tags: []string{"prod", "eu"}, WHM: vault.WHM{User: "root", Token: token, TOTP: &vault.TOTP{Secret: secret}}}, e.Servers[0])
	assert.Equal(t, "https://web2.example.com:2087", e.Servers[1].BaseURL)
	assert.Equal(t, []vault.Account{{User: "bob", APIToken: cpToken, Mailboxes: []vault.Mailbox{}}}, e.Accounts[1])
	assert.Equal(t, vault.WHM{User: "reseller", Password: "pw"}, e.Servers[2].WHM)
	assert.Len(t, p.Edit([]int{5}).Servers, 1, "only line 5")

	v := vault.New()
	r, err := v.Apply(e)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Count)
	entries := Entries(v.Servers)
	assert.Equal(t, []Entry{
		{Address: "web1.example.com", Label: "Web 1", Tags: []string{"prod", "eu"}, User: "root", Kind: WHMToken},
		{Address: "web2.example.com:2083", Label: "Shared"},
		{Address: "web3.example.com", User: "reseller", Kind: WHMPassword},
	}, entries)
	assert.NotContains(t, string(ExportCSV(entries))+string(ExportJSON(entries)), token)

	var b strings.Builder
	b.WriteString("host,tags,kind,secret\n")
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&b, "web%04d.example.com,prod,whm-token,%s\n", i, token)
	}
	big := vault.New()
	r, err = big.Apply(parse(t, b.String()).Edit(nil))
	require.NoError(t, err)
	assert.Equal(t, 1000, r.Count)
	written, _, err := big.Changes()
	require.NoError(t, err)
	assert.Len(t, written, 1, "1,000 servers, one edit: the meta chunk")
}
