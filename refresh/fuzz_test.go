package refresh

import (
	"testing"
	"time"
)

// FuzzDecode: a stored run read back is usable whatever storage.session held: no panic, and every operation on
// it keeps the limit and the counts whole.
func FuzzDecode(f *testing.F) {
	r := New(targets(3), 2, t0)
	r.Start(t0)
	f.Add(r.Encode())
	f.Add([]byte(`{"limit":1,"entries":[{"id":"a","status":"running"},{"id":"a","status":"queued"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			return
		}
		r.Resume()
		for i := 0; i < len(r.Entries)+1; i++ {
			for _, e := range r.Start(t0) {
				r.Finish(e.ID, 1, nil, t0.Add(time.Second))
			}
			if p := r.Progress(); p.Running > r.Limit || p.Finished+p.Running+p.Queued != p.Total {
				t.Fatalf("progress %+v with limit %d", p, r.Limit)
			}
		}
		r.Cancel(t0)
		if !r.Progress().Over {
			t.Fatal("cancelled but not over")
		}
	})
}
