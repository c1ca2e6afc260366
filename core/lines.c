/*
 * lines.c - the line cursor (see lines.h).
 */
#include "core/lines.h"

#include <string.h>

#include "core/text.h"

void lines_init(struct lines *c, const char *buf, size_t len, size_t cap, unsigned flags)
{
	c->buf = buf;
	c->len = buf ? len : 0;
	c->pos = text_has_utf8_bom(buf, c->len) ? TEXT_UTF8_BOM_LEN : 0;
	c->line_no = 0;
	c->cap = cap;
	c->flags = flags;
}

bool lines_next(struct lines *c, struct line *out)
{
	const char *start, *end, *p;
	size_t n, end_len;

	if (c->pos >= c->len)
		return false;
	start = c->buf + c->pos;
	end = c->buf + c->len;
	if (c->flags & LINES_LONE_CR) {
		for (p = start; p < end && *p != '\n' && *p != '\r'; p++)
			;
	} else {
		/* only LF ends a line here: find it, then give a CR before it to the end */
		p = memchr(start, '\n', (size_t)(end - start));
		if (!p)
			p = end;
		else if (p > start && p[-1] == '\r')
			p--;
	}
	n = (size_t)(p - start);
	end_len = lines_end_len(p, (size_t)(end - p), c->flags);
	out->s = start;
	out->len = n;
	out->no = ++c->line_no;
	out->has_nul = n > 0 && memchr(start, '\0', n) != NULL;
	out->too_long = c->cap > 0 && n > c->cap;
	out->ended = end_len > 0;
	c->pos += n + end_len;
	return true;
}
