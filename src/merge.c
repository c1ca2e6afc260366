/*
 * merge.c - shard outputs into one run.
 *
 * Each shard's results.json holds its organisations with their registry
 * line, id, name, URL and extra columns, and the registry's issues. That is
 * enough to rebuild the registry in its order, restore every verdict
 * (src/restore.c) and write the reports as one run would.
 */
#include "src/merge.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "core/macros.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/cli.h"
#include "src/restore.h"

struct shard_file {
	char *path;
	json_t *root;
};

struct merge {
	struct shard_file *shards;
	size_t nshards;
	const json_t **orgs;          /* every shard's organisations, registry order once sorted */
	size_t norgs;
};

static int load_shard(struct shard_file *s, const char *dir, char *err, size_t errlen)
{
	size_t n = strlen(dir) + sizeof("/results.json"), len = 0;
	char *text = NULL;
	json_error_t jerr;

	if (!(s->path = malloc(n))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(s->path, n, "%s/results.json", dir);
	if (file_read_all(&text, &len, s->path, CAP_RESULTS_BYTES, err, errlen))
		return -1;
	s->root = json_loadb(text, len, 0, &jerr);
	free(text);
	if (!s->root) {
		snprintf(err, errlen, "%s: line %d: %s", s->path, jerr.line, jerr.text);
		return -1;
	}
	if (!json_is_array(json_object_get(s->root, "organizations"))) {
		snprintf(err, errlen, "%s: not an audit's results.json", s->path);
		return -1;
	}
	return 0;
}

static const char *str_of(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

/* The shards are one run cut in N: same date, registry and N, each K once, none missing. */
static int check_shards(const struct merge *m, char *err, size_t errlen)
{
	const json_t *first = m->shards[0].root;
	size_t count = (size_t)json_integer_value(json_object_get(json_object_get(first, "shard"), "count"));
	unsigned char *seen = calloc(m->nshards + 1, 1);
	int rc = -1;

	if (!seen) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < m->nshards; i++) {
		const struct shard_file *s = &m->shards[i];
		const json_t *sh = json_object_get(s->root, "shard");
		size_t k = (size_t)json_integer_value(json_object_get(sh, "index"));

		if (!json_is_object(sh)) {
			snprintf(err, errlen, "%s: not the output of audit --shard K/N", s->path);
			goto out;
		}
		if (json_object_get(s->root, "warc")) {
			snprintf(err, errlen, "%s: shards with --warc archives cannot be merged into one", s->path);
			goto out;
		}
		if ((size_t)json_integer_value(json_object_get(sh, "count")) != count ||
		    strcmp(str_of(s->root, "as_of"), str_of(first, "as_of")) != 0 ||
		    strcmp(str_of(s->root, "registry"), str_of(first, "registry")) != 0) {
			snprintf(err, errlen, "%s: another run (shard count, --as-of or registry differ from %s)",
			         s->path, m->shards[0].path);
			goto out;
		}
		if (k < 1 || k > count || count != m->nshards || seen[k]) {
			snprintf(err, errlen, "%s: shard %zu/%zu %s", s->path, k, count,
			         count != m->nshards ? "belongs to a run of another size than the shards given"
			                             : "given twice or out of range");
			goto out;
		}
		seen[k] = 1;
	}
	rc = 0;
out:
	free(seen);
	return rc;
}

static int by_line(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(const json_t *const *)a, "line"));
	json_int_t y = json_integer_value(json_object_get(*(const json_t *const *)b, "line"));

	return (x > y) - (x < y);
}

static int collect_orgs(struct merge *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nshards; i++)
		n += json_array_size(json_object_get(m->shards[i].root, "organizations"));
	if (!(m->orgs = calloc(n ? n : 1, sizeof(*m->orgs))))
		return -1;
	for (size_t i = 0; i < m->nshards; i++) {
		const json_t *arr = json_object_get(m->shards[i].root, "organizations");

		for (size_t j = 0; j < json_array_size(arr); j++)
			m->orgs[m->norgs++] = json_array_get(arr, j);
	}
	qsort(m->orgs, m->norgs, sizeof(*m->orgs), by_line);
	return 0;
}

/* The registry as the shards saw it: rows from the organisations, issues from the first shard. */
static struct registry *rebuild_registry(const struct merge *m)
{
	struct registry *r = calloc(1, sizeof(*r));
	const json_t *issues = json_object_get(m->shards[0].root, "registry_issues");
	const json_t *extra = m->norgs ? json_object_get(m->orgs[0], "extra") : NULL;
	const char *key, *values[CAP_REGISTRY_COLUMNS];
	json_t *val;

