// Command cpanel-emulator starts panelkey's cPanel & WHM emulator (package tests/emulator) on 127.0.0.1, or
// generates a large account fixture.
//
//	go run ./tests/cpanel-emulator [-demo | -fixture f.json] [-port-offset N | -ports cpanel-tls=12083,…|free]
//	    [-state-dir DIR] [-hostname h1,h2] [-json] [-untrusted] [-allow-access-hash] [-no-require-ssl]
//	    [-idle-timeout 15m] [-preauth-ttl 300s] [-lockout N] [-lockout-window 5m] [-cookie-ip strict|loose|disabled]
//	    [-trust-ip-header] [-clock-offset 0s]
//	go run ./tests/cpanel-emulator -generate 10000 [-resellers 20] [-seed 1] [-o accounts.json]
//	go run ./tests/cpanel-emulator -fleet 100 [-accounts 1000] [-resellers 20] [-listen 127.0.1.1] [-state-dir DIR]
//
// -fleet starts that many servers, each on its own loopback address from -listen on (cPanel's real ports), each
// with -accounts generated accounts, all certificates from one CA in -state-dir; it prints one JSON line
// {"caFile":…,"servers":[{"whm":…,"rootToken":…,"accounts":…}]}.
//
// With -json it prints one JSON line (emulator.Info: ports, URLs, control URL, CA file) and nothing else on
// stdout, for test harnesses; otherwise a human-readable summary with the demo credentials.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/panelkey/panelkey/tests/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cpanel-emulator:", err)
		os.Exit(1)
	}
}

