package cpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// MaxBodySize is the largest response body the Parse functions accept: 20 MiB, the cap fleetssl/cpanelgo uses
// (§10). A listaccts of thousands of accounts stays far below it; the worker should stop reading beyond it and
// pass what it has, which then fails with CodeBodyTooLarge.
const MaxBodySize = 20 << 20

// Paging is UAPI's metadata.paginate (§6).
type Paging struct {
	StartResult    int
	CurrentPage    int
	ResultsPerPage int
	TotalPages     int
	TotalResults   int
}

// Filter is UAPI's metadata.filter (§6).
type Filter struct {
	RecordsBeforeFilter int
}

// Result is a parsed response of any family.
//
// Data is the envelope's data as raw JSON (for uapi_cpanel, the inner UAPI data). Errors, Messages and
// Warnings are the envelope's lists (non-string items as JSON text). Reason is WHM API 1's metadata.reason or
// API 2's event reason. Metadata is the envelope's metadata object (for API 2, the cpanelresult fields other than
// data). Paging and Filter are set when UAPI reported them.
type Result struct {
	Family     Family
	OK         bool
	Data       json.RawMessage
	Errors     []string
	Messages   []string
	Warnings   []string
	Reason     string
	Paging     *Paging
	Filter     *Filter
	Metadata   map[string]any
	HTTPStatus int
}

// shape is the kind of envelope found in a body.
type shape int

const (
	shapeNone shape = iota
	shapeUAPI
	shapeWHM
	shapeAPI2
	shapePolicy // {"data":{"reason":…,"result":"0"},"error":…}: a security policy's JSON answer (§5, §9)
)

// ParseResponse parses the answer to a call of family f: HTTP status and body.
//
// It returns the Result and a nil error when the envelope reports success. Otherwise the error is an *Error
// (the Result is still filled as far as the body allowed): CodeRedirect (3xx), CodeBodyTooLarge, CodeAccessDenied
// (403 cpanelresult "Access denied", i.e. bad Basic credentials), CodeTFAFailed, CodeTokenInvalid (401),
// CodeTokenScope, CodePermissionDenied, CodeFunctionNotFound, CodeUnknownFunction, CodeInvalidSecurityToken,
// CodeLoginRequired, CodeSecurityPolicy, CodeAPIFailed (status/result 0), CodeHTTPError, CodeBadEnvelope or
// CodeNotJSON (with the status and a short escaped snippet).
func ParseResponse(f Family, status int, body []byte) (Result, error) {
	r := Result{Family: f, HTTPStatus: status}
	if !f.Valid() {
		return r, familyError(f)
	}
	if err := precheck(status, body); err != nil {
		return r, err
	}
	body = trimBody(body)
	if !json.Valid(body) {
		return r, nonJSON(status, body)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return r, respError(CodeBadEnvelope, status, "the JSON is not an object as "+f.Title()+" answers", "")
	}
	sh, err := fill(&r, f, obj)
	if err != nil {
		r.OK = false
		e := respError(CodeBadEnvelope, status, "the JSON is not a valid "+f.Title()+" envelope", err.Error())
		if status == statusUnauthorized {
			e = respError(CodeTokenInvalid, status, msgTokenInvalid, "")
		}
		return r, e
	}
	if sh == shapeNone {
		switch {
		case status == statusUnauthorized:
			return r, respError(CodeTokenInvalid, status, msgTokenInvalid, "")
		case status >= 500:
			return r, respError(CodeServerError, status, msgServerError, "")
		case status >= 400:
			return r, respError(CodeHTTPError, status, "HTTP "+strconv.Itoa(status), snippet(body))
		}
		return r, respError(CodeBadEnvelope, status, "the JSON is not a "+f.Title()+" response", snippet(body))
	}
	if r.OK {
		if status >= 400 || status < 100 {
			r.OK = false
			return r, respError(CodeHTTPError, status, "HTTP "+strconv.Itoa(status)+" with a successful envelope", "")
		}
		return r, nil
	}
	texts := append([]string{r.Reason}, r.Errors...)
	code := classify(texts, status, false)
	switch {
	case code == CodeAccessDenied && status == statusUnauthorized:
		// Decision 5: the body reads "Access denied" for both, but 401 means a bad or revoked token
		// (403 is bad Basic credentials).
		code = CodeTokenInvalid
	case code != "":
	case status == statusUnauthorized:
		code = CodeTokenInvalid
	case sh == shapePolicy:
		code = CodeSecurityPolicy
	default:
		code = CodeAPIFailed
	}
	return r, respError(code, status, baseMessage(code, f, status), firstText(texts))
}

