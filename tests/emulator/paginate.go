package emulator

import (
	"fmt"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// UAPI pagination, as cPanel documents and ships it.
//
// The documentation (https://api.docs.cpanel.net/cpanel/paginate, "UAPI Pagination") names the variables
// api.paginate, api.paginate_start ("The first record to display": 5 begins the page with the fifth record, so
// 1-based), api.paginate_size ("The number of records to display") and api.paginate_page, and the metadata hash
//
//	"paginate": {"total_pages": 1, "total_results": 1, "current_page": 1, "results_per_page": 100, "start_result": "1"}
//
// How the server reads them is cPanel's own code (docs/protocol.md's [SRC]), which the docs page leaves out:
//   - Cpanel/Args.pm collects every argument whose name begins with "api.paginate_" and paginates when there is
//     one; it coerces an empty, non-numeric or zero start to the first record, and an empty, non-numeric or
//     zero size to Cpanel::Api2::Paginate's DEFAULT_PAGE_SIZE, 100; "api.paginate_start uses 1-indexing, but
//     internally we use 0-indexing" (start - 1).
//   - Cpanel/Args/Paginate.pm uses only start and size: api.paginate_page is collected and never read, and
//     "api.paginate" itself (no underscore after it) is not read at all. cPanel's own clients send start and
//     size (cpanel-node-api: api.paginate=1&api.paginate_start=15&api.paginate_size=7 for page 3, 7 to a page; the
//     Email Accounts page computes api.paginate_start from its page number and sends both).
//   - Its apply() dies "The start index ([_1]) is larger than the total number of results ([_2])." (the
//     0-based index) when start > the number of records; start equal to it gives an empty page.
//   - Cpanel/API.pm transforms only a successful answer whose data is a list (_post_execute_transform), after
//     the function ran, and an error there fails the call (status 0, the message in errors). Its
//     _make_paginate_metadata gives total_results, total_pages = ceil(total / size), start_result = 1 + start,
//     results_per_page = size, current_page = ceil((1 + start) / size).
//
// start_result is a string, as in the docs' example (cPanel's code computes it as 1 + start); the other fields
// are numbers.

// defaultPageSize is Cpanel::Api2::Paginate's $DEFAULT_PAGE_SIZE, which UAPI uses for a missing or bad size.
const defaultPageSize = 100

// uapiPaging is a call's pagination request: start is 0-based.
type uapiPaging struct {
	start, size int
}

// pagingOf reads the api.paginate_* arguments; ok is false when there are none.
func pagingOf(args url.Values) (p uapiPaging, ok bool) {
	for k := range args {
		if strings.HasPrefix(k, "api.paginate_") {
			ok = true
			break
		}
	}
	if !ok {
		return p, false
	}
	p.size = defaultPageSize
	if n, good := digits(args.Get("api.paginate_size")); good && n >= 1 {
		p.size = n
	}
	if n, good := digits(args.Get("api.paginate_start")); good && n >= 1 {
		p.start = n - 1
	}
	return p, true
}

// digits reads a string of ASCII digits only (Perl's tr{0-9}{}c test: no sign, no space); a larger value than
// math.MaxInt32 reads as that.
func digits(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > math.MaxInt32 {
		return math.MaxInt32, true
	}
	return n, true
}

// paginate applies the call's pagination to r (see above): a successful answer whose data is a list gets that
// page of it and metadata.paginate; anything else is returned as it is.
func paginate(r uapiResult, args url.Values) uapiResult {
	p, ok := pagingOf(args)
	if !ok || r.Status != 1 {
		return r
	}
	list := reflect.ValueOf(r.Data)
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return r
	}
	total := list.Len()
	if p.start > total {
		r.Status, r.Metadata = 0, map[string]any{}
		r.Errors = append(r.Errors, fmt.Sprintf("The start index (%d) is larger than the total number of results (%d).", p.start, total))
		return r
	}
	end := total
	if p.size < total-p.start {
		end = p.start + p.size
	}
	r.Data = list.Slice(p.start, end).Interface()
	if r.Metadata == nil {
		r.Metadata = map[string]any{}
	}
	r.Metadata["paginate"] = map[string]any{
		"total_results":    total,
		"total_pages":      ceilDiv(total, p.size),
		"start_result":     strconv.Itoa(1 + p.start),
		"results_per_page": p.size,
		"current_page":     ceilDiv(1+p.start, p.size),
	}
	return r
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
