/*
 * content.c - what a document's own text says it is (content.h): its
 * title blocks, each read with the heading patterns of the rule file.
 */
#include "rules/content.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/lines.h"
#include "core/text.h"
#include "parsers/dates.h"
#include "rules/ruleset.h"

_Static_assert(CAP_CONTENT_BLOCK_BYTES < CAP_CONTEXT_TEXT, "a title block is one subject of the rules");

/* Where a title block starts. */
struct block_start {
	const struct content_page *page;
	size_t offset;
	bool appendix;
};

struct reader {
	const struct ruleset *rs;
	struct rule_cache *cache;
	int as_of;
	struct content_verdict *out;
	char block[CAP_CONTENT_BLOCK_BYTES + 1];
};

static void note_error(struct content_verdict *out, const struct rule_error *e)
{
	if (e->code && !out->error.code)
		out->error = *e;
}

/* The block's text: up to the cap, cut at a whole character, NUL and form feed as line ends. */
static void block_text(struct reader *r, const struct block_start *b)
{
	size_t n = b->page->len - b->offset;

	if (n > CAP_CONTENT_BLOCK_BYTES)
		n = CAP_CONTENT_BLOCK_BYTES;
	n = text_utf8_valid_prefix(b->page->text + b->offset, n);
	memcpy(r->block, b->page->text + b->offset, n);
	r->block[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (r->block[i] == '\f' || r->block[i] == '\r')
			r->block[i] = '\n';
}

/* The dates of the block up to a little past its heading. */
static enum rule_freshness block_freshness(struct reader *r, size_t doc, size_t heading_end, char *label,
                                           size_t len)
{
	size_t end = heading_end + CAP_CONTENT_DATE_TAIL;
	struct date_scan dates;
	char keep = '\0';

	if (end < strlen(r->block)) {
		end = text_utf8_valid_prefix(r->block, end);
		keep = r->block[end];
		r->block[end] = '\0';
	}
	dates_scan(&dates, r->block);
	if (keep)
		r->block[end] = keep;
	return rules_doc_freshness(&r->rs->docs[doc].doc, &dates, r->as_of, label, len);
}

/* Does a heading_exclude pattern of doc match the block? */
static bool excluded(struct reader *r, size_t doc)
{
	struct rule_span skip;
	struct rule_error e;
	bool hit = rules_patlist_earliest(r->rs, r->cache, &r->rs->docs[doc].heading_exclude, r->block, &skip,
	                                  &e) != 0;

	note_error(r->out, &e);
	return hit;
}

/* Is the block a blank form or a draft ([content] draft)? */
static bool draft_block(struct reader *r)
{
	struct rule_span skip;
	struct rule_error e;
	bool hit;

	if (r->rs->draft.n == 0)
		return false;
	hit = rules_patlist_earliest(r->rs, r->cache, &r->rs->draft, r->block, &skip, &e) != 0;
	note_error(r->out, &e);
	return hit;
}

static void keep_fact(struct reader *r, const struct block_start *b, size_t doc, const struct rule_span *sp,
                      bool excluded_too, bool draft)
{
	struct content_verdict *out = r->out;
	struct content_fact *f;
	struct buf heading;

	if (out->nfacts == CAP_CONTENT_FACTS) {
		out->facts_cut = true;
		return;
	}
	f = &out->facts[out->nfacts++];
	*f = (struct content_fact){ .doc = doc, .excluded = excluded_too, .draft = draft, .page = b->page->number,
	                            .offset = b->offset, .ocr = b->page->ocr, .appendix = b->appendix,
	                            .line = sp->line };
	buf_init(&heading, sizeof(f->heading) - 1);
	text_append_squeezed(&heading, r->block + sp->start, sp->end - sp->start);
	snprintf(f->heading, sizeof(f->heading), "%s", buf_str(&heading));
	buf_free(&heading);
	f->freshness = block_freshness(r, doc, sp->end, f->date_label, sizeof(f->date_label));
}

/* A block naming none of the documents: is it titled as another document? */
static void note_other_title(struct reader *r)
{
	struct rule_span sp;
	struct rule_error e;
	struct buf title;

	if (!rules_patlist_earliest(r->rs, r->cache, &r->rs->title, r->block, &sp, &e)) {
		note_error(r->out, &e);
		return;
	}
	buf_init(&title, sizeof(r->out->other_title) - 1);
	text_append_squeezed(&title, r->block + sp.start, sp.end - sp.start);
	snprintf(r->out->other_title, sizeof(r->out->other_title), "%s", buf_str(&title));
	buf_free(&title);
}

/*
 * The organisations the block names by number from its top (a letterhead, an
 * approval stamp) to a little past its heading («ПОЛОЖЕНИЕ о … в МБОУ СОШ
 * № 5»), kept with each fact the block gave from index from on.
 */
static void note_issuers(struct reader *r, size_t from, const struct rule_span *spans, const bool *hit)
{
	size_t start = (size_t)-1, end = 0, len = strlen(r->block);
	unsigned numbers[CAP_CONTENT_ISSUERS];
	char first[CAP_CONTENT_ISSUER_TEXT], keep;
	const char *body;
	size_t n;

	if (from == r->out->nfacts)
		return;
	for (size_t d = 0; d < r->rs->ndocs; d++) {
		if (hit[d] && spans[d].end > end)
			end = spans[d].end;
		if (hit[d] && spans[d].start < start)
			start = spans[d].start;
	}
	end = end + CAP_CONTENT_ISSUER_TAIL < len ? end + CAP_CONTENT_ISSUER_TAIL : len;
	n = rules_org_numbers(r->rs, r->block, end, numbers, CAP_CONTENT_ISSUERS, first, sizeof(first));
	/* The letterhead: the block's text before its heading. */
	keep = r->block[start];
	r->block[start] = '\0';
	body = rules_higher_body(r->rs, r->cache, r->block);
	r->block[start] = keep;
	for (size_t i = from; i < r->out->nfacts; i++) {
		struct content_fact *f = &r->out->facts[i];

		memcpy(f->issuers, numbers, n * sizeof(numbers[0]));
		f->nissuers = n;
		memcpy(f->issuer, first, sizeof(first));
		f->higher_body = body;
	}
}

/*
 * One title block: the documents whose heading matches first name it.
 * When some of them count, the excluded ones are dropped (the curator's
 * order is no pair order); when none counts, each is kept as excluded (a
 * regulation, but on the mentorship of pupils). A block of a blank form or
 * a draft names its documents, none of them counting.
 */
static void read_block(struct reader *r, const struct block_start *b)
{
	struct rule_span spans[CAP_RULE_DOCS];
	bool hit[CAP_RULE_DOCS] = { false }, out_of[CAP_RULE_DOCS] = { false }, any_counts = false;
	size_t first = (size_t)-1, kept = r->out->nfacts;
	bool draft;

	block_text(r, b);
	r->out->blocks++;
	for (size_t d = 0; d < r->rs->ndocs; d++) {
		struct rule_error e;

		hit[d] = rules_patlist_earliest(r->rs, r->cache, &r->rs->docs[d].heading, r->block, &spans[d], &e);
		note_error(r->out, &e);
		if (hit[d] && spans[d].start < first)
			first = spans[d].start;
	}
	draft = first != (size_t)-1 && draft_block(r);
	for (size_t d = 0; d < r->rs->ndocs; d++) {
		hit[d] = hit[d] && spans[d].start == first;
		out_of[d] = hit[d] && (draft || excluded(r, d));
		any_counts = any_counts || (hit[d] && !out_of[d]);
	}
	for (size_t d = 0; d < r->rs->ndocs; d++)
		if (hit[d] && !(out_of[d] && any_counts))
			keep_fact(r, b, d, &spans[d], out_of[d], draft);
	if (first != (size_t)-1)
		note_issuers(r, kept, spans, hit);
	if (first == (size_t)-1 && !r->out->other_title[0])
		note_other_title(r);
}

void rules_line_text(char *out, size_t cap, const struct line *ln)
{
	size_t n = ln->len < cap - 1 ? ln->len : cap - 1;

	n = text_utf8_valid_prefix(ln->s, n);
	memcpy(out, ln->s, n);
	out[n] = '\0';
}

/* Does a line of a page match one of pl's patterns (the start of an appended or a typed document)? */
static bool line_matches(struct reader *r, const struct patlist *pl, const struct line *ln)
{
	char text[CAP_CONTENT_BLOCK_BYTES + 1];
	struct rule_span sp;
	struct rule_error e;
	bool hit;

	if (pl->n == 0)
		return false;
	rules_line_text(text, sizeof(text), ln);
	hit = rules_patlist_earliest(r->rs, r->cache, pl, text, &sp, &e) != 0;
	note_error(r->out, &e);
	return hit;
}

/* Where a block starts at this line: an appendix, or in a web page's text a typed document's first line. */
enum line_start { LINE_NO_BLOCK, LINE_TYPED, LINE_APPENDIX };

static enum line_start starts_block(struct reader *r, const struct content_page *p, const struct line *ln)
{
	if (ln->has_nul)
		return LINE_NO_BLOCK;
	if (p->typed && line_matches(r, &r->rs->typed, ln))
		return LINE_TYPED;
	return ln->s != p->text && line_matches(r, &r->rs->appendix, ln) ? LINE_APPENDIX : LINE_NO_BLOCK;
}

/*
 * The page's blocks: its start, and each appendix line after it. A web
 * page's own text starts no block at its top (its menus): only at a line
 * that starts a typed document ([content] typed), or at an appendix of a
 * document typed above it (a list's «Приложение 1 к приказу …: Положение»
 * on a section page is a link's title, no appended document).
 */
static void read_page(struct reader *r, const struct content_page *p)
{
	struct block_start b = { .page = p, .offset = 0 };
	struct lines lines;
	struct line ln;
	bool typed_above = false;

	if (r->out->blocks == CAP_CONTENT_BLOCKS)
		return;
	if (!p->typed)
		read_block(r, &b);
	if (r->rs->appendix.n == 0 && !(p->typed && r->rs->typed.n))
		return;
	lines_init(&lines, p->text, p->len, 0, LINES_LONE_CR);
	while (lines_next(&lines, &ln) && r->out->blocks < CAP_CONTENT_BLOCKS) {
		enum line_start start = starts_block(r, p, &ln);

		if (start == LINE_NO_BLOCK || (p->typed && start == LINE_APPENDIX && !typed_above))
			continue;
		typed_above |= start == LINE_TYPED;
		b = (struct block_start){ .page = p, .offset = (size_t)(ln.s - p->text),
		                          .appendix = start == LINE_APPENDIX };
		read_block(r, &b);
	}
}

bool rules_reads_typed(const struct ruleset *rs)
{
	return rs->typed.n > 0;
}

bool rules_doc_counts(const struct ruleset *rs, size_t doc)
{
	return doc < rs->ndocs && rs->docs[doc].count_row.n > 0;
}

/* Words of a text: runs of characters between white space that hold a Latin or Cyrillic letter or a digit. */
static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	bool counted = false;
	unsigned char prev = ' ';

	for (size_t i = 0; i < len; prev = (unsigned char)s[i], i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c)) {
			counted = false;
			continue;
		}
		/* Cyrillic letters are two bytes in UTF-8, led by D0 or D1. */
		if (!counted && (isalnum(c) || ((c & 0xC0) == 0x80 && (prev == 0xD0 || prev == 0xD1)))) {
			n++;
			counted = true;
		}
	}
	return n;
}

int rules_read_content(const struct ruleset *rs, const struct content_page *pages, size_t npages,
                       int as_of, struct content_verdict *out)
{
	struct reader *r = calloc(1, sizeof(*r));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!r || rules_cache_new(&r->cache))
		goto out;
	r->rs = rs;
	r->as_of = as_of;
	r->out = out;
	for (size_t i = 0; i < npages; i++) {
		read_page(r, &pages[i]);
		if (!pages[i].ocr)
			out->text_words += count_words(pages[i].text, pages[i].len);
	}
	rc = 0;
out:
	if (r)
		rules_cache_free(r->cache);
	free(r);
	return rc;
}
