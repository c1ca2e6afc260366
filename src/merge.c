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

	s->path = malloc(n);
	if (!s->path) {
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
	m->orgs = calloc(n ? n : 1, sizeof(*m->orgs));
	if (!m->orgs)
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
	r->rows = calloc(m->norgs ? m->norgs : 1, sizeof(*r->rows));
	r->extra_names = calloc(json_object_size(extra) + 1, sizeof(*r->extra_names));
	r->issues = calloc(json_array_size(issues) + 1, sizeof(*r->issues));
	if (!r->rows || !r->extra_names || !r->issues)
		goto out;
	json_object_foreach((json_t *)extra, key, val) {
		(void)val;
		r->extra_names[r->nextra] = strdup(key);
		if (!r->extra_names[r->nextra++])
			goto out;
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
			goto out;
	}
	for (size_t i = 0; i < json_array_size(issues); i++) {
		const json_t *is = json_array_get(issues, i);

		r->issues[i].line = (size_t)json_integer_value(json_object_get(is, "line"));
		r->issues[i].reason = strdup(str_of(is, "reason"));
		if (!r->issues[i].reason)
			goto out;
		r->nissues = i + 1;
	}
	r->issues_dropped = (size_t)json_integer_value(json_object_get(m->shards[0].root,
	                                                                "registry_issues_dropped"));
	if (registry_mark_repeats(r) < 0)
		goto out;
	return r;
out:
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

/* What merge reads: the rules, the shards, the registry they saw and their organisations. */
struct merged {
	struct merge m;
	struct ruleset *rs;
	struct registry *reg;
	struct org_result *orgs;
};

static int out_of_memory(const struct config *cfg, char *err, size_t errlen)
{
	snprintf(err, errlen, "out of memory merging %zu shards", cfg->nmerge);
	return EXIT_RUN;
}

/* Read every shard and put their organisations back in registry order. An exit code. */
static int load_all(struct merged *g, const struct config *cfg, char *err, size_t errlen)
{
	char why[ERR_LEN / 2];

	if (rules_load_or_builtin(&g->rs, cfg->rules, err, errlen))
		return EXIT_INPUT;
	g->m.shards = calloc(cfg->nmerge, sizeof(*g->m.shards));
	if (!g->m.shards)
		return out_of_memory(cfg, err, errlen);
	for (g->m.nshards = 0; g->m.nshards < cfg->nmerge; g->m.nshards++) {
		if (load_shard(&g->m.shards[g->m.nshards], cfg->merge_dirs[g->m.nshards], err, errlen)) {
			g->m.nshards++;
			return EXIT_INPUT;
		}
	}
	if (check_shards(&g->m, err, errlen))
		return EXIT_INPUT;
	if (collect_orgs(&g->m))
		return out_of_memory(cfg, err, errlen);
	g->reg = rebuild_registry(&g->m);
	g->orgs = g->reg ? calloc(g->reg->nrows ? g->reg->nrows : 1, sizeof(*g->orgs)) : NULL;
	if (!g->orgs)
		return out_of_memory(cfg, err, errlen);
	for (size_t i = 0; i < g->reg->nrows; i++) {
		verdict_org_init(&g->orgs[i], &g->reg->rows[i]);
		if (restore_org(&g->orgs[i], g->m.orgs[i], g->rs, why, sizeof(why))) {
			snprintf(err, errlen, "organisation %s (line %zu): %s", g->reg->rows[i].id,
			         g->reg->rows[i].line, why);
			return EXIT_INPUT;
		}
	}
	return EXIT_OK;
}

/* The merged run's reports, as one audit of the whole registry writes them. An exit code. */
static int write_merged(struct merged *g, const struct config *cfg, size_t **stand_in,
                        char *err, size_t errlen)
{
	struct run_summary summary;
	struct report_input in = { 0 };
	char generated[32];
	time_t now = time(NULL);
	size_t unread;

	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	in.as_of = str_of(g->m.shards[0].root, "as_of");
	in.generated_at = generated;
	in.registry_path = str_of(g->m.shards[0].root, "registry");
	in.rules = g->rs;
	in.registry = g->reg;
	in.orgs = g->orgs;
	in.norgs = g->reg->nrows;
	in.csv_dialect = cfg->csv_dialect;
	if (report_summarize(&in, &summary, stand_in))
		return out_of_memory(cfg, err, errlen);
	if (report_write_all(cfg->out, &in, err, errlen))
		return EXIT_RUN;
	if (!cfg->quiet)
		report_console(stdout, &in, cfg->out);
	/* The shards' registry lost records: the merged figures are as incomplete as theirs. */
	unread = registry_unread(g->reg);
	if (!unread)
		return EXIT_OK;
	log_error("merge: %zu registry record%s could not be read and %s not audited; listed in "
	          "%s/summary.md and under registry_issues in %s/results.json", unread,
	          unread == 1 ? "" : "s", unread == 1 ? "is" : "are", cfg->out, cfg->out);
	return EXIT_UNREAD;
}

int merge_command(const struct config *cfg)
{
	struct merged g = { 0 };
	size_t *stand_in = NULL;
	char err[ERR_LEN] = "";
	int code = load_all(&g, cfg, err, sizeof(err));

	if (code == EXIT_OK)
		code = write_merged(&g, cfg, &stand_in, err, sizeof(err));
	if (code != EXIT_OK && code != EXIT_UNREAD)
		log_error("merge: %s", err);
	for (size_t i = 0; g.orgs && i < g.reg->nrows; i++)
		verdict_org_clear(&g.orgs[i]);
	free(g.orgs);
	free(stand_in);
	registry_free(g.reg);
	merge_free(&g.m);
	rules_free(g.rs);
	return code;
}
