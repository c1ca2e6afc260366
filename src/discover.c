/*
 * discover.c - finding the mentorship section as a methodist would by
 * hand, stopping as soon as it is found: the registry URL's page if it is
 * one; else a link on it naming the section; else the home page's link;
 * else the home page's menus of parent areas two levels down (a link
 * naming the section on each); else the sitemaps (/sitemap.xml, then
 * robots.txt's, an index's children included), whose URLs that look like
 * the section are opened to confirm; else the platforms' known paths
 * (the rule file's [discovery]). Each place is one request at a time,
 * through the crawler like any page (robots.txt, politeness), within the
 * caps of core/caps.h. When none leads there, the findings say what was
 * tried.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "parsers/registry.h"
#include "parsers/robots.h"
#include "parsers/sitemap.h"
#include "parsers/url.h"
#include "rules/discovery.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/discover.h"
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

/* Where the search for the section goes on, after the registry URL, its link and the home page's. */
enum stage { STAGE_MENUS, STAGE_SITEMAPS, STAGE_PATHS, STAGE_DONE };

/* A menu page of a parent area of the section, to open or opened. */
struct menu_item {
	char *url;
	unsigned level;        /* 1: linked from the home page; 2: from a level-1 menu page */
	unsigned parent_rank;  /* a level-2 item's level-1 page's rank; 0 for level 1 */
	unsigned rank;         /* rules_menu_rank(): smaller is likelier */
	bool opened;
};

struct discovery {
	enum stage stage;
	char *site;                 /* the home page as it answered: the site searched */
	bool home_read;             /* the home page's menus are in menus[] */
	struct menu_item *menus;
	size_t nmenus, menus_alloc;
	size_t menu_pages;          /* menu pages opened (CAP_DISCOVERY_MENU_PAGES) */
	struct strvec sitemaps;     /* sitemaps to read, in order, from next_sitemap on */
	size_t next_sitemap;
	size_t sitemaps_read;       /* CAP_DISCOVERY_SITEMAPS */
	bool default_added;         /* /sitemap.xml is in sitemaps */
	bool robots_asked;
	size_t urls_read;           /* <loc>s read, over all sitemaps (CAP_SITEMAP_URLS) */
	struct strvec maybes;       /* sitemap URLs that may be the section, best first, from next_maybe on */
	size_t next_maybe;
	size_t next_path;           /* the next known path (rules_known_path) */
	size_t paths_tried;
	size_t pages;               /* requests made to find the section (CAP_DISCOVERY_PAGES) */
	bool capped;                /* the search stopped at CAP_DISCOVERY_PAGES */
};

void job_discovery_free(struct discovery *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nmenus; i++)
		free(d->menus[i].url);
	free(d->menus);
	strvec_free(&d->sitemaps);
	strvec_free(&d->maybes);
	free(d->site);
	free(d);
}

