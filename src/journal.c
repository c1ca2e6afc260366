/*
 * journal.c - the run's journal: appended JSON objects, read back with
 * jansson one value at a time.
 */
#include "src/journal.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/verdict.h"
#include "reports/schema.h"

#define JOURNAL_VERSION 1

struct journal {
	FILE *f;              /* appended to */
	FILE *rf;             /* read back (journal_read), opened at the first read */
	char *path;
	long long *offsets;   /* rows items: where organisation i's entry starts, or -1 */
	size_t rows;
	bool failed;          /* a write failed: nothing more is appended */
	long long whole_end;  /* after the last whole entry: where a failed one is cut off */
};

static void journal_free(struct journal *j)
{
	if (!j)
		return;
	if (j->f)
		fclose(j->f);
	if (j->rf)
		fclose(j->rf);
	free(j->offsets);
	free(j->path);
	free(j);
}

static char *journal_path(const char *dir)
{
	size_t n = strlen(dir) + sizeof("/" JOURNAL_NAME);
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, JOURNAL_NAME);
	return p;
}

static json_t *header_of(const struct journal_key *key)
{
	char digest[24];

	snprintf(digest, sizeof(digest), "%016llx", key->registry_digest);
	return json_pack("{s:i, s:s, s:s, s:I, s:s, s:s}", "mentor_audit_journal", JOURNAL_VERSION,
	                 "registry", key->registry_path, "registry_digest", digest,
	                 "rows", (json_int_t)key->rows, "as_of", key->as_of, "rules", key->rules);
}

/* Does the header h belong to this run? One line in err when not. */
static int header_matches(const json_t *h, const struct journal_key *key, const char *path,
                          char *err, size_t errlen)
{
	json_t *want = header_of(key);
	int rc = 0;

	if (json_integer_value(json_object_get(h, "mentor_audit_journal")) != JOURNAL_VERSION) {
		snprintf(err, errlen, "%s: not a mentor-audit journal", path);
		rc = -1;
	} else if (!json_equal(json_object_get(h, "registry_digest"), json_object_get(want, "registry_digest")) ||
	           !json_equal(json_object_get(h, "rows"), json_object_get(want, "rows"))) {
		snprintf(err, errlen, "%s: written for another registry (%s); start a new run without --resume",
		         path, json_string_value(json_object_get(h, "registry")));
		rc = -1;
	} else if (!json_equal(json_object_get(h, "rules"), json_object_get(want, "rules"))) {
		snprintf(err, errlen, "%s: written with other rules (%s)", path,
		         json_string_value(json_object_get(h, "rules")));
		rc = -1;
	}
	json_decref(want);
	return rc;
}

/* A journal of rows organisations, its file not yet opened. */
static struct journal *journal_new(const char *dir, size_t rows)
{
	struct journal *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->path = journal_path(dir);
	j->offsets = malloc((rows ? rows : 1) * sizeof(*j->offsets));
	if (!j->path || !j->offsets) {
		journal_free(j);
		return NULL;
	}
	for (size_t i = 0; i < rows; i++)
		j->offsets[i] = -1;
	j->rows = rows;
	return j;
}

/* Entry e, found at offset: restored, its offset noted, handed to fn. */
static int take_entry(struct journal *j, const json_t *e, long long offset,
                      const struct report_input *in, journal_entry_fn fn, void *ctx,
                      char *err, size_t errlen)
{
	json_t *idx = json_object_get(e, "index");
	struct org_result o;
	size_t i;
	int rc;

	if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
	    (size_t)json_integer_value(idx) >= j->rows) {
		snprintf(err, errlen, "an entry without a valid index");
		return -1;
	}
	i = (size_t)json_integer_value(idx);
	if (j->offsets[i] >= 0) {
		snprintf(err, errlen, "organisation %zu is in it twice", i + 1);
		return -1;
	}
	verdict_org_init(&o, &in->registry->rows[i]);
	rc = schema_read_org(&o, json_object_get(e, "org"), in->rules, err, errlen);
	if (!rc)
		rc = fn(ctx, i, &o);
	verdict_org_clear(&o);
	if (!rc)
		j->offsets[i] = offset;
	return rc;
}

