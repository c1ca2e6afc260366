/*
 * parse_bench.c - CPU per HTML page: libxml2's own parse against the work
 * mentor-audit does for each section page it reads.
 *
 *   parse_bench [--iterations N] [--as-of YYYY-MM-DD] FILE URL [FILE URL ...]
 *
 * For every page (a file and the URL it was served at) three things are
 * timed, interleaved round by round so that drift hits all three alike:
 *
 *   libxml2   htmlReadMemory() with the options parsers/html.c uses, then
 *             xmlFreeDoc(): the parse alone;
 *   parse     html_parse() + html_page_free(): charset, conversion, the
 *             parse and the walk that collects links with their texts;
 *   page      parse, then what src/audit.c does with a section page it
 *             fetched from the registry: rules_is_section_page() for the
 *             entry, and for every link read_link() (rules_classify(), the
 *             placeholder and document tests, freshness for documents that
 *             must be current) and the crawl test of read_section_page()
 *             (url_scope_covers(), the document-ending test).
 *
 * read_link() and its helpers are static in src/audit.c; the copy below
 * follows them call for call (the lists of title starts and endings too) so
 * the CPU is the same; it records nothing. CPU time is the process's
 * (CLOCK_PROCESS_CPUTIME_ID). Prints ns per page for each, the ratios and
 * one JSON line (prefixed "json: ") for the bench scripts.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/file.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "parsers/url.h"
#include "rules/builtin.h"
#include "rules/rules.h"

#define PAGES_MAX 256

/* As in src/audit.c. */
static const char *const document_title_starts[] = {
	"приказ", "положение", "план", "программа", "порядок", "отчет", "отчёт",
	"распоряжение", "дорожная карта", "постановление", "письмо",
};
static const char *const document_endings[] = {
	".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt",
	".pptx", ".odp", ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif",
	".tif", ".tiff", ".txt", ".djvu", ".sig",
};

struct page_in {
	char *body;
	size_t len;
	const char *url;
};

struct totals {
	double ns[3];            /* libxml2, parse, page */
	size_t links;
	size_t candidates;
	size_t bytes;
};

/* Defeats dead-code elimination of results the bench does not use. */
static volatile size_t sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static bool is_document_link(const struct html_link *l)
{
	size_t n = strlen(l->filename);

	for (size_t i = 0; i < COUNT(document_endings); i++) {
		size_t m = strlen(document_endings[i]);

		if (n >= m && strcasecmp(l->filename + n - m, document_endings[i]) == 0)
			return true;
	}
	return false;
}

static bool looks_like_document(const struct html_link *l)
{
	char low[64];

	if (is_document_link(l))
		return true;
	text_lower_copy(low, sizeof(low), l->text, strlen(l->text));
	for (size_t i = 0; i < COUNT(document_title_starts); i++)
		if (strncmp(low, document_title_starts[i], strlen(document_title_starts[i])) == 0)
			return true;
	return false;
}

static enum rule_freshness judge_freshness(const struct rule_doc *doc, const struct html_link *l, int as_of)
{
	const char *own[] = { l->text, l->title, l->filename };
	char label[32];
	struct buf all;
	struct date_scan dates;

	buf_init(&all, 3 * CAP_LINK_TEXT + 8);
	for (size_t i = 0; i < COUNT(own); i++)
		if (buf_addstr(&all, own[i]) || buf_addstr(&all, " | "))
			break;    /* the cap leaves out at most the last " | " */
	dates_scan(&dates, buf_str(&all));
	buf_free(&all);
	if (dates.ndates + dates.nperiods + dates.nyears == 0)
		dates_scan(&dates, l->context);
	return rules_doc_freshness(doc, &dates, as_of, label, sizeof(label));
}

/* read_link() of src/audit.c, without the records it keeps. Returns the candidates. */
static size_t read_link(const struct ruleset *rules, struct rule_cache *cache,
                        const struct html_link *l, int as_of)
{
	size_t ndocs = rules_doc_count(rules), cands = 0;
	struct rule_verdict v;

	rules_classify_cached(rules, cache, l, &v);
	if (!v.any) {
		if (looks_like_document(l) && !rules_is_placeholder(rules, l, NULL))
			sink++;
		return 0;
	}
	if (rules_is_placeholder(rules, l, NULL) || v.ignored)
		return 0;
	for (size_t d = 0; d < ndocs; d++) {
		if (!v.docs[d])
			continue;
		if (rules_doc(rules, d)->fresh && judge_freshness(rules_doc(rules, d), l, as_of) == RULE_STALE)
			continue;
		cands++;
	}
	return cands;
}

static int time_libxml2(const struct page_in *p)
{
	htmlDocPtr doc;

	xmlInitParser();
	doc = htmlReadMemory(p->body, (int)p->len, p->url, "UTF-8",
	                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
	                     XML_PARSE_HUGE);
	if (!doc)
		return -1;
	sink += (size_t)(uintptr_t)xmlDocGetRootElement(doc);
	xmlFreeDoc(doc);
	return 0;
}

static int time_parse(const struct page_in *p)
{
	struct html_page *page = NULL;

	if (html_parse(&page, p->body, p->len, "text/html; charset=utf-8", p->url))
		return -1;
	sink += page->nlinks;
	html_page_free(page);
	return 0;
}

static int time_page(const struct ruleset *rules, const struct page_in *p, int as_of,
                     struct totals *t, bool count)
{
	struct html_page *page = NULL;
	struct rule_cache *cache = NULL;
	struct url_scope *section = NULL;
	char *path = NULL;
	size_t cands = 0;

