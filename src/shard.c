/*
 * shard.c - registry slices by a hash of the id.
 *
 * The hash, not the row number, decides: an organisation stays in its
 * shard when rows are added or reordered, and every machine computes the
 * same slices from the same registry without talking to the others.
 */
#include "src/shard.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "parsers/registry.h"

unsigned shard_of(const char *id, unsigned n)
{
	return n ? (unsigned)(hash_fnv1a(HASH_FNV1A_INIT, id) % n) + 1 : 1;
}

struct registry *shard_select(const struct registry *reg, unsigned k, unsigned n)
{
	struct registry *view = malloc(sizeof(*view));

	if (!view)
		return NULL;
	*view = *reg;
	view->nrows = 0;
	view->rows = malloc((reg->nrows ? reg->nrows : 1) * sizeof(*view->rows));
	if (!view->rows) {
		free(view);
		return NULL;
	}
	for (size_t i = 0; i < reg->nrows; i++)
		if (shard_of(reg->rows[i].id, n) == k)
			view->rows[view->nrows++] = reg->rows[i];
	/* repeats were positions in the whole registry: make them the slice's. */
	if (registry_mark_repeats(view) < 0) {
		shard_free(view);
		return NULL;
	}
	return view;
}

void shard_free(struct registry *view)
{
	if (!view)
		return;
	free(view->rows);
	free(view);
}