/* The job's search, begun on first use; NULL when out of memory (the run has failed then). */
static struct discovery *discovery(struct job *j)
{
	if (j->disc)
		return j->disc;
	j->disc = calloc(1, sizeof(*j->disc));
	if (!j->disc) {
		j->run->failed = 1;
		return NULL;
	}
	strvec_init(&j->disc->sitemaps, CAP_DISCOVERY_SITEMAPS * 4);
	strvec_init(&j->disc->maybes, CAP_DISCOVERY_CONFIRM);
	return j->disc;
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

/* One request of the search, within its cap. Whether it was made. */
static bool search_fetch(struct job *j, struct discovery *d, const char *url, enum role role, unsigned depth,
                         size_t item)
{
	if (d->pages >= CAP_DISCOVERY_PAGES) {
		d->capped = true;
		return false;
	}
	if (strvec_contains(&j->seen_pages, url))
		return false;
	if (role == ROLE_MENU) {
		/* The menu item rides in the request's check (job.h). */
		if (j->pages_asked >= j->run->opts->max_pages || strvec_push(&j->seen_pages, url)) {
			if (j->pages_asked < j->run->opts->max_pages)
				j->run->failed = 1;
			return false;
		}
		j->pages_asked++;
		if (job_fetch(j, url, role, depth, item)) {
			j->run->failed = 1;
			return false;
		}
	} else if (!job_fetch_page_once(j, url, role, depth)) {
		return false;
	}
	d->pages++;
	return true;
}

/* The search found nothing: no section, and what was tried. */
static void search_failed(struct job *j, const struct discovery *d)
{
	struct finding menus = { .kind = FIND_SEARCHED_MENUS, .doc = -1, .count = d ? d->menu_pages : 0 };
	struct finding maps = { .kind = FIND_SEARCHED_SITEMAPS, .doc = -1, .count = d ? d->urls_read : 0 };
	struct finding paths = { .kind = FIND_SEARCHED_PATHS, .doc = -1, .count = d ? d->paths_tried : 0 };
	struct finding cap = { .kind = FIND_SEARCH_CAP, .doc = -1, .cap = CAP_DISCOVERY_PAGES };

	j->res->status = ORG_NO_SECTION;
	if (d && d->home_read)
		job_note(j, &menus);
	if (d && (d->sitemaps_read || d->robots_asked))
		job_note(j, &maps);
	if (d && d->paths_tried)
		job_note(j, &paths);
	if (d && d->capped)
		job_note(j, &cap);
	job_finding(j, FIND_NO_SECTION, NULL);
}

/* The likeliest menu page not opened yet: level 1 before 2, then by its parent's rank and its own. */
static struct menu_item *next_menu(struct discovery *d)
{
	struct menu_item *best = NULL;

	for (size_t i = 0; i < d->nmenus; i++) {
		struct menu_item *m = &d->menus[i];

		if (m->opened)
			continue;
		if (!best || m->level < best->level ||
		    (m->level == best->level && (m->parent_rank < best->parent_rank ||
		                                 (m->parent_rank == best->parent_rank && m->rank < best->rank))))
			best = m;
	}
	return best;
}

static bool open_menu(struct job *j, struct discovery *d)
{
	struct menu_item *m;

	while (d->menu_pages < CAP_DISCOVERY_MENU_PAGES && (m = next_menu(d)) != NULL) {
		m->opened = true;
		if (search_fetch(j, d, m->url, ROLE_MENU, m->level, (size_t)(m - d->menus))) {
			d->menu_pages++;
			return true;
		}
		if (d->capped)
			return false;
	}
	return false;
}

/* A page a sitemap gave, then the next sitemap, then robots.txt's list of them. */
static bool open_sitemaps(struct job *j, struct discovery *d)
{
	char *url = NULL;
	bool asked = false;

	while (d->next_maybe < d->maybes.len)
		if (search_fetch(j, d, d->maybes.items[d->next_maybe++], ROLE_MAYBE, 0, 0))
			return true;
	if (!d->default_added) {
		d->default_added = true;
		if (url_resolve(&url, d->site, "/sitemap.xml") == 0 && strvec_push_owned(&d->sitemaps, url))
			j->run->failed = 1;
		url = NULL;
	}
	while (d->next_sitemap < d->sitemaps.len && d->sitemaps_read < CAP_DISCOVERY_SITEMAPS &&
	       d->urls_read < CAP_SITEMAP_URLS) {
		if (search_fetch(j, d, d->sitemaps.items[d->next_sitemap++], ROLE_SITEMAP, 0, 0)) {
			d->sitemaps_read++;
			return true;
		}
		if (d->capped)
			return false;
	}
	if (!d->robots_asked) {
		d->robots_asked = true;
		if (url_resolve(&url, d->site, "/robots.txt") == 0)
			asked = search_fetch(j, d, url, ROLE_ROBOTS, 0, 0);
		free(url);
	}
	return asked;
}

static bool open_known_path(struct job *j, struct discovery *d)
{
	const struct ruleset *rules = j->run->rules;

	while (d->next_path < rules_known_path_count(rules)) {
		char *url = NULL;
		bool asked = false;

		if (url_resolve(&url, d->site, rules_known_path(rules, d->next_path++)) == 0) {
			asked = search_fetch(j, d, url, ROLE_MAYBE, 0, 0);
			d->paths_tried += asked;
		}
		free(url);
		if (asked)
			return true;
		if (d->capped)
			return false;
	}
	return false;
}

/* The next place to look: one request, or, when none is left, no section. */
static void search_next(struct job *j)
{
	struct discovery *d = discovery(j);

	if (!d)
		return;
	if (!d->site) {
		d->site = strdup(j->entry_url);
		if (!d->site) {
			j->run->failed = 1;
			return;
		}
	}
	for (; d->stage != STAGE_DONE && !d->capped; d->stage++) {
		if (d->stage == STAGE_MENUS && open_menu(j, d))
			return;
		if (d->stage == STAGE_SITEMAPS && open_sitemaps(j, d))
			return;
		if (d->stage == STAGE_PATHS && open_known_path(j, d))
			return;
		if (d->capped)
			break;
	}
	search_failed(j, d);
}

/* A menu item to open later, once per URL. */
static void add_menu(struct job *j, struct discovery *d, const char *url, unsigned level, unsigned parent_rank,
                     unsigned rank)
{
	struct menu_item *m;

	if (strvec_contains(&j->seen_pages, url))
		return;
	for (size_t i = 0; i < d->nmenus; i++)
		if (strcmp(d->menus[i].url, url) == 0)
			return;
	if (d->nmenus == d->menus_alloc) {
		size_t n = d->menus_alloc ? d->menus_alloc * 2 : 16;
		struct menu_item *p = realloc(d->menus, n * sizeof(*p));

		if (!p) {
			j->run->failed = 1;
			return;
		}
		d->menus = p;
		d->menus_alloc = n;
	}
	m = &d->menus[d->nmenus];
	*m = (struct menu_item){ .url = strdup(url), .level = level, .parent_rank = parent_rank, .rank = rank };
	if (!m->url) {
		j->run->failed = 1;
		return;
	}
	d->nmenus++;
}

/* The page's menu links to parent areas, as items of level. */
static void add_menus(struct job *j, struct discovery *d, const struct html_page *page, unsigned level,
                      unsigned parent_rank)
{
	struct discover_menu found[CAP_DISCOVERY_MENU_PAGES];
	size_t n = discover_menu_links(j->run->rules, page, found, COUNT(found));

	for (size_t i = 0; i < n; i++)
		add_menu(j, d, page->links[found[i].link].url, level, parent_rank, found[i].rank);
}

/*
 * The pages a home page shows inside itself, on the same site and no
 * document: a frameset's frames (its menu and its content are other pages),
 * opened first of the menus.
 */
static void add_frames(struct job *j, struct discovery *d, const struct html_page *page)
{
	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];

