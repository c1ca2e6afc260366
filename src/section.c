/*
 * section.c - a section page's links: each classified by the rules into a
 * candidate document (with its link check), a rejection with its reason,
 * or a page below the section to read.
 */
#include <ctype.h>
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
#include "rules/discovery.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/job.h"

/* Is url checked as a document already? Its check's index in *index when so. */
static bool find_check(const struct job *j, const char *url, size_t *index)
{
	for (size_t i = 0; i < j->nchecks; i++) {
		if (strcmp(j->checks[i].url, url) == 0) {
			*index = i;
			return true;
		}
	}
	return false;
}

int job_check_slot(struct job *j, const char *url, const char *page, bool names_file, size_t *index)
{
	if (find_check(j, url, index))
		return 0;
	if (j->nchecks >= CAP_DOC_CHECKS_PER_ORG)
		return -1;
	if (j->nchecks == j->checks_alloc) {
		size_t n = j->checks_alloc ? j->checks_alloc * 2 : 16;
		struct judge_check *p = realloc(j->checks, n * sizeof(*p));

		if (!p)
			return -1;
		j->checks = p;
		j->checks_alloc = n;
	}
	memset(&j->checks[j->nchecks], 0, sizeof(struct judge_check));
	j->checks[j->nchecks].url = strdup(url);
	j->checks[j->nchecks].page = strdup(page);
	j->checks[j->nchecks].names_file = names_file;
	if (!j->checks[j->nchecks].url || !j->checks[j->nchecks].page)
		return -1;
	*index = j->nchecks++;
	return 1;
}

/* Index of the check for link l on page, starting one when new (within the cap). */
static int check_for(struct job *j, const struct html_link *l, const char *page, size_t *index)
{
	int rc = job_check_slot(j, l->url, page, job_is_document_link(j->run->rules, l), index);

	if (rc <= 0)
		return rc;
	j->res->links_checked++;
	rc = job_fetch_cloud(j, *index);
	if (rc)
		return rc < 0 ? -1 : 0;
	return job_fetch(j, l->url, ROLE_CHECK, 0, *index);
}

/*
 * A link of an older year is read all the same: when link and text
 * disagree the text decides (a link «… на 2025-2026» to the 2026-2027
 * order), and the judge finds it by its content (judge_doc.c) only when its
 * own dates say the current year.
 */
static void stale_link_read(struct job *j, const struct html_link *l, const char *page)
{
	size_t check;

	if (check_for(j, l, page, &check) == 0)
		j->checks[check].link_stale = true;
}

static void add_candidate(struct job *j, size_t doc, const struct html_link *l,
                          const struct rule_verdict *v, const char *page,
                          enum rule_freshness freshness)
{
	struct judge_candidate *c;
	size_t check;

	for (size_t i = 0; i < j->ncands; i++)
		if (j->cands[i].doc == doc && strcmp(j->cands[i].url, l->url) == 0)
			return;
	if (check_for(j, l, page, &check))
		return;
	if (j->ncands == j->cands_alloc) {
		size_t n = j->cands_alloc ? j->cands_alloc * 2 : 16;
		struct judge_candidate *p = realloc(j->cands, n * sizeof(*p));

		if (!p) {
			j->run->failed = 1;
			return;
		}
		j->cands = p;
		j->cands_alloc = n;
	}
	c = &j->cands[j->ncands];
	c->doc = doc;
	c->url = strdup(l->url);
	c->title = strdup(v->text);
	c->page = strdup(page);
	c->source = v->source;
	c->line = v->line[doc];
	c->freshness = freshness;
	c->check = check;
	if (!c->url || !c->title || !c->page) {
		free(c->url);
		free(c->title);
		free(c->page);
		j->run->failed = 1;
		return;
	}
	j->ncands++;
}

/* Pages already taken with the same path and another query (?page=N, ?month=...). */
static size_t query_variants(const struct job *j, const char *url)
{
	const char *q = strchr(url, '?');
	size_t n = 0, plen = q ? (size_t)(q - url) : strlen(url);

	if (!q)
		return 0;
	for (size_t i = 0; i < j->seen_pages.len; i++) {
		const char *s = j->seen_pages.items[i];

		if (strncmp(s, url, plen) == 0 && s[plen] == '?')
			n++;
	}
	return n;
}

/* A page once, within --max-pages; a page of a list (list) past CAP_QUERY_VARIANTS too. */
static bool fetch_page(struct job *j, const char *url, enum role role, unsigned depth, bool list)
{
	if (strvec_contains(&j->seen_pages, url))
		return false;
	/* Calendars and endless pagination: a few variants of one page say all it has. */
	if (!list && query_variants(j, url) >= CAP_QUERY_VARIANTS)
		return false;
	if (j->pages_asked >= j->run->opts->max_pages) {
		struct finding f = { .kind = FIND_PAGES_CAP, .doc = -1, .cap = j->run->opts->max_pages };

		job_note(j, &f);
		return false;
	}
	j->pages_asked++;
	if (strvec_push(&j->seen_pages, url) || job_fetch(j, url, role, depth, 0)) {
		j->run->failed = 1;
		return false;
	}
	return true;
}