	if (!r)
		return NULL;
	r->delimiter = ',';
	r->encoding = "utf-8";
	if (!(r->rows = calloc(m->norgs ? m->norgs : 1, sizeof(*r->rows))) ||
	    !(r->extra_names = calloc(json_object_size(extra) + 1, sizeof(*r->extra_names))) ||
	    !(r->issues = calloc(json_array_size(issues) + 1, sizeof(*r->issues))))
		goto oom;
	json_object_foreach((json_t *)extra, key, val) {
		(void)val;
		if (!(r->extra_names[r->nextra++] = strdup(key)))
			goto oom;
	}
	for (size_t i = 0; i < m->norgs; i++) {
		struct registry_row *row = &r->rows[i];
		const json_t *o = m->orgs[i], *ex = json_object_get(o, "extra");

		r->nrows = i + 1;
		row->line = (size_t)json_integer_value(json_object_get(o, "line"));
		for (size_t e = 0; e < r->nextra; e++)
			values[e] = str_of(ex, r->extra_names[e]);
		if (registry_row_set(row, r->nextra, str_of(o, "id"), str_of(o, "name"), str_of(o, "url"),
		                     values))
			goto oom;
	}
	for (size_t i = 0; i < json_array_size(issues); i++) {
		const json_t *is = json_array_get(issues, i);

		r->issues[i].line = (size_t)json_integer_value(json_object_get(is, "line"));
		if (!(r->issues[i].reason = strdup(str_of(is, "reason"))))
			goto oom;
		r->nissues = i + 1;
	}
	r->issues_dropped = (size_t)json_integer_value(json_object_get(m->shards[0].root,
	                                                                "registry_issues_dropped"));
	if (registry_mark_repeats(r) < 0)
		goto oom;
	return r;
oom:
	registry_free(r);
	return NULL;
}

static void merge_free(struct merge *m)
{
	for (size_t i = 0; i < m->nshards; i++) {
		free(m->shards[i].path);
		json_decref(m->shards[i].root);
	}
	free(m->shards);
	free(m->orgs);
}

int merge_command(const struct config *cfg)
{
	struct merge m = { 0 };
	struct ruleset *rs = NULL;
	struct registry *reg = NULL;
	struct org_result *orgs = NULL;
	struct run_summary summary;
	size_t *stand_in = NULL;
	struct report_input in = { 0 };
	char err[ERR_LEN] = "", generated[32], why[ERR_LEN / 2];
	time_t now = time(NULL);
	int code = EXIT_INPUT;

	if (rules_load_or_builtin(&rs, cfg->rules, err, sizeof(err)))
		goto fail;
	if (!(m.shards = calloc(cfg->nmerge, sizeof(*m.shards))))
		goto oom;
	for (m.nshards = 0; m.nshards < cfg->nmerge; m.nshards++)
		if (load_shard(&m.shards[m.nshards], cfg->merge_dirs[m.nshards], err, sizeof(err))) {
			m.nshards++;
			goto fail;
		}
	if (check_shards(&m, err, sizeof(err)))
		goto fail;
	if (collect_orgs(&m) || !(reg = rebuild_registry(&m)) ||
	    !(orgs = calloc(reg->nrows ? reg->nrows : 1, sizeof(*orgs))))
		goto oom;
	for (size_t i = 0; i < reg->nrows; i++) {
		verdict_org_init(&orgs[i], &reg->rows[i]);
		if (restore_org(&orgs[i], m.orgs[i], rs, why, sizeof(why))) {
			snprintf(err, sizeof(err), "organisation %s (line %zu): %s", reg->rows[i].id,
			         reg->rows[i].line, why);
			goto fail;
		}
	}
	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	in.as_of = str_of(m.shards[0].root, "as_of");
	in.generated_at = generated;
	in.registry_path = str_of(m.shards[0].root, "registry");
	in.rules = rs;
	in.registry = reg;
	in.orgs = orgs;
	in.norgs = reg->nrows;
	in.csv_dialect = cfg->csv_dialect;
	if (report_summarize(&in, &summary, &stand_in))
		goto oom;
	code = EXIT_RUN;
	if (report_write_all(cfg->out, &in, err, sizeof(err)))
		goto fail;
	if (!cfg->quiet)
		report_console(stdout, &in, cfg->out);
	code = EXIT_OK;
	/* The shards' registry lost records: the merged figures are as incomplete as theirs. */
	if (registry_unread(reg)) {
		log_error("merge: %zu registry record%s could not be read and %s not audited; listed in "
		          "%s/summary.md and under registry_issues in %s/results.json", registry_unread(reg),
		          registry_unread(reg) == 1 ? "" : "s", registry_unread(reg) == 1 ? "is" : "are",
		          cfg->out, cfg->out);
		code = EXIT_UNREAD;
	}
	goto out;
oom:
	snprintf(err, sizeof(err), "out of memory merging %zu shards", cfg->nmerge);
	code = EXIT_RUN;
fail:
	log_error("merge: %s", err);
out:
	for (size_t i = 0; orgs && i < reg->nrows; i++)
		verdict_org_clear(&orgs[i]);
	free(orgs);
	free(stand_in);
	registry_free(reg);
	merge_free(&m);
	rules_free(rs);
	return code;
}
