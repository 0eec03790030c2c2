package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/panelkey/panelkey/tests/emulator"
)

// startCLI runs the command in-process until the test ends and returns its first stdout line.
func startCLI(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("run did not stop")
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, pr)
	}()
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatal("no output")
		}
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no output within 10 s")
	}
	return ""
}

// -json prints one JSON line with every address, the control URL and the CA path.
func TestJSONStartupLine(t *testing.T) {
	dir := t.TempDir()
	line := startCLI(t, "-json", "-ports", "free", "-state-dir", dir, "-hostname", "a.test,b.test")
	var info emulator.Info
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("not JSON: %v: %s", err, line)
	}
	if info.CAFile != filepath.Join(dir, emulator.CAFileName) {
		t.Errorf("caFile %q", info.CAFile)
	}
	if _, err := os.Stat(info.CAFile); err != nil {
		t.Errorf("ca file: %v", err)
	}
	for _, name := range emulator.ListenerNames {
		if info.Ports[name] == 0 {
			t.Errorf("no port for %s", name)
		}
	}
	if strings.Join(info.Hostnames, ",") != "a.test,b.test" {
		t.Errorf("hostnames %v", info.Hostnames)
	}
	for _, k := range []string{"cpanel", "whm", "webmail", "cpanel-plain", "proxy", "control"} {
		if !strings.HasPrefix(info.URLs[k], "http") {
			t.Errorf("urls[%s] = %q", k, info.URLs[k])
		}
	}
	res, err := http.Get(info.Control + "/info")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var again emulator.Info
	if err := json.NewDecoder(res.Body).Decode(&again); err != nil || again.Control != info.Control {
		t.Errorf("GET /info: %v %+v", err, again)
	}
}

// lockedBuffer is written by the command's goroutine and polled by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The human-readable summary names the listeners, the certutil line and the demo credentials.
func TestSummary(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-ports", "free", "-state-dir", dir}, out) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"certutil -d sql:$HOME/.pki/nssdb -A -t \"C,,\" -n panelkey-emulator -i " + filepath.Join(dir, "ca.pem"),
		"root", "demo-root-pass", "ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y",
		"otpauth://totp/server.panelkey.test:alice?secret=ALICETWOFACTORAB&issuer=server.panelkey.test",
		"info@bob.example password demo-mail-pass", "SUSPENDED", "(revoked)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// -generate writes a valid fixture with the requested number of accounts spread over resellers.
func TestGenerate(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-generate", "10000", "-resellers", "25"}, &out); err != nil {
		t.Fatal(err)
	}
	f, err := emulator.ParseFixture(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Accounts) != 10000 || len(f.WHMUsers) != 26 {
		t.Fatalf("%d accounts, %d WHM users", len(f.Accounts), len(f.WHMUsers))
	}
	owners := map[string]int{}
	for _, a := range f.Accounts {
		owners[a.Owner]++
	}
	if len(owners) != 26 {
		t.Errorf("accounts spread over %d owners", len(owners))
	}
	path := filepath.Join(t.TempDir(), "f.json")
	if err := run(context.Background(), []string{"-generate", "5", "-o", path}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.LoadFixture(path); err != nil {
		t.Error(err)
	}
}

// -fleet: each server on its own address with WHM on 2087, one CA, a root token that lists the server's accounts.
func TestFleet(t *testing.T) {
	dir := t.TempDir()
	line := startCLI(t, "-fleet", "3", "-accounts", "5", "-resellers", "1", "-listen", "127.0.3.1", "-state-dir", dir)
	var info struct {
		CAFile  string                 `json:"caFile"`
		Servers []emulator.FleetMember `json:"servers"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	if info.CAFile != filepath.Join(dir, emulator.CAFileName) || len(info.Servers) != 3 {
		t.Fatalf("info %+v", info)
	}
	client := clientTrusting(t, info.CAFile)
	for i, m := range info.Servers {
		if want := "https://127.0.3." + string(rune('1'+i)) + ":2087"; m.WHM != want || m.Accounts != 5 {
			t.Errorf("server %d: %+v, want %s with 5 accounts", i, m, want)
		}
		req, _ := http.NewRequest("GET", m.WHM+"/json-api/listaccts?api.version=1&want=user", nil)
		req.Header.Set("Authorization", "whm root:"+m.RootToken)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `"acct":[{"user":"u00001"}`) {
			t.Errorf("server %d listaccts: %.200s", i, body)
		}
	}
}

// clientTrusting is an HTTP client that trusts the CA in caFile only.
func clientTrusting(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in " + caFile)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 5 * time.Second}
}