bool job_fetch_page_once(struct job *j, const char *url, enum role role, unsigned depth)
{
	return fetch_page(j, url, role, depth, false);
}

/*
 * A pager's link on a page of the section (?PAGEN_1=2, «Следующая»): the
 * next page of the same list, read at the same depth so that the list is
 * read to its end, within CAP_LIST_PAGES. true when the link was taken so.
 */
static bool read_list_page(struct job *j, const struct url_scope *section, const struct html_link *l,
                           unsigned depth)
{
	if (!url_scope_covers(section, l->url) || job_is_document_link(j->run->rules, l) ||
	    !rules_is_pager_link(j->run->rules, l, NULL) || strvec_contains(&j->seen_pages, l->url))
		return false;
	if (j->list_pages >= CAP_LIST_PAGES) {
		struct finding f = { .kind = FIND_LIST_CAP, .doc = -1, .url = l->url, .cap = CAP_LIST_PAGES };

		/* Said once; the rest of the list is read as any page below the section is. */
		job_note(j, &f);
		return false;
	}
	if (fetch_page(j, l->url, ROLE_SECTION, depth, true))
		j->list_pages++;
	return true;
}

static void reject(struct job *j, const struct html_link *l, const char *text, const char *page,
                   int doc, enum reject_reason reason, const char *detail)
{
	if (verdict_add_rejected(j->res, l->url, text, page, doc, reason, detail))
		j->run->failed = 1;
}

static int first_doc(const struct rule_verdict *v, size_t ndocs)
{
	for (size_t d = 0; d < ndocs; d++)
		if (v->docs[d])
			return (int)d;
	return -1;
}

/*
 * Is the text a camera's or scanner's file name (IMG_20260904_0812,
 * scan_0012, DSC01234): one word of Latin letters, digits, '_', '-' and '.'
 * with at least four digits?
 */
static bool file_like_name(const char *text)
{
	size_t digits = 0, n = 0;

	for (const char *s = text; *s; s++, n++) {
		unsigned char c = (unsigned char)*s;

		if (!(isalnum(c) || c == '_' || c == '-' || c == '.') || c >= 0x80)
			return false;
		digits += isdigit(c) != 0;
	}
	return n <= CAP_FILE_LIKE_NAME && digits >= 4;
}

/* Is the link a cloud disk's public link, a file's whatever its text («Документ (Облако Mail.ru)»)? */
static bool cloud_link(const struct ruleset *rules, const struct html_link *l)
{
	const char *field = NULL;
	char *download = NULL;
	int rc = rules_cloud_target(rules, l->url, &download, &field);

	free(download);
	return rc > 0;
}

/*
 * Does an unmatched link still look like a document: a file, a title, or,
 * outside the menus, a download word or a file's name as its whole text (a
 * document's card: its own link to the file tells, card.c), or a cloud
 * disk's public link (cloud.c)?
 */
static bool looks_like_document(const struct ruleset *rules, const struct html_link *l)
{
	char low[64];

	if (job_is_document_link(rules, l))
		return true;
	text_lower_copy(low, sizeof(low), l->text, strlen(l->text));
	if (rules_title_is_document(rules, low))
		return true;
	return !l->in_nav && (rules_text_is_download(rules, low) || file_like_name(l->text) || cloud_link(rules, l));
}

/*
 * A candidate's dates: first those of the link itself (anchor, title
 * attribute, file name); when they carry none, those of its item or card,
 * since the text that named the document may be a bare file name or
 * «Скачать» while the card beside it carries the year.
 */
static enum rule_freshness judge_freshness(const struct job *j, const struct rule_doc *doc,
                                           const struct html_link *l, char *label, size_t label_len)
{
	const char *own[] = { l->text, l->title, l->filename };
	struct buf all;
	struct date_scan dates;

	buf_init(&all, 3 * CAP_LINK_TEXT + 8);
	/* Past the cap (or out of memory) the dates are read from what fits. */
	for (size_t i = 0; i < COUNT(own); i++)
		if (buf_addstr(&all, own[i]) || buf_addstr(&all, " | "))
			break;
	dates_scan(&dates, buf_str(&all));
	buf_free(&all);
	if (dates.ndates + dates.nperiods + dates.nyears == 0)
		dates_scan(&dates, l->context);
	return rules_doc_freshness(doc, &dates, j->run->opts->as_of, label, label_len);
}

/* Could the rules not tell whether this link is some document? */
static bool undecided(const struct rule_verdict *v, size_t ndocs)
{
	for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS; d++)
		if (v->errors[d].code)
			return true;
	return false;
}

/* The documents the rules could not tell this link from, for the judge. */
static void note_rule_errors(struct job *j, const struct html_link *l, const struct rule_verdict *v)
{
	size_t ndocs = rules_doc_count(j->run->rules);

	for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS; d++)
		if (v->errors[d].code)
			job_rule_error(j, d, l->url, &v->errors[d]);
}

