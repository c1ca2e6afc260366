#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void buf_free(struct buf *b)
{
	if (!b)
		return;
	free(b->data);
	buf_init(b, b->cap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

size_t buf_alloc_after(const struct buf *b, size_t extra)
{
	size_t want, n;

	if (extra > b->cap || b->len > b->cap - extra)
		return b->alloc;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return b->alloc;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n *= 2;
	return n > b->cap + 1 ? b->cap + 1 : n;
}

int buf_reserve(struct buf *b, size_t extra)
{
	size_t n;
	char *p;

	if (extra > b->cap || b->len > b->cap - extra)
		return BUF_ERR_CAP;
	n = buf_alloc_after(b, extra);
	if (n <= b->alloc)
		return 0;
	p = realloc(b->data, n);
	if (!p)
		return BUF_ERR_NOMEM;
	b->data = p;
	b->alloc = n;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	int rc = buf_reserve(b, len);

	if (rc)
		return rc;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return BUF_ERR_NOMEM;
	rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->data;

	if (!p)
		p = calloc(1, 1);
	buf_init(b, b->cap);
	return p;
}
