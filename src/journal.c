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
#include "core/hash.h"
#include "core/log.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/verdict.h"
#include "src/restore.h"

#define JOURNAL_VERSION 1

struct journal {
	FILE *f;
	char *path;
	bool failed;          /* a write failed: said once */
};

/* One field of the digest: its bytes, then a byte no UTF-8 text holds as a separator. */
static uint64_t digest_field(uint64_t h, const char *s)
{
	return hash_fnv1a(hash_fnv1a(h, s), "\xff");
}

unsigned long long journal_registry_digest(const struct registry *reg)
{
	uint64_t h = HASH_FNV1A_INIT;

	for (size_t i = 0; i < reg->nrows; i++)
		h = digest_field(digest_field(digest_field(h, reg->rows[i].id), reg->rows[i].name),
		                 reg->rows[i].url);
	return (unsigned long long)h;
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

static int restore_entry(const json_t *e, const struct report_input *in, struct org_result *orgs,
                         bool *restored, char *err, size_t errlen)
{
	json_t *idx = json_object_get(e, "index");
	size_t i;

	if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
	    (size_t)json_integer_value(idx) >= in->norgs) {
		snprintf(err, errlen, "an entry without a valid index");
		return -1;
	}
	i = (size_t)json_integer_value(idx);
	verdict_org_clear(&orgs[i]);
	verdict_org_init(&orgs[i], &in->registry->rows[i]);
	if (restore_org(&orgs[i], json_object_get(e, "org"), in->rules, err, errlen))
		return -1;
	restored[i] = true;
	return 0;
}

int journal_load(const char *dir, const struct journal_key *key, const struct report_input *in,
                 struct org_result *orgs, bool *restored, bool *found, char *as_of, size_t as_of_len,
                 char *err, size_t errlen)
{
	char *path = journal_path(dir), *text = NULL, why[256];
	size_t len = 0, pos = 0, entries = 0;
	json_error_t jerr;
	json_t *v = NULL;
	int rc = -1;

	*found = false;
	if (!path) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (access(path, F_OK) != 0) {
		rc = 0;
		goto out;
	}
	*found = true;
	if (file_read_all(&text, &len, path, CAP_RESULTS_BYTES, err, errlen))
		goto out;
	v = json_loadb(text, len, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!v) {
		snprintf(err, errlen, "%s: line %d: %s", path, jerr.line, jerr.text);
		goto out;
	}
	if (header_matches(v, key, path, err, errlen))
		goto out;
	snprintf(as_of, as_of_len, "%s", json_string_value(json_object_get(v, "as_of")));
	for (pos = jerr.position; ; pos += jerr.position) {
		json_decref(v);
		while (pos < len && strchr(" \t\r\n", text[pos]))
			pos++;
		if (pos >= len)
			break;
		v = json_loadb(text + pos, len - pos, JSON_DISABLE_EOF_CHECK, &jerr);
		if (!v) {
			log_info("%s: the last record is cut short; its organisation is audited again", path);
			break;
		}
		if (restore_entry(v, in, orgs, restored, why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s", path, why);
			goto out;
		}
		entries++;
	}
	v = NULL;
	log_info("%s: %zu organisations finished before; not fetched again", path, entries);
	rc = 0;
out:
	json_decref(v);
	free(text);
	free(path);
	return rc;
}

int journal_open(struct journal **out, const char *dir, const struct journal_key *key, bool keep,
                 char *err, size_t errlen)
{
	struct journal *j = calloc(1, sizeof(*j));
	json_t *h = NULL;
	int rc = -1;

	*out = NULL;
	if (!j || !(j->path = journal_path(dir))) {
		snprintf(err, errlen, "%s/%s: out of memory", dir, JOURNAL_NAME);
		goto out;
	}
	j->f = fopen(j->path, keep ? "a" : "w");
	if (!j->f) {
		snprintf(err, errlen, "%s: cannot write: %s", j->path, strerror(errno));
		goto out;
	}
	if (!keep) {
		if (!(h = header_of(key)) || json_dumpf(h, j->f, JSON_COMPACT) || fputc('\n', j->f) == EOF ||
		    fflush(j->f)) {
			snprintf(err, errlen, "%s: cannot write: %s", j->path, strerror(errno));
			goto out;
		}
	}
	*out = j;
	j = NULL;
	rc = 0;
out:
	json_decref(h);
	if (j) {
		if (j->f)
			fclose(j->f);
		free(j->path);
		free(j);
	}
	return rc;
}

int journal_append(struct journal *j, const struct report_input *in, size_t i)
{
	if (!j || j->failed)
		return -1;
	if (fprintf(j->f, "{\"index\": %zu, \"org\":\n", i) < 0 || report_json_org(j->f, in, i) ||
	    fputs("}\n", j->f) == EOF || fflush(j->f)) {
		log_error("%s: cannot write: %s (an interrupted run will start over)", j->path,
		          strerror(errno));
		j->failed = true;
		return -1;
	}
	return 0;
}

int journal_close(struct journal *j, bool remove)
{
	int rc = 0;

	if (!j)
		return 0;
	if (fflush(j->f) || fsync(fileno(j->f)))
		rc = -1;
	if (fclose(j->f))
		rc = -1;
	if (remove && unlink(j->path) != 0 && errno != ENOENT)
		rc = -1;
	free(j->path);
	free(j);
	return rc;
}
