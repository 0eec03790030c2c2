// Command pack is scripts/build.sh's helper for what a shell script does badly: the manifest each browser loads
// (package manifest), the pages' HTML and reproducible store zips.
//
//	go run ./cmd/pack manifest -browser chrome|firefox -imports a.js,b.js SRC DST
//	go run ./cmd/pack pages WEB DIR NAME…
//	go run ./cmd/pack zip DIR FILE
//
// pages writes DIR/NAME.html for each page: WEB/page.html, what every page is, filled in with the page's own
// templates from WEB/NAME.html and the lock screen, WEB/lockscreen.html (Go's text/template).
//
// zip writes every file under DIR into FILE in lexical order with a fixed timestamp, so the same files give the
// same bytes (and a build works on a machine without zip).
package main

import (
	"archive/zip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/panelkey/panelkey/manifest"
)

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: pack manifest|pages|zip …"))
	}
	var err error
	switch os.Args[1] {
	case "manifest":
		err = writeManifest(os.Args[2:])
	case "pages":
		if len(os.Args) < 5 {
			fail(fmt.Errorf("usage: pack pages WEB DIR NAME…"))
		}
		err = writePages(os.Args[2], os.Args[3], os.Args[4:])
	case "zip":
		if len(os.Args) != 4 {
			fail(fmt.Errorf("usage: pack zip DIR FILE"))
		}
		err = writeZip(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("unknown command %q (manifest, pages, zip)", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pack:", err)
	os.Exit(1)
}

func writeManifest(args []string) error {
	fl := flag.NewFlagSet("manifest", flag.ContinueOnError)
	browser := fl.String("browser", "", "chrome or firefox")
	imports := fl.String("imports", "", "the scripts the service worker imports, comma-separated, in order")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 2 {
		return fmt.Errorf("usage: pack manifest -browser B -imports LIST SRC DST")
	}
	src, err := os.ReadFile(fl.Arg(0))
	if err != nil {
		return err
	}
	var list []string
	if *imports != "" {
		list = strings.Split(*imports, ",")
	}
	out, err := manifest.For(src, manifest.Browser(*browser), list)
	if err != nil {
		return err
	}
	return os.WriteFile(fl.Arg(1), out, 0o644)
}

func writePages(web, dir string, names []string) error {
	for _, name := range names {
		t, err := template.ParseFiles(filepath.Join(web, "page.html"), filepath.Join(web, "lockscreen.html"),
			filepath.Join(web, name+".html"))
		if err != nil {
			return err
		}
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, "page.html", name); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func writeZip(dir, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	stamp := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("zip %s: %w", file, err)
	}
	return nil
}
