/*
 * snapshot.h - a finished run as `diff` and `audit --previous` compare it:
 * each organisation's id, name, status and which documents were found,
 * and the run's totals. Read from a results.json text through the schema
 * (reports/schema.h), or taken from this run's verdicts.
 */
#ifndef MA_SNAPSHOT_H
#define MA_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct report_input;

struct results_org {
	char *id;
	char *name;
	char *status;                    /* "compliant", "noncompliant", ... */
	bool found[CAP_RULE_DOCS];       /* by results_snapshot.doc_keys index */
};

struct results_snapshot {
	char *as_of;                     /* "" when absent */
	char *generated_at;              /* "" when absent */
	size_t total;
	size_t compliant;
	double compliant_share;          /* percent */
	char *doc_keys[CAP_RULE_DOCS];   /* summary.documents keys, in file order */
	size_t ndocs;
	struct results_org *orgs;        /* registry order */
	size_t norgs, orgs_alloc;
	struct results_org **by_id;      /* the same, sorted by id, for results_find */
	/* While reading: the document keys in the order the organisations named them. */
	char *seen_keys[CAP_RULE_DOCS];
	size_t nseen;
	bool has_summary;
};

/*
 * Parse results.json bytes (no I/O; one organisation in memory at a time).
 * On success *out is owned by the caller (results_free). On failure -1 and
 * one line in err, with the JSON line when the text is not JSON
 * ("line 3: ...").
 */
int results_parse(struct results_snapshot **out, const char *buf, size_t len,
                  char *err, size_t errlen);
/*
 * This run, from its verdicts (in->orgs or in->org_at, its summary and
 * rules), as results_parse would read its results.json. 0, or -1 with one
 * line in err.
 */
int results_of_run(struct results_snapshot **out, const struct report_input *in,
                   char *err, size_t errlen);
void results_free(struct results_snapshot *s);

/* The index of doc key in s->doc_keys, or -1. */
int results_doc_index(const struct results_snapshot *s, const char *key);

/* The organisation with this id, or NULL; O(log n). When ids repeat, one of them. */
const struct results_org *results_find(const struct results_snapshot *s, const char *id);

#endif
