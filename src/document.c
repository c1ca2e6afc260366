/*
 * document.c - a document link's body, read: handed over by the crawler
 * (crawl_take_body), sniffed and its text extracted on a worker of the
 * pool (parsers/doc.h, scans through the worker's own OCR context), then,
 * back on the loop, its title blocks read with the rules (rules/content.h).
 * The facts go to the link's check (struct judge_document) for the judge.
 *
 * Each thread reading documents has its slot in a thread key, made on first
 * use and freed when the thread ends (or, for the loop's own thread, by
 * doc_reader_end): its reader process (src/sandbox.c), or, when the run has
 * no program to start one from (the unit tests), its own OCR context.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/pool.h"
#include "parsers/doc.h"
#include "parsers/ocr.h"
#include "rules/content.h"
#include "src/job.h"
#include "src/sandbox.h"

/* A document to read on a worker: its own body, and what the worker made of it. */
struct doc_job {
	struct request *req;
	const struct doc_reader *reader;
	struct job_body body;      /* taken from the crawler; freed once read */
	long long deadline_ms;     /* the organisation's; 0: none */
	bool expired;              /* it had run out when a worker came to the document */
	struct doc_text *text;
	int rc;
};

/* A thread's means of reading documents. */
struct reader_slot {
	struct sandbox sb;         /* its reader process */
	struct ocr *ocr;           /* in-process reading only */
};

static void slot_end(void *p)
{
	struct reader_slot *s = p;

	if (!s)
		return;
	sandbox_stop(&s->sb);
	ocr_free(s->ocr);
	free(s);
}

int doc_reader_begin(struct doc_reader *r, bool ocr, const char *exe, long time_ms)
{
	memset(r, 0, sizeof(*r));
	r->ocr = ocr;
	r->exe = exe;
	r->time_ms = time_ms;
	/* With a reader process the readers' libraries are set up there, not here. */
	if (!exe)
		doc_global_init();
	if (pthread_key_create(&r->key, slot_end))
		return -1;
	r->has_key = true;
	return 0;
}

void doc_reader_end(struct doc_reader *r)
{
	if (!r->has_key)
		return;
	slot_end(pthread_getspecific(r->key));
	pthread_setspecific(r->key, NULL);
	pthread_key_delete(r->key);
	r->has_key = false;
}

/* This thread's slot, made on first use; NULL when out of memory. */
static struct reader_slot *thread_slot(const struct doc_reader *r)
{
	struct reader_slot *s = pthread_getspecific(r->key);

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->sb = (struct sandbox)SANDBOX_INIT;
	if (pthread_setspecific(r->key, s)) {
		free(s);
		return NULL;
	}
	return s;
}

/* Read the document on this thread: in its reader process, or here. 0, or -1. */
static int read_document(const struct doc_reader *r, const char *body, size_t len, struct doc_text **out)
{
	struct reader_slot *s = thread_slot(r);
	struct doc_options opt = { 0 };

	*out = NULL;
	if (!s)
		return -1;
	if (r->exe)
		return sandbox_read(&s->sb, r->exe, body, len, r->ocr, r->time_ms, out);
	if (r->ocr && !s->ocr && ocr_new(&s->ocr, NULL, NULL, NULL, 0))
		s->ocr = NULL;
	opt.ocr = s->ocr;
	return doc_extract(out, body, len, &opt);
}

/* On a worker. */
static void read_work(void *ctx)
{
	struct doc_job *d = ctx;

	if (d->deadline_ms && crawl_now_ms() >= d->deadline_ms)
		d->expired = true;
	else
		d->rc = read_document(d->reader, d->body.data, d->body.len, &d->text);
	job_body_free(&d->body);
}

/* The text's pages as the rules read them. */
static size_t content_pages(const struct doc_text *t, struct content_page *pages)
{
	size_t n = 0;

	for (size_t i = 0; i < t->npages_read; i++) {
		const struct doc_page *p = &t->pages[i];

		if (p->how != DOC_READ_TEXT && p->how != DOC_READ_OCR && p->how != DOC_READ_SCAN_TEXT)
			continue;
		/* A scanner's OCR under a scan is as unsure as ours: read as recognised text. */
		pages[n++] = (struct content_page){ .number = p->number,
		                                    .ocr = p->how == DOC_READ_OCR || p->how == DOC_READ_SCAN_TEXT,
		                                    .text = t->text + p->offset, .len = p->len };
	}
	return n;
}

/* For each document its title blocks name, the lines listing what it counts. */
static void count_rows(const struct ruleset *rules, struct judge_document *doc, const struct content_page *pages,
                       size_t n)
{
	for (size_t i = 0; i < doc->content.nfacts; i++) {
		size_t d = doc->content.facts[i].doc;
		struct rule_error e;

		if (d < CAP_RULE_DOCS && !doc->rows[d])
			doc->rows[d] = rules_count_rows_headed(rules, d, &doc->content, pages, n, &e);
	}
}

int job_read_content(const struct job *j, struct judge_document *doc, const struct content_page *pages, size_t n)
{
	if (rules_read_content(j->run->rules, pages, n, j->run->opts->as_of, &doc->content))
		return -1;
	count_rows(j->run->rules, doc, pages, n);
	return 0;
}

/* What the check learns of its document. 0, or -1 when out of memory. */
static int record_document(struct job *j, struct judge_check *c, const struct doc_job *d)
{
	struct content_page pages[CAP_DOC_PAGES];
	struct judge_document *doc = calloc(1, sizeof(*doc));
	const struct doc_text *t = d->text;
	size_t n;

	if (!doc)
		return -1;
	doc->type = t->type;
	doc->failure = t->failure;
	doc->cuts = t->cuts;
	doc->bytes = d->body.len;
	doc->pages = t->npages;
	n = content_pages(t, pages);
	for (size_t i = 0; i < n; i++)
		doc->ocr = doc->ocr || pages[i].ocr;
	if (job_read_content(j, doc, pages, n)) {
		free(doc);
		return -1;
	}
	free(c->document);
	c->document = doc;
	return 0;
}

/* On the loop, in the order the organisation's documents were handed over. */
static void read_done(void *ctx, bool dropped)
{
	struct doc_job *d = ctx;
	struct request *req = d->req;
	struct job *j = req->job;

	if (dropped || job_run_ending(j->run))
		j->abandoned = true;
	else if (!d->expired && (d->rc || record_document(j, &j->checks[req->check], d)))
		j->run->failed = 1;
	job_body_free(&d->body);
	doc_text_free(d->text);
	free(d);
	job_request_answered(j, req);
}

int job_read_document(struct job *j, struct request *req, const struct crawl_result *r)
{
	struct doc_job *d = calloc(1, sizeof(*d));

	if (!d)
		return -1;
	d->req = req;
	d->reader = &j->run->reader;
	d->deadline_ms = j->deadline_ms;
	if (job_take_body(j, r, &d->body) || pool_submit_keyed(j->run->pool, j, read_work, read_done, d)) {
		job_body_free(&d->body);
		free(d);
		return -1;
	}
	return 0;
}
