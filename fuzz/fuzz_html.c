/*
 * fuzz_html.c - html_parse() on arbitrary page bytes, then what the audit
 * does with a parsed page: every link classified with the built-in rules,
 * its dates read and judged, the page tested as a mentorship section.
 *
 * Input: one selector byte, then the body. The selector picks the
 * Content-Type (bits 0-1: utf-8, windows-1251, none named, or the body's
 * first line as the header value) and the page URL (bits 2-3), so the
 * charset decision, <meta> sniffing and URL resolution are all reached.
 * Besides memory errors and leaks it checks what html.h promises: absolute
 * http(s) URLs, UTF-8 texts with white space folded, every cap kept.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "rules/builtin.h"
#include "rules/rules.h"

static const char *const content_types[] = {
	"text/html; charset=utf-8",
	"text/html; charset=windows-1251",
	"text/html",
};

static const char *const page_urls[] = {
	"http://school.test/nastavnichestvo/index.html",
	"https://sch12-tu.uralschool.ru/svedeniya/nastavnichestvo/?sub=1",
	"http://xn--80aaf.test:8080/%D0%BD%D0%B0%D1%81/p30.html",
	"https://lizei1.gosuslugi.ru/",
};

#define AS_OF 20261122

/* Parsed once and kept: the audit shares one ruleset for the whole run. */
static const struct ruleset *builtin_rules(void)
{
	static struct ruleset *rs;
	char err[256];

	if (!rs && rules_load_or_builtin(&rs, NULL, err, sizeof(err))) {
		fprintf(stderr, "fuzz_html: built-in rules: %s\n", err);
		abort();
	}
	return rs;
}

static void check_folded(const char *s, size_t cap)
{
	size_t n;

	FUZZ_CHECK(s != NULL);
	n = strlen(s);
	FUZZ_CHECK(n <= cap);   /* a cap counts bytes of content, the NUL aside */
	FUZZ_CHECK(text_utf8_valid(s, n));
	FUZZ_CHECK(strpbrk(s, "\t\n\r") == NULL);
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
}

static void check_verdict(const struct ruleset *rs, const struct rule_verdict *v)
{
	bool any = false;

	for (size_t i = 0; i < CAP_RULE_DOCS; i++) {
		FUZZ_CHECK(!v->docs[i] || (i < rules_doc_count(rs) && v->line[i] > 0));
		any = any || v->docs[i];
	}
	FUZZ_CHECK(any == v->any);
	FUZZ_CHECK(!(v->any || v->ignored) || v->text != NULL);
	FUZZ_CHECK(memchr(v->ignored_by, '\0', sizeof(v->ignored_by)) != NULL);
}

/* As src/audit.c judges a candidate: its own texts first, then its item's. */
static void judge_dates(const struct html_link *l)
{
	struct date_scan dates;
	char *own;
	size_t n = strlen(l->text) + strlen(l->title) + strlen(l->filename) + 16;
	char label[32];

	own = malloc(n);
	if (!own)
		abort();
	snprintf(own, n, "%s | %s | %s | ", l->text, l->title, l->filename);
	dates_scan(&dates, own);
	free(own);
	if (dates.ndates + dates.nperiods + dates.nyears == 0)
		dates_scan(&dates, l->context);
	(void)rules_freshness_name(rules_freshness(&dates, AS_OF, label, sizeof(label)));
	FUZZ_CHECK(memchr(label, '\0', sizeof(label)) != NULL);
}

static void read_link(const struct ruleset *rs, const struct html_link *l)
{
	struct rule_verdict v;

	FUZZ_CHECK(l->url != NULL);
	FUZZ_CHECK(strncmp(l->url, "http://", 7) == 0 || strncmp(l->url, "https://", 8) == 0);
	check_folded(l->text, CAP_LINK_TEXT);
	check_folded(l->title, CAP_LINK_TEXT);
	check_folded(l->context, CAP_CONTEXT_TEXT);
	FUZZ_CHECK(l->filename != NULL);

	rules_classify(rs, l, &v);
	check_verdict(rs, &v);
	(void)rules_is_placeholder(rs, l, NULL);
	(void)rules_is_section_link(rs, l, NULL);
	(void)rules_is_section_page(rs, l->url, "", "", NULL);
	judge_dates(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ruleset *rs = builtin_rules();
	struct html_page *page = NULL;
	char header[CAP_HEADER_VALUE];
	const char *content_type;
	const char *page_url;
	unsigned sel;

	if (size == 0)
		return 0;
	sel = data[0];
	data++;
	size--;
	page_url = page_urls[(sel >> 2) % FUZZ_COUNT(page_urls)];
	if ((sel & 3) < FUZZ_COUNT(content_types)) {
		content_type = content_types[sel & 3];
	} else {
		size_t used = fuzz_line(header, sizeof(header), data, size);

		content_type = header;
		data += used;
		size -= used;
	}

	if (html_parse(&page, (const char *)data, size, content_type, page_url))
		return 0;   /* out of memory is the only failure */
	FUZZ_CHECK(page != NULL);
	FUZZ_CHECK(strcmp(page->url, page_url) == 0);
	FUZZ_CHECK(memchr(page->charset, '\0', sizeof(page->charset)) != NULL && page->charset[0]);
	check_folded(page->title, CAP_PAGE_TITLE);
	check_folded(page->h1, CAP_PAGE_TITLE);
	FUZZ_CHECK(page->nlinks <= CAP_LINKS_PER_PAGE);
	for (size_t i = 0; i < page->nlinks; i++)
		read_link(rs, &page->links[i]);
	(void)rules_is_section_page(rs, page->url, page->title, page->h1, NULL);
	html_page_free(page);
	return 0;
}