		if (l->embedded && url_same_host(page->url, l->url) && !job_is_document_link(j->run->rules, l))
			add_menu(j, d, l->url, 1, 0, 0);
	}
}

/* The home page (page: where it led): the site searched, its frames and its menus. */
static void read_home(struct job *j, const struct html_page *page)
{
	struct discovery *d = discovery(j);

	if (!d || d->home_read)
		return;
	d->home_read = true;
	free(d->site);
	d->site = strdup(page->url);
	if (!d->site)
		j->run->failed = 1;
	add_frames(j, d, page);
	add_menus(j, d, page, 1, 0);
}

/* Is url the root of its site ("scheme://host/")? */
static bool is_root(const char *url)
{
	char *root = NULL;
	bool yes = url_root(&root, url) == 0 && url_equivalent(root, url);

	free(root);
	return yes;
}

void job_go_home(struct job *j, const char *url)
{
	char *root = NULL;

	if (url_root(&root, url) == 0 && !strvec_contains(&j->seen_pages, root))
		job_fetch_page_once(j, root, ROLE_HOME, 0);
	else if (root)
		search_next(j);
	else
		j->res->status = ORG_NO_SECTION;
	free(root);
}

/* A menu page: the section itself was ruled out; a link to it, else its own menus, else on. */
static void read_menu(struct job *j, const struct request *req, const struct html_page *page)
{
	struct discovery *d = discovery(j);
	const struct html_link *link;
	struct rule_error err = { 0, 0 };

	if (!d)
		return;
	if (req->depth < 2 && req->check < d->nmenus)
		add_menus(j, d, page, req->depth + 1, d->menus[req->check].rank);
	link = find_section_link(j->run->rules, page, &err);
	if (!link)
		section_rule_error(j, page->url, &err);
	if (link && search_fetch(j, d, link->url, ROLE_MAYBE, 0, 0))
		return;
	search_next(j);
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
	if (req->role == ROLE_MENU) {
		read_menu(j, req, page);
		return;
	}
	if (req->role == ROLE_DISCOVERED || req->role == ROLE_MAYBE) {
		job_finding(j, FIND_NOT_A_SECTION, page->url);
		/* The registry URL's link led nowhere: the home page's is next. */
		if (req->role == ROLE_DISCOVERED)
			job_go_home(j, j->entry_url);
		else
			search_next(j);
		return;
	}
	if (req->role == ROLE_HOME || is_root(j->entry_url))
		read_home(j, page);
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
	search_next(j);
}

