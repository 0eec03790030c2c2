// Package netgate is panelkey's one network gate: every request that leaves the extension, every tab a login
// opens and every session origin the worker remembers is decided here, and nowhere else. The worker asks for a
// decision and performs exactly what was decided; it has no other way to reach the network (extension/net.js).
//
// The rules (docs/security.md gives the reasons):
//
//   - https only. Nothing goes over plain text: every request carries a credential (a token, a password, a 2FA
//     code, a session token) or at least the browser's cookies for the host.
//   - The server's own host, exactly: the host of the address the vault stores for it, compared after the
//     canonicalisation the endpoint package applies (lower case, no trailing dot, IPv6 in RFC 5952 form). Hosts in
//     any other spelling the browser would accept (Unicode, numeric IPv4 forms, \, white space, user:pass@) are
//     refused, and an allowed address is written out again canonically, so the browser cannot read another host
//     into it than the one checked here.
//   - A TLS port of one of the server's services: 2083 cPanel, 2087 WHM, 2096 Webmail, or 443 on the service
//     subdomain of a server reached through cpanel./whm./webmail. (§1). A tab opens only on the port of the
//     service it is for.
//   - Redirects are never followed (fetch's redirect "manual"): a redirect ends the request, and the browser hides
//     where it pointed. Addresses a server proposes in its answers (create_user_session's URL, a login's redirect)
//     go through Open like any other navigation before a tab goes there.
//   - A timeout on every request (DefaultTimeout, the console may choose MinTimeout…MaxTimeout), and at most
//     MaxBody of an answer read.
//
// The lock is the worker's side of the gate: a decision is performed only under the lock epoch its operation
// started in (extension/net.js).
//
// Threat model: the server's answers, the addresses it proposes and the network are hostile; the vault's
// records and the engine's own request builders are trusted to say which server a request is for, and the gate
// makes sure it reaches that server and no other, over TLS only.
package netgate
