// Package emulator is panelkey's cPanel & WHM emulator: an HTTP(S) server that answers the way
// docs/protocol.md (cited as §N, "Decision N") says cPanel's cpsrvd does.
//
// It is deliberately independent of panelkey's engine packages (totp/, cpapi/, …) so that a bug there is
// not mirrored here; TOTP codes are checked with github.com/pquerna/otp directly.
//
// One Server runs, all on 127.0.0.1:
//   - the six service listeners (cPanel 2082/2083, WHM 2086/2087, Webmail 2095/2096; TLS on the odd ones),
//   - a TLS "proxy" listener standing for Apache on 443, routing cpanel./whm./webmail. hosts to the plain
//     handler of that service as if the request came from 127.0.0.1 (§1),
//   - a plain-HTTP control listener for tests (request log, session log, clock, runtime configuration).
//
// Where docs/protocol.md is silent the emulator follows its "Decisions" section; further choices of ours are
// listed in README.md next to this file and named in the tests that rely on them.
package emulator
