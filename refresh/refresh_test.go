package refresh

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
)

var t0 = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

func targets(n int) []Target {
	var out []Target
	for i := 0; i < n; i++ {
		out = append(out, Target{ID: string(rune('a' + i)), Name: "host-" + string(rune('a'+i))})
	}
	return out
}

func ids(es []Entry) string {
	s := ""
	for _, e := range es {
		s += e.ID
	}
	return s
}

func TestCall(t *testing.T) {
	req, err := cpapi.BuildRequest("https://h.example:2087", Call(), "")
	require.NoError(t, err)
	assert.Equal(t, "https://h.example:2087/json-api/listaccts?api.version=1&want=user%2Cdomain%2Cowner%2Csuspended", req.URL)
}

// The limit holds: a finished server frees a place for the next; failures keep their reason; a retry queues
// them again; the run ends when nothing is queued or running.
func TestSchedule(t *testing.T) {
	r := New(append(targets(5), Target{ID: "a", Name: "again"}), 2, t0)
	assert.Len(t, r.Entries, 5, "a repeated server is refreshed once")
	assert.Equal(t, "ab", ids(r.Start(t0)))
	assert.Empty(t, r.Start(t0), "two are running: the limit")
	p := r.Progress()
	assert.Equal(t, Progress{Total: 5, Running: 2, Queued: 3, Current: r.Entries[:2], Failures: []Entry{}}, p)

	require.True(t, r.Finish("a", 1000, nil, t0.Add(time.Second)))
	assert.Equal(t, "c", ids(r.Start(t0)))
	refused := &errcode.Error{Code: "token-invalid", Message: "The API token was refused."}
	require.True(t, r.Finish("b", 0, refused, t0))
	require.True(t, r.Finish("c", 10, nil, t0))
	assert.False(t, r.Finish("c", 10, nil, t0), "finished once")
	assert.False(t, r.Finish("zz", 1, nil, t0), "unknown")
	assert.Equal(t, "de", ids(r.Start(t0)))
	require.True(t, r.Finish("d", 0, errors.New("boom"), t0))
	require.True(t, r.Finish("e", 5, nil, t0.Add(time.Minute)))

	p = r.Progress()
	assert.True(t, p.Over)
	assert.Equal(t, []int{5, 5, 3, 2, 1015}, []int{p.Total, p.Finished, p.Done, p.Failed, p.Accounts})
	assert.Equal(t, "token-invalid", p.Failures[0].Code)
	assert.Equal(t, "The API token was refused.", p.Failures[0].Message)
	assert.Equal(t, errcode.Internal, p.Failures[1].Code, "an error without a code is internal, its text kept")
	assert.Equal(t, t0.Add(time.Minute).UnixMilli(), r.Ended)

	assert.Equal(t, 1, r.Retry("b"))
	assert.Zero(t, r.Ended)
	started := r.Start(t0)
	assert.Equal(t, "b", ids(started))
	assert.Equal(t, 2, started[0].Attempts)
	assert.Equal(t, 1, r.Retry(), "every failure: d")
}

// Cancel: nothing queued starts, and the answers of the servers running are dropped.
func TestCancel(t *testing.T) {
	r := New(targets(4), 2, t0)
	r.Start(t0)
	r.Cancel(t0)
	p := r.Progress()
	assert.Equal(t, []int{4, 0, 4}, []int{p.Cancelled, p.Running, p.Finished})
	assert.True(t, p.Over)
	assert.False(t, r.Finish("a", 3, nil, t0), "a running server's answer after cancel is dropped")
	assert.Empty(t, r.Start(t0))
	assert.Equal(t, 4, r.Retry())
	assert.Equal(t, "ab", ids(r.Start(t0)))
}

// A worker that stops mid-run picks the run up from storage.session: what was running starts again.
func TestEncodeResume(t *testing.T) {
	r := New(targets(3), 2, t0)
	r.Start(t0)
	require.True(t, r.Finish("a", 7, nil, t0))
	back, err := Decode(r.Encode())
	require.NoError(t, err)
	assert.Equal(t, r, back)
	back.Resume()
	assert.Equal(t, "bc", ids(back.Start(t0)), "b was running when the worker died")
	assert.Equal(t, 2, back.Entries[1].Attempts)

	for _, bad := range []string{"", "{", `{"limit":0,"entries":[]}`, `{"limit":2,"entries":[{"id":"a","status":"lost"}]}`,
		`{"limit":2,"entries":[{"id":"a","status":"done"},{"id":"a","status":"queued"}]}`} {
		_, err := Decode([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestLimits(t *testing.T) {
	assert.Equal(t, DefaultLimit, New(nil, 0, t0).Limit)
	assert.Equal(t, MaxLimit, New(nil, 100, t0).Limit)
	empty := New(nil, 2, t0)
	assert.True(t, empty.Progress().Over)
	assert.Equal(t, t0.UnixMilli(), empty.Ended)
}
