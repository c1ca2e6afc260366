/*
 * registry_repeats.c - which rows repeat an earlier row (see
 * registry_mark_repeats() in registry.h).
 *
 * Departments list a school twice: once per building, once per URL they
 * were sent, or in a second table pasted under the first. Both rows stay
 * rows; this only says which earlier row each one repeats.
 */
#include "parsers/registry.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/strindex.h"
#include "core/text.h"

/* Bytes a name key leaves out: white space, quotes. */
static const char *const name_skip[] = {
	" ", "\t", "\xC2\xA0" /* U+00A0 */, "\"", "«", "»", "“", "”", "„",
};

/* Letters the key writes otherwise (after lower-casing): ё -> е, and Ё, which text_lower_copy() keeps. */
static const struct {
	const char *from, *to;
} name_swap[] = {
	{ "ё", "е" },
	{ "Ё", "е" },
};

#define NAME_SKIPS COUNT(name_skip)
#define NAME_SWAPS COUNT(name_swap)

/* Length of the name_skip entry at s, or 0. */
static size_t skip_len(const char *s)
{
	for (size_t i = 0; i < NAME_SKIPS; i++) {
		size_t n = strlen(name_skip[i]);

		if (strncmp(s, name_skip[i], n) == 0)
			return n;
	}
	return 0;
}

/*
 * The form names are compared in, into out (at least strlen(name) + 1
 * bytes): lower case, without white space and quotes, ё as е. So
 * «СОШ № 1», "сош №1" and СОШ  № 1 are one key. Every swap keeps or
 * shortens the length.
 */
static void name_key(char *out, const char *name)
{
	size_t n = strlen(name), o = 0;

	text_lower_copy(out, n + 1, name, n);
	for (size_t i = 0; out[i];) {
		size_t skip = skip_len(out + i);
		bool swapped = false;

		if (skip) {
			i += skip;
			continue;
		}
		for (size_t k = 0; k < NAME_SWAPS && !swapped; k++) {
			size_t from = strlen(name_swap[k].from), to = strlen(name_swap[k].to);

			if (strncmp(out + i, name_swap[k].from, from) == 0) {
				memcpy(out + o, name_swap[k].to, to);
				o += to;
				i += from;
				swapped = true;
			}
		}
		if (!swapped)
			out[o++] = out[i++];
	}
	out[o] = '\0';
}

/* Every row's name key, in one block: keys[i] points into it. */
struct name_keys {
	char *block;
	const char **keys;
};

static int name_keys_make(struct name_keys *nk, const struct registry *r)
{
	size_t size = 0, at = 0;

	for (size_t i = 0; i < r->nrows; i++)
		size += strlen(r->rows[i].name) + 1;
	nk->block = malloc(size ? size : 1);
	nk->keys = calloc(r->nrows ? r->nrows : 1, sizeof(*nk->keys));
	if (!nk->block || !nk->keys)
		return -1;
	for (size_t i = 0; i < r->nrows; i++) {
		name_key(nk->block + at, r->rows[i].name);
		nk->keys[i] = nk->block + at;
		at += strlen(r->rows[i].name) + 1;
	}
	return 0;
}

static const char *row_id(const void *rows, size_t pos)
{
	return ((const struct registry_row *)rows)[pos].id;
}

static const char *key_at(const void *keys, size_t pos)
{
	return ((const char *const *)keys)[pos];
}

/* The first row of the group row `at` belongs to. */
static long group_of(const struct registry *r, size_t at)
{
	return r->rows[at].repeats >= 0 ? r->rows[at].repeats : (long)at;
}

/*
 * Row i against the rows before it: an earlier row with its id wins, then
 * one with its name key. Each id and key is indexed at its first row.
 */
static int mark_row(struct registry *r, size_t i, struct strindex *ids, struct strindex *names,
                    const struct name_keys *nk)
{
	size_t by_id = strindex_find(ids, r->rows[i].id, r->rows, row_id);
	size_t by_name = (size_t)-1;
	bool named = nk->keys[i][0] != '\0';

	if (named)
		by_name = strindex_find(names, nk->keys[i], nk->keys, key_at);
	if (by_id != (size_t)-1)
		r->rows[i].repeats = group_of(r, by_id);
	else if (by_name != (size_t)-1)
		r->rows[i].repeats = group_of(r, by_name);
	if (by_id == (size_t)-1 && strindex_add(ids, i, r->rows, row_id) < 0)
		return -1;
	if (named && by_name == (size_t)-1 && strindex_add(names, i, nk->keys, key_at) < 0)
		return -1;
	return 0;
}

int registry_mark_repeats(struct registry *r)
{
	struct strindex ids = { 0 }, names = { 0 };
	struct name_keys nk = { 0 };
	size_t i;
	int rc = -1;

	for (i = 0; i < r->nrows; i++)
		r->rows[i].repeats = -1;
	if (name_keys_make(&nk, r) < 0)
		goto out;
	for (i = 0; i < r->nrows; i++)
		if (mark_row(r, i, &ids, &names, &nk) < 0)
			goto out;
	rc = 0;
out:
	if (rc < 0)
		for (i = 0; i < r->nrows; i++)
			r->rows[i].repeats = -1;
	strindex_free(&ids);
	strindex_free(&names);
	free(nk.block);
	free(nk.keys);
	return rc;
}
