package emulator

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// emails lists the "email" of each record of a UAPI answer's data.
func emails(t *testing.T, v map[string]any) string {
	t.Helper()
	list, ok := v["data"].([]any)
	if !ok {
		t.Fatalf("data is not a list: %v", v["data"])
	}
	var out []string
	for _, x := range list {
		out = append(out, x.(map[string]any)["email"].(string))
	}
	return strings.Join(out, ",")
}

// UAPI pagination (paginate.go: api.docs.cpanel.net/cpanel/paginate, and cPanel's Cpanel/Args.pm,
// Cpanel/Args/Paginate.pm, Cpanel/API.pm): bob's Email::list_pops is bob, info@bob.example, sales@bob-shop.example.
func TestUAPIPagination(t *testing.T) {
	s, c := startWithClient(t, false)
	type page struct {
		total, pages, perPage, current int
		start                          string
	}
	tests := []struct {
		name, query, want string
		paging            *page // nil: no metadata.paginate
	}{
		{"no pagination arguments", "", "bob,info@bob.example,sales@bob-shop.example", nil},
		{"api.paginate alone is not read", "api.paginate=1", "bob,info@bob.example,sales@bob-shop.example", nil},
		{"first page", "api.paginate=1&api.paginate_size=2", "bob,info@bob.example", &page{3, 2, 2, 1, "1"}},
		{"start is 1-based", "api.paginate=1&api.paginate_size=2&api.paginate_start=3", "sales@bob-shop.example", &page{3, 2, 2, 2, "3"}},
		{"a start off the page grid", "api.paginate=1&api.paginate_size=2&api.paginate_start=2", "info@bob.example,sales@bob-shop.example", &page{3, 2, 2, 1, "2"}},
		{"start 0 is the first record", "api.paginate_size=1&api.paginate_start=0", "bob", &page{3, 3, 1, 1, "1"}},
		{"a negative start is the first record", "api.paginate_size=1&api.paginate_start=-2", "bob", &page{3, 3, 1, 1, "1"}},
		{"start just past the last record: an empty page", "api.paginate_size=2&api.paginate_start=4", "", &page{3, 2, 2, 2, "4"}},
		{"size 0 is the default 100", "api.paginate=1&api.paginate_size=0", "bob,info@bob.example,sales@bob-shop.example", &page{3, 1, 100, 1, "1"}},
		{"a non-numeric size is the default 100", "api.paginate=1&api.paginate_size=ten", "bob,info@bob.example,sales@bob-shop.example", &page{3, 1, 100, 1, "1"}},
		{"api.paginate_page is not read", "api.paginate=1&api.paginate_size=2&api.paginate_page=2", "bob,info@bob.example", &page{3, 2, 2, 1, "1"}},
		{"any api.paginate_ argument turns it on, api.paginate=0 too", "api.paginate=0&api.paginate_size=2", "bob,info@bob.example", &page{3, 2, 2, 1, "1"}},
		{"after the function's own arguments", "skip_main=1&api.paginate_size=1&api.paginate_start=2", "sales@bob-shop.example", &page{2, 2, 1, 2, "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(s.URL(CPanel, false)+"/execute/Email/list_pops?"+tt.query, "Authorization", "cpanel bob:"+bobToken)
			eq(t, "HTTP", r.status, http.StatusOK)
			v := r.json(t)
			eq(t, "status", v["status"], any(float64(1)))
			if tt.want == "" {
				eq(t, "empty page", len(v["data"].([]any)), 0)
			} else {
				eq(t, "records", emails(t, v), tt.want)
			}
			md := v["metadata"].(map[string]any)
			eq(t, "transformed", md["transformed"], any(float64(1)))
			p, has := md["paginate"].(map[string]any)
			if tt.paging == nil {
				if has {
					t.Fatalf("metadata.paginate without pagination: %v", p)
				}
				return
			}
			if !has {
				t.Fatalf("no metadata.paginate: %.400s", r.body)
			}
			eq(t, "paginate keys", strings.Join(slices.Sorted(maps.Keys(p)), ","), "current_page,results_per_page,start_result,total_pages,total_results")
			eq(t, "total_results", p["total_results"], any(float64(tt.paging.total)))
			eq(t, "total_pages", p["total_pages"], any(float64(tt.paging.pages)))
			eq(t, "results_per_page", p["results_per_page"], any(float64(tt.paging.perPage)))
			eq(t, "current_page", p["current_page"], any(float64(tt.paging.current)))
			eq(t, "start_result (a string, as in the docs' example)", p["start_result"], any(tt.paging.start))
		})
	}

	// A start beyond the records fails the call with Cpanel::Args::Paginate's words (its 0-based index).
	r := c.get(s.URL(CPanel, false)+"/execute/Email/list_pops?api.paginate=1&api.paginate_size=2&api.paginate_start=5", "Authorization", "cpanel bob:"+bobToken)
	eq(t, "HTTP", r.status, http.StatusOK)
	v := r.json(t)
	eq(t, "status", v["status"], any(float64(0)))
	eq(t, "error", v["errors"].([]any)[0], any("The start index (4) is larger than the total number of results (3)."))
	if _, has := v["metadata"].(map[string]any)["paginate"]; has {
		t.Error("metadata.paginate on a failed call")
	}

	// Only a successful answer whose data is a list is paged.
	v = c.get(s.URL(CPanel, false)+"/execute/DomainInfo/list_domains?api.paginate=1&api.paginate_size=1", "Authorization", "cpanel bob:"+bobToken).json(t)
	eq(t, "a hash is not paged", v["data"].(map[string]any)["main_domain"], any("bob.example"))
	if _, has := v["metadata"].(map[string]any)["paginate"]; has {
		t.Error("metadata.paginate for a hash")
	}
	v = c.get(s.URL(CPanel, false)+"/execute/StatsBar/get_stats?api.paginate=1&api.paginate_size=1", "Authorization", "cpanel bob:"+bobToken).json(t)
	eq(t, "a failure stays one", v["errors"].([]any)[0], any("The “display” parameter is required."))
	if _, has := v["metadata"].(map[string]any)["paginate"]; has {
		t.Error("metadata.paginate for a failure")
	}

	// Arguments in a form body count as in the query string; uapi_cpanel pages the same (Cpanel::API::execute).
	r = c.post(s.URL(CPanel, false)+"/execute/Email/list_pops", formOf("api.paginate", "1", "api.paginate_size", "1", "api.paginate_start", "2"),
		"Authorization", "cpanel bob:"+bobToken)
	v = r.json(t)
	eq(t, "POST body", emails(t, v), "info@bob.example")
	eq(t, "POST current_page", v["metadata"].(map[string]any)["paginate"].(map[string]any)["current_page"], any(float64(2)))
	r = c.get(s.URL(WHM, false)+"/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Email&cpanel.function=list_pops"+
		"&api.paginate=1&api.paginate_size=2&api.paginate_start=3", "Authorization", "whm root:"+rootToken)
	u := r.json(t)["data"].(map[string]any)["uapi"].(map[string]any)
	eq(t, "uapi_cpanel", emails(t, u), "sales@bob-shop.example")
	eq(t, "uapi_cpanel start_result", u["metadata"].(map[string]any)["paginate"].(map[string]any)["start_result"], any("3"))
}
