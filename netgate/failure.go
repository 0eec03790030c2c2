package netgate

import (
	"strconv"
	"strings"
	"time"
)

// Failure explains a request that got no HTTP answer, from what the browser said (origin is the request's
// Decision.Origin). text is the browser's error: Chromium's net::ERR_…, Firefox's necko names (NS_ERROR_…) as
// webRequest reports them, or for a certificate Firefox's NSS message text (webRequest gives "Peer’s Certificate
// issuer is not recognized." for SEC_ERROR_UNKNOWN_ISSUER, observed in Firefox ESR 153: every such text names the
// certificate, in an English Firefox, and "Zertifikat" in a German one: "Der Zertifikat-Aussteller der Gegenstelle
// wurde nicht erkannt.", its language pack's words; in another language the text is read as saying neither), or
// fetch's bare "Failed to fetch" when nothing more is known. An untrusted
// certificate and a server that is down need different actions from the user, so they get different messages;
// only when the browser gave no detail is the message about both.
func Failure(text, origin string) *Error {
	t := strings.ToUpper(text)
	switch {
	case containsAny(t, "ERR_CERT", "ERR_SSL", "SEC_ERROR", "SSL_ERROR", "MOZILLA_PKIX_ERROR", "ERR_BAD_SSL", "CERTIFICATE", "ZERTIFIKAT"):
		return &Error{Code: CodeUntrusted,
			Message: "This browser does not trust the certificate of " + origin + ", so panelkey sent nothing there.",
			Advice: "Open " + origin + " in a tab and check the certificate the browser shows. If it is the server's own " +
				"(a self-signed one, say), trust it — accept it in that tab, or import its CA into the browser's " +
				"certificates — then try again.",
			OpenURL: origin, Params: []string{origin}}
	case containsAny(t, "ERR_CONNECTION_REFUSED", "ERR_NAME_NOT_RESOLVED", "ERR_ADDRESS_UNREACHABLE", "TIMED_OUT",
		"ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_INTERNET_DISCONNECTED", "ERR_NETWORK_CHANGED",
		"ERR_EMPTY_RESPONSE", "NS_ERROR_CONNECTION_REFUSED", "NS_ERROR_UNKNOWN_HOST", "NS_ERROR_NET_TIMEOUT",
		"NS_ERROR_NET_RESET", "NS_ERROR_NET_INTERRUPT", "NS_ERROR_OFFLINE"):
		return &Error{Code: CodeUnreachable, Message: "The server did not answer at " + origin + ": it is down, or the address or port is wrong.",
			Advice: "Check the server's address and port, that cPanel is running, and that no firewall blocks this port.",
			Params: []string{origin}}
	}
	return &Error{Code: CodeNetwork, Message: "The server could not be reached at " + origin + ", or its certificate is not trusted.",
		Advice: "Open " + origin + " in a tab: if the browser warns about the certificate, check it and trust it " +
			"if it is the server's, then try again; if the page does not load, the server is down or the address is wrong.",
		OpenURL: origin, Params: []string{origin}}
}

// TimedOut is the failure of a request aborted after its timeout.
func TimedOut(origin string, timeout time.Duration) *Error {
	return &Error{Code: CodeTimedOut,
		Message: "The server did not answer in " + seconds(timeout) + " at " + origin + ".",
		Advice:  "The server may be overloaded or a firewall may be holding the connection; try again later, or give the request more time in the API console.",
		Params:  []string{origin, strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64)}}
}

func seconds(d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if s == "1" {
		return "1 second"
	}
	return s + " seconds"
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
