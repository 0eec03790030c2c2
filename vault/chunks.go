package vault

import (
	"strings"

	"github.com/panelkey/panelkey/jsonscan"
)

// Chunk ids. A page of accounts is PagePrefix and the page's id.
const (
	ChunkMeta           = "meta"
	ChunkAuthenticators = "auth"
	ChunkHistory        = "history"
	PagePrefix          = "page."
)

// Open reads a vault's meta chunk (format 2): its settings and servers, each
// server's pages known by id and size but not loaded. Load adds the others.
func Open(meta string) (*Vault, error) {
	v := newVault()
	err := v.decodeTop(meta, false, func(f *field, s *Server) error {
		if f.key != pagesKey {
			return f.keep()
		}
		return list(f, &s.Pages, pageRefFields.decode)
	})
	if err == nil {
		err = v.checkPages()
	}
	if err != nil {
		return nil, corrupt("the server list", err)
	}
	return v, nil
}

// checkPages refuses page ids that are empty or repeated: each names one
// chunk.
func (v *Vault) checkPages() error {
	seen := map[string]bool{}
	for i := range v.Servers {
		for _, p := range v.Servers[i].Pages {
			if p.ID == "" || seen[p.ID] || strings.ContainsAny(p.ID, "./") {
				return &jsonscan.TypeError{Want: "a page id of its own", Got: "an empty or repeated one"}
			}
			seen[p.ID] = true
		}
	}
	return nil
}

// Load decodes a chunk other than meta into the vault. A chunk this version
// does not know is ignored (the storage keeps it as it is). Loading a chunk
// again replaces what was loaded.
func (v *Vault) Load(id, text string) error {
	switch {
	case id == ChunkMeta:
		return &Error{Code: CodeBadEdit, Message: "The meta chunk is read by Open."}
	case id == ChunkAuthenticators:
		if err := decodeChunk(text, &v.authExtra, "authenticators", &v.Authenticators, authenticatorFields.decode); err != nil {
			return err
		}
		v.authLoaded = true
	case id == ChunkHistory:
		if err := decodeChunk(text, &v.historyExtra, "history", &v.History, historyFields.decode); err != nil {
			return err
		}
		v.historyLoaded = true
	case strings.HasPrefix(id, PagePrefix):
		s, p := v.page(strings.TrimPrefix(id, PagePrefix))
		if p == nil {
			return nil // a page no server lists: left to the storage's cleanup
		}
		var accounts []Account
		var server string
		r := jsonscan.NewReader(text)
		var extra Extra
		err := readObject(r, &extra, func(f *field) error {
			switch f.key {
			case "server":
				return f.str(&server)
			case accountsKey:
				return list(f, &accounts, accountFields.decode)
			}
			return f.keep()
		})
		if err == nil {
			err = r.End()
		}
		if err == nil && server != s.ID {
			err = &jsonscan.TypeError{Want: "the page of its server", Got: "another server's"}
		}
		if err != nil {
			return corrupt("a page of accounts", err)
		}
		p.Accounts, p.Loaded = nonNil(accounts), true
	}
	return nil
}

// encodeChunk writes a list chunk, what decodeChunk reads.
func encodeChunk[T any](extra Extra, key string, items []T, appendItem func([]byte, *T) []byte) string {
	w := openObject(nil, extra)
	w.value(key, func(b []byte) []byte { return appendList(b, items, appendItem) })
	return string(w.close())
}

// decodeChunk reads a list chunk, {"<key>": [...], unknown members...}, into
// *p and *extra. A chunk that does not decode is a corrupt *Error naming the
// list, and leaves *p and *extra as they were.
func decodeChunk[T any](text string, extra *Extra, key string, p *[]T, decode func(*jsonscan.Reader, *T) error) error {
	var items []T
	var x Extra
	r := jsonscan.NewReader(text)
	err := readObject(r, &x, func(f *field) error {
		if f.key == key {
			return list(f, &items, decode)
		}
		return f.keep()
	})
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return corrupt("the "+key, err)
	}
	*p, *extra = nonNil(items), x
	return nil
}

// page returns the server and page with that page id, or nils.
func (v *Vault) page(id string) (*Server, *Page) {
	return lookUp(v.Servers, func(s *Server) []Page { return s.Pages }, func(p *Page) string { return p.ID }, id)
}

// lookUp returns the element with that id of the lists the elements of
// outer hold (inner gives each one's), and the element holding it; or nils.
func lookUp[O, I any](outer []O, inner func(o *O) []I, idOf func(i *I) string, id string) (*O, *I) {
	for i := range outer {
		o := &outer[i]
		items := inner(o)
		for j := range items {
			if idOf(&items[j]) == id {
				return o, &items[j]
			}
		}
	}
	return nil, nil
}

// ChunkIDs lists the vault's chunks: meta, authenticators, history, and every
// page of accounts, in the servers' order.
func (v *Vault) ChunkIDs() []string {
	ids := []string{ChunkMeta, ChunkAuthenticators, ChunkHistory}
	for i := range v.Servers {
		for _, p := range v.Servers[i].Pages {
			ids = append(ids, PagePrefix+p.ID)
		}
	}
	return ids
}

