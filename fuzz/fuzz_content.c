/*
 * fuzz_content.c - rules_read_content(), rules_count_rows() and rules_count_rows_headed() on arbitrary
 * document text, with the built-in rule file: what the judge does with the
 * text a reader child sends back.
 *
 * Input: the document's text, its pages separated by form feeds (at most
 * CAP_DOC_PAGES pages, as doc_extract() gives); the first byte's bits say
 * which of the first eight pages were recognised by OCR. The text is read
 * twice: as a file's, and as a web page's own text (typed documents). Text is not
 * checked for UTF-8 first: a reader's text is promised valid, but the rules
 * must not trust that promise with memory.
 *
 * Besides memory errors and leaks it checks what content.h promises: every
 * fact names a document of the rule file on a page of the input, its
 * strings are terminated, no more facts than CAP_CONTENT_FACTS and no more
 * blocks than CAP_CONTENT_BLOCKS, the organisations a block names by number
 * within CAP_CONTENT_ISSUERS and CAP_ORG_NUMBER; a count never exceeds the
 * lines it read.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "rules/builtin.h"
#include "rules/content.h"
#include "rules/rules.h"

#define AS_OF 20261122

/* The built-in rules, compiled once for the whole run as the tool does. */
static const struct ruleset *ruleset(void)
{
	static struct ruleset *rs;
	char err[256];

	if (!rs && rules_load_or_builtin(&rs, NULL, err, sizeof(err)))
		abort();
	return rs;
}

static size_t split_pages(const uint8_t *data, size_t size, unsigned ocr_bits, struct content_page *pages)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= size && n < CAP_DOC_PAGES; i++) {
		if (i < size && data[i] != '\f')
			continue;
		pages[n] = (struct content_page){ .number = (unsigned)n + 1, .ocr = n < 8 && (ocr_bits >> n) & 1u,
		                                  .text = (const char *)data + start, .len = i - start };
		n++;
		start = i + 1;
	}
	return n;
}

/* Lines as the rules split them (core/lines.h, LINES_LONE_CR): at LF, CRLF and a lone CR. */
static size_t lines_in(const struct content_page *pages, size_t npages)
{
	size_t lines = 0;

	for (size_t p = 0; p < npages; p++) {
		const char *t = pages[p].text;

		lines++;
		for (size_t i = 0; i < pages[p].len; i++)
			lines += t[i] == '\n' || (t[i] == '\r' && (i + 1 == pages[p].len || t[i + 1] != '\n'));
	}
	return lines;
}

static void check_verdict(const struct ruleset *rs, const struct content_verdict *v, size_t npages)
{
	FUZZ_CHECK(v->nfacts <= CAP_CONTENT_FACTS);
	FUZZ_CHECK(v->blocks <= CAP_CONTENT_BLOCKS);
	FUZZ_CHECK(memchr(v->other_title, '\0', sizeof(v->other_title)) != NULL);
	for (size_t i = 0; i < v->nfacts; i++) {
		const struct content_fact *f = &v->facts[i];

		FUZZ_CHECK(f->doc < rules_doc_count(rs));
		FUZZ_CHECK(f->page >= 1 && f->page <= npages);
		FUZZ_CHECK(f->line > 0);
		FUZZ_CHECK(memchr(f->heading, '\0', sizeof(f->heading)) != NULL);
		FUZZ_CHECK(memchr(f->date_label, '\0', sizeof(f->date_label)) != NULL);
		/* Whose document: at most the cap of numbered organisations, each a number within its cap. */
		FUZZ_CHECK(f->nissuers <= CAP_CONTENT_ISSUERS);
		FUZZ_CHECK(memchr(f->issuer, '\0', sizeof(f->issuer)) != NULL);
		FUZZ_CHECK(f->nissuers == 0 || f->issuer[0] != '\0');
		for (size_t k = 0; k < f->nissuers; k++)
			FUZZ_CHECK(f->issuers[k] >= 1 && f->issuers[k] <= CAP_ORG_NUMBER);
		(void)rules_issued_elsewhere(f, (const unsigned[]){ 7 }, 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ruleset *rs = ruleset();
	struct content_page pages[CAP_DOC_PAGES];
	struct content_verdict *v;
	struct rule_error err;
	size_t npages;

	if (size < 1)
		return 0;
	npages = split_pages(data + 1, size - 1, data[0], pages);
	v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	if (rules_read_content(rs, pages, npages, AS_OF, v) == 0)
		check_verdict(rs, v, npages);
	/* The same text as a web page's own (a document typed into it): blocks start at typed lines. */
	for (size_t p = 0; p < npages; p++)
		pages[p].typed = true;
	if (rules_read_content(rs, pages, npages, AS_OF, v) == 0)
		check_verdict(rs, v, npages);
	FUZZ_CHECK(v->text_words <= size);
	for (size_t d = 0; d < rules_doc_count(rs); d++) {
		if (!rules_doc_counts(rs, d))
			continue;
		FUZZ_CHECK(rules_count_rows(rs, d, pages, npages, &err) <= lines_in(pages, npages));
		/* Counted only under the blocks naming d: never more lines than the pages hold. */
		FUZZ_CHECK(rules_count_rows_headed(rs, d, v, pages, npages, &err) <= lines_in(pages, npages));
	}
	free(v);
	return 0;
}
