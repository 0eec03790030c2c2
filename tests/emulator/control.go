package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// controlHandler is the plain-JSON control endpoint for out-of-process tests:
//
//	GET  /info                     addresses (the same object as the -json startup line)
//	GET  /requests[?since=SEQ]     the request log (records with seq > SEQ)
//	GET  /sessionlog[?format=text] the session log (entries, or the raw lines)
//	GET  /sessions                 live sessions
//	GET  /lockouts                 user+IP pairs with failed logins in the window
//	GET  /fixture                  the accounts in use (with their test credentials)
//	POST /reset                    forget sessions, logs, lockouts; restore start settings
//	GET|POST /clock  {offsetSeconds}   the server clock's offset from real time
//	GET|POST /config {…Settings}       run-time settings; POST merges the given fields
func (s *Server) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /info", func(w http.ResponseWriter, r *http.Request) { ctlJSON(w, http.StatusOK, s.Info()) })
	mux.HandleFunc("GET /requests", func(w http.ResponseWriter, r *http.Request) {
		since, _ := strconv.Atoi(r.URL.Query().Get("since"))
		ctlJSON(w, http.StatusOK, s.Requests(since))
	})
	mux.HandleFunc("GET /sessionlog", func(w http.ResponseWriter, r *http.Request) {
		entries := s.SessionLog()
		if r.URL.Query().Get("format") == "text" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			for _, e := range entries {
				fmt.Fprintln(w, e.Line)
			}
			return
		}
		ctlJSON(w, http.StatusOK, entries)
	})
	mux.HandleFunc("GET /sessions", func(w http.ResponseWriter, r *http.Request) { ctlJSON(w, http.StatusOK, s.Sessions()) })
	mux.HandleFunc("GET /lockouts", func(w http.ResponseWriter, r *http.Request) { ctlJSON(w, http.StatusOK, s.Lockouts()) })
	mux.HandleFunc("GET /fixture", func(w http.ResponseWriter, r *http.Request) { ctlJSON(w, http.StatusOK, s.Fixture()) })
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			ctlError(w, http.StatusInternalServerError, err)
			return
		}
		ctlJSON(w, http.StatusOK, map[string]any{"ok": true})
	})
	clock := func(w http.ResponseWriter) {
		ctlJSON(w, http.StatusOK, map[string]any{
			"offsetSeconds": time.Duration(s.Settings().ClockOffset).Seconds(), "now": s.Now().Unix(),
		})
	}
	mux.HandleFunc("GET /clock", func(w http.ResponseWriter, r *http.Request) { clock(w) })
	mux.HandleFunc("POST /clock", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			OffsetSeconds *float64 `json:"offsetSeconds"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.OffsetSeconds == nil {
			ctlError(w, http.StatusBadRequest, fmt.Errorf("want {\"offsetSeconds\": N}: %v", err))
			return
		}
		s.SetClockOffset(time.Duration(*body.OffsetSeconds * float64(time.Second)))
		clock(w)
	})
	mux.HandleFunc("GET /config", func(w http.ResponseWriter, r *http.Request) { ctlJSON(w, http.StatusOK, s.Settings()) })
	mux.HandleFunc("POST /config", func(w http.ResponseWriter, r *http.Request) {
		st := s.Settings()
		// Decoding onto the current settings merges: fields absent from the body keep their values.
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&st); err != nil {
			ctlError(w, http.StatusBadRequest, fmt.Errorf("config: %w", err))
			return
		}
		if err := s.SetSettings(st); err != nil {
			ctlError(w, http.StatusBadRequest, err)
			return
		}
		ctlJSON(w, http.StatusOK, s.Settings())
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Loopback only, and not for web pages: refuse browsers' cross-site requests (a page could otherwise
		// reconfigure the emulator during an e2e test).
		if o := r.Header.Get("Origin"); o != "" && !strings.HasPrefix(o, "http://127.0.0.1:") && !strings.HasPrefix(o, "http://localhost:") {
			ctlError(w, http.StatusForbidden, fmt.Errorf("control endpoint: cross-origin request from %s refused", o))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func ctlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away
}

func ctlError(w http.ResponseWriter, status int, err error) {
	ctlJSON(w, status, map[string]any{"error": err.Error()})
}
