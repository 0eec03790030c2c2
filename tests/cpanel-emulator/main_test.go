package main

import (
	"bufio"
	"bytes"
	"context"
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
