/*
 * merge.c - shard outputs into one run.
 *
 * Each shard's results.json holds its organisations with their registry
 * line, id, name, URL and extra columns, and the registry's issues. That is
 * enough to rebuild the registry in its order, restore every verdict
 * (reports/schema.h) and write the reports as one run would.
 */
#include "src/merge.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/macros.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "reports/schema.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/cli.h"

struct shard_file {
	char *path;
	json_t *root;
	struct report_input head;     /* as_of, registry, warc, shard: borrowed from root */
};

/* An organisation's item, with its registry line for sorting. */
struct merge_item {
	const json_t *item;
	size_t line;
};

struct merge {
	struct shard_file *shards;
	size_t nshards;
	struct merge_item *orgs;      /* every shard's organisations, registry order once sorted */
	size_t norgs;
};

static int load_shard(struct shard_file *s, const char *dir, char *err, size_t errlen)
{
	size_t n = strlen(dir) + sizeof("/results.json"), len = 0;
	char *text = NULL, why[ERR_LEN / 2];
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
	if (!json_is_array(json_object_get(s->root, schema_key_organizations()))) {
		snprintf(err, errlen, "%s: not an audit's results.json", s->path);
		return -1;
	}
	if (schema_read_head(&s->head, NULL, s->root, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", s->path, why);
		return -1;
	}
	return 0;
}

static const char *text_or_empty(const char *s)
{
	return s ? s : "";
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(text_or_empty(a), text_or_empty(b)) == 0;
}

/*
 * Why shard s is not of the same run as the first, or NULL. The registry
 * is compared by its rows' digest (schema 3), by its path in older files.
 */
static const char *other_run(const struct report_input *s, const struct report_input *first)
{
	if (s->shard_count != first->shard_count)
		return "a run cut into another number of shards";
	if (!same_text(s->as_of, first->as_of))
		return "another audit date (--as-of)";
	if (s->registry_digest && first->registry_digest) {
		if (!same_text(s->registry_digest, first->registry_digest))
			return "another registry (its rows differ)";
	} else if (!same_text(s->registry_path, first->registry_path)) {
		return "another registry file";
	}
	if (!same_text(s->rules_digest, first->rules_digest))
		return "judged by another rule file";
	return NULL;
}

/* Each shard of the same run as the first, given once, its K within N. */
static int check_each(const struct merge *m, unsigned char *seen, char *err, size_t errlen)
{
	const struct shard_file *first = &m->shards[0];

	for (size_t i = 0; i < m->nshards; i++) {
		const struct shard_file *s = &m->shards[i];
		size_t k = s->head.shard_index, count = s->head.shard_count;
		const char *why = other_run(&s->head, &first->head);

		if (!count) {
			snprintf(err, errlen, "%s: not the output of audit --shard K/N", s->path);
			return -1;
		}
		if (s->head.warc_path) {
			snprintf(err, errlen, "%s: shards with --warc archives cannot be merged into one", s->path);
			return -1;
		}
		if (why) {
			snprintf(err, errlen, "%s: shard %zu/%zu is of another run than %s (%s)", s->path, k,
			         count, first->path, why);
			return -1;
		}
		if (k < 1 || k > count || seen[k]) {
			snprintf(err, errlen, "%s: shard %zu/%zu %s", s->path, k, count,
			         k < 1 || k > count ? "out of range" : "given twice");
			return -1;
		}
		seen[k] = 1;
	}
	return 0;
}

/* The shards are one run cut in N: same date, registry, rules and N, each K once, none missing. */
static int check_shards(const struct merge *m, char *err, size_t errlen)
{
	size_t count = m->shards[0].head.shard_count, n = 0;
	unsigned char *seen = calloc(count + 1, 1);
	int rc = -1;

	if (!seen) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (check_each(m, seen, err, errlen))
		goto out;
	/* Name the missing ones: "shards 2/4, 4/4 missing". */
	for (size_t k = 1; k <= count; k++) {
		if (seen[k])
			continue;
		n += (size_t)snprintf(err + n, n < errlen ? errlen - n : 0, "%s%zu/%zu",
		                      n ? ", " : "shard ", k, count);
	}
	if (n) {
		if (n < errlen)
			snprintf(err + n, errlen - n, " missing: merge needs all %zu shards of the run", count);
		goto out;
	}
	rc = 0;
out:
	free(seen);
	return rc;
}

static int by_line(const void *a, const void *b)
{
	size_t x = ((const struct merge_item *)a)->line, y = ((const struct merge_item *)b)->line;

	return (x > y) - (x < y);
}

static int collect_orgs(struct merge *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nshards; i++)
		n += json_array_size(json_object_get(m->shards[i].root, schema_key_organizations()));
	m->orgs = calloc(n ? n : 1, sizeof(*m->orgs));
	if (!m->orgs)
		return -1;
	for (size_t i = 0; i < m->nshards; i++) {
		const json_t *arr = json_object_get(m->shards[i].root, schema_key_organizations());

		for (size_t j = 0; j < json_array_size(arr); j++) {
			struct schema_row row;
			struct merge_item *it = &m->orgs[m->norgs++];

			it->item = json_array_get(arr, j);
			schema_read_row(&row, it->item);
			it->line = row.line;
		}
	}
	qsort(m->orgs, m->norgs, sizeof(*m->orgs), by_line);
	return 0;
}

