/*
 * store.h - where a run keeps its finished organisations: in the journal on
 * disk (src/journal.h), not in memory, so a run's memory does not grow
 * with the registry. The reports, and the summary before them
 * (report_summarize), read the organisations back one at a time
 * (report_input.org_at).
 */
#ifndef MA_STORE_H
#define MA_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/verdict.h"

struct journal;
struct report_input;

struct run_store {
	struct journal *journal;          /* not owned */
	const struct report_input *in;    /* rules and registry; not owned */
	bool *restored;                   /* registry rows items: finished in an earlier run */
	bool lost;                        /* a result could not be written to the journal */
	struct org_result scratch;        /* the organisation read back last */
	size_t scratch_index;             /* its registry row, or (size_t)-1 */
};

/*
 * A store for in's registry, its journal to be set before use; restored
 * (registry rows items) is allocated here and filled by store_restored().
 * 0, or -1 when out of memory.
 */
int store_init(struct run_store *st, const struct report_input *in);
/* An organisation of the resumed run's journal (a journal_entry_fn). */
int store_restored(void *ctx, size_t index, const struct org_result *o);
/* An organisation this run finished (audit_opts.finished): journaled. 0, or -1 with one line in err. */
int store_finished(void *ctx, size_t index, const struct org_result *o, char *err, size_t errlen);
/* Organisation i read back from the journal (report_input.org_at); NULL, said on stderr, when it cannot be. */
const struct org_result *store_org_at(void *ctx, size_t i);
void store_free(struct run_store *st);

#endif
