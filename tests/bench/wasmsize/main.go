// Command wasmsize attributes a Go-built WebAssembly binary's size to Go packages: the code of every function
// (from the code section, named by the "name" custom section) summed by package, and the other sections whole
// (data holds rodata, the pclntab and type data, which the binary does not attribute). The name section writes
// every character of a name but letters, digits, '_' and '.' as '_', so a package is named as the runtime's own
// table of function names (the pclntab, in the data section) spells it: "github.com/makiuchi-d/gozxing", not
// "github.com/makiuchi/d/gozxing".
//
//	go run ./tests/bench/wasmsize [-top 25] [-json] file.wasm
//
// The name section is only present in a build without -ldflags=-s; scripts/bench.sh builds one beside the shipped
// binary for this report. Sizes are raw bytes (gzip shrinks code and data differently).
package main

import (
	"bytes"
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

// sleb reads a signed LEB128 (an i32.const's operand).
func (r *reader) sleb() (int64, error) {
	var v int64
	for shift := 0; r.off < len(r.b) && shift < 64; shift += 7 {
		c := r.b[r.off]
		r.off++
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v, nil
		}
	}
	return 0, errors.New("bad LEB128")
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
	var mem []byte // the data segments at their addresses
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
		case 11:
			if mem, err = memory(sec); err != nil {
				return nil, err
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
	spelt := goNames(mem)
	byPkg := map[string]*Package{}
	for i, sz := range bodies {
		pkg := packageOf(names[imported+i])
		if sym, ok := spelt[names[imported+i]]; ok {
			pkg = goPackage(sym)
		}
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

// memory lays out the data section's segments at their addresses (the zeros the linker left out between them are
// zeros again).
func memory(sec *reader) ([]byte, error) {
	n, err := sec.uleb()
	if err != nil {
		return nil, err
	}
	type segment struct {
		at   int
		data []byte
	}
	var segs []segment
	size := 0
	for range n {
		// Go writes each segment as memory 0, i32.const ADDRESS, end, then its bytes.
		if flags, err := sec.uleb(); err != nil || flags != 0 || sec.off >= len(sec.b) || sec.b[sec.off] != 0x41 {
			return nil, errors.New("a data segment is not an active one at an i32.const address")
		}
		sec.off++
		at, err := sec.sleb()
		if err != nil || at < 0 || sec.off >= len(sec.b) || sec.b[sec.off] != 0x0b {
			return nil, errors.New("bad data segment address")
		}
		sec.off++
		l, err := sec.uleb()
		if err != nil || sec.off+int(l) > len(sec.b) {
			return nil, errors.New("a data segment runs past its section")
		}
		segs = append(segs, segment{int(at), sec.b[sec.off : sec.off+int(l)]})
		sec.off += int(l)
		size = max(size, int(at)+int(l))
	}
	mem := make([]byte, size)
	for _, s := range segs {
		copy(mem[s.at:], s.data)
	}
	return mem, nil
}

// pclntabHeader starts the runtime's table of functions (runtime.pcHeader, Go 1.20 and later) in a wasm binary:
// the magic 0xfffffff1, two zero bytes, the minimum instruction size (1) and the pointer size (8).
var pclntabHeader = []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8}

// goNames maps each function name as the name section writes it to the name as Go spells it, from the function
// names the runtime keeps (the pclntab's funcnametab) in mem. A written name two Go names share is left out (its
// package is then guessed by packageOf), as are all when mem holds no pclntab.
func goNames(mem []byte) map[string]string {
	out := map[string]string{}
	at := bytes.Index(mem, pclntabHeader)
	if at < 0 || at+8+5*8 > len(mem) {
		return out
	}
	h := mem[at:]
	// After the 8 bytes above: nfunc, nfiles, an unused word, then the offsets of funcnametab and of cutab, which
	// follows it.
	from, to := binary.LittleEndian.Uint64(h[8+3*8:]), binary.LittleEndian.Uint64(h[8+4*8:])
	if from > to || to > uint64(len(h)) {
		return out
	}
	shared := map[string]bool{}
	for _, sym := range strings.Split(string(h[from:to]), "\x00") {
		written := linkerName.ReplaceAllString(sym, "_")
		if prev, ok := out[written]; ok && prev != sym {
			shared[written] = true
		}
		out[written] = sym
	}
	for written := range shared {
		delete(out, written)
	}
	return out
}

// linkerName matches what the linker writes as '_' in a wasm name section (cmd/link/internal/wasm's nameRegexp).
var linkerName = regexp.MustCompile(`[^\w.]`)

// goPackage returns the package of a function named as Go spells it: the import path up to the first '.' after its
// last '/' (type arguments, in '[…]', left aside), or "(type functions)" for the generated "type:.eq.…" ones.
func goPackage(sym string) string {
	if strings.HasPrefix(sym, "type:") {
		return "(type functions)"
	}
	if b := strings.IndexByte(sym, '['); b >= 0 {
		sym = sym[:b]
	}
	slash := strings.LastIndexByte(sym, '/') + 1
	if d := strings.IndexByte(sym[slash:], '.'); d >= 0 {
		return sym[:slash+d]
	}
	return sym
}

// packageOf guesses the package part of a function name as the Go linker writes it into a wasm name section, for a
// name goNames did not find: the import path with '/' written as '_' ("net_http.(*Client).Do",
// "github.com_pquerna_otp_hotp.GenerateCode", "type_.eq.…" for generated type functions). A '-' or '_' inside a
// path element comes back as '/' too.
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