/* The extra columns' names, from the first organisation. 0, or -1 when out of memory. */
static int take_extra_names(struct registry *r, const json_t *extra)
{
	const char *key;
	json_t *val;

	r->extra_names = calloc(json_object_size(extra) + 1, sizeof(*r->extra_names));
	if (!r->extra_names)
		return -1;
	json_object_foreach((json_t *)extra, key, val) {
		(void)val;
		r->extra_names[r->nextra] = strdup(key);
		if (!r->extra_names[r->nextra++])
			return -1;
	}
	return 0;
}

static int take_row(struct registry_row *out, const struct registry *r, const json_t *item)
{
	const char *values[CAP_REGISTRY_COLUMNS];
	struct schema_row row;

	schema_read_row(&row, item);
	for (size_t e = 0; e < r->nextra && e < CAP_REGISTRY_COLUMNS; e++)
		values[e] = text_or_empty(json_string_value(json_object_get(row.extra, r->extra_names[e])));
	if (registry_row_set(out, r->nextra, row.id, row.name, row.url, values))
		return -1;
	out->line = row.line;
	return 0;
}

/* The registry as the shards saw it: rows from the organisations, issues from the first shard. */
static struct registry *rebuild_registry(const struct merge *m)
{
	struct registry *r = calloc(1, sizeof(*r));
	struct report_input head = { 0 };
	struct schema_row first = { 0 };
	char why[ERR_LEN / 2];

	if (!r)
		return NULL;
	r->delimiter = ',';
	r->encoding = "utf-8";
	r->rows = calloc(m->norgs ? m->norgs : 1, sizeof(*r->rows));
	if (m->norgs)
		schema_read_row(&first, m->orgs[0].item);
	if (!r->rows || take_extra_names(r, first.extra) ||
	    schema_read_head(&head, r, m->shards[0].root, why, sizeof(why)))
		goto out;
	for (size_t i = 0; i < m->norgs; i++) {
		r->nrows = i + 1;
		if (take_row(&r->rows[i], r, m->orgs[i].item))
			goto out;
	}
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
	char rules_digest[HASH_DIGEST_LEN];   /* of rs */
};

/* The shards' rule file is merge's own (its --rules): the documents and words the reports use. */
static int check_rules(const struct merged *g, const struct config *cfg, char *err, size_t errlen)
{
	const char *theirs = g->m.shards[0].head.rules_digest;

	if (!theirs || strcmp(theirs, g->rules_digest) == 0)
		return 0;
	snprintf(err, errlen, "%s: the shards were judged by another rule file than merge's (%s); "
	         "give merge the --rules the shards had", g->m.shards[0].path,
	         cfg->rules ? cfg->rules : "the built-in rules");
	return -1;
}

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
	hash_digest_text(g->rules_digest, rules_digest(g->rs));
	if (check_shards(&g->m, err, errlen) || check_rules(g, cfg, err, errlen))
		return EXIT_INPUT;
	if (collect_orgs(&g->m))
		return out_of_memory(cfg, err, errlen);
	g->reg = rebuild_registry(&g->m);
	g->orgs = g->reg ? calloc(g->reg->nrows ? g->reg->nrows : 1, sizeof(*g->orgs)) : NULL;
	if (!g->orgs)
		return out_of_memory(cfg, err, errlen);
	for (size_t i = 0; i < g->reg->nrows; i++) {
		verdict_org_init(&g->orgs[i], &g->reg->rows[i]);
		if (schema_read_org(&g->orgs[i], g->m.orgs[i].item, g->rs, why, sizeof(why))) {
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
	struct report_groups groups = { 0 };
	char generated[32];
	time_t now = time(NULL);
	size_t unread;
	int rc;

	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	in.as_of = text_or_empty(g->m.shards[0].head.as_of);
	in.generated_at = generated;
	in.registry_path = text_or_empty(g->m.shards[0].head.registry_path);
	in.registry_digest = g->m.shards[0].head.registry_digest;
	in.rules_digest = g->rules_digest;
	in.contact = cfg->contact;
	in.rules = g->rs;
	in.registry = g->reg;
	in.orgs = g->orgs;
	in.norgs = g->reg->nrows;
	in.csv_dialect = cfg->csv_dialect;
	if (report_summarize(&in, &summary, stand_in))
		return out_of_memory(cfg, err, errlen);
	if (cfg->group_by && report_groups_compute(&in, cfg->group_by, &groups, err, errlen))
		return report_group_column(g->reg, cfg->group_by) < 0 ? EXIT_INPUT : EXIT_RUN;
	rc = report_write_all(cfg->out, &in, err, errlen);
	report_groups_free(&groups);
	if (rc)
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
