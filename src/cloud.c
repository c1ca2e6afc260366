/*
 * cloud.c - a document link to a cloud disk (Google Drive, Яндекс Диск,
 * Облако Mail.ru): its viewer is a script, so the link is fetched where its
 * file downloads from (rules_cloud_target, the rule file's [cloud]), one
 * step, as a card's file is; a disk whose file is named by its API (its
 * JSON answer) or by its public page (whose scripts name the file server)
 * is asked first, and the file the answer names is fetched for the link.
 * The file's answer and body stand for the link's: a dead public link is a
 * broken link, the file is read as the document.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/caps.h"
#include "src/job.h"

/* The API's answer is small: past this it is no answer of a disk's API. */
#define CLOUD_API_BYTES (64u * 1024u)

int job_fetch_cloud(struct job *j, size_t check)
{
	struct judge_check *c = &j->checks[check];
	const char *field = NULL;
	char *download = NULL;
	int rc = rules_cloud_target(j->run->rules, c->url, &download, &field);

	if (rc <= 0)
		return rc;
	if (rc == RULES_CLOUD_ASK) {
		rc = job_fetch(j, download, ROLE_CLOUD_API, 0, check);
		free(download);
		return rc ? -1 : 1;
	}
	free(c->file_url);
	c->file_url = download;
	return job_fetch(j, download, ROLE_CARD_FILE, 0, check) ? -1 : 1;
}

/* The file's address in the API's JSON answer: a string field; NULL when there is none (caller frees). */
static char *named_file(const struct crawl_result *r, const char *field)
{
	json_error_t err;
	json_t *root, *v;
	char *url = NULL;

	if (r->body_len > CLOUD_API_BYTES)
		return NULL;
	root = json_loadb(r->body, r->body_len, 0, &err);
	v = json_is_object(root) ? json_object_get(root, field) : NULL;
	if (json_is_string(v) && strncmp(json_string_value(v), "http", 4) == 0)
		url = strdup(json_string_value(v));
	json_decref(root);
	return url;
}

bool job_read_cloud_api(struct job *j, const struct request *req, const struct crawl_result *r)
{
	struct judge_check *c = &j->checks[req->check];
	const char *field = NULL;
	char *download = NULL, *file = NULL;

	if (r->curl_code || r->status < 200 || r->status > 299)
		return false;
	if (rules_cloud_target(j->run->rules, c->url, &download, &field) != RULES_CLOUD_ASK) {
		free(download);
		return false;
	}
	free(download);
	if (field)
		file = named_file(r, field);
	else if (rules_cloud_server_file(j->run->rules, c->url, r->body, r->body_len, &file) < 0)
		j->run->failed = 1;
	if (!file)
		return false;
	free(c->file_url);
	c->file_url = file;
	if (job_fetch(j, file, ROLE_CARD_FILE, req->depth, req->check)) {
		j->run->failed = 1;
		return false;
	}
	return true;
}