// precheck handles what needs no body parsing: size and redirects.
func precheck(status int, body []byte) error {
	if len(body) > MaxBodySize {
		return respError(CodeBodyTooLarge, status, "the response is larger than "+strconv.Itoa(MaxBodySize>>20)+" MiB", "")
	}
	if status >= 300 && status < 400 {
		return respError(CodeRedirect, status, "the server redirected (HTTP "+strconv.Itoa(status)+
			"): plain-text ports redirect to the TLS port and expired sessions to the login page; call the TLS port (2083, 2087, 2096) directly", "")
	}
	return nil
}

// trimBody removes a UTF-8 byte order mark and surrounding white space.
func trimBody(b []byte) []byte {
	return bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
}

// fill recognises the envelope in obj and fills r. It prefers the shape f implies, then tries the others: a
// call can be answered by another layer (e.g. the cpanelresult "Access denied" body for any family).
func fill(r *Result, f Family, obj map[string]json.RawMessage) (shape, error) {
	if _, ok := obj["cpanelresult"]; ok {
		return shapeAPI2, fillAPI2(r, obj["cpanelresult"])
	}
	if f == UAPI {
		if inner, ok := obj["result"]; ok && has(obj, "apiversion") && !has(obj, "status") {
			// The CLI/LiveAPI wrapper {"apiversion":3,"func":…,"module":…,"result":{…}} (§6).
			var o map[string]json.RawMessage
			if err := json.Unmarshal(inner, &o); err != nil || o == nil {
				return shapeUAPI, errString("result is not an object")
			}
			obj = o
		}
		if has(obj, "status") {
			return shapeUAPI, fillUAPI(r, obj)
		}
	}
	if meta := object(obj["metadata"]); meta != nil && has(meta, "result") {
		if err := fillWHM(r, obj, meta); err != nil || !r.OK || f != UAPICPanel {
			return shapeWHM, err
		}
		var data map[string]json.RawMessage
		if json.Unmarshal(r.Data, &data) != nil || data == nil || !has(data, "uapi") {
			return shapeWHM, errString("uapi_cpanel answered without data.uapi")
		}
		inner := object(data["uapi"])
		if inner == nil || !has(inner, "status") {
			return shapeWHM, errString("data.uapi is not a UAPI envelope")
		}
		*r = Result{Family: r.Family, HTTPStatus: r.HTTPStatus}
		return shapeUAPI, fillUAPI(r, inner)
	}
	if has(obj, "status") {
		return shapeUAPI, fillUAPI(r, obj)
	}
	if e, ok := str(obj["error"]); ok {
		r.Data = raw(obj["data"])
		if d := object(obj["data"]); d != nil {
			r.Reason, _ = str(d["reason"])
		}
		if r.Reason == "" {
			r.Reason = e
		}
		r.Errors = []string{e}
		return shapePolicy, nil
	}
	return shapeNone, nil
}

func fillUAPI(r *Result, obj map[string]json.RawMessage) error {
	ok, err := truthy(obj["status"])
	if err != nil {
		return errString("status: " + err.Error())
	}
	r.OK = ok
	r.Data = raw(obj["data"])
	r.Errors = stringList(obj["errors"])
	r.Messages = stringList(obj["messages"])
	r.Warnings = stringList(obj["warnings"])
	meta := object(obj["metadata"])
	if meta == nil {
		return nil
	}
	r.Metadata = anyMap(obj["metadata"])
	if p := object(meta["paginate"]); p != nil {
		r.Paging = &Paging{
			StartResult:    toInt(p["start_result"]),
			CurrentPage:    toInt(p["current_page"]),
			ResultsPerPage: toInt(p["results_per_page"]),
			TotalPages:     toInt(p["total_pages"]),
			TotalResults:   toInt(p["total_results"]),
		}
	}
	if fl := object(meta["filter"]); fl != nil {
		r.Filter = &Filter{RecordsBeforeFilter: toInt(fl["records_before_filter"])}
	}
	return nil
}

func fillWHM(r *Result, obj, meta map[string]json.RawMessage) error {
	ok, err := truthy(meta["result"])
	if err != nil {
		return errString("metadata.result: " + err.Error())
	}
	r.OK = ok
	r.Data = raw(obj["data"])
	r.Reason, _ = str(meta["reason"])
	r.Metadata = anyMap(obj["metadata"])
	if out := object(meta["output"]); out != nil {
		r.Messages = stringList(out["messages"])
		r.Warnings = stringList(out["warnings"])
		r.Errors = stringList(out["errors"])
	}
	if !ok && len(r.Errors) == 0 && r.Reason != "" {
		r.Errors = []string{r.Reason}
	}
	return nil
}