// Unloaded lists the chunks not loaded yet, in ChunkIDs' order.
func (v *Vault) Unloaded() []string {
	var ids []string
	if !v.authLoaded {
		ids = append(ids, ChunkAuthenticators)
	}
	if !v.historyLoaded {
		ids = append(ids, ChunkHistory)
	}
	for i := range v.Servers {
		for _, p := range v.Servers[i].Pages {
			if !p.Loaded {
				ids = append(ids, PagePrefix+p.ID)
			}
		}
	}
	return ids
}

// FirstChunks lists what a list of the vault's first rows needs, rows as the
// popup shows them (each server, then its accounts and their mailboxes; the
// authenticators last): meta, the authenticators, and the pages holding the
// first n rows. The popup decrypts these before it paints, the rest after.
func (v *Vault) FirstChunks(n int) []string {
	ids := []string{ChunkMeta, ChunkAuthenticators}
	rows := 0
	for i := range v.Servers {
		if rows >= n {
			break
		}
		rows++
		for _, p := range v.Servers[i].Pages {
			if rows >= n {
				break
			}
			ids = append(ids, PagePrefix+p.ID)
			rows += p.Rows()
		}
	}
	return ids
}

// Chunk encodes one chunk. It must be loaded (meta always is).
func (v *Vault) Chunk(id string) (string, error) {
	switch {
	case id == ChunkMeta:
		return v.metaChunk(), nil
	case id == ChunkAuthenticators:
		if !v.authLoaded {
			break
		}
		return encodeChunk(v.authExtra, "authenticators", v.Authenticators, authenticatorFields.append), nil
	case id == ChunkHistory:
		if !v.historyLoaded {
			break
		}
		return encodeChunk(v.historyExtra, "history", v.History, historyFields.append), nil
	case strings.HasPrefix(id, PagePrefix):
		s, p := v.page(strings.TrimPrefix(id, PagePrefix))
		if p == nil {
			return "", notFound("page of accounts")
		}
		if !p.Loaded {
			break
		}
		w := openObject(make([]byte, 0, 256*len(p.Accounts)), nil)
		w.str("server", s.ID)
		w.value(accountsKey, func(b []byte) []byte { return appendList(b, p.Accounts, accountFields.append) })
		return string(w.close()), nil
	default:
		return "", notFound("chunk")
	}
	return "", &Error{Code: CodeNotLoaded, Message: "The vault's " + id + " chunk is not loaded."}
}

func (v *Vault) metaChunk() string {
	w := v.openTop(func(w *objectWriter, s *Server) {
		w.value(pagesKey, func(b []byte) []byte {
			var ref Page // each page's reference, written from one variable
			return appendList(b, s.Pages, func(b []byte, p *Page) []byte {
				ref = Page{ID: p.ID, count: p.Count(), rows: p.Rows()}
				return pageRefFields.append(b, &ref)
			})
		})
	})
	return string(w.close())
}

// openTop starts the object the meta chunk and the document share: the
// version, the settings and the servers, each server's accounts or pages
// written by members. The document adds its other members before closing it.
func (v *Vault) openTop(members func(w *objectWriter, s *Server)) *objectWriter {
	w := openObject(nil, v.Extra)
	w.int("version", int64(v.writeVersion()))
	w.value("settings", func(b []byte) []byte { return settingsFields.append(b, &v.Settings) })
	w.value("servers", func(b []byte) []byte {
		return appendList(b, v.Servers, func(b []byte, s *Server) []byte {
			return appendServer(b, s, func(w *objectWriter) { members(w, s) })
		})
	})
	return w
}

// Chunks encodes every chunk (all must be loaded): a new vault's, a migrated
// one's, an import's.
func (v *Vault) Chunks() (map[string]string, error) {
	out := map[string]string{}
	for _, id := range v.ChunkIDs() {
		text, err := v.Chunk(id)
		if err != nil {
			return nil, err
		}
		out[id] = text
	}
	return out, nil
}

// touch records that an edit changed a chunk; drop that it removed one.
func (v *Vault) touch(id string) {
	if v.changed == nil {
		v.changed = map[string]bool{}
	}
	v.changed[id] = true
}

func (v *Vault) drop(id string) {
	if v.changed == nil {
		v.changed = map[string]bool{}
	}
	v.changed[id] = false
}

// Changes returns the chunks the edits applied since the last call changed:
// each rewritten chunk's new text, and the ids of removed ones; then forgets
// them.
func (v *Vault) Changes() (written map[string]string, removed []string, err error) {
	written = map[string]string{}
	for id, keep := range v.changed {
		if !keep {
			removed = append(removed, id)
			continue
		}
		text, err := v.Chunk(id)
		if err != nil {
			return nil, nil, err
		}
		written[id] = text
	}
	v.changed = nil
	return written, removed, nil
}
