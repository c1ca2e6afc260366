/*
 * results.h - a finished audit read back from its results.json: what `diff`
 * and `audit --previous` compare. Only the fields a comparison needs are
 * kept; results.json stays the full record.
 *
 * results_parse() takes the file's bytes; it does no I/O. JSON is read with
 * jansson, one organisation at a time, so a large run's file never becomes
 * one tree in memory.
 */
#ifndef MA_RESULTS_H
#define MA_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

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
 * Parse results.json bytes. On success *out is owned by the caller
 * (results_free). On failure -1 and one line in err, with the JSON line
 * when the text is not JSON ("line 3: ...").
 */
int results_parse(struct results_snapshot **out, const char *buf, size_t len,
                  char *err, size_t errlen);
void results_free(struct results_snapshot *s);

/*
 * The same in steps, for a snapshot built from parts: begin; read a
 * results.json text and/or add organisation objects (in registry order);
 * finish (the summary must have been read). Each 0, or -1 with one line
 * in err (results_begin: out of memory).
 */
struct json_t;
int results_begin(struct results_snapshot **out);
int results_read_text(struct results_snapshot *s, const char *buf, size_t len, char *err,
                      size_t errlen);
int results_add_org(struct results_snapshot *s, const struct json_t *org, char *err, size_t errlen);
int results_finish(struct results_snapshot *s, char *err, size_t errlen);

/* The index of doc key in s->doc_keys, or -1. */
int results_doc_index(const struct results_snapshot *s, const char *key);

/* The organisation with this id, or NULL; O(log n). When ids repeat, one of them. */
const struct results_org *results_find(const struct results_snapshot *s, const char *id);

#endif