func fillAPI2(r *Result, cr json.RawMessage) error {
	o := object(cr)
	if o == nil {
		return errString("cpanelresult is not an object")
	}
	r.Data = raw(o["data"])
	r.Metadata = map[string]any{}
	for k, v := range o {
		if k == "data" {
			continue
		}
		var a any
		if json.Unmarshal(v, &a) == nil {
			r.Metadata[k] = a
		}
	}
	ok := true
	if ev := object(o["event"]); ev != nil {
		if has(ev, "result") {
			var err error
			if ok, err = truthy(ev["result"]); err != nil {
				return errString("event.result: " + err.Error())
			}
		}
		r.Reason, _ = str(ev["reason"])
	}
	// Failures reported in the data: {"reason":…,"result":"0"} (the "Access denied" body) or API 2's
	// single-item [{"result":0,"reason":…}].
	d := object(o["data"])
	if d == nil {
		var items []json.RawMessage
		if json.Unmarshal(o["data"], &items) == nil && len(items) == 1 {
			d = object(items[0])
		}
	}
	if d != nil && has(d, "result") {
		if res, err := truthy(d["result"]); err == nil && !res {
			ok = false
			if reason, _ := str(d["reason"]); reason != "" && r.Reason == "" {
				r.Reason = reason
			}
		}
	}
	if e, _ := str(o["error"]); e != "" {
		ok = false
		r.Errors = []string{e}
	} else if !ok && r.Reason != "" {
		r.Errors = []string{r.Reason}
	}
	r.OK = ok
	return nil
}

// classify maps the failure texts a server sent to the most precise code, or "". The phrases are cPanel's
// (§2, §5, §6, Decisions 3). "Permission denied", "Function not found" and "Access denied" are generic enough
// to appear inside an API function's own error (e.g. a file it could not open), so they count only as the whole
// text, with the status cpsrvd gives them (403, 404, 403), or on a non-JSON page.
func classify(texts []string, status int, page bool) string {
	phrases := []struct {
		text, code string
		status     int // 0: the phrase anywhere is enough
	}{
		{"token authentication allows access to uapi or api 2 calls only", CodeTokenScope, 0},
		{"twofactorauth check failed", CodeTFAFailed, 0},
		{"invalid security token", CodeInvalidSecurityToken, 0},
		{"permission denied", CodePermissionDenied, statusForbidden},
		{"function not found", CodeFunctionNotFound, statusNotFound},
		{"access denied", CodeAccessDenied, statusForbidden},
	}
	lower := make([]string, len(texts))
	for i, t := range texts {
		lower[i] = strings.ToLower(strings.TrimSpace(t))
	}
	for _, p := range phrases {
		for _, t := range lower {
			loose := p.status == 0 || page || status == p.status
			if loose && strings.Contains(t, p.text) || strings.TrimSuffix(t, ".") == p.text {
				return p.code
			}
		}
	}
	for _, t := range lower {
		// "Unknown app (“NAME”) requested for this version (1) of the API."
		if i := strings.Index(t, "unknown app"); i >= 0 && strings.Contains(t[i:], "requested") {
			return CodeUnknownFunction
		}
	}
	return ""
}

const msgServerError = "the server failed to answer the call: cPanel may be restarting or updating; try again in a minute"

const msgTokenInvalid = "the server refused the credentials (HTTP 401): the API token is wrong, expired or revoked, or belongs to another user"

func baseMessage(code string, f Family, status int) string {
	switch code {
	case CodeAccessDenied:
		return "Access denied: the server refused the user name or password"
	case CodeTFAFailed:
		return "TwoFactorAuth check failed: this server wants a current two-factor code (X-CPANEL-OTP) with password-authenticated API calls"
	case CodeTokenInvalid:
		return msgTokenInvalid
	case CodeTokenScope:
		return "Token authentication allows access to UAPI or API 2 calls only. A cPanel API token cannot call WHM API 1; use a WHM API token on 2087"
	case CodePermissionDenied:
		return "Permission denied: WHM API 1 is served on 2087 only, or the account lacks the privilege"
	case CodeFunctionNotFound:
		return "Function not found: UAPI is served on 2083 (or through WHM's uapi_cpanel), or the module or function name is wrong"
	case CodeUnknownFunction:
		return "Unknown app requested: WHM API 1 has no function of that name"
	case CodeInvalidSecurityToken:
		return "Invalid Security Token: the /cpsessNNNNNNNNNN part of the URL is missing, wrong or from an older session; log in again"
	case CodeLoginRequired:
		return "the server answered with its login page: the session expired or its cookie is missing; log in again"
	case CodeSecurityPolicy:
		return "a security policy on the server blocked the call"
	case CodeAPIFailed:
		return f.Title() + " call failed"
	}
	return "HTTP " + strconv.Itoa(status)
}

