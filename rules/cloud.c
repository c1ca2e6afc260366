/*
 * cloud.c - a cloud disk's public link and where its file downloads from
 * (the rule file's [cloud]): Google Drive's viewer /file/d/ID/view is the
 * file at /uc?export=download&id=ID; Яндекс Диск's /i/KEY is named by its
 * public API, whose JSON answer gives the file's address in "href";
 * Облако Mail.ru's /public/A/B page names its file server in its scripts
 * ("weblink_get"), where the file is at /A/B.
 *
 * A template writes $1 … $9 for the link pattern's captures, as matched,
 * $0 for the whole link, percent-encoded as a query value, and $S for the
 * file server a page named (a file template only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/url.h"
#include "rules/rules.h"
#include "rules/ruleset.h"

/* A link's pattern's captures, and the file server a page named (NULL: none). */
struct filling {
	const char *url;
	const PCRE2_SIZE *ov;
	unsigned ncap;
	char *server;
};

/* One $N of the template: the whole link encoded, or capture N as matched (empty when unset). */
static int add_capture(struct buf *out, const char *url, const PCRE2_SIZE *ov, unsigned ncap, unsigned n)
{
	char *enc;
	int rc;

	if (n == 0) {
		enc = url_escape(url);
		rc = enc ? buf_addstr(out, enc) : BUF_ERR_NOMEM;
		free(enc);
		return rc;
	}
	if (n >= ncap || ov[2 * n] == PCRE2_UNSET)
		return 0;
	return buf_add(out, url + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
}

/* The template with its $N and $S filled in. 0, or buf's error (BUF_ERR_CAP past CAP_URL_BYTES). */
static int expand(struct buf *out, const char *tmpl, const struct filling *f)
{
	for (const char *t = tmpl; *t; t++) {
		int rc;

		if (t[0] == '$' && t[1] >= '0' && t[1] <= '9') {
			rc = add_capture(out, f->url, f->ov, f->ncap, (unsigned)(t[1] - '0'));
			t++;
		} else if (t[0] == '$' && t[1] == 'S') {
			rc = f->server ? buf_addstr(out, f->server) : 0;
			t++;
		} else {
			rc = buf_addc(out, *t);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The first [cloud] link pattern url matches, its captures in md: its index, or -1. */
static int match_link(const struct ruleset *rs, const char *url, pcre2_match_data *md, unsigned *ncap)
{
	const struct rule_cloud *c = &rs->cloud;

	for (size_t i = 0; i < c->link.n; i++) {
		int n;

		if (!c->download[i])
			continue;
		n = pcre2_match(c->link.code[i], (PCRE2_SPTR)url, PCRE2_ZERO_TERMINATED, 0, 0, md, rs->mctx);
		if (n > 0) {
			*ncap = (unsigned)n;
			return (int)i;
		}
	}
	return -1;
}

/*
 * tmpl filled in, into *out (caller frees): 1; 0 when it would pass
 * CAP_URL_BYTES (no address: the link is not followed); -1: out of memory.
 */
static int expand_new(char **out, const char *tmpl, const struct filling *f)
{
	struct buf b;
	int rc;

	buf_init(&b, CAP_URL_BYTES);
	rc = expand(&b, tmpl, f);
	if (rc) {
		buf_free(&b);
		return rc == BUF_ERR_CAP ? 0 : -1;
	}
	*out = buf_detach(&b);
	return *out ? 1 : -1;
}

/* The server pattern's capture 1 in the page, if it is an http(s) address (caller frees); NULL: none. */
static char *named_server(const struct ruleset *rs, const pcre2_code *server, const char *page, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(server, NULL);
	const PCRE2_SIZE *ov;
	char *name = NULL;

	if (!md)
		return NULL;
	if (pcre2_match(server, (PCRE2_SPTR)page, len, 0, 0, md, rs->mctx) > 1) {
		ov = pcre2_get_ovector_pointer(md);
		if (ov[3] - ov[2] < CAP_URL_BYTES && (size_t)(ov[3] - ov[2]) > 4 && strncmp(page + ov[2], "http", 4) == 0)
			name = strndup(page + ov[2], ov[3] - ov[2]);
	}
	pcre2_match_data_free(md);
	return name;
}

/*
 * The address of url's [cloud] link, into *out (caller frees), *rule its
 * link's index: with no page, its download template filled in; with the
 * page its download answered, its file template on the server the page
 * names. 1; 0: none (not a cloud link, no server named, past the cap); -1.
 */
static int fill(const struct ruleset *rs, const char *url, const char *page, size_t len, char **out, int *rule)
{
	const struct rule_cloud *c = &rs->cloud;
	struct filling f = { .url = url };
	pcre2_match_data *md;
	int i, rc = 0;

	*out = NULL;
	if (c->link.n == 0)
		return 0;
	md = pcre2_match_data_create(10, NULL);
	if (!md)
		return -1;
	i = match_link(rs, url, md, &f.ncap);
	*rule = i;
	f.ov = pcre2_get_ovector_pointer(md);
	if (i >= 0 && !page)
		rc = expand_new(out, c->download[i], &f);
	if (i >= 0 && page && c->server_of[i])
		f.server = named_server(rs, c->server.code[c->server_of[i] - 1], page, len);
	if (f.server)
		rc = expand_new(out, c->file[i], &f);
	free(f.server);
	pcre2_match_data_free(md);
	return rc;
}

int rules_cloud_target(const struct ruleset *rs, const char *url, char **download, const char **field)
{
	const struct rule_cloud *c = &rs->cloud;
	int i = -1, rc = fill(rs, url, NULL, 0, download, &i);

	*field = NULL;
	if (rc <= 0)
		return rc;
	*field = c->field[i];
	return c->field[i] || c->server_of[i] ? RULES_CLOUD_ASK : RULES_CLOUD_FILE;
}

int rules_cloud_server_file(const struct ruleset *rs, const char *url, const char *page, size_t len, char **file)
{
	int i = -1;

	return fill(rs, url, page, len, file, &i);
}

const char *rules_cloud_incomplete(const struct rule_cloud *c, size_t *line)
{
	for (size_t i = 0; i < c->link.n; i++) {
		*line = c->link.line[i];
		if (c->server_of[i] && !c->file[i])
			return "with a server but no file template";
		if (!c->server_of[i] && c->file[i])
			return "with a file template but no server";
		if (c->server_of[i] && c->field[i])
			return "with both a field and a server";
	}
	return NULL;
}
