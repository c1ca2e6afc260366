/*
 * issuer.c - whose document it is. The rule file's [content] organisation
 * patterns name an organisation with its number («МБОУ «СОШ № 5»»,
 * «Детский сад № 17», capture 1 the number). A document whose title block
 * names organisations by number, none of them the number the registry
 * gives the organisation audited, is another organisation's: another
 * school's regulation or pair order uploaded by mistake counts for neither.
 * Where either names no number nothing is concluded.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "rules/content.h"
#include "rules/ruleset.h"

/* Capture 1 of a match as a number; 0 when it holds none (or one past the cap). */
static unsigned capture_number(const char *text, const PCRE2_SIZE *ov)
{
	unsigned n = 0;

	if (ov[2] == PCRE2_UNSET || ov[3] <= ov[2])
		return 0;
	for (PCRE2_SIZE i = ov[2]; i < ov[3]; i++) {
		if (text[i] < '0' || text[i] > '9' || n > CAP_ORG_NUMBER / 10)
			return 0;
		n = n * 10 + (unsigned)(text[i] - '0');
	}
	return n;
}

static void keep_first(char *first, size_t first_len, const char *text, const PCRE2_SIZE *ov)
{
	struct buf b;

	if (!first || first[0] || !first_len)
		return;
	buf_init(&b, first_len - 1);
	text_append_squeezed(&b, text + ov[0], ov[1] - ov[0]);
	memcpy(first, buf_str(&b), b.len + 1);
	buf_free(&b);
}

size_t rules_org_numbers(const struct ruleset *rs, const char *text, size_t len, unsigned *out, size_t cap,
                         char *first, size_t first_len)
{
	pcre2_match_data *md;
	size_t n = 0;

	if (first && first_len)
		first[0] = '\0';
	if (!text || rs->organisation.n == 0)
		return 0;
	md = pcre2_match_data_create(2, NULL);
	if (!md)
		return 0;
	len = text_utf8_valid_prefix(text, len);
	for (size_t i = 0; i < rs->organisation.n && n < cap; i++) {
		PCRE2_SIZE at = 0;

		while (n < cap && at < len &&
		       pcre2_match(rs->organisation.code[i], (PCRE2_SPTR)text, len, at, 0, md, rs->mctx) > 1) {
			const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			unsigned number = capture_number(text, ov);

			if (number) {
				keep_first(first, first_len, text, ov);
				out[n++] = number;
			}
			if (ov[1] <= at)
				break;
			at = ov[1];
		}
	}
	pcre2_match_data_free(md);
	return n;
}

bool rules_issued_elsewhere(const struct content_fact *f, const unsigned *own, size_t nown)
{
	if (!f || f->nissuers == 0 || nown == 0)
		return false;
	for (size_t i = 0; i < f->nissuers; i++)
		for (size_t k = 0; k < nown; k++)
			if (f->issuers[i] == own[k])
				return false;
	return true;
}

const char *rules_higher_body(const struct ruleset *rs, struct rule_cache *cache, const char *letterhead)
{
	struct rule_span span;
	struct rule_error err;
	unsigned number;

	if (!*letterhead || rs->institution.n == 0 ||
	    rules_patlist_earliest(rs, cache, &rs->institution, letterhead, &span, &err) || err.code ||
	    rules_org_numbers(rs, letterhead, strlen(letterhead), &number, 1, NULL, 0))
		return NULL;
	for (size_t i = 0; i < rs->nignores; i++)
		if (rules_patlist_earliest(rs, cache, &rs->ignores[i].match, letterhead, &span, &err))
			return rs->ignores[i].label;
	return NULL;
}
