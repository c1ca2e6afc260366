/*
 * page_text.c - documents typed into a section page's own text (issue 17,
 * point 4): an order with «П Р И К А З», its number, date and «приказываю»
 * in the page body, not as a file. The page's text is read with the rule
 * file's title blocks, as a file's is, starting only at a line that starts
 * a typed document ([content] typed); what it names is judged as a file the
 * page itself is, and reported as typed into the page («recognised»: page).
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/doc.h"
#include "parsers/html.h"
#include "rules/content.h"
#include "rules/judge.h"
#include "src/job.h"

/* The page's answer as a check of its own: read, 200, the page's text its document. */
static int page_check(struct job *j, const struct html_page *page, struct judge_document *doc)
{
	struct judge_check *c;
	size_t index;
	int rc = job_check_slot(j, page->url, page->url, false, &index);

	/* A link to this page already checked it: its answer stands. */
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	c = &j->checks[index];
	c->done = true;
	c->status = 200;
	c->content_type = strdup("text/html");
	c->error = strdup("");
	c->record = (struct evidence_ref){ "", -1 };
	if (!c->content_type || !c->error)
		return -1;
	c->document = doc;
	return 0;
}

void job_read_page_text(struct job *j, const struct html_page *page)
{
	const struct ruleset *rules = j->run->rules;
	struct content_page text = { .number = 1, .typed = true, .text = page->text, .len = page->text_len };
	struct judge_document *doc;
	int rc;

	if (!page->text_len || !rules_reads_typed(rules))
		return;
	doc = calloc(1, sizeof(*doc));
	if (!doc || job_read_content(j, doc, &text, 1)) {
		free(doc);
		j->run->failed = 1;
		return;
	}
	if (doc->content.nfacts == 0) {
		free(doc);
		return;
	}
	doc->type = DOC_TYPE_HTML;
	doc->failure = DOC_FAIL_NONE;
	doc->bytes = page->text_len;
	doc->pages = 1;
	doc->typed = true;
	rc = page_check(j, page, doc);
	if (rc)
		free(doc);
	if (rc < 0)
		j->run->failed = 1;
}
