/*
 * doc_plain.c - a plain-text document: UTF-8 or windows-1251 as
 * charset_guess() tells, a form feed starting a page.
 */
#include "parsers/doc_impl.h"

#include <string.h>

#include "core/text.h"
#include "parsers/charset.h"

int doc_plain_extract(struct doc_build *b, const char *buf, size_t len)
{
	const char *charset = charset_guess(buf, len);
	unsigned page = 1;
	size_t at = text_has_utf8_bom(buf, len) ? TEXT_UTF8_BOM_LEN : 0;
	int rc = doc_build_page(b, 1, DOC_READ_TEXT) < 0 ? -1 : 0;

	while (rc == 0 && at < len) {
		const char *ff = memchr(buf + at, '\f', len - at);
		size_t n = ff ? (size_t)(ff - (buf + at)) : len - at;

		rc = doc_build_add_charset(b, buf + at, n, charset);
		at += n;
		if (rc == 0 && ff) {
			at++;
			rc = doc_build_page(b, ++page, DOC_READ_TEXT);
		}
	}
	b->t->npages = page;
	return rc < 0 ? -1 : 0;
}
