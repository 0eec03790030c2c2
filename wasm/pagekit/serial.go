package pagekit

import "sync"

// Serial returns a function that runs fn one call at a time. A call made
// while fn runs does not start a second run beside it: fn runs once more
// after the current run, however many calls came meanwhile. The first call
// runs fn in the caller's goroutine (it may await), later ones while it runs
// return at once.
//
// A page's refresh reads the lock state and the vault anew at each run, and
// storage changes come in bursts (a commit's header, then the key an unlock
// or an import stores): run side by side, an older read that finished last
// would paint over a newer one, e.g. the lock screen over the unlocked view.
// Serial makes the last run start after the last change, so it shows it.
func Serial(fn func()) func() {
	var mu sync.Mutex
	running, again := false, false
	return func() {
		mu.Lock()
		if running {
			again = true
			mu.Unlock()
			return
		}
		running = true
		mu.Unlock()
		defer func() {
			// A panic (recovered further up, RecoverUI) must not leave every later call waiting for a run that ended.
			if r := recover(); r != nil {
				mu.Lock()
				running, again = false, false
				mu.Unlock()
				panic(r)
			}
		}()
		for {
			fn()
			mu.Lock()
			if !again {
				running = false
				mu.Unlock()
				return
			}
			again = false
			mu.Unlock()
		}
	}
}
