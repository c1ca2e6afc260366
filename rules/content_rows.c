/*
 * content_rows.c - what a document's count_row patterns count in its
 * text (indicators 8 and 10: the pairs a pair order lists, the programmes
 * a file holds), over the whole text or over the stretches its own title
 * blocks head: a file holding several documents (an order with its
 * appendices, an archive of documents) counts each document's rows from
 * its title block to the next block of another document.
 */
#include <ctype.h>
#include <string.h>

#include "core/lines.h"
#include "rules/content.h"
#include "rules/ruleset.h"

/* The number a line starts with (a table row's «1», «2.»), 0 when none. */
static unsigned row_number(const char *s)
{
	unsigned n = 0;

	/* Past spaces and marks only: a letter first means the line has no row number. */
	while (*s && (unsigned char)*s < 0x80 && !isalnum((unsigned char)*s))
		s++;
	for (; *s >= '0' && *s <= '9' && n < 100000; s++)
		n = n * 10 + (unsigned)(*s - '0');
	return n;
}

/*
 * Rows counted: numbered ones by the run 1, 2, 3 … they make in their
 * order (a page's number or a clause's is no row), unnumbered ones each.
 */
struct row_tally {
	unsigned next;        /* the number the run waits for */
	size_t unnumbered;
};

static void tally_row(struct row_tally *t, const char *line)
{
	unsigned n = row_number(line);

	if (n == 0)
		t->unnumbered++;
	else if (n == t->next)
		t->next++;
}

size_t rules_count_rows(const struct ruleset *rs, size_t doc, const struct content_page *pages, size_t npages,
                        struct rule_error *err)
{
	char text[CAP_CONTENT_BLOCK_BYTES + 1];
	struct rule_cache *cache = NULL;
	struct row_tally tally = { .next = 1 };

	*err = (struct rule_error){ 0, 0 };
	if (!rules_doc_counts(rs, doc) || rules_cache_new(&cache))
		return 0;
	for (size_t i = 0; i < npages; i++) {
		struct lines lines;
		struct line ln;

		lines_init(&lines, pages[i].text, pages[i].len, 0, LINES_LONE_CR);
		while (lines_next(&lines, &ln)) {
			struct rule_span sp;
			struct rule_error e;

			if (ln.has_nul)
				continue;
			rules_line_text(text, sizeof(text), &ln);
			if (rules_patlist_earliest(rs, cache, &rs->docs[doc].count_row, text, &sp, &e))
				tally_row(&tally, text);
			if (e.code && !err->code)
				*err = e;
		}
	}
	rules_cache_free(cache);
	return (size_t)(tally.next - 1) + tally.unnumbered;
}

/* A place in the text: a page (index into pages[]) and a byte offset in it. */
struct text_at {
	size_t page;
	size_t offset;
};

static bool at_before(struct text_at a, struct text_at b)
{
	return a.page < b.page || (a.page == b.page && a.offset < b.offset);
}

/* Where fact f starts: the index of its page in pages[] (npages when absent). */
static struct text_at fact_at(const struct content_fact *f, const struct content_page *pages, size_t npages)
{
	struct text_at at = { npages, 0 };

	for (size_t i = 0; i < npages; i++)
		if (pages[i].number == f->page) {
			at = (struct text_at){ i, f->offset < pages[i].len ? f->offset : pages[i].len };
			break;
		}
	return at;
}

/* The text from..to as slices of pages, appended to out[*n] (room for npages + 1 more). */
static void add_stretch(struct content_page *out, size_t *n, const struct content_page *pages, size_t npages,
                        struct text_at from, struct text_at to)
{
	for (size_t i = from.page; i < npages && i <= to.page; i++) {
		size_t start = i == from.page ? from.offset : 0;
		size_t end = i == to.page ? to.offset : pages[i].len;

		if (end > start) {
			out[*n] = pages[i];
			out[*n].text = pages[i].text + start;
			out[*n].len = end - start;
			(*n)++;
		}
	}
}

size_t rules_count_rows_headed(const struct ruleset *rs, size_t doc, const struct content_verdict *v,
                               const struct content_page *pages, size_t npages, struct rule_error *err)
{
	struct content_page slices[CAP_CONTENT_FACTS * (CAP_DOC_PAGES + 1)];
	size_t n = 0;

	*err = (struct rule_error){ 0, 0 };
	if (npages > CAP_DOC_PAGES)
		npages = CAP_DOC_PAGES;
	for (size_t i = 0; i < v->nfacts; i++) {
		const struct content_fact *f = &v->facts[i];
		struct text_at from, to = { npages, 0 };

		if (f->doc != doc || f->excluded || (i > 0 && v->facts[i - 1].doc == doc && !v->facts[i - 1].excluded))
			continue;
		from = fact_at(f, pages, npages);
		/* On to the next block that names another document (one block may name two: not that one). */
		for (size_t k = i + 1; k < v->nfacts; k++) {
			struct text_at at = fact_at(&v->facts[k], pages, npages);

			if ((v->facts[k].doc != doc || v->facts[k].excluded) && at_before(from, at)) {
				to = at;
				break;
			}
		}
		add_stretch(slices, &n, pages, npages, from, to);
	}
	return n ? rules_count_rows(rs, doc, slices, n, err) : 0;
}