// respError builds a response error; detail (server text) is cleaned, shortened and appended unless the base
// message already says it.
func respError(code string, status int, base, detail string) *Error {
	msg := base
	d := clean(detail, 200)
	if d != "" && !strings.Contains(strings.ToLower(base), strings.ToLower(strings.TrimSuffix(d, "."))) {
		msg += ": " + d
	}
	if status != 0 && !strings.Contains(msg, "HTTP "+strconv.Itoa(status)) {
		msg += " (HTTP " + strconv.Itoa(status) + ")"
	}
	return &Error{Code: code, Message: msg, HTTPStatus: status, Detail: d}
}

// nonJSON classifies a body that is not JSON: cpsrvd's HTML and text failure pages, or else CodeNotJSON.
func nonJSON(status int, body []byte) *Error {
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	text := string(head)
	lower := strings.ToLower(text)
	code := classify([]string{text}, status, true)
	switch {
	case code != "":
		return respError(code, status, baseMessage(code, "", status), "")
	case status == statusUnauthorized:
		return respError(CodeTokenInvalid, status, msgTokenInvalid, "")
	case strings.Contains(lower, `id="login_form"`) || strings.Contains(lower, `action="/login/"`):
		return respError(CodeLoginRequired, status, baseMessage(CodeLoginRequired, "", status), "")
	case status >= 500:
		// §6: cpsrvd answers 500 when the API's process fails and 503 while cPanel updates; a proxy in front of it 502.
		return &Error{Code: CodeServerError, HTTPStatus: status, Message: msgServerError + " (HTTP " + strconv.Itoa(status) + "): " + snippet(body)}
	case len(body) == 0:
		return respError(CodeNotJSON, status, "the response is empty (HTTP "+strconv.Itoa(status)+")", "")
	}
	return &Error{Code: CodeNotJSON, HTTPStatus: status,
		Message: "the response is not JSON (HTTP " + strconv.Itoa(status) + "): " + snippet(body)}
}

// snippet returns the start of body, cleaned and quoted.
func snippet(body []byte) string {
	if len(body) > 1024 {
		body = body[:1024]
	}
	return strconv.Quote(clean(string(body), 120))
}

func firstText(texts []string) string {
	for _, t := range texts {
		if t != "" {
			return t
		}
	}
	return ""
}

type errString string

func (e errString) Error() string { return string(e) }

func has(o map[string]json.RawMessage, k string) bool {
	_, ok := o[k]
	return ok
}

// object decodes raw as a JSON object, or returns nil.
func object(raw json.RawMessage) map[string]json.RawMessage {
	var o map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &o) != nil {
		return nil
	}
	return o
}

func anyMap(raw json.RawMessage) map[string]any {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// raw returns a copy of v (nil when absent).
func raw(v json.RawMessage) json.RawMessage {
	if v == nil {
		return nil
	}
	return append(json.RawMessage(nil), v...)
}

func str(v json.RawMessage) (string, bool) {
	var s string
	if len(v) == 0 || json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// truthy reads a status/result flag: a number (non-zero is true), a numeric string, or a boolean.
func truthy(v json.RawMessage) (bool, error) {
	if len(v) == 0 {
		return false, errString("missing")
	}
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return false, errString("not JSON")
	}
	switch t := x.(type) {
	case bool:
		return t, nil
	case float64:
		return t != 0, nil
	case string:
		n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		if err != nil {
			return false, errString("not a number: " + quote(t, 20))
		}
		return n != 0, nil
	}
	return false, errString("neither a number nor a string")
}

// toInt reads a number or numeric string; anything else (or out of range) gives 0.
func toInt(v json.RawMessage) int {
	var x any
	if json.Unmarshal(v, &x) != nil {
		return 0
	}
	var f float64
	switch t := x.(type) {
	case float64:
		f = t
	case string:
		n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		if err != nil {
			return 0
		}
		f = n
	default:
		return 0
	}
	if math.IsNaN(f) || f > math.MaxInt32 || f < math.MinInt32 {
		return 0
	}
	return int(f)
}

// stringList reads null, a string or an array; non-string items become their JSON text.
func stringList(v json.RawMessage) []string {
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	if s, ok := str(v); ok {
		return []string{s}
	}
	var items []json.RawMessage
	if json.Unmarshal(v, &items) != nil {
		return []string{string(v)}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := str(it); ok {
			out = append(out, s)
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, it) == nil {
			out = append(out, buf.String())
		}
	}
	return out
}

// HTTP statuses cpsrvd answers with. Named here rather than taken from
// net/http, which would pull the whole HTTP stack (TLS, x509) into the
// extension's wasm.
const (
	statusUnauthorized = 401
	statusForbidden    = 403
	statusNotFound     = 404
)