// run starts the emulator and serves until ctx ends (or writes a fixture and returns).
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cpanel-emulator", flag.ContinueOnError)
	var (
		fixture     = fs.String("fixture", "", "accounts JSON file (default: the built-in demo data)")
		demo        = fs.Bool("demo", false, "use the built-in demo data (the default when -fixture is not given)")
		offset      = fs.Int("port-offset", 0, "add N to cPanel's ports (2082…2096; the 443 listener is 8443+N, control 2099+N)")
		ports       = fs.String("ports", "", "listener ports: name=port,… (cpanel, cpanel-tls, whm, whm-tls, webmail, webmail-tls, proxy, control, or 2083=…); \"free\" picks free ports")
		stateDir    = fs.String("state-dir", defaultStateDir(), "directory for ca.pem, ca-key.pem and session_log; the CA there is reused")
		hostnames   = fs.String("hostname", emulator.DefaultHostname, "server hostnames, comma-separated")
		listen      = fs.String("listen", "127.0.0.1", "loopback address to listen on (any 127.x.y.z or ::1), so several emulators can use cPanel's real ports")
		jsonOut     = fs.Bool("json", false, "print one JSON line with every address and nothing else")
		untrusted   = fs.Bool("untrusted", false, "serve a certificate from a CA that is never written out")
		accessHash  = fs.Bool("allow-access-hash", false, "accept `WHM root:HASH` (cPanel's default is off)")
		noSSL       = fs.Bool("no-require-ssl", false, "do not redirect the plain ports to the TLS ports")
		idle        = fs.Duration("idle-timeout", emulator.DefaultIdleTimeout, "session idle timeout")
		preauth     = fs.Duration("preauth-ttl", emulator.DefaultPreauthTTL, "lifetime of create_user_session URLs")
		lockoutN    = fs.Int("lockout", emulator.DefaultLockoutThreshold, "failed logins per user+IP before a lockout (-1: off)")
		lockoutWin  = fs.Duration("lockout-window", emulator.DefaultLockoutWindow, "lockout counting window")
		cookieIP    = fs.String("cookie-ip", "strict", "cookie IP validation: strict, loose or disabled")
		trustIP     = fs.Bool("trust-ip-header", false, "honour "+emulator.ClientIPHeader+" as the client IP (tests)")
		clockOffset = fs.Duration("clock-offset", 0, "server clock offset from real time")
		generate    = fs.Int("generate", 0, "write a fixture with N accounts and exit")
		resellers   = fs.Int("resellers", 20, "with -generate: number of resellers")
		seed        = fs.Uint64("seed", 1, "with -generate: random seed")
		out         = fs.String("o", "", "with -generate: output file (default stdout)")
		fleet       = fs.Int("fleet", 0, "start N servers on consecutive loopback addresses from -listen (default 127.0.1.1)")
		accounts    = fs.Int("accounts", 1000, "with -fleet: accounts on each server")
		// Fault modes (tests/emulator/README.md): off by default; POST /config turns them on and off at run time too.
		delay      = fs.Duration("delay", 0, "fault mode: hold every answer this long")
		hang       = fs.Bool("hang", false, "fault mode: read each request and never answer")
		padBody    = fs.Int64("pad-body", 0, "fault mode: append N bytes of white space to every answer")
		sessionURL = fs.String("session-url-host", "", "fault mode: the host create_user_session names in its url (e.g. the main IP)")
		deniedText = fs.Bool("access-denied-text", false, "fault mode: refused credentials get the plain text \"Access denied\"")
		outage     = fs.String("outage", "", "fault mode: answer everything with login-page, 500, 502 or 503")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *generate > 0 {
		return writeFixture(emulator.GenerateFixture(*generate, *resellers, *seed), *out, stdout)
	}
	if *fleet > 0 {
		first := *listen
		if first == "127.0.0.1" {
			first = "127.0.1.1" // 127.0.0.1 keeps the single emulator's ports free
		}
		return runFleet(ctx, emulator.FleetConfig{Servers: *fleet, Accounts: *accounts, Resellers: *resellers,
			FirstIP: first, CADir: *stateDir}, stdout)
	}
	if *demo && *fixture != "" {
		return fmt.Errorf("-demo and -fixture exclude each other")
	}
	cfg := emulator.Config{
		Hostnames: strings.Split(*hostnames, ","), StateDir: *stateDir, ReuseCA: true, UntrustedCert: *untrusted,
		ListenIP: *listen,
	}
	if *fixture != "" {
		f, err := emulator.LoadFixture(*fixture)
		if err != nil {
			return err
		}
		cfg.Fixture = f
	}
	cfg.Ports = emulator.RealPorts(*offset)
	if strings.TrimSpace(*ports) == "free" {
		cfg.Ports = emulator.Ports{}
	} else if *ports != "" {
		p, err := emulator.ParsePorts(*ports)
		if err != nil {
			return err
		}
		for k, v := range p {
			cfg.Ports[k] = v
		}
	}
	requireSSL := !*noSSL
	cfg.Settings = emulator.Settings{
		RequireSSL: &requireSSL, AllowAccessHash: *accessHash, CookieIPValidation: emulator.CookieIPMode(*cookieIP),
		TrustClientIPHeader: *trustIP, IdleTimeout: emulator.Duration(*idle), PreauthTTL: emulator.Duration(*preauth),
		LockoutThreshold: *lockoutN, LockoutWindow: emulator.Duration(*lockoutWin), ClockOffset: emulator.Duration(*clockOffset),
		Delay: emulator.Duration(*delay), Hang: *hang, PadBody: *padBody, SessionURLHost: *sessionURL, AccessDeniedText: *deniedText,
		Outage: *outage,
	}
	srv, err := emulator.New(cfg)
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		return err
	}
	defer srv.Close()
	if *jsonOut {
		b, err := json.Marshal(srv.Info())
		if err != nil {
			return fmt.Errorf("encode info: %w", err)
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		printSummary(stdout, srv)
	}
	<-ctx.Done()
	return nil
}

// runFleet starts a fleet, prints where it is, and serves until ctx ends.
func runFleet(ctx context.Context, cfg emulator.FleetConfig, stdout io.Writer) error {
	f, err := emulator.StartFleet(cfg)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := json.Marshal(map[string]any{"caFile": f.CAFile(), "servers": f.Members()})
	if err != nil {
		return fmt.Errorf("encode fleet: %w", err)
	}
	fmt.Fprintln(stdout, string(b))
	<-ctx.Done()
	return nil
}

func defaultStateDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "panelkey-emulator")
	}
	return filepath.Join(os.TempDir(), "panelkey-emulator")
}

func writeFixture(f *emulator.Fixture, path string, stdout io.Writer) error {
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("encode fixture: %w", err)
	}
	b = append(b, '\n')
	if path == "" {
		_, err = stdout.Write(b)
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write fixture: %w", err)
	}
	return nil
}