	if (html_parse(&page, p->body, p->len, "text/html; charset=utf-8", p->url))
		return -1;
	/* as read_section_page(): one cache and one parsed section per page */
	(void)rules_cache_new(&cache);
	(void)url_scope_new(&section, p->url);
	if (url_path_decoded(&path, page->url) == 0) {
		sink += rules_is_section_page(rules, path, page->title, page->h1, NULL);
		free(path);
	}
	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];

		cands += read_link(rules, cache, l, as_of);
		if (url_scope_covers(section, l->url) && !is_document_link(l))
			sink++;
	}
	if (count) {
		t->links += page->nlinks;
		t->candidates += cands;
	}
	url_scope_free(section);
	rules_cache_free(cache);
	html_page_free(page);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: parse_bench [--iterations N] [--as-of YYYY-MM-DD] FILE URL [FILE URL ...]\n");
}

int main(int argc, char **argv)
{
	struct page_in pages[PAGES_MAX];
	struct ruleset *rules = NULL;
	struct totals t = { { 0, 0, 0 }, 0, 0, 0 };
	char err[512];
	long iterations = 20;
	int as_of = 20261122, ai = 1, rc = 1;
	bool jit;
	size_t npages = 0;

	for (; ai < argc && strncmp(argv[ai], "--", 2) == 0; ai += 2) {
		if (ai + 1 >= argc) {
			usage();
			return 2;
		}
		if (strcmp(argv[ai], "--iterations") == 0) {
			iterations = strtol(argv[ai + 1], NULL, 10);
		} else if (strcmp(argv[ai], "--as-of") == 0) {
			if (dates_parse_iso(argv[ai + 1], &as_of)) {
				fprintf(stderr, "parse_bench: bad --as-of %s\n", argv[ai + 1]);
				return 2;
			}
		} else {
			usage();
			return 2;
		}
	}
	if (iterations < 1 || argc - ai < 2 || (argc - ai) % 2) {
		usage();
		return 2;
	}
	for (; ai + 1 < argc && npages < PAGES_MAX; ai += 2) {
		struct page_in *p = &pages[npages];

		if (file_read_all(&p->body, &p->len, argv[ai], CAP_BODY_BYTES, err, sizeof(err))) {
			fprintf(stderr, "parse_bench: %s\n", err);
			goto out;
		}
		p->url = argv[ai + 1];
		t.bytes += p->len;
		npages++;
	}
	/* As src/main.c: MENTOR_AUDIT_PCRE_JIT=0 interprets the patterns (for valgrind). */
	jit = !(getenv("MENTOR_AUDIT_PCRE_JIT") && strcmp(getenv("MENTOR_AUDIT_PCRE_JIT"), "0") == 0);
	rules_use_jit(jit);
	if (rules_load_or_builtin(&rules, NULL, err, sizeof(err))) {
		fprintf(stderr, "parse_bench: %s\n", err);
		goto out;
	}
	/* One untimed round: page cache, allocator and JIT warm. */
	for (size_t i = 0; i < npages; i++)
		if (time_libxml2(&pages[i]) || time_parse(&pages[i]) ||
		    time_page(rules, &pages[i], as_of, &t, true)) {
			fprintf(stderr, "parse_bench: %s: cannot parse\n", pages[i].url);
			goto out;
		}
	for (long it = 0; it < iterations; it++) {
		for (size_t i = 0; i < npages; i++) {
			double t0 = now_ns(), t1, t2, t3;

			time_libxml2(&pages[i]);
			t1 = now_ns();
			time_parse(&pages[i]);
			t2 = now_ns();
			time_page(rules, &pages[i], as_of, &t, false);
			t3 = now_ns();
			t.ns[0] += t1 - t0;
			t.ns[1] += t2 - t1;
			t.ns[2] += t3 - t2;
		}
	}
	{
		double n = (double)npages * (double)iterations;
		double lx = t.ns[0] / n, parse = t.ns[1] / n, page = t.ns[2] / n;

		printf("pages: %zu (mean %.1f KB, %.0f links), %ld iterations, rules: built-in, JIT %s\n",
		       npages, (double)t.bytes / (double)npages / 1024.0, (double)t.links / (double)npages,
		       iterations, jit ? "on" : "off");
		printf("%-44s %12s %10s\n", "per page (CPU)", "ns", "x libxml2");
		printf("%-44s %12.0f %10.2f\n", "libxml2 htmlReadMemory + xmlFreeDoc", lx, 1.0);
		printf("%-44s %12.0f %10.2f\n", "html_parse (charset, parse, link walk)", parse, parse / lx);
		printf("%-44s %12.0f %10.2f\n", "mentor-audit per page (html_parse + rules)", page, page / lx);
		printf("%-44s %12.0f %10.2f\n", "  of which rules and link tests", page - parse, (page - parse) / lx);
		printf("json: {\"pages\":%zu,\"iterations\":%ld,\"mean_bytes\":%.0f,\"mean_links\":%.1f,"
		       "\"jit\":%s,\"libxml2_ns\":%.0f,\"html_parse_ns\":%.0f,\"page_ns\":%.0f,\"ratio\":%.3f}\n",
		       npages, iterations, (double)t.bytes / (double)npages, (double)t.links / (double)npages,
		       jit ? "true" : "false", lx, parse, page, page / lx);
	}
	rc = 0;
out:
	for (size_t i = 0; i < npages; i++)
		free(pages[i].body);
	rules_free(rules);
	return rc;
}
