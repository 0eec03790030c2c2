package snippet

import (
	"strings"
)

// PHP returns the request as a PHP script using the cURL extension. The
// extension verifies the certificate by default and, without
// CURLOPT_FOLLOWLOCATION, does not follow redirects.
func PHP(r Request, reveal bool) string {
	var b strings.Builder
	b.WriteString("<?php\n")
	b.WriteString("$ch = curl_init(" + PHPString(r.ShowURL(reveal)) + ");\n")
	b.WriteString("curl_setopt_array($ch, [\n")
	if m := r.method(); m != "GET" {
		b.WriteString("    CURLOPT_CUSTOMREQUEST => " + PHPString(m) + ",\n")
	}
	if hs := r.headers(); len(hs) > 0 {
		b.WriteString("    CURLOPT_HTTPHEADER => [\n")
		for _, h := range hs {
			b.WriteString("        " + PHPString(h.Name+": "+h.Show(reveal)) + ",\n")
		}
		b.WriteString("    ],\n")
	}
	if r.Cookie != "" {
		comment(&b, "    //", r)
		b.WriteString("    CURLOPT_COOKIE => " + PHPString(r.cookieHeader()) + ",\n")
	}
	if r.Body != "" {
		terms := bodyTerms(r, reveal, PHPString, func(p string) string { return "urlencode(" + PHPString(p) + ")" })
		b.WriteString("    CURLOPT_POSTFIELDS => " + strings.Join(terms, " . ") + ",\n")
	}
	b.WriteString(phpTail)
	return b.String()
}

// Perl returns the request as a Perl script using HTTP::Tiny (a core module),
// with certificate verification on (verify_SSL; it reads the CA file from
// SSL_CERT_FILE when set) and no redirects followed. A masked form value is
// encoded by a small form_escape sub in the script; a header named twice
// gets both values (an array).
func Perl(r Request, reveal bool) string {
	var b strings.Builder
	b.WriteString("use strict;\nuse warnings;\nuse HTTP::Tiny;\n\n")
	b.WriteString("my $http = HTTP::Tiny->new(verify_SSL => 1, max_redirect => 0);\n")
	b.WriteString("my $response = $http->request(" + PerlString(r.method()) + ", " + PerlString(r.ShowURL(reveal)) + ", {\n")
	hs := r.headers()
	if len(hs) > 0 || r.Cookie != "" {
		b.WriteString("    headers => {\n")
		for _, g := range groupHeaders(hs, reveal) {
			if len(g.values) == 1 {
				b.WriteString("        " + PerlString(g.name) + " => " + PerlString(g.values[0]) + ",\n")
				continue
			}
			quoted := make([]string, len(g.values))
			for i, v := range g.values {
				quoted[i] = PerlString(v)
			}
			b.WriteString("        " + PerlString(g.name) + " => [" + strings.Join(quoted, ", ") + "],\n")
		}
		if r.Cookie != "" {
			comment(&b, "        #", r)
			b.WriteString("        'Cookie' => " + PerlString(r.cookieHeader()) + ",\n")
		}
		b.WriteString("    },\n")
	}
	if r.Body != "" {
		terms := bodyTerms(r, reveal, PerlString, func(p string) string { return "form_escape(" + PerlString(p) + ")" })
		b.WriteString("    content => " + strings.Join(terms, " . ") + ",\n")
	}
	b.WriteString("});\n")
	b.WriteString("print \"$response->{status} $response->{content}\\n\";\n")
	if r.masksForm(reveal) {
		b.WriteString(perlFormEscape)
	}
	return b.String()
}

