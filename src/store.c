/*
 * store.c - a run's finished organisations, kept in its journal.
 */
#include "src/store.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "src/journal.h"

#define STORE_ERR_LEN 512

int store_init(struct run_store *st, const struct report_input *in)
{
	size_t rows = in->registry->nrows;

	memset(st, 0, sizeof(*st));
	st->in = in;
	verdict_org_init(&st->scratch, NULL);
	st->scratch_index = (size_t)-1;
	st->restored = calloc(rows ? rows : 1, sizeof(*st->restored));
	return st->restored ? 0 : -1;
}

int store_restored(void *ctx, size_t index, const struct org_result *o)
{
	struct run_store *st = ctx;

	(void)o;
	st->restored[index] = true;
	return 0;
}

int store_finished(void *ctx, size_t index, const struct org_result *o, char *err, size_t errlen)
{
	struct run_store *st = ctx;

	if (journal_append(st->journal, st->in, index, o, err, errlen)) {
		st->lost = true;
		return -1;
	}
	return 0;
}

const struct org_result *store_org_at(void *ctx, size_t i)
{
	struct run_store *st = ctx;
	char err[STORE_ERR_LEN];

	if (st->scratch_index == i)
		return &st->scratch;
	st->scratch_index = (size_t)-1;
	if (journal_read(st->journal, st->in, i, &st->scratch, err, sizeof(err))) {
		log_error("cannot read a result back: %s", err);
		return NULL;
	}
	st->scratch_index = i;
	return &st->scratch;
}

void store_free(struct run_store *st)
{
	free(st->restored);
	st->restored = NULL;
	verdict_org_clear(&st->scratch);
}
