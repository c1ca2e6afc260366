/*
 * strvec.h - a list of owned strings (problems, extra columns, queues).
 *
 * strvec_push() copies its argument; strvec_free() frees every item.
 * An optional cap bounds the count: pushes past it are dropped and counted.
 */
#ifndef MA_STRVEC_H
#define MA_STRVEC_H

#include <stddef.h>

#include "core/macros.h"

struct strvec {
	char **items;
	size_t len;
	size_t alloc;
	size_t cap;       /* 0 means no cap */
	size_t dropped;   /* pushes refused by the cap */
};

void strvec_init(struct strvec *v, size_t cap);
void strvec_free(struct strvec *v);
int strvec_push(struct strvec *v, const char *s) MA_MUST_USE;
/* Takes ownership of s (frees it on failure or when dropped). */
int strvec_push_owned(struct strvec *v, char *s) MA_MUST_USE;
int strvec_pushf(struct strvec *v, const char *fmt, ...) MA_PRINTF(2, 3) MA_MUST_USE;
int strvec_contains(const struct strvec *v, const char *s);

#endif
