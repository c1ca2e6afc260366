/*
 * journal.h - the journal of a run in progress, so an interrupted run can
 * be resumed (`audit --resume`) without fetching finished organisations
 * again.
 *
 * --out DIR/journal.json holds a header naming the run (registry, its
 * digest, audit date, rule file), then one results.json organisation
 * object per finished organisation, appended and flushed as each
 * finishes. A record cut short by a crash is ignored on reading: that
 * organisation is audited again. A completed run removes the journal.
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
	unsigned long long registry_digest;   /* journal_registry_digest() */
	size_t rows;
	const char *as_of;
	const char *rules;                    /* --rules FILE, or "built-in" */
};

/* FNV-1a over every row's id, name and URL. */
struct registry;
unsigned long long journal_registry_digest(const struct registry *reg);

/*
 * Read DIR's journal into in->orgs (initialised, for in->registry's rows)
 * and mark restored[i]. *found is false when there is no journal. as_of
 * gets the journal's audit date. 0; -1 with one line in err when the
 * journal belongs to another run (key differs) or cannot be read.
 */
int journal_load(const char *dir, const struct journal_key *key, const struct report_input *in,
                 struct org_result *orgs, bool *restored, bool *found, char *as_of, size_t as_of_len,
                 char *err, size_t errlen);

/*
 * Start DIR's journal: a new one (header written), or, with keep, the
 * existing one continued. 0, or -1 with one line in err naming the file.
 */
int journal_open(struct journal **out, const char *dir, const struct journal_key *key, bool keep,
                 char *err, size_t errlen);

/* Append organisation i (in->orgs[i]) and flush. 0, or -1 (logged once). */
int journal_append(struct journal *j, const struct report_input *in, size_t i);

/* Flush to disk and close; remove: delete the file (the run completed). */
int journal_close(struct journal *j, bool remove);

#endif
