package emulator

import (
	"errors"
	"fmt"
	"net"
	"os"
)

// FleetConfig describes many emulated servers at once: the bench's "refresh all" of 100 servers × 1,000
// accounts, and tests of many servers. Each server listens on a loopback address of its own with cPanel's real
// ports (the only ones panelkey's engine knows), so a Linux host needs no setup for 127.0.0.0/8.
type FleetConfig struct {
	Servers   int // how many servers
	Accounts  int // cPanel accounts on each (GenerateFixture)
	Resellers int // resellers on each
	// FirstIP is the first server's loopback address; the others follow it (127.0.1.1, 127.0.1.2, …).
	// Default 127.0.1.1.
	FirstIP string
	// CADir holds the one CA every server's certificate comes from (made there when absent); "" → a temporary
	// directory removed by Close.
	CADir string
	// Settings apply to every server.
	Settings Settings
}

// Fleet is a running set of servers.
type Fleet struct {
	Servers []*Server
	caDir   string
	ownDir  bool
}

// FleetMember is what a client needs of one server of a fleet.
type FleetMember struct {
	WHM       string `json:"whm"` // WHM's base URL, https://IP:2087
	RootToken string `json:"rootToken"`
	Accounts  int    `json:"accounts"`
}

// StartFleet starts the servers, server i with the fixture GenerateFixture makes from seed i+1 (so each has its
// own accounts and tokens, the same on every run). On an error the servers started so far are closed.
func StartFleet(cfg FleetConfig) (*Fleet, error) {
	if cfg.Servers < 1 {
		return nil, errors.New("emulator: a fleet needs at least one server")
	}
	first := net.ParseIP(orDefault(cfg.FirstIP, "127.0.1.1")).To4()
	if first == nil || !first.IsLoopback() {
		return nil, fmt.Errorf("emulator: fleet address %q is not an IPv4 loopback address", cfg.FirstIP)
	}
	f := &Fleet{caDir: cfg.CADir}
	if f.caDir == "" {
		d, err := os.MkdirTemp("", "panelkey-fleet-")
		if err != nil {
			return nil, fmt.Errorf("fleet CA dir: %w", err)
		}
		f.caDir, f.ownDir = d, true
	} else if err := os.MkdirAll(f.caDir, 0o755); err != nil {
		return nil, fmt.Errorf("fleet CA dir: %w", err)
	}
	ip := append(net.IP(nil), first...)
	for i := 0; i < cfg.Servers; i++ {
		if !ip.IsLoopback() {
			f.Close()
			return nil, fmt.Errorf("emulator: %d servers do not fit in 127.0.0.0/8 from %s", cfg.Servers, first)
		}
		ports := RealPorts(0)
		ports[LProxy], ports[LControl] = 0, 0
		srv, err := New(Config{Ports: ports, ListenIP: ip.String(), CADir: f.caDir, Settings: cfg.Settings,
			Fixture: GenerateFixture(cfg.Accounts, cfg.Resellers, uint64(i+1))})
		if err == nil {
			err = srv.Start()
			if err != nil {
				srv.Close()
			}
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("fleet server %d on %s: %w", i+1, ip, err)
		}
		f.Servers = append(f.Servers, srv)
		ip = nextIP(ip)
	}
	return f, nil
}

func nextIP(ip net.IP) net.IP {
	out := append(net.IP(nil), ip...)
	for i := len(out) - 1; i >= 0; i-- {
		out[i]++
		if out[i] != 0 {
			break
		}
	}
	return out
}

// CAFile is the CA certificate every server's certificate comes from.
func (f *Fleet) CAFile() string { return f.Servers[0].CAFile() }

// Members lists each server's WHM address, root token and account count, in order.
func (f *Fleet) Members() []FleetMember {
	out := make([]FleetMember, len(f.Servers))
	for i, s := range f.Servers {
		root := s.dir.whm["root"]
		token := ""
		if root != nil && len(root.Tokens) > 0 {
			token = root.Tokens[0].Token
		}
		out[i] = FleetMember{WHM: s.URL(WHM, false), RootToken: token, Accounts: len(s.dir.sorted)}
	}
	return out
}

// Close stops every server and removes a temporary CA directory.
func (f *Fleet) Close() error {
	var errs []error
	for _, s := range f.Servers {
		errs = append(errs, s.Close())
	}
	if f.ownDir {
		errs = append(errs, os.RemoveAll(f.caDir))
	}
	return errors.Join(errs...)
}
