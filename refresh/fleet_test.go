package refresh

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/tests/emulator"
	"github.com/panelkey/panelkey/tests/emulator/emulatortest"
	"github.com/panelkey/panelkey/vaultops"
)

// A run over a fleet of emulated servers, driven as the worker drives it: at most Limit calls at once, each
// server's answer read by the engine; a server with a refused token and one that is down fail with their reason
// while the others finish; a retry with the token fixed brings that one in.
func TestRunAgainstFleet(t *testing.T) {
	fleet, err := emulator.StartFleet(emulator.FleetConfig{Servers: 4, Accounts: 30, Resellers: 2, FirstIP: "127.0.2.1"})
	require.NoError(t, err)
	t.Cleanup(func() { fleet.Close() })
	client := emulatortest.Fetcher(t, fleet)

	type server struct{ base, token string }
	servers := map[string]server{}
	var list []Target
	for i, m := range fleet.Members() {
		id := string(rune('a' + i))
		servers[id] = server{m.WHM, m.RootToken}
		list = append(list, Target{ID: id, Name: m.WHM})
	}
	servers["b"] = server{servers["b"].base, "WRONGTOKEN0000000000000000000000"}
	servers["x"] = server{"https://127.0.2.99:2087", "ANYTOKEN"}
	list = append(list, Target{ID: "x", Name: "down"})

	var mu sync.Mutex
	var peak, inFlight int
	fetch := func(s server) (int, error) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		status, body, err := emulatortest.AsRoot(client, s.base, Call(), s.token)
		if err != nil {
			return 0, err
		}
		rows, err := vaultops.ListedAccounts(vaultops.ListAnswer{Status: status, Body: body, Origin: s.base, Sent: authheader.MethodWHMToken})
		if err != nil {
			return 0, err
		}
		var answer struct {
			Data struct {
				Acct []map[string]json.RawMessage `json:"acct"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(body, &answer))
		assert.Len(t, answer.Data.Acct[0], len(Fields), "only the fields a merge keeps come back")
		return len(rows), nil
	}
	// drive runs the run to its end: the worker's loop.
	drive := func(r *Run) {
		var wg sync.WaitGroup
		var rmu sync.Mutex
		var launch func()
		launch = func() {
			rmu.Lock()
			started := r.Start(time.Now())
			rmu.Unlock()
			for _, e := range started {
				wg.Add(1)
				go func(e Entry) {
					defer wg.Done()
					n, err := fetch(servers[e.ID])
					rmu.Lock()
					r.Finish(e.ID, n, err, time.Now())
					rmu.Unlock()
					launch()
				}(e)
			}
		}
		launch()
		wg.Wait()
	}

	r := New(list, 2, time.Now())
	drive(r)
	p := r.Progress()
	require.True(t, p.Over)
	assert.LessOrEqual(t, peak, 2, "the limit holds")
	assert.Equal(t, []int{5, 3, 2}, []int{p.Finished, p.Done, p.Failed})
	assert.Equal(t, 3*30, p.Accounts, "the 30 accounts of each server done")
	reasons := map[string]string{}
	for _, f := range p.Failures {
		reasons[f.ID] = f.Code
		assert.NotEmpty(t, f.Message)
		assert.NotContains(t, f.Message, "WRONGTOKEN")
	}
	assert.Equal(t, map[string]string{"b": "token-invalid", "x": "internal"}, reasons,
		"a refused token says so; the Go client's dial error has no code (the worker's netgate gives one)")

	servers["b"] = server{servers["b"].base, fleet.Members()[1].RootToken}
	assert.Equal(t, 1, r.Retry("b"))
	drive(r)
	p = r.Progress()
	assert.Equal(t, []int{4, 1, 4 * 30}, []int{p.Done, p.Failed, p.Accounts})
}
