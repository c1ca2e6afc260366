/*
 * discover.c - finding the mentorship section: the registry URL's page if
 * it is one, else a link naming it in the site's menus, from the home page.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "parsers/registry.h"
#include "parsers/url.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/job.h"

/* Does a link of the page name a document? *err: the first the rules could not tell, when none does. */
static bool page_has_candidates(const struct ruleset *rules, const struct html_page *page,
                                struct rule_error *err)
{
	size_t ndocs = rules_doc_count(rules);

	for (size_t i = 0; i < page->nlinks; i++) {
		struct rule_verdict v;

		rules_classify(rules, &page->links[i], &v);
		if (v.any && !v.ignored)
			return true;
		for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS && !err->code; d++)
			*err = v.errors[d];
	}
	return false;
}

/* Whether the page is the section, when the rules could not tell: a finding, once per organisation. */
static void section_rule_error(struct job *j, const char *url, const struct rule_error *e)
{
	char rule[CAP_ERROR_TEXT];
	struct finding f = { .kind = FIND_SECTION_RULE_ERROR, .doc = -1, .url = (char *)url, .detail = rule };

	if (!e->code || j->section_rule_error)
		return;
	j->section_rule_error = true;
	rules_error_text(j->run->rules, e, rule, sizeof(rule));
	job_note(j, &f);
}

static bool looks_like_section(struct job *j, const struct html_page *page)
{
	const struct ruleset *rules = j->run->rules;
	struct rule_error err = { 0, 0 }, links_err = { 0, 0 };
	char *path = NULL;
	bool yes;

	if (url_path_decoded(&path, page->url))
		path = NULL;
	yes = rules_is_section_page(rules, path ? path : page->url, page->title, page->h1, &err) ||
	      page_has_candidates(rules, page, &links_err);
	free(path);
	if (!yes)
		section_rule_error(j, page->url, err.code ? &err : &links_err);
	return yes;
}

/*
 * The best link to a mentorship section on a page: a menu link first, then
 * one whose URL also names the section, then any other (a news item).
 * *err: when there is none, the first link the rules could not tell.
 */
static const struct html_link *find_section_link(const struct ruleset *rules,
                                                 const struct html_page *page, struct rule_error *err)
{
	const struct html_link *best = NULL;
	int best_score = 0;

	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];
		struct rule_error e;
		int score;

		if (!url_same_host(page->url, l->url) || job_is_document_link(rules, l))
			continue;
		if (!rules_is_section_link(rules, l, &e)) {
			if (!err->code)
				*err = e;
			continue;
		}
		/* The URL only ranks the links the text named: one that cannot be told ranks lower. */
		score = 1 + (l->in_nav ? 4 : 0) + (rules_is_section_page(rules, l->url, "", "", NULL) ? 2 : 0);
		if (score > best_score) {
			best = l;
			best_score = score;
		}
	}
	return best;
}

static void enter_section(struct job *j, const struct html_page *page, const char *effective)
{
	free(j->section_url);
	j->section_url = strdup(effective);
	if (!j->section_url) {
		j->run->failed = 1;
		return;
	}
	j->section_is_page = url_names_page(effective);
	/* Where a redirect led is seen too, so that no link fetches it again. */
	if (!strvec_contains(&j->seen_pages, effective) && strvec_push(&j->seen_pages, effective))
		j->run->failed = 1;
	job_read_section_page(j, page, 0);
}

void job_go_home(struct job *j, const char *url)
{
	char *root = NULL;

	if (url_root(&root, url) == 0 && !strvec_contains(&j->seen_pages, root))
		job_fetch_page_once(j, root, ROLE_HOME, 0);
	else
		j->res->status = ORG_NO_SECTION;
	free(root);
}

void job_on_entry_or_home(struct job *j, const struct request *req, const struct html_page *page)
{
	const struct html_link *link;
	struct rule_error err = { 0, 0 };

	if (looks_like_section(j, page)) {
		if (!url_equivalent(page->url, j->entry_url))
			job_finding(j, FIND_SECTION_ELSEWHERE, page->url);
		enter_section(j, page, page->url);
		return;
	}
	if (req->role == ROLE_DISCOVERED) {
		j->res->status = ORG_NO_SECTION;
		job_finding(j, FIND_NOT_A_SECTION, page->url);
		return;
	}
	link = find_section_link(j->run->rules, page, &err);
	if (!link)
		section_rule_error(j, page->url, &err);
	if (link && !strvec_contains(&j->seen_pages, link->url)) {
		job_fetch_page_once(j, link->url, ROLE_DISCOVERED, 0);
		return;
	}
	if (req->role == ROLE_ENTRY) {
		job_go_home(j, page->url);
		return;
	}
	j->res->status = ORG_NO_SECTION;
	job_finding(j, FIND_NO_SECTION, NULL);
}
