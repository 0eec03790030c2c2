// Command wasmsize attributes a Go-built WebAssembly binary's size to Go packages: the code of every function
// (from the code section, named by the "name" custom section) summed by package, and the other sections whole
// (data holds rodata, the pclntab and type data, which the binary does not attribute).
//
//	go run ./tests/bench/wasmsize [-top 25] [-json] file.wasm
//
// The name section is only present in a build without -ldflags=-s; scripts/bench.sh builds one beside the shipped
// binary for this report. Sizes are raw bytes (gzip shrinks code and data differently).
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 25, "packages to list")
	asJSON := flag.Bool("json", false, "print JSON instead of a table")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-json] file.wasm")
		os.Exit(2)
	}
	rep, err := analyze(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	if *asJSON {
		if len(rep.Packages) > *top {
			rep.Packages = rep.Packages[:*top]
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		_ = enc.Encode(rep)
		return
	}
	fmt.Printf("%-48s %10s\n", "section", "bytes")
	for _, s := range rep.Sections {
		fmt.Printf("%-48s %10d\n", s.Name, s.Bytes)
	}
	fmt.Printf("%-48s %10d\n\n", "total", rep.Total)
	fmt.Printf("%-48s %10s %6s\n", "package (function code only)", "bytes", "funcs")
	for i, p := range rep.Packages {
		if i == *top {
			break
		}
		fmt.Printf("%-48s %10d %6d\n", p.Name, p.Bytes, p.Funcs)
	}
}

// Report is the size breakdown.
type Report struct {
	Total    int       `json:"total"`
	Sections []Section `json:"sections"`
	Packages []Package `json:"packages"`
}

// Section is one wasm section (custom sections by their name).
type Section struct {
	Name  string `json:"name"`
	Bytes int    `json:"bytes"`
}

// Package is the function code of one Go package.
type Package struct {
	Name  string `json:"name"`
	Bytes int    `json:"bytes"`
	Funcs int    `json:"funcs"`
}

type reader struct {
	b   []byte
	off int
}

func (r *reader) uleb() (uint64, error) {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		return 0, errors.New("bad LEB128")
	}
	r.off += n
	return v, nil
}

func (r *reader) name() (string, error) {
	n, err := r.uleb()
	if err != nil || r.off+int(n) > len(r.b) {
		return "", errors.New("bad name")
	}
	s := string(r.b[r.off : r.off+int(n)])
	r.off += int(n)
	return s, nil
}

var sectionNames = map[byte]string{0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}

func analyze(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New(path + " is not a wasm binary")
	}
	rep := &Report{Total: len(b)}
	r := &reader{b: b, off: 8}
	var bodies []int // code size of each defined function
	imported := 0
	names := map[int]string{}
	for r.off < len(b) {
		id := b[r.off]
		r.off++
		size, err := r.uleb()
		if err != nil {
			return nil, err
		}
		start, end := r.off, r.off+int(size)
		if end > len(b) {
			return nil, errors.New("section runs past the end")
		}
		sec := &reader{b: b[:end], off: start}
		name := sectionNames[id]
		switch id {
		case 0:
			cn, err := sec.name()
			if err != nil {
				return nil, err
			}
			name = "custom " + cn
			if cn == "name" {
				readNames(sec, names)
			}
		case 2:
			n, _ := sec.uleb()
			for range n {
				sec.name()
				sec.name()
				kind := sec.b[sec.off]
				sec.off++
				if kind == 0 {
					imported++
					sec.uleb()
				} else {
					// Go's imports are functions; other kinds are not expected, so stop counting rather than misparse.
					break
				}
			}
		case 10:
			n, _ := sec.uleb()
			for range n {
				sz, err := sec.uleb()
				if err != nil {
					return nil, err
				}
				bodies = append(bodies, int(sz))
				sec.off += int(sz)
			}
		}
		rep.Sections = append(rep.Sections, Section{Name: name, Bytes: int(size)})
		r.off = end
	}
	byPkg := map[string]*Package{}
	for i, sz := range bodies {
		pkg := packageOf(names[imported+i])
		p := byPkg[pkg]
		if p == nil {
			p = &Package{Name: pkg}
			byPkg[pkg] = p
		}
		p.Bytes += sz
		p.Funcs++
	}
	for _, p := range byPkg {
		rep.Packages = append(rep.Packages, *p)
	}
	sort.Slice(rep.Packages, func(i, j int) bool { return rep.Packages[i].Bytes > rep.Packages[j].Bytes })
	return rep, nil
}

// readNames reads the function names subsection (id 1) of a name section.
func readNames(r *reader, names map[int]string) {
	for r.off < len(r.b) {
		id := r.b[r.off]
		r.off++
		size, err := r.uleb()
		if err != nil {
			return
		}
		end := r.off + int(size)
		if id == 1 {
			n, _ := r.uleb()
			for range n {
				idx, _ := r.uleb()
				s, err := r.name()
				if err != nil {
					return
				}
				names[int(idx)] = s
			}
		}
		r.off = end
	}
}

// packageOf returns the package part of a function name as the Go linker writes it into a wasm name section:
// the import path with '/' written as '_' ("net_http.(*Client).Do", "github.com_pquerna_otp_hotp.GenerateCode",
// "type_.eq.…" for generated type functions). Underscores inside path elements come back as '/' too.
func packageOf(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	if strings.HasPrefix(sym, "type_.") {
		return "(type functions)"
	}
	from := 0
	// A module path's first element is a domain ("github.com_…"): its dot is not the end of the package.
	if u := strings.IndexByte(sym, '_'); u > 0 && domain.MatchString(sym[:u]) {
		from = u
	}
	d := strings.IndexByte(sym[from:], '.')
	if d < 0 {
		return sym
	}
	return strings.ReplaceAll(sym[:from+d], "_", "/")
}

var domain = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`)
