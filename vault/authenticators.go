package vault

import (
	"slices"
	"strconv"

	"github.com/panelkey/panelkey/otpauth"
)

// Authenticator kinds (Authenticator.Type).
const (
	TypeTOTP = "totp" // time-based; the zero value "" reads as TOTP
	TypeHOTP = "hotp" // counter-based
)

// MaxCounter bounds a HOTP counter: the largest integer JavaScript holds
// exactly, so the stored JSON number means the same in the worker.
const MaxCounter = 1<<53 - 1

// IsHOTP reports whether the authenticator is counter-based.
func (a *Authenticator) IsHOTP() bool { return a.Type == TypeHOTP }

// FromKey is the authenticator an otpauth key (a scanned or pasted URI, an
// export's entry) describes, without an id: what AddAuthenticators adds.
func FromKey(k otpauth.Key) Authenticator {
	a := Authenticator{Issuer: k.Issuer, Account: k.Account, Secret: k.Secret,
		Algorithm: string(k.Algorithm), Digits: k.Digits, Period: k.Period}
	if k.IsHOTP() {
		a.Type, a.Period, a.Counter = TypeHOTP, 0, int64(min(k.Counter, MaxCounter+1)) // past MaxCounter: refused by validate
	}
	return a
}

// UpdateAuthenticator sets the fields it carries (nil: unchanged) of an
// authenticator: its names, a re-entered secret, its parameters (the pages
// warn first: other parameters than the service's give codes it refuses),
// its kind and counter, and whether it is pinned to the top of the list.
type UpdateAuthenticator struct {
	ID                string
	Issuer, Account   *string
	Secret, Algorithm *string
	Digits, Period    *int
	Type              *string
	Counter           *int64
	Pinned            *bool
}

func (UpdateAuthenticator) needs(v *Vault) []string { return AddAuthenticators{}.needs(v) }

func (e UpdateAuthenticator) apply(v *Vault) (Result, error) {
	a := v.Authenticator(e.ID)
	if a == nil {
		return Result{}, notFound("authenticator")
	}
	next := *a
	authenticatorUpdate.apply(&e, &next)
	// A change of kind drops what the other kind had, unless the edit sets it.
	if next.IsHOTP() && e.Period == nil {
		next.Period = 0
	}
	if !next.IsHOTP() && e.Counter == nil {
		next.Counter = 0
	}
	if err := next.validate(); err != nil {
		return Result{}, err
	}
	*a = next
	v.touch(ChunkAuthenticators)
	return Result{ID: a.ID}, nil
}

// MoveAuthenticator puts an authenticator just before another one (Before,
// by id), or last when Before is empty: a drag's drop, or a keyboard move
// one place up or down. Naming the neighbour rather than a position keeps
// the move right when the list changed since the sender saw it.
type MoveAuthenticator struct{ ID, Before string }

func (MoveAuthenticator) needs(v *Vault) []string { return AddAuthenticators{}.needs(v) }

func (e MoveAuthenticator) apply(v *Vault) (Result, error) {
	i := slices.IndexFunc(v.Authenticators, func(a Authenticator) bool { return a.ID == e.ID })
	if i < 0 || e.Before != "" && v.Authenticator(e.Before) == nil {
		return Result{}, notFound("authenticator")
	}
	if e.Before == e.ID {
		return Result{ID: e.ID}, nil
	}
	return v.insertAuthenticator(slices.Delete(slices.Clone(v.Authenticators), i, i+1), v.Authenticators[i], e.Before)
}

// insertAuthenticator makes list, with a put before the one with id before
// (last when before is "" or gone), the vault's authenticators.
func (v *Vault) insertAuthenticator(list []Authenticator, a Authenticator, before string) (Result, error) {
	j := slices.IndexFunc(list, func(x Authenticator) bool { return x.ID == before })
	if before == "" || j < 0 {
		j = len(list)
	}
	v.Authenticators = slices.Insert(list, j, a)
	v.touch(ChunkAuthenticators)
	return Result{ID: a.ID}, nil
}

// RestoreAuthenticator puts back an authenticator a DeleteAuthenticator
// removed (the pages' undo), with its id, before the one it was before
// (Before; last when empty or gone). Its id must not be taken.
type RestoreAuthenticator struct {
	Authenticator Authenticator
	Before        string
}

func (RestoreAuthenticator) needs(v *Vault) []string { return AddAuthenticators{}.needs(v) }

func (e RestoreAuthenticator) apply(v *Vault) (Result, error) {
	a := e.Authenticator
	if a.ID == "" {
		return Result{}, invalid("id", "The authenticator to restore has no id.")
	}
	if v.Authenticator(a.ID) != nil {
		return Result{}, &Error{Code: CodeDuplicate, Field: "id", Message: "That authenticator is already in the vault."}
	}
	if err := a.validate(); err != nil {
		return Result{}, err
	}
	return v.insertAuthenticator(slices.Clone(v.Authenticators), a, e.Before)
}

// UseHOTP records that a HOTP authenticator's code for Counter was shown:
// the stored counter moves past it, so the next code is a new one. It never
// moves back (two pages showing the same code both record it once).
type UseHOTP struct {
	ID      string
	Counter int64
}

func (UseHOTP) needs(v *Vault) []string { return AddAuthenticators{}.needs(v) }

func (e UseHOTP) apply(v *Vault) (Result, error) {
	a := v.Authenticator(e.ID)
	switch {
	case a == nil:
		return Result{}, notFound("authenticator")
	case !a.IsHOTP():
		return Result{}, invalid("type", "That authenticator is time-based: it has no counter.")
	case e.Counter < 0 || e.Counter >= MaxCounter:
		return Result{}, invalid("counter", "The counter must be a whole number from 0 to "+strconv.FormatInt(MaxCounter-1, 10)+".")
	}
	if e.Counter >= a.Counter {
		a.Counter = e.Counter + 1
		a.Extra = a.Extra.clone()
		a.Extra.drop("counter")
		v.touch(ChunkAuthenticators)
	}
	return Result{ID: a.ID}, nil
}
