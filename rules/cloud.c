/*
 * cloud.c - a cloud disk's public link and where its file downloads from
 * (the rule file's [cloud]): Google Drive's viewer /file/d/ID/view is the
 * file at /uc?export=download&id=ID; Яндекс Диск's /i/KEY is named by its
 * public API, whose JSON answer gives the file's address in "href".
 *
 * A template writes $1 … $9 for the link pattern's captures, as matched,
 * and $0 for the whole link, percent-encoded as a query value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/url.h"
#include "rules/rules.h"
#include "rules/ruleset.h"

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

/* The template with its $N filled in. 0, or -1 (out of memory, past CAP_URL_BYTES). */
static int expand(struct buf *out, const char *tmpl, const char *url, const PCRE2_SIZE *ov, unsigned ncap)
{
	for (const char *t = tmpl; *t; t++) {
		int rc;

		if (t[0] == '$' && t[1] >= '0' && t[1] <= '9') {
			rc = add_capture(out, url, ov, ncap, (unsigned)(t[1] - '0'));
			t++;
		} else {
			rc = buf_addc(out, *t);
		}
		if (rc)
			return -1;
	}
	return 0;
}

int rules_cloud_target(const struct ruleset *rs, const char *url, char **download, const char **field)
{
	const struct rule_cloud *c = &rs->cloud;
	pcre2_match_data *md;
	int found = 0;

	*download = NULL;
	*field = NULL;
	if (c->link.n == 0)
		return 0;
	md = pcre2_match_data_create(10, NULL);
	if (!md)
		return -1;
	for (size_t i = 0; i < c->link.n && !found; i++) {
		struct buf out;
		int n;

		if (!c->download[i])
			continue;
		n = pcre2_match(c->link.code[i], (PCRE2_SPTR)url, PCRE2_ZERO_TERMINATED, 0, 0, md, rs->mctx);
		if (n <= 0)
			continue;
		buf_init(&out, CAP_URL_BYTES);
		if (expand(&out, c->download[i], url, pcre2_get_ovector_pointer(md), (unsigned)n)) {
			buf_free(&out);
			found = -1;
			break;
		}
		*download = buf_detach(&out);
		*field = c->field[i];
		found = *download ? 1 : -1;
	}
	pcre2_match_data_free(md);
	return found;
}