// Python returns the request as a Python 3 script using requests, which
// verifies certificates by default (REQUESTS_CA_BUNDLE names another CA
// file); allow_redirects=False keeps it from following redirects. A header
// named twice is sent once with its values joined by ", " (requests takes a
// dict), which HTTP reads the same way.
func Python(r Request, reveal bool) string {
	var b strings.Builder
	if r.masksForm(reveal) {
		b.WriteString("from urllib.parse import quote_plus\n\n")
	}
	b.WriteString("import requests\n\n")
	b.WriteString("response = requests.request(\n")
	b.WriteString("    " + PythonString(r.method()) + ",\n")
	b.WriteString("    " + PythonString(r.ShowURL(reveal)) + ",\n")
	if hs := r.headers(); len(hs) > 0 {
		b.WriteString("    headers={\n")
		for _, g := range groupHeaders(hs, reveal) {
			b.WriteString("        " + PythonString(g.name) + ": " + PythonString(strings.Join(g.values, ", ")) + ",\n")
		}
		b.WriteString("    },\n")
	}
	if r.Cookie != "" {
		comment(&b, "    #", r)
		b.WriteString("    cookies={" + PythonString(r.Cookie) + ": " + PythonString(CookiePlaceholder) + "},\n")
	}
	if r.Body != "" {
		lit := PythonString
		if r.Form == nil {
			lit = pythonBytes // sent byte for byte: requests would send a str body as Latin-1
		}
		terms := bodyTerms(r, reveal, lit, func(p string) string { return "quote_plus(" + PythonString(p) + ")" })
		b.WriteString("    data=" + strings.Join(terms, " + ") + ",\n")
	}
	b.WriteString("    allow_redirects=False,\n")
	b.WriteString(")\n")
	b.WriteString("print(response.status_code, response.text)\n")
	return b.String()
}

// pythonBytes is s as a bytes expression: a str literal encoded as UTF-8, or
// a bytes literal when s is not UTF-8.
func pythonBytes(s string) string {
	q := PythonString(s)
	if strings.HasPrefix(q, "b") {
		return q
	}
	return q + ".encode()"
}

// Go returns the request as a Go program using net/http, which verifies
// certificates (SSL_CERT_FILE names another CA file); its client's
// CheckRedirect keeps it from following redirects.
func Go(r Request, reveal bool) string {
	imports := []string{"fmt", "io", "log", "net/http"}
	if r.masksForm(reveal) {
		imports = append(imports, "net/url")
	}
	if r.Body != "" {
		imports = append(imports, "strings")
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	for _, p := range imports {
		b.WriteString("\t" + GoString(p) + "\n")
	}
	b.WriteString(")\n\nfunc main() {\n")
	body := "nil"
	if r.Body != "" {
		terms := bodyTerms(r, reveal, GoString, func(p string) string { return "url.QueryEscape(" + GoString(p) + ")" })
		b.WriteString("\tbody := " + strings.Join(terms, " + ") + "\n")
		body = "strings.NewReader(body)"
	}
	b.WriteString("\treq, err := http.NewRequest(" + GoString(r.method()) + ", " + GoString(r.ShowURL(reveal)) + ", " + body + ")\n")
	b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n")
	for _, h := range r.headers() {
		b.WriteString("\treq.Header.Add(" + GoString(h.Name) + ", " + GoString(h.Show(reveal)) + ")\n")
	}
	if r.Cookie != "" {
		comment(&b, "\t//", r)
		b.WriteString("\treq.Header.Add(\"Cookie\", " + GoString(r.cookieHeader()) + ")\n")
	}
	b.WriteString(goTail)
	return b.String()
}

// The fixed ends of the PHP and Go programs, and Perl's form_escape.
const (
	phpTail = `    CURLOPT_FOLLOWLOCATION => false,
    CURLOPT_RETURNTRANSFER => true,
]);
$body = curl_exec($ch);
if ($body === false) {
    exit(curl_error($ch) . "\n");
}
echo curl_getinfo($ch, CURLINFO_RESPONSE_CODE), ' ', $body, "\n";
`
	perlFormEscape = `
# A form value as the server reads it: UTF-8, then %XX for every byte but letters, digits and -._~
# (a space as +).
sub form_escape {
    my ($value) = @_;
    utf8::encode($value) if utf8::is_utf8($value);
    $value =~ s/([^A-Za-z0-9\-._~ ])/sprintf('%%%02X', ord $1)/ge;
    $value =~ tr/ /+/;
    return $value;
}
`
	goTail = `	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(answer))
}
`
)

// headerGroup is one header name with the values it is sent with, in order.
type headerGroup struct {
	name   string
	values []string
}

// groupHeaders gathers the headers by name (case-insensitively, first
// spelling kept), for languages that take headers as a map.
func groupHeaders(hs []Header, reveal bool) []headerGroup {
	var out []headerGroup
	for _, h := range hs {
		found := false
		for i := range out {
			if strings.EqualFold(out[i].name, h.Name) {
				out[i].values = append(out[i].values, h.Show(reveal))
				found = true
				break
			}
		}
		if !found {
			out = append(out, headerGroup{name: h.Name, values: []string{h.Show(reveal)}})
		}
	}
	return out
}
