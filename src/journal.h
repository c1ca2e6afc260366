/*
 * journal.h - the journal of a run in progress, so an interrupted run can
 * be resumed (`audit --resume`) without fetching finished organisations
 * again.
 *
 * --out DIR/journal.json holds a header naming the run (registry, its
 * digest, audit date, rule file), then one results.json organisation
 * object per finished organisation, appended and flushed as each
 * finishes. A record cut short by a crash is ignored on reading: that
 * organisation is audited again. The reports are written from it, read
 * back one organisation at a time, so a run's memory does not grow with
 * the registry. A completed run removes the journal.
 */
#ifndef MA_JOURNAL_H
#define MA_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

struct journal;
struct org_result;
struct report_input;

#define JOURNAL_NAME "journal.json"

/* What a journal belongs to; a resumed run must match it. */
struct journal_key {
	const char *registry_path;
	unsigned long long registry_digest;   /* registry_digest() */
	size_t rows;
	const char *as_of;
	const char *rules;                    /* --rules FILE, or "built-in" */
};


/* Called with each organisation a resumed journal holds, restored; 0 to go on. */
typedef int (*journal_entry_fn)(void *ctx, size_t index, const struct org_result *o);

/*
 * Continue DIR's journal (audit --resume): every whole entry is restored
 * and handed to fn, one at a time, and a record cut short is cut off.
 * as_of gets the journal's audit date. *out is NULL, and err says why in
 * one line, when there is no journal or it ends before its header (a run
 * killed before it began): nothing finished, start afresh. 0; -1 with one
 * line in err when the journal belongs to another run (key differs) or
 * cannot be read.
 */
int journal_resume(struct journal **out, const char *dir, const struct journal_key *key,
                   const struct report_input *in, journal_entry_fn fn, void *ctx,
                   char *as_of, size_t as_of_len, char *err, size_t errlen);

/*
 * Start a new journal in DIR, replacing any: its header is written to a
 * temporary file and renamed into place, so journal.json never exists
 * without it. 0, or -1 with one line in err naming the file.
 */
int journal_open(struct journal **out, const char *dir, const struct journal_key *key,
                 char *err, size_t errlen);

/*
 * Append organisation o (registry row i) and flush. 0, or -1 with one line
 * in err naming the file; after a failure nothing more is appended, and
 * journal_close() cuts the entry that failed off again.
 */
int journal_append(struct journal *j, const struct report_input *in, size_t i,
                   const struct org_result *o, char *err, size_t errlen);

/*
 * Read organisation i back into o (cleared first): the reports of a run
 * that keeps its results on disk, not in memory. 0, or -1 with one line in
 * err.
 */
int journal_read(struct journal *j, const struct report_input *in, size_t i,
                 struct org_result *o, char *err, size_t errlen);

/*
 * Flush to disk and close; remove: delete the file (the run completed).
 * After a failed append, only close and cut back (the failure was said).
 */
int journal_close(struct journal *j, bool remove);

#endif
