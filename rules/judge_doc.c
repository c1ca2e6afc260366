/*
 * judge_doc.c - the judge's reading of a document's own text (issue 16):
 * what a link's file turned out to be decides over what the link said.
 *
 *   the file is no document (empty, a web page, no text and no image, not
 *     readable at all): the link does not count, whatever it said;
 *   its title blocks name the document: found, recognised by its heading,
 *     of the year its own dates give (stale when they are all older);
 *   they name it, but it does not count (a pupils' regulation): rejected;
 *   they name only other documents: rejected for this one, and found as
 *     those (judge_doc_from_content);
 *   its text layer was read, long enough to tell, and names nothing (a
 *     teacher's development route, a calendar plan): rejected, it is none
 *     of the documents;
 *   its text could not be read or says too little to tell (a scan OCR
 *     could not read, a one-line stub): the link decides, as without reading.
 */
#include "rules/judge_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/finding.h"

/*
 * Is the file no document at all? Empty, no text and no image, or a web
 * page where the link named a file (a «Страница не найдена» answered with
 * 200), or a PDF cut short (no viewer shows a page of it). A web page at a
 * link that named no file is a document's card or a cloud disk's page, and a
 * file the libraries cannot open that is whole (damaged, or a reader's
 * quirk) may still open elsewhere: the link decides.
 */
static bool not_a_document(const struct judge_check *k)
{
	enum doc_failure f = k->document->failure;

	if (f == DOC_FAIL_NOT_DOCUMENT && k->document->type == DOC_TYPE_HTML)
		return k->names_file;
	return f == DOC_FAIL_EMPTY || f == DOC_FAIL_NOT_DOCUMENT || f == DOC_FAIL_NO_TEXT || f == DOC_FAIL_TRUNCATED;
}

/* Failures that leave the file unread: it may well be the document, its link decides. */
static bool unread(enum doc_failure f)
{
	return f == DOC_FAIL_CORRUPT || f == DOC_FAIL_ENCRYPTED || f == DOC_FAIL_UNSUPPORTED ||
	       f == DOC_FAIL_NO_OCR || f == DOC_FAIL_OVER_CAP || f == DOC_FAIL_OCR_NO_WORDS;
}

/* The first fact of content naming d: counting ones first; NULL when none names it. */
static const struct content_fact *fact_for(const struct judge_document *doc, size_t d)
{
	const struct content_fact *excluded = NULL;

	for (size_t i = 0; i < doc->content.nfacts; i++) {
		const struct content_fact *f = &doc->content.facts[i];

		if (f->doc != d)
			continue;
		if (!f->excluded && f->freshness != RULE_STALE)
			return f;
		if (!excluded || (!f->excluded && excluded->excluded))
			excluded = f;
	}
	return excluded;
}

enum judge_read judge_doc_read(struct judging *jg, size_t d, const struct judge_candidate *c,
                               const struct judge_check *k, const struct content_fact **fact)
{
	const struct judge_document *doc = k->document;
	char detail[CAP_CONTENT_HEADING + 64];

	*fact = NULL;
	if (k->lists_files) {
		judge_reject(jg, c, d, REJECT_NOT_DOCUMENT, "html: a list of documents, read as a page of the section");
		return JUDGE_READ_REJECTED;
	}
	if (!doc)
		return JUDGE_READ_LINK;
	if (not_a_document(k)) {
		snprintf(detail, sizeof(detail), "%s: %s", doc_type_name(doc->type), doc_failure_name(doc->failure));
		judge_reject(jg, c, d, REJECT_NOT_DOCUMENT, detail);
		return JUDGE_READ_REJECTED;
	}
	*fact = fact_for(doc, d);
	if (*fact && (*fact)->excluded) {
		judge_reject(jg, c, d, REJECT_CONTENT_EXCLUDED, (*fact)->heading);
		return JUDGE_READ_REJECTED;
	}
	if (*fact && (*fact)->higher_body) {
		judge_reject(jg, c, d, REJECT_HIGHER_ACT, (*fact)->higher_body);
		return JUDGE_READ_REJECTED;
	}
	if (*fact && rules_issued_elsewhere(*fact, jg->in->org_numbers, jg->in->norg_numbers)) {
		judge_reject(jg, c, d, REJECT_CONTENT_OTHER_ORG, (*fact)->issuer);
		return JUDGE_READ_REJECTED;
	}
	if (*fact && (*fact)->freshness == RULE_STALE && rules_doc(jg->in->rules, d)->fresh) {
		judge_reject(jg, c, d, REJECT_STALE, (*fact)->date_label);
		return JUDGE_READ_REJECTED;
	}
	if (*fact)
		return JUDGE_READ_HEADING;
	if (unread(doc->failure)) {
		struct finding f = { .kind = FIND_DOC_UNREAD, .doc = (int)d, .url = c->url,
		                     .detail = (char *)doc_failure_name(doc->failure) };

		if (verdict_add_finding(jg->o, &f))
			jg->failed = 1;
		return JUDGE_READ_LINK;
	}
	/* It names other documents only: it is those, not this one. */
	for (size_t i = 0; i < doc->content.nfacts; i++) {
		if (!doc->content.facts[i].excluded) {
			judge_reject(jg, c, d, REJECT_CONTENT_OTHER, doc->content.facts[i].heading);
			return JUDGE_READ_REJECTED;
		}
	}
	/* Titled as a document of another topic («ПОЛОЖЕНИЕ о языках образования»). */
	if (doc->content.nfacts == 0 && doc->content.other_title[0]) {
		judge_reject(jg, c, d, REJECT_CONTENT_OTHER, doc->content.other_title);
		return JUDGE_READ_REJECTED;
	}
	/* Read from its text layer, long enough to be a document, and naming none: it is none. */
	if (doc->content.nfacts == 0 && !doc->ocr && doc->content.text_words >= JUDGE_WORDS_TO_TELL) {
		judge_reject(jg, c, d, REJECT_CONTENT_SILENT, "");
		return JUDGE_READ_REJECTED;
	}
	return JUDGE_READ_LINK;
}

