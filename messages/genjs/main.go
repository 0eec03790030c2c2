// Command genjs writes extension/messages.js, the message contract as the
// worker and the JavaScript tests read it (go generate ./messages).
package main

import (
	"flag"
	"log"
	"os"
)

func main() {
	out := flag.String("o", "", "the file to write")
	flag.Parse()
	text, err := JS()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
		log.Fatal(err)
	}
}
