//go:build js && wasm

package main

import (
	"encoding/json"
	"slices"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/refresh"
)

// "Refresh all" (package refresh): the worker keeps the run as JSON in
// storage.session and asks the engine, at each turn, what to start, what an
// outcome means, and what the pages show. Every call takes the run as the
// worker stored it and gives the new one back with the progress.

// refreshReply is what every refresh call answers.
type refreshReply struct {
	Run      json.RawMessage  `json:"run"`
	Progress refresh.Progress `json:"progress"`
	Started  []refresh.Entry  `json:"started,omitempty"` // refreshStart: the servers to send now
	Accepted bool             `json:"accepted,omitempty"`
}

func reply(r *refresh.Run) refreshReply {
	return refreshReply{Run: r.Encode(), Progress: r.Progress()}
}

func decodeRun(raw json.RawMessage) (*refresh.Run, error) {
	if len(raw) == 0 {
		return nil, &errcode.Error{Code: codeBadInput, Message: "refresh: no run given"}
	}
	return refresh.Decode(raw)
}

func init() {
	register("refreshNew", func(in struct {
		clock
		Targets []refresh.Target `json:"targets"`
		Limit   int              `json:"limit"`
	}) (any, error) {
		at, err := in.at()
		if err != nil {
			return nil, err
		}
		return reply(refresh.New(in.Targets, in.Limit, at)), nil
	})

	// refreshTargets lists the vault's servers to refresh (all, or those of ids), named as progress shows them.
	registerField("refreshTargets", "targets", func(in struct {
		IDs []string `json:"ids"`
	}) ([]refresh.Target, error) {
		v, err := heldVault()
		if err != nil {
			return nil, err
		}
		targets := []refresh.Target{}
		for _, s := range v.Servers {
			if len(in.IDs) > 0 && !slices.Contains(in.IDs, s.ID) {
				continue
			}
			name := s.Name
			if name == "" {
				name = s.Address
			}
			if name == "" {
				name = s.BaseURL
			}
			targets = append(targets, refresh.Target{ID: s.ID, Name: name})
		}
		return targets, nil
	})

	register("refreshCall", func(struct{}) (any, error) {
		c := refresh.Call()
		args := make([][2]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = [2]string{a.Key, a.Value}
		}
		return struct {
			Function string      `json:"function"`
			Args     [][2]string `json:"args"`
		}{c.Function, args}, nil
	})

	// refreshTurn applies what happened (an outcome, a cancel, a retry, a resume after the worker woke) and, unless
	// cancelled, starts what the limit allows.
	register("refreshTurn", func(in struct {
		clock
		Run    json.RawMessage `json:"run"`
		Action string          `json:"action"` // "start", "finish", "cancel", "retry", "resume", "progress"
		ID     string          `json:"id"`     // finish: the server
		Count  int             `json:"count"`  // finish: accounts listed
		Error  *struct {
			Code    string   `json:"code"`
			Message string   `json:"message"`
			Params  []string `json:"params"`
		} `json:"error"` // finish: why it failed
		IDs []string `json:"ids"` // retry: which (none: every failed or cancelled server)
	}) (any, error) {
		at, err := in.at()
		if err != nil {
			return nil, err
		}
		r, err := decodeRun(in.Run)
		if err != nil {
			return nil, err
		}
		out := refreshReply{}
		switch in.Action {
		case "progress":
		case "start":
			out.Started = r.Start(at)
		case "finish":
			var failure error
			if in.Error != nil {
				failure = &errcode.Error{Code: in.Error.Code, Message: in.Error.Message, Params: in.Error.Params}
			}
			out.Accepted = r.Finish(in.ID, in.Count, failure, at)
			out.Started = r.Start(at)
		case "cancel":
			r.Cancel(at)
		case "retry":
			r.Retry(in.IDs...)
			out.Started = r.Start(at)
		case "resume":
			r.Resume()
			out.Started = r.Start(at)
		default:
			return nil, &errcode.Error{Code: codeBadInput, Message: "refresh: unknown action " + in.Action}
		}
		out.Run, out.Progress = r.Encode(), r.Progress()
		return out, nil
	})
}