/* One link of a section page: a candidate, a rejection with its reason, or nothing. */
static void read_link(struct job *j, struct rule_cache *cache, const struct html_link *l,
                      const char *page)
{
	const struct ruleset *rules = j->run->rules;
	size_t ndocs = rules_doc_count(rules);
	struct rule_verdict v;
	struct rule_error stub = { 0, 0 };

	rules_classify_cached(rules, cache, l, &v);
	if (!v.any) {
		/* A template stub is no document, whatever the rules could not tell of it. */
		if (undecided(&v, ndocs)) {
			if (!rules_is_placeholder(rules, l, NULL))
				note_rule_errors(j, l, &v);
			return;
		}
		if (!looks_like_document(rules, l) || rules_is_placeholder(rules, l, NULL))
			return;
		reject(j, l, v.ignored ? v.text : *l->text ? l->text : l->filename, page, -1,
		       v.ignored ? REJECT_HIGHER_ACT : REJECT_OTHER_TOPIC, v.ignored ? v.ignored_by : "");
		/* A file whose link names no document may still be one: its own text tells (the judge). */
		if (!v.ignored) {
			size_t check;

			(void)check_for(j, l, page, &check);
		}
		return;
	}
	if (rules_is_placeholder(rules, l, &stub)) {
		reject(j, l, v.text, page, first_doc(&v, ndocs), REJECT_PLACEHOLDER, l->filename);
		return;
	}
	note_rule_errors(j, l, &v);
	/* Whether it is a stub could not be told: nor whether it is the documents it names. */
	if (stub.code) {
		for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS; d++)
			if (v.docs[d])
				job_rule_error(j, d, l->url, &stub);
		return;
	}
	/*
	 * One document is often linked twice (its title, then «Скачать»);
	 * what one link says of it holds for all, so an act of a higher
	 * body stays rejected whichever link names it less clearly.
	 */
	if (v.ignored) {
		if (!strvec_contains(&j->ignored_urls, l->url) && strvec_push(&j->ignored_urls, l->url))
			j->run->failed = 1;
		reject(j, l, v.text, page, first_doc(&v, ndocs), REJECT_HIGHER_ACT, v.ignored_by);
		return;
	}
	for (size_t d = 0; d < ndocs; d++) {
		enum rule_freshness fresh = RULE_FRESH;
		char label[32];

		if (!v.docs[d])
			continue;
		if (rules_doc(rules, d)->fresh) {
			fresh = judge_freshness(j, rules_doc(rules, d), l, label, sizeof(label));
			if (fresh == RULE_STALE) {
				reject(j, l, v.text, page, (int)d, REJECT_STALE, label);
				stale_link_read(j, l, page);
				continue;
			}
		}
		add_candidate(j, d, l, &v, page, fresh);
	}
}

/*
 * A page of the same site, outside the section, that the section's text
 * sends its reader to for the documents («Локальные акты и программы
 * наставничества опубликованы в разделе «Документы»»): read as a page of
 * the section that goes no deeper, within CAP_SECTION_REFERENCES. Not a
 * menu's or a breadcrumb's link, nor one to a page above the section.
 */
static void read_reference(struct job *j, const struct url_scope *section, const struct html_link *l)
{
	const struct ruleset *rules = j->run->rules;
	size_t check;

	if (l->in_nav || l->embedded || url_scope_covers(section, l->url) || !url_same_host(j->section_url, l->url) ||
	    url_is_below(l->url, j->section_url) || looks_like_document(rules, l) ||
	    strvec_contains(&j->seen_pages, l->url) || find_check(j, l->url, &check) ||
	    !rules_is_section_reference(rules, l, NULL))
		return;
	if (j->references >= CAP_SECTION_REFERENCES)
		return;
	if (job_fetch_page_once(j, l->url, ROLE_SECTION, j->run->opts->depth))
		j->references++;
}

/* The section page or a page below it: collect candidates, go deeper. */
void job_read_section_page(struct job *j, const struct html_page *page, unsigned depth)
{
	const struct audit *a = j->run;
	struct rule_cache *cache = NULL;
	struct url_scope *section = NULL;

	/* Without one every link gets scratch of its own: slower, the same verdicts. */
	(void)rules_cache_new(&cache);
	/* A section URL that does not parse covers no link, as url_is_below() says. */
	(void)url_scope_new(&section, j->section_url);
	j->res->section_reached = true;
	j->res->pages_fetched++;
	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];

		read_link(j, cache, l, page->url);
		if (read_list_page(j, section, l, depth))
			continue;
		/*
		 * A section that is one page of a flat site (/p30aa1.html) shares its
		 * directory with the whole site: there only its content links lead
		 * to its subpages, the menu leads everywhere else.
		 */
		if (depth >= a->opts->depth)
			continue;
		if (url_scope_covers(section, l->url) && !job_is_document_link(j->run->rules, l) &&
		    !(l->in_nav && j->section_is_page))
			job_fetch_page_once(j, l->url, ROLE_SECTION, depth + 1);
		else
			read_reference(j, section, l);
	}
	job_read_page_text(j, page);
	url_scope_free(section);
	rules_cache_free(cache);
}
