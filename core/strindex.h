/*
 * strindex.h - a hash index over strings kept elsewhere: it maps a key to
 * the position of the item that holds it (open addressing, FNV-1a). The
 * caller owns the items; the index holds positions only.
 */
#ifndef MA_STRINDEX_H
#define MA_STRINDEX_H

#include <stddef.h>

#include "core/macros.h"

struct strindex {
	size_t *slots;     /* position + 1; 0: empty */
	size_t cap;        /* a power of two, or 0 */
	size_t count;
};

/* The key of the item at position pos. */
typedef const char *(*strindex_key_fn)(const void *items, size_t pos);

/* The position of the item whose key is key, or (size_t)-1. */
size_t strindex_find(const struct strindex *ix, const char *key, const void *items,
                     strindex_key_fn key_of);

/* Index the item at pos (its key not indexed yet). 0, or -1 when out of memory. */
int strindex_add(struct strindex *ix, size_t pos, const void *items,
                 strindex_key_fn key_of) MA_MUST_USE;

/*
 * Forget the item whose key is key (call it while that item's key and the
 * other indexed items' keys can still be read). Nothing when not indexed.
 */
void strindex_remove(struct strindex *ix, const char *key, const void *items,
                     strindex_key_fn key_of);

void strindex_free(struct strindex *ix);

#endif