bool job_discovery_failed(struct job *j, const struct request *req, const struct crawl_result *r)
{
	if (req->role != ROLE_MENU && req->role != ROLE_MAYBE && req->role != ROLE_ROBOTS &&
	    req->role != ROLE_SITEMAP)
		return false;
	/* No answer at all (not a refusal, not a status): the site is unreachable, not without a section. */
	if (r->curl_code && !r->robots_blocked && !r->redirect_refused && !r->address_refused && !r->skipped)
		return false;
	search_next(j);
	return true;
}

/* A sitemap's or robots.txt's URL, resolved, on the site, not gzipped (curl decodes only a gzip encoding). */
static void add_sitemap(struct job *j, struct discovery *d, const char *base, const char *loc)
{
	char *url = NULL;
	size_t len;

	if (url_resolve(&url, base, loc) || !discover_same_site(d->site, url) ||
	    strvec_contains(&d->sitemaps, url)) {
		free(url);
		return;
	}
	len = strlen(url);
	if (len > 3 && strcasecmp(url + len - 3, ".gz") == 0) {
		free(url);
		return;
	}
	/* Past the list's cap a sitemap is not read (strvec counts it). */
	if (strvec_push_owned(&d->sitemaps, url))
		j->run->failed = 1;
}

void job_read_robots(struct job *j, const struct request *req, const struct robots *robots, const char *url)
{
	struct discovery *d = discovery(j);

	(void)req;
	if (!d)
		return;
	for (size_t i = 0; robots && i < robots_sitemap_count(robots); i++)
		add_sitemap(j, d, url, robots_sitemap(robots, i));
	search_next(j);
}

size_t job_sitemap_room(const struct job *j)
{
	size_t read = j->disc ? j->disc->urls_read : 0;

	return read < CAP_SITEMAP_URLS ? CAP_SITEMAP_URLS - read : 0;
}

/* A urlset's URLs that may be the section, best first, after those already found. */
static void add_maybes(struct job *j, struct discovery *d, const struct sitemap *map, const char *base)
{
	size_t best[CAP_DISCOVERY_CONFIRM], n, m = 0;
	char **urls = calloc(map->nlocs ? map->nlocs : 1, sizeof(*urls));

	if (!urls) {
		j->run->failed = 1;
		return;
	}
	/* A <loc> that does not resolve to a URL is no page. */
	for (size_t i = 0; i < map->nlocs; i++)
		if (url_resolve(&urls[m], base, map->locs[i]) == 0)
			m++;
	n = discover_rank_section_urls(j->run->rules, d->site, (const char *const *)urls, m, best, COUNT(best));
	for (size_t i = 0; i < n && d->maybes.len < CAP_DISCOVERY_CONFIRM; i++)
		if (!strvec_contains(&d->maybes, urls[best[i]]) && strvec_push(&d->maybes, urls[best[i]]))
			j->run->failed = 1;
	for (size_t i = 0; i < m; i++)
		free(urls[i]);
	free(urls);
}

void job_read_sitemap(struct job *j, const struct request *req, const struct sitemap *map, const char *url)
{
	struct discovery *d = discovery(j);

	(void)req;
	if (!d)
		return;
	if (map) {
		d->urls_read += map->nlocs;
		if (map->kind == SITEMAP_INDEX)
			for (size_t i = 0; i < map->nlocs; i++)
				add_sitemap(j, d, url, map->locs[i]);
		else if (map->kind == SITEMAP_URLSET)
			add_maybes(j, d, map, url);
	}
	search_next(j);
}