/* scan(): the file ends before its header does (empty, or cut short): no organisation finished. */
#define JOURNAL_NO_HEADER 1

/*
 * Read the journal at j->path entry by entry (one in memory at a time).
 * *end gets the offset after the last whole entry. 0, JOURNAL_NO_HEADER,
 * or -1 with one line in err.
 */
static int scan(struct journal *j, FILE *f, const struct journal_key *key,
                const struct report_input *in, journal_entry_fn fn, void *ctx,
                char *as_of, size_t as_of_len, long long *end, char *err, size_t errlen)
{
	char why[256];
	size_t entries = 0;
	json_error_t jerr;
	json_t *v = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr);
	long long pos;
	int rc = -1;

	if (!v && json_error_code(&jerr) == json_error_premature_end_of_input)
		return JOURNAL_NO_HEADER;
	if (!v) {
		snprintf(err, errlen, "%s: line %d: %s", j->path, jerr.line, jerr.text);
		return -1;
	}
	if (header_matches(v, key, j->path, err, errlen))
		goto out;
	snprintf(as_of, as_of_len, "%s", json_string_value(json_object_get(v, "as_of")));
	for (pos = jerr.position; ; pos += jerr.position) {
		int c;

		json_decref(v);
		v = NULL;
		if (fseeko(f, (off_t)pos, SEEK_SET) != 0) {
			snprintf(err, errlen, "%s: cannot read: %s", j->path, strerror(errno));
			goto out;
		}
		while ((c = getc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t')
			pos++;
		*end = pos;
		if (c == EOF)
			break;
		ungetc(c, f);
		v = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr);
		if (!v) {
			log_info("%s: the last record is cut short; its organisation is audited again", j->path);
			break;
		}
		if (take_entry(j, v, pos, in, fn, ctx, why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s", j->path, why);
			goto out;
		}
		entries++;
	}
	log_info("%s: %zu organisations finished before; not fetched again", j->path, entries);
	rc = 0;
out:
	json_decref(v);
	return rc;
}

int journal_resume(struct journal **out, const char *dir, const struct journal_key *key,
                   const struct report_input *in, journal_entry_fn fn, void *ctx,
                   char *as_of, size_t as_of_len, char *err, size_t errlen)
{
	struct journal *j = journal_new(dir, key->rows);
	long long end = 0;
	FILE *f = NULL;
	int rc = -1, scanned;

	*out = NULL;
	if (!j) {
		snprintf(err, errlen, "%s/%s: out of memory", dir, JOURNAL_NAME);
		goto out;
	}
	f = fopen(j->path, "r");
	if (!f) {
		if (errno == ENOENT) {
			snprintf(err, errlen, "no %s in %s", JOURNAL_NAME, dir);
			rc = 0;
		} else {
			snprintf(err, errlen, "%s: cannot read: %s", j->path, strerror(errno));
		}
		goto out;
	}
	scanned = scan(j, f, key, in, fn, ctx, as_of, as_of_len, &end, err, errlen);
	if (scanned == JOURNAL_NO_HEADER) {
		/* Killed before its header was written: the run had finished nothing. */
		snprintf(err, errlen, "%s ends before its header: the interrupted run finished nothing", j->path);
		rc = 0;
		goto out;
	}
	if (scanned)
		goto out;
	fclose(f);
	f = NULL;
	/* A record cut short goes, so that the next ones follow whole records. */
	if (truncate(j->path, (off_t)end) == 0)
		j->f = fopen(j->path, "a");
	if (!j->f || fseeko(j->f, 0, SEEK_END) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", j->path, strerror(errno));
		goto out;
	}
	*out = j;
	j = NULL;
	rc = 0;
out:
	if (f)
		fclose(f);
	journal_free(j);
	return rc;
}

static int write_header(FILE *f, const void *ctx)
{
	json_t *h = header_of(ctx);
	int rc = !h || json_dumpf(h, f, JSON_COMPACT) || fputc('\n', f) == EOF ? -1 : 0;

	json_decref(h);
	return rc;
}

int journal_open(struct journal **out, const char *dir, const struct journal_key *key,
                 char *err, size_t errlen)
{
	struct journal *j = journal_new(dir, key->rows);
	int rc = -1;

	*out = NULL;
	if (!j) {
		snprintf(err, errlen, "%s/%s: out of memory", dir, JOURNAL_NAME);
		goto out;
	}
	/* The header goes in whole or not at all: a journal is never there without it. */
	if (file_write_atomic(j->path, write_header, key, true, err, errlen))
		goto out;
	j->f = fopen(j->path, "a");
	if (!j->f || fseeko(j->f, 0, SEEK_END) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", j->path, strerror(errno));
		goto out;
	}
	*out = j;
	j = NULL;
	rc = 0;
out:
	journal_free(j);
	return rc;
}

int journal_append(struct journal *j, const struct report_input *in, size_t i,
                   const struct org_result *o, char *err, size_t errlen)
{
	long long offset;

	if (!j || i >= j->rows) {
		snprintf(err, errlen, "organisation %zu has no place in the journal", i + 1);
		return -1;
	}
	if (j->failed) {
		snprintf(err, errlen, "%s: cannot write: an earlier write failed", j->path);
		return -1;
	}
	errno = 0;
	offset = (long long)ftello(j->f);
	if (offset < 0 || fprintf(j->f, "{\"index\": %zu, \"org\":\n", i) < 0 ||
	    report_json_org(j->f, in, i, o) || fputs("}\n", j->f) == EOF || fflush(j->f)) {
		snprintf(err, errlen, "%s: cannot write: %s", j->path,
		         ferror(j->f) || errno ? strerror(errno ? errno : EIO) : "a result could not be put into JSON");
		j->failed = true;
		j->whole_end = offset;
		return -1;
	}
	j->offsets[i] = offset;
	return 0;
}

int journal_read(struct journal *j, const struct report_input *in, size_t i,
                 struct org_result *o, char *err, size_t errlen)
{
	char why[256];
	json_error_t jerr;
	json_t *e = NULL;
	int rc = -1;

	if (!j || i >= j->rows || j->offsets[i] < 0) {
		snprintf(err, errlen, "organisation %zu is not in the journal", i + 1);
		return -1;
	}
	if (!j->rf)
		j->rf = fopen(j->path, "r");
	if (!j->rf) {
		snprintf(err, errlen, "%s: cannot read: %s", j->path, strerror(errno));
		return -1;
	}
	if (fseeko(j->rf, (off_t)j->offsets[i], SEEK_SET) != 0) {
		snprintf(err, errlen, "%s: cannot read: %s", j->path, strerror(errno));
		goto out;
	}
	e = json_loadf(j->rf, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!e) {
		snprintf(err, errlen, "%s: organisation %zu: %s", j->path, i + 1, jerr.text);
		goto out;
	}
	if (json_integer_value(json_object_get(e, "index")) != (json_int_t)i) {
		snprintf(err, errlen, "%s: organisation %zu: another record at its place", j->path, i + 1);
		goto out;
	}
	verdict_org_clear(o);
	verdict_org_init(o, &in->registry->rows[i]);
	if (schema_read_org(o, json_object_get(e, "org"), in->rules, why, sizeof(why))) {
		snprintf(err, errlen, "%s: organisation %zu: %s", j->path, i + 1, why);
		goto out;
	}
	rc = 0;
out:
	json_decref(e);
	return rc;
}

int journal_close(struct journal *j, bool remove)
{
	int rc = 0;

	if (!j)
		return 0;
	if (j->failed) {
		/*
		 * Said when it failed. What stdio still holds of the failed entry may
		 * be written on closing: cut back to the whole ones, for --resume.
		 */
		fclose(j->f);
		j->f = NULL;
		/*
		 * The failure was said already; a journal that cannot be cut as well
		 * is left as it is, and whole_end no longer describes it. (A plain
		 * (void) cast does not quiet the warning _FORTIFY_SOURCE gives.)
		 */
		if (j->whole_end >= 0 && truncate(j->path, (off_t)j->whole_end) != 0)
			j->whole_end = -1;
	} else {
		if (fflush(j->f) || fsync(fileno(j->f)))
			rc = -1;
		if (fclose(j->f))
			rc = -1;
		j->f = NULL;
	}
	if (remove && unlink(j->path) != 0 && errno != ENOENT)
		rc = -1;
	journal_free(j);
	return rc;
}
