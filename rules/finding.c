#include "rules/finding.h"

#include <string.h>

static const char *const kind_names[FIND_KINDS] = {
	[FIND_TEXT] = "text",
	[FIND_TIME_BUDGET] = "time_budget",
	[FIND_SECTION_ROBOTS] = "section_robots",
	[FIND_SECTION_FAILED] = "section_failed",
	[FIND_ROBOTS_ERROR] = "robots_error",
	[FIND_SITE_REFUSED] = "site_refused",
	[FIND_SITE_UNREACHABLE] = "site_unreachable",
	[FIND_ENTRY_FAILED] = "entry_failed",
	[FIND_PAGE_FAILED] = "page_failed",
	[FIND_PAGE_TRUNCATED] = "page_truncated",
	[FIND_LINKS_CAP] = "links_cap",
	[FIND_INVALID_URL] = "invalid_url",
	[FIND_SECTION_ELSEWHERE] = "section_elsewhere",
	[FIND_NOT_A_SECTION] = "not_a_section",
	[FIND_NO_SECTION] = "no_section",
	[FIND_PAGES_CAP] = "pages_cap",
	[FIND_STALE_ONLY] = "stale_only",
	[FIND_ENDED_ONLY] = "ended_only",
	[FIND_LINK_UNVERIFIED] = "link_unverified",
	[FIND_UNDATED] = "undated",
	[FIND_BROKEN_LINK] = "broken_link",
	[FIND_HOST_DOWN] = "host_down",
	[FIND_PAGE_TOO_COMPLEX] = "page_too_complex",
	[FIND_PRIVATE_ADDRESS] = "private_address",
	[FIND_DOC_PRIVATE_ADDRESS] = "document_private_address",
	[FIND_RULE_ERROR] = "rule_error",
	[FIND_SECTION_RULE_ERROR] = "section_rule_error",
	[FIND_SCRIPT_PAGE] = "script_page",
	[FIND_DOC_UNREAD] = "document_unread",
	[FIND_SEARCHED_MENUS] = "searched_menus",
	[FIND_SEARCHED_SITEMAPS] = "searched_sitemaps",
	[FIND_SEARCHED_PATHS] = "searched_paths",
	[FIND_SEARCH_CAP] = "search_cap",
	[FIND_LIST_CAP] = "list_cap",
};

const char *finding_kind_name(enum finding_kind k)
{
	return (unsigned)k < FIND_KINDS && kind_names[k] ? kind_names[k] : "text";
}

int finding_kind_parse(enum finding_kind *out, const char *name)
{
	for (size_t i = 0; i < FIND_KINDS; i++) {
		if (kind_names[i] && strcmp(kind_names[i], name) == 0) {
			*out = (enum finding_kind)i;
			return 0;
		}
	}
	return -1;
}
