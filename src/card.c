/*
 * card.c - a document link that opened a web page: the document's card.
 *
 * Госвеб's document pages, hosted /file/card?id=N pages and news items
 * holding a file are one step from the document: the card's own link to
 * the file (rules_card_file_link) says whether the document is really
 * there. The card is parsed as a page; its file is fetched once, as the
 * link's check, and its answer and body stand for the link's (one step,
 * never two). A card that names no file surely leaves the link's own
 * answer to the judge, as does a web page on another site than the page
 * that linked it: a cloud disk's viewer (Яндекс Диск, Google Drive,
 * Облако Mail.ru), whose download runs through its own scripts and API.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/doc.h"
#include "parsers/html.h"
#include "parsers/url.h"
#include "src/job.h"

bool job_is_card_answer(const struct job *j, const struct request *req, const struct crawl_result *r)
{
	const struct judge_check *c = &j->checks[req->check];

	return req->role == ROLE_CHECK && !c->names_file && c->page && url_same_host(c->url, c->page) &&
	       doc_sniff(r->body, r->body_len) == DOC_TYPE_HTML;
}

/*
 * Not one document's card but a list of them (the section's text sent its
 * reader to the «Документы» page, whose link the rules took for the
 * documents it names): the list is read as a page of the section that goes
 * no deeper, and the link itself is no document.
 */
static void read_list(struct job *j, struct judge_check *c, const struct html_page *page)
{
	c->lists_files = true;
	if (strvec_contains(&j->seen_pages, page->url))
		return;
	if (strvec_push(&j->seen_pages, page->url)) {
		j->run->failed = 1;
		return;
	}
	job_read_section_page(j, page, j->run->opts->depth);
}

void job_read_card(struct job *j, const struct request *req, const struct html_page *page)
{
	const struct html_link *file = rules_card_file_link(j->run->rules, page->links, page->nlinks, page->url);
	struct judge_check *c = &j->checks[req->check];

	if (!file && rules_page_lists_files(j->run->rules, page->links, page->nlinks, page->url))
		read_list(j, c, page);
	if (!file)
		return;
	c->file_url = strdup(file->url);
	if (!c->file_url) {
		j->run->failed = 1;
		return;
	}
	/* From here the check is the file's: a web page there is no document. */
	c->names_file = true;
	if (job_fetch(j, file->url, ROLE_CARD_FILE, req->depth, req->check))
		j->run->failed = 1;
}
