/*
 * strindex.c - open addressing with linear probing, kept under half full.
 */
#include "core/strindex.h"

#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

#define STRINDEX_MIN_CAP 64u

static size_t hash(const char *s)
{
	return (size_t)hash_fnv1a(HASH_FNV1A_INIT, s);
}

size_t strindex_find(const struct strindex *ix, const char *key, const void *items,
                     strindex_key_fn key_of)
{
	if (!ix->cap)
		return (size_t)-1;
	for (size_t i = hash(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
		size_t v = ix->slots[i];

		if (!v)
			return (size_t)-1;
		if (strcmp(key_of(items, v - 1), key) == 0)
			return v - 1;
	}
}

static void place(size_t *slots, size_t cap, size_t h, size_t value)
{
	size_t i = h & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = value;
}

static int grow(struct strindex *ix, const void *items, strindex_key_fn key_of)
{
	size_t cap = ix->cap ? ix->cap * 2 : STRINDEX_MIN_CAP;
	size_t *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			place(slots, cap, hash(key_of(items, ix->slots[i] - 1)), ix->slots[i]);
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
	return 0;
}

int strindex_add(struct strindex *ix, size_t pos, const void *items, strindex_key_fn key_of)
{
	if ((ix->count + 1) * 2 > ix->cap && grow(ix, items, key_of))
		return -1;
	place(ix->slots, ix->cap, hash(key_of(items, pos)), pos + 1);
	ix->count++;
	return 0;
}

/* Is slot i outside the probe run from home to j (home <= .. <= j, cyclically)? */
static int outside_run(size_t home, size_t i, size_t j)
{
	return i <= j ? (home <= i || home > j) : (home <= i && home > j);
}

void strindex_remove(struct strindex *ix, const char *key, const void *items,
                     strindex_key_fn key_of)
{
	size_t mask, i;

	if (!ix->cap)
		return;
	mask = ix->cap - 1;
	for (i = hash(key) & mask;; i = (i + 1) & mask) {
		if (!ix->slots[i])
			return;
		if (strcmp(key_of(items, ix->slots[i] - 1), key) == 0)
			break;
	}
	ix->slots[i] = 0;
	ix->count--;
	/* Backward shift, no tombstones: an entry after the hole whose probe run passes the hole moves into it. */
	for (size_t j = (i + 1) & mask; ix->slots[j]; j = (j + 1) & mask) {
		size_t home = hash(key_of(items, ix->slots[j] - 1)) & mask;

		if (outside_run(home, i, j)) {
			ix->slots[i] = ix->slots[j];
			ix->slots[j] = 0;
			i = j;
		}
	}
}

void strindex_free(struct strindex *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}