int judge_doc_record(struct doc_result *r, const struct judge_check *k, const struct content_fact *f,
                     const struct ruleset *rules, size_t d)
{
	r->recognised = !f ? "link" : k->document && k->document->typed ? "page" : f->ocr ? "ocr" : "heading";
	if (k->file_url && !r->file_url) {
		r->file_url = strdup(k->file_url);
		if (!r->file_url)
			return -1;
	}
	if (!k->document)
		return 0;
	r->file_type = doc_type_name(k->document->type);
	r->file_bytes = k->document->bytes;
	if (!f)
		return 0;
	r->doc_page = f->page;
	r->heading = strdup(f->heading);
	/* Its own dates say its year, when they say one. */
	if (rules_doc(rules, d)->fresh == RULE_FRESH_YEAR && f->freshness != RULE_UNDATED)
		r->freshness = rules_freshness_name(f->freshness);
	return r->heading ? 0 : -1;
}

/* A check whose file names d by its heading, counting and of its year; NULL when none. */
/* The heading of k's file that makes it document d, counting and of its year; NULL when none does. */
static const struct content_fact *counting_fact(const struct judge_input *in, const struct judge_check *k,
                                                size_t d)
{
	const struct content_fact *f;

	if (!k->document || !judge_check_ok(k))
		return NULL;
	f = fact_for(k->document, d);
	if (!f || f->excluded || (f->freshness == RULE_STALE && rules_doc(in->rules, d)->fresh) ||
	    f->higher_body || rules_issued_elsewhere(f, in->org_numbers, in->norg_numbers))
		return NULL;
	/* Behind a link of an older year, an undated text does not say the year is wrong. */
	if (k->link_stale && rules_doc(in->rules, d)->fresh && f->freshness != RULE_FRESH)
		return NULL;
	return f;
}

static const struct judge_check *content_check(const struct judge_input *in, size_t d,
                                               const struct content_fact **fact)
{
	for (size_t i = 0; i < in->nchecks; i++) {
		const struct judge_check *k = &in->checks[i];

		if (in->ignored_urls && strvec_contains(in->ignored_urls, k->url))
			continue;
		*fact = counting_fact(in, k, d);
		if (*fact)
			return k;
	}
	return NULL;
}

void judge_doc_count(struct judging *jg, size_t d)
{
	const struct judge_input *in = jg->in;
	struct doc_count *count = &jg->o->counts[d];
	bool any = false;

	*count = (struct doc_count){ .known = true, .n = 0 };
	if (!rules_doc_counts(in->rules, d) || !jg->o->docs[d].found)
		return;
	/* Every file that is the document, by its own heading, and of its year: the sum of their rows. */
	for (size_t i = 0; i < in->nchecks; i++) {
		const struct judge_check *k = &in->checks[i];

		if (!counting_fact(in, k, d))
			continue;
		any = true;
		if (!k->document->rows[d])
			count->known = false;
		count->n += k->document->rows[d];
	}
	/* Found by a link alone, its file silent or unread: nothing says how many. */
	if (!any)
		count->known = false;
	if (!count->known)
		count->n = 0;
}

void judge_doc_from_content(struct judging *jg, size_t d)
{
	struct doc_result *r = &jg->o->docs[d];
	const struct content_fact *f = NULL;
	const struct judge_check *k = content_check(jg->in, d, &f);
	char pattern[CAP_ERROR_TEXT];

	if (r->found || !k)
		return;
	verdict_drop_rejected(jg->o, k->url, REJECT_OTHER_TOPIC);
	/* Its link said an older year; its own text says the current one: the content decides. */
	verdict_drop_rejected(jg->o, k->url, REJECT_STALE);
	snprintf(pattern, sizeof(pattern), "%s:%u", rules_origin(jg->in->rules), f->line);
	r->found = true;
	r->url = strdup(k->url);
	r->title = strdup(f->heading);
	r->page = strdup(k->page ? k->page : "");
	r->source = strdup("content");
	r->pattern = strdup(pattern);
	r->content_type = strdup(k->content_type ? k->content_type : "");
	r->http_status = k->status;
	r->link_record = k->record;
	if (rules_doc(jg->in->rules, d)->fresh == RULE_FRESH_YEAR)
		r->freshness = rules_freshness_name(f->freshness);
	if (judge_doc_record(r, k, f, jg->in->rules, d) || !r->url || !r->title || !r->page || !r->source ||
	    !r->pattern || !r->content_type)
		jg->failed = 1;
}
