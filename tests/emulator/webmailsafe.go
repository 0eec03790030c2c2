package emulator

import "fmt"

// What a Webmail session may run.
//
// In a Webmail session (cpsrvd's webmaild: ports 2095/2096, or webmail.X through Apache) cPanel's code runs with
// $Cpanel::appname eq 'webmail', and only the functions that Cpanel::AppSafe lists for Webmail run. Source read:
// the public repository asmrdevelop/cpanel, a copy of cPanel's shipped Perl (Cpanel/API.pm "Copyright 2023",
// Cpanel/AppSafe.pm "Copyright 2024").
//
// UAPI: Cpanel/API.pm's sub execute, right after _init_execute (which fails "Failed to load module …" for a
// module that does not load) and before anything else (persona, roles and features, the function itself,
// pagination), tests $Cpanel::appname eq 'webmail' and Cpanel::AppSafe::checksafefunc($module, $function, 3);
// when that says no, it sets the error "Execution of [_1]::[_2] (api version:[_3]) is not permitted inside of
// webmail" (module, function, 3), sets status 0 and returns the result,
// so the answer is UAPI's ordinary failure: status 0, the text in errors, data and messages null, metadata {},
// HTTP 200 on /execute/ like any UAPI failure (§6). Roundcube's password-plugin tests (cpanel_webmail driver)
// hold a captured answer of that shape: {"data":null,"errors":["Execution of Email::passwdpop (api version:3)
// is not permitted inside of webmail"],"status":0,"metadata":{},"messages":null}. As the check comes before the
// function is looked up, in an implemented module an unknown function that AppSafe does not list is refused
// rather than not found. json-api/cpanel with cpanel_jsonapi_apiversion=3 reaches the same sub.
//
// API 2: AppSafe has an API 2 list too (version key 2), and Cpanel/Parser/Legacy.pm refuses an API 2 call it
// does not find there, once the function resolved, with "Execution of Module::func is not permitted inside of
// webmail (api2)" in $Cpanel::CPERROR{module}. That file is the template-tag executor; the json-api/cpanel one
// is in the compiled cpanel binary, whose source is not public. The emulator applies the same list and text to
// json-api/cpanel API 2 calls in Webmail; the envelope is our decision (README): its ordinary API 2 failure.
//
// WHM's uapi_cpanel and json-api/cpanel run as the cPanel user under whostmgr, not inside Webmail: AppSafe does
// not apply there.
//
// checksafefunc is an exact lookup, $APPSAFE{webmail}{$module}{$api}{$func}: case-sensitive, no wildcards.
// webmailSafe is Cpanel/AppSafe.pm's load_webmail_appsafe for the modules the emulator implements (uapiModules,
// api2Modules); the modules it does not list at all (DomainInfo, DomainLookup, Session, Tokens) have nothing
// allowed. An implemented module's entries are all kept, the functions the emulator does not implement too, so
// that such a call is refused or not found in the order cPanel does it.
var webmailSafe = map[string]map[int][]string{
	"Email": {
		2: {
			"accountname", "addforward", "browseboxes", "checkmaindiscard", "deletefilter", "fetchautoresponder",
			"filteractions", "filterlist", "filtername", "filterrules", "getabsbrowsedir", "getdiskusage",
			"has_delegated_mailman_lists", "listautoresponders", "listforwards", "listlists", "listmaildomains",
			"listpops", "listpopswithdisk", "loadfilter", "reorderfilters", "storefilter", "tracefilter",
		},
		3: {
			"account_name", "add_auto_responder", "add_forwarder", "add_spam_filter", "browse_mailbox",
			"delete_auto_responder", "delete_filter", "delete_forwarder", "disable_mailbox_autocreate",
			"disable_spam_autodelete", "dispatch_client_settings", "enable_mailbox_autocreate", "fts_rescan_mailbox",
			"generate_mailman_otp", "get_auto_responder", "get_charsets", "get_client_settings", "get_disk_usage",
			"get_filter", "get_mailbox_autocreate", "get_main_account_disk_usage_bytes", "get_pop_quota",
			"get_spam_settings", "get_webmail_settings", "has_delegated_mailman_lists", "has_plaintext_authentication",
			"list_auto_responders", "list_filters", "list_forwarders", "list_lists", "list_mail_domains", "list_pops",
			"list_pops_with_disk", "listlists", "passwd_pop", "reorder_filters", "stats_db_status", "store_filter",
			"trace_delivery", "trace_filter",
		},
	},
	"StatsBar": {2: {"stat"}},
	"TwoFactorAuth": {3: {
		"generate_user_configuration", "get_team_user_configuration", "get_user_configuration", "remove_user_configuration",
		"set_user_configuration",
	}},
}

// webmailAllows is Cpanel::AppSafe::checksafefunc for Webmail: whether module::fn of API version api (2 or 3)
// may run in a Webmail session.
func webmailAllows(module, fn string, api int) bool {
	for _, f := range webmailSafe[module][api] {
		if f == fn {
			return true
		}
	}
	return false
}

// uapiNotInWebmail is Cpanel/API.pm's refusal of a UAPI function AppSafe does not list for Webmail.
func uapiNotInWebmail(module, fn string) uapiResult {
	return uapiFail(fmt.Sprintf("Execution of %s::%s (api version:3) is not permitted inside of webmail", module, fn))
}

// api2NotInWebmail is the API 2 refusal text of Cpanel/Parser/Legacy.pm (see above).
func api2NotInWebmail(module, fn string) string {
	return fmt.Sprintf("Execution of %s::%s is not permitted inside of webmail (api2)", module, fn)
}

// inWebmail says whether the call runs inside Webmail (appname webmail): any call the Webmail daemon serves.
func inWebmail(c *call) bool { return c.svc == Webmail }
