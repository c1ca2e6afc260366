#include "core/strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strvec_init(struct strvec *v, size_t cap)
{
	memset(v, 0, sizeof(*v));
	v->cap = cap;
}

void strvec_free(struct strvec *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
	strvec_init(v, v->cap);
}

int strvec_push_owned(struct strvec *v, char *s)
{
	char **p;
	size_t n;

	if (!s)
		return -1;
	if (v->cap && v->len >= v->cap) {
		v->dropped++;
		free(s);
		return 0;
	}
	if (v->len == v->alloc) {
		n = v->alloc ? v->alloc * 2 : 8;
		p = realloc(v->items, n * sizeof(*p));
		if (!p) {
			free(s);
			return -1;
		}
		v->items = p;
		v->alloc = n;
	}
	v->items[v->len++] = s;
	return 0;
}

int strvec_push(struct strvec *v, const char *s)
{
	return strvec_push_owned(v, strdup(s));
}

int strvec_pushf(struct strvec *v, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	s = malloc((size_t)n + 1);
	if (!s)
		return -1;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return strvec_push_owned(v, s);
}

int strvec_contains(const struct strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}
