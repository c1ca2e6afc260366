/*
 * audit.h - audit every organisation of a registry: fetch its section and
 * the pages below it, find the required documents, check their links.
 *
 * This is the one place that knows the order of work; the crawler fetches,
 * the parsers read, the rules decide, the reports write.
 */
#ifndef MA_AUDIT_H
#define MA_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "crawler/crawl.h"

struct ruleset;
struct registry;
struct org_result;

struct audit_opts {
	unsigned jobs;              /* organisations audited at once */
	unsigned depth;             /* link levels below the section page */
	unsigned max_pages;         /* HTML pages per organisation */
	long org_time_ms;           /* time budget per organisation; 0: none */
	const char *doc_reader;     /* the program documents are read in (src/sandbox.c); NULL: in process */
	long doc_time_ms;           /* one document's reading (--doc-time); 0: CAP_DOC_READ_MS */
	/* Threads that parse pages: 1, the loop itself; more, that many workers (core/pool.h). */
	unsigned threads;
	/* Called as each organisation finishes (NULL: not called). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/*
	 * Called with the registry index and the result of each organisation
	 * whose result is final (NULL: not called). Without an orgs array the
	 * result is freed when this returns: keep what is needed. 0; -1 with
	 * one line in err when it could not be kept: the run halts (a result
	 * that cannot be kept is a run that cannot complete).
	 */
	int (*finished)(void *ctx, size_t index, const struct org_result *o, char *err, size_t errlen);
	void *finished_ctx;
	/* restored[i]: organisation i already has its result (a resumed run): not audited. NULL: none. */
	const bool *restored;
	int as_of;                  /* audit date, yyyymmdd: freshness is judged against it */
	/*
	 * The registry whose URLs name the department's own hosts, which may be
	 * on its intranet (crawler/guard.h): the whole one under --shard, so a
	 * slice decides as the whole run does. NULL: the registry audited.
	 */
	const struct registry *own;
	struct crawl_opts crawl;    /* own_urls is set by audit_run */
};

/* What audit_run ended with, besides 0 (every organisation finished) and -1. */
#define AUDIT_STOPPED 1   /* opts->crawl.stop was set */
#define AUDIT_HALTED  2   /* a write failed (a result, the archive, the cache): halt says which */

/*
 * Audit every row. orgs has registry->nrows items, initialised by the
 * caller with verdict_org_init(), and gets the findings; or it is NULL,
 * and each result exists only for the time of its finished() call, so
 * memory does not grow with the registry. Returns 0 when the run
 * completed; AUDIT_STOPPED when opts->crawl.stop stopped it, or
 * AUDIT_HALTED when a write failed, with one line naming the file in halt
 * (only the organisations reported to finished() are final, and nothing
 * was fetched after the failure); -1 when it could not (out of memory,
 * network set-up). The crawler's totals go to *stats.
 */
int audit_run(const struct audit_opts *opts, const struct ruleset *rules,
              const struct registry *registry, struct org_result *orgs,
              struct crawl_stats *stats, char *halt, size_t haltlen);

#endif