// maxAccountsPrinted keeps the summary readable with generated fixtures.
const maxAccountsPrinted = 12

func printSummary(w io.Writer, srv *emulator.Server) {
	info := srv.Info()
	host := info.Hostnames[0]
	fmt.Fprintf(w, "panelkey cPanel & WHM emulator (%s), listening on 127.0.0.1 only\n\n", time.Now().Format(time.RFC3339))
	names := []string{"cpanel", "whm", "webmail"}
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s   (plain: %s)\n", n, info.URLs[n], info.URLs[n+"-plain"])
	}
	fmt.Fprintf(w, "  %-8s %s   (Host cpanel.%s / whm.%s / webmail.%s)\n", "443", info.URLs["proxy"], host, host, host)
	fmt.Fprintf(w, "  %-8s %s   (GET /requests /sessionlog /sessions /fixture, POST /reset /clock /config)\n\n", "control", info.Control)
	fmt.Fprintf(w, "Hostnames: %s (map them to 127.0.0.1, e.g. chromium --host-resolver-rules=\"MAP *.%s 127.0.0.1, MAP %s 127.0.0.1\")\n", strings.Join(info.Hostnames, ", "), host, host)
	fmt.Fprintf(w, "CA certificate: %s\n", info.CAFile)
	if info.UntrustedCert {
		fmt.Fprintln(w, "  (-untrusted: the listeners serve a certificate this CA did not sign)")
	}
	fmt.Fprintf(w, "Trust it: certutil -d sql:$HOME/.pki/nssdb -A -t \"C,,\" -n panelkey-emulator -i %s\n", info.CAFile)
	fmt.Fprintf(w, "Session log: %s\n\n", info.SessionLog)

	f := srv.Fixture()
	fmt.Fprintln(w, "WHM users:")
	for _, u := range f.WHMUsers {
		fmt.Fprintf(w, "  %-10s password %-22s%s\n", u.User, u.Password, tokenList(u.Tokens))
		if u.TOTPSecret != "" {
			fmt.Fprintf(w, "             2FA %s%s\n", emulator.OTPAuthURI(host, u.User, u.TOTPSecret), policyNote(u.APIRequires2FA))
		}
		if u.AccessHash != "" {
			fmt.Fprintf(w, "             access hash (WHM %s:…, needs -allow-access-hash): %s\n", u.User, strings.ReplaceAll(u.AccessHash, "\n", ""))
		}
	}
	fmt.Fprintf(w, "\ncPanel accounts (%d):\n", len(f.Accounts))
	accts := f.Accounts
	sort.SliceStable(accts, func(i, j int) bool { return accts[i].User < accts[j].User })
	for i, a := range accts {
		if i == maxAccountsPrinted {
			fmt.Fprintf(w, "  … %d more (GET %s/fixture)\n", len(accts)-i, info.Control)
			break
		}
		state := ""
		if a.Suspended {
			state = " SUSPENDED (" + a.SuspendReason + ")"
		}
		fmt.Fprintf(w, "  %-10s %-18s owner %-8s password %-20s%s%s\n", a.User, a.Domain, a.Owner, a.Password, tokenList(a.Tokens), state)
		if a.TOTPSecret != "" {
			fmt.Fprintf(w, "             2FA %s%s\n", emulator.OTPAuthURI(host, a.User, a.TOTPSecret), policyNote(a.APIRequires2FA))
		}
		for _, m := range a.Mailboxes {
			fmt.Fprintf(w, "             mail %s password %s\n", m.Email, m.Password)
		}
	}
	fmt.Fprintln(w, "\nCtrl-C to stop.")
}

func tokenList(ts []emulator.APIToken) string {
	var parts []string
	for _, t := range ts {
		note := ""
		switch {
		case t.Revoked:
			note = " (revoked)"
		case t.ExpiresAt != 0:
			note = " (expires " + time.Unix(t.ExpiresAt, 0).UTC().Format("2006-01-02") + ")"
		}
		parts = append(parts, t.Name+"="+t.Token+note)
	}
	if len(parts) == 0 {
		return ""
	}
	return " tokens " + strings.Join(parts, ", ")
}

func policyNote(on bool) string {
	if on {
		return "  [API requests need X-CPANEL-OTP]"
	}
	return ""
}
