/*
 * schema_run.c - results.json around its organisations: the run's head,
 * its summary with the methodology's indicator table, the registry's
 * issues. Field tables as in schema_org.c; a new field goes at the end of
 * its table (the run's: before schema_version, the file's last key).
 */
#include "reports/schema_impl.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/indicators.h"
#include "reports/jsonw.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/content.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* {"count", "share", "unchecked"}: how a share is written everywhere in the summary. */
static void write_share(struct jsonw *w, size_t count, double share, size_t unchecked)
{
	jsonw_key(w, "count");
	jsonw_size(w, count);
	jsonw_key(w, "share");
	jsonw_share(w, share);
	jsonw_key(w, "unchecked");
	jsonw_size(w, unchecked);
}

/* ---- the summary (struct run_summary; c->in for the documents' ids) ---- */

static void write_by_status(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct run_summary *s = obj;

	(void)c;
	jsonw_begin_object(w);
	for (size_t i = 0; i < ORG_STATUS_COUNT; i++) {
		jsonw_key(w, verdict_status_name((enum org_status)i));
		jsonw_size(w, s->by_status[i]);
	}
	jsonw_end_object(w);
}

static void write_section(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct run_summary *s = obj;

	(void)c;
	jsonw_begin_object(w);
	write_share(w, s->with_section, s->section_share, s->section_unchecked);
	jsonw_end_object(w);
}

static void write_doc_shares(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct run_summary *s = obj;

	jsonw_begin_object(w);
	for (size_t i = 0; i < report_doc_count(c->rules); i++) {
		jsonw_key(w, rules_doc(c->rules, i)->id);
		jsonw_begin_object(w);
		write_share(w, s->doc_count[i], s->doc_share[i], s->doc_unchecked[i]);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

/* Indicator 15: the documents that make up "implements the system", and its share. */
static void write_system(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct run_summary *s = obj;

	jsonw_begin_object(w);
	jsonw_key(w, "documents");
	jsonw_begin_array(w);
	for (size_t d = 0; d < report_doc_count(c->rules); d++)
		if (rules_doc_in_system(c->rules, d))
			jsonw_string(w, rules_doc(c->rules, d)->id);
	jsonw_end_array(w);
	write_share(w, s->system, s->system_share, s->system_unchecked);
	jsonw_end_object(w);
}

/* The methodology's indicator table, as summary.md shows it. */
static void write_indicators(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	struct indicator_row rows[INDICATOR_ROWS];
	size_t n = report_indicators(c->rules, obj, rows);
	char name[1024];

	jsonw_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_begin_object(w);
		jsonw_key(w, "number");
		jsonw_size(w, rows[i].number);
		jsonw_key(w, "letter");
		jsonw_string(w, rows[i].letter);
		jsonw_key(w, "name");
		jsonw_string(w, report_indicator_name(name, sizeof(name), c->rules, &rows[i]));
		jsonw_key(w, "kind");
		jsonw_string(w, report_indicator_kind_name(rows[i].kind));
		jsonw_key(w, "document");
		jsonw_string(w, rows[i].kind == INDICATOR_DOCUMENT ? rules_doc(c->rules, rows[i].doc)->id : NULL);
		jsonw_key(w, "count");
		jsonw_size(w, rows[i].count);
		jsonw_key(w, "share");
		jsonw_share(w, rows[i].share);
		jsonw_key(w, "unchecked");
		jsonw_size(w, rows[i].unchecked);
		jsonw_key(w, "checked_share");
		jsonw_share(w, rows[i].checked_share);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* Schema 4: what the counting documents count, summed: indicators 8 and 10 (pairs, programmes). */
static void write_counts(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct run_summary *s = obj;

	jsonw_begin_object(w);
	for (size_t d = 0; d < report_doc_count(c->rules); d++) {
		if (!rules_doc_counts(c->rules, d))
			continue;
		jsonw_key(w, rules_doc(c->rules, d)->id);
		jsonw_begin_object(w);
		jsonw_key(w, "sum");
		jsonw_size(w, s->count_sum[d]);
		jsonw_key(w, "organisations");
		jsonw_size(w, s->count_known[d]);
		jsonw_key(w, "undetermined");
		jsonw_size(w, s->count_unknown[d]);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

#define SUM(key, type, member) { key, type, offsetof(struct run_summary, member), 0, NULL, NULL }
#define SUM_DERIVED(key, name) { key, SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_##name, NULL }

static const struct schema_field summary_fields[] = {
	SUM("total", SCHEMA_SIZE, total),
	SUM("compliant", SCHEMA_SIZE, compliant),
	SUM("compliant_share", SCHEMA_SHARE, compliant_share),
	SUM_DERIVED("by_status", by_status),
	SUM_DERIVED("section", section),
	SUM_DERIVED("documents", doc_shares),
	/* Schema 2: rows, what could not be checked, indicator 15 and the whole table. */
	SUM("rows", SCHEMA_SIZE, rows),
	SUM("unchecked", SCHEMA_SIZE, unchecked),
	SUM_DERIVED("system", system),
	SUM_DERIVED("indicators", indicators),
	SUM_DERIVED("counts", counts),
};
static const struct schema_table summary_table = SCHEMA_TABLE(summary_fields);

/* ---- the run (struct report_input) ---- */

/* A slice of the registry (--shard K/N): `merge` puts the slices together. */
static void write_shard(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct report_input *in = obj;

	(void)c;
	jsonw_begin_object(w);
	jsonw_key(w, "index");
	jsonw_size(w, in->shard_index);
	jsonw_key(w, "count");
	jsonw_size(w, in->shard_count);
	jsonw_end_object(w);
}

static int read_shard(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct report_input *in = obj;

	(void)c;
	in->shard_index = (unsigned)json_integer_value(json_object_get(v, "index"));
	in->shard_count = (unsigned)json_integer_value(json_object_get(v, "count"));
	return 0;
}

static void write_organizations(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct report_input *in = obj;

	(void)c;
	jsonw_begin_array(w);
	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);

		if (!o) {
			jsonw_fail(w);
			break;
		}
		schema_org_json(w, in, i, o);
	}
	jsonw_end_array(w);
}

static void write_summary(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	struct run_summary local;

	schema_write(w, &summary_table, c, report_summary_of(obj, &local));
}

static void write_issues(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct registry *reg = ((const struct report_input *)obj)->registry;

	(void)c;
	jsonw_begin_array(w);
	for (size_t i = 0; reg && i < reg->nissues; i++) {
		jsonw_begin_object(w);
		jsonw_key(w, "line");
		jsonw_size(w, reg->issues[i].line);
		jsonw_key(w, "reason");
		jsonw_string(w, reg->issues[i].reason);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* The issues into c->registry, when reading for one (its issues not yet allocated). */
static int read_issues(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct registry *reg = c->registry;

	(void)obj;
	if (!reg)
		return 0;
	reg->issues = calloc(json_array_size(v) + 1, sizeof(*reg->issues));
	if (!reg->issues)
		return schema_fail(c, "out of memory");
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *is = json_array_get(v, i);
		const char *reason = json_string_value(json_object_get(is, "reason"));

		reg->issues[i].line = (size_t)json_integer_value(json_object_get(is, "line"));
		reg->issues[i].reason = strdup(reason ? reason : "");
		if (!reg->issues[i].reason)
			return schema_fail(c, "out of memory");
		reg->nissues = i + 1;
	}
	return 0;
}

/* Unreadable records past the cap on registry_issues: counted, not listed. */
static void write_issues_dropped(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct registry *reg = ((const struct report_input *)obj)->registry;

	(void)c;
	jsonw_size(w, reg ? reg->issues_dropped : 0);
}

static int read_issues_dropped(void *obj, const json_t *v, const struct schema_ctx *c)
{
	(void)obj;
	if (c->registry)
		c->registry->issues_dropped = (size_t)json_integer_value(v);
	return 0;
}

/* Schema 6: --group-by's column, or null. */
static void write_group_by(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct report_input *in = obj;

	(void)c;
	jsonw_string(w, in->groups ? in->groups->column : NULL);
}

/* Schema 6: each group's name and its summary, in the summary's own form; [] without --group-by. */
static void write_groups(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct report_groups *g = ((const struct report_input *)obj)->groups;

	jsonw_begin_array(w);
	for (size_t i = 0; g && i < g->n; i++) {
		jsonw_begin_object(w);
		jsonw_key(w, "name");
		jsonw_string(w, g->names[i]);
		jsonw_key(w, "summary");
		schema_write(w, &summary_table, c, &g->summaries[i]);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* RESULTS_SCHEMA_VERSION; absent: 1. */
static void write_version(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	(void)obj;
	jsonw_long(w, RESULTS_SCHEMA_VERSION);
}

#define RUN(key, type, flags, member) \
	{ key, type, offsetof(struct report_input, member), flags, NULL, NULL }

static const struct schema_field run_fields[] = {
	RUN("as_of", SCHEMA_TEXT, 0, as_of),
	RUN("generated_at", SCHEMA_TEXT, 0, generated_at),
	RUN("registry", SCHEMA_TEXT, 0, registry_path),
	RUN("warc", SCHEMA_TEXT, SCHEMA_WARC, warc_path),
	{ "shard", SCHEMA_CUSTOM, 0, SCHEMA_SHARD, write_shard, read_shard },
	{ "organizations", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_organizations, NULL },
	{ "summary", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_summary, NULL },
	{ "registry_issues", SCHEMA_CUSTOM, 0, 0, write_issues, read_issues },
	{ "registry_issues_dropped", SCHEMA_CUSTOM, 0, 0, write_issues_dropped, read_issues_dropped },
	/* Schema 3: what merge checks, that the shards read one registry with one rule file. */
	RUN("registry_digest", SCHEMA_TEXT, 0, registry_digest),
	RUN("rules_digest", SCHEMA_TEXT, 0, rules_digest),
	/* Schema 6: the organisations grouped by a registry column (--group-by). */
	{ "group_by", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_group_by, NULL },
	{ "groups", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_groups, NULL },
	/* The last key of the file; a new field goes before it. */
	{ "schema_version", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_version, NULL },
};
static const struct schema_table run_table = SCHEMA_TABLE(run_fields);

const char *schema_key_organizations(void)
{
	return schema_key_of(&run_table, write_organizations);
}

const char *schema_key_summary(void)
{
	return schema_key_of(&run_table, write_summary);
}

int report_json(FILE *f, const struct report_input *in)
{
	struct schema_ctx c = { .in = in };
	struct jsonw w;

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	c.rules = in->rules;
	jsonw_init(&w, f);
	schema_write(&w, &run_table, &c, in);
	return jsonw_finish(&w);
}

int schema_read_head(struct report_input *in, struct registry *reg, const json_t *root,
                     char *err, size_t errlen)
{
	struct schema_ctx c = { .registry = reg, .err = err, .errlen = errlen };

	if (!json_is_object(root))
		return schema_fail(&c, "not an audit's results.json");
	return schema_read(in, &run_table, root, &c);
}

int schema_read_indicator_shares(const json_t *summary, int (*fn)(void *ctx, unsigned number, double share),
                                 void *ctx)
{
	const json_t *rows = json_object_get(summary, schema_key_of(&summary_table, write_indicators));
	size_t i;
	json_t *row;
	int rc;

	if (!json_is_array(rows))
		return 0;
	json_array_foreach(rows, i, row) {
		/* write_indicators' keys */
		const json_t *number = json_object_get(row, "number"), *share = json_object_get(row, "share");

		if (!json_is_integer(number) || !json_is_number(share) || json_integer_value(number) < 0)
			continue;
		rc = fn(ctx, (unsigned)json_integer_value(number), json_number_value(share));
		if (rc)
			return rc;
	}
	return 0;
}

int schema_read_summary(struct run_summary *out, const json_t *value,
                        int (*fn)(void *ctx, const char *key), void *ctx)
{
	const json_t *docs = json_object_get(value, schema_key_of(&summary_table, write_doc_shares));
	struct schema_ctx c = { 0 };
	const char *key;
	json_t *val;
	int rc;

	if (!json_is_object(value) || !json_is_object(docs) || schema_read(out, &summary_table, value, &c))
		return -1;
	json_object_foreach((json_t *)docs, key, val) {
		rc = fn(ctx, key);
		if (rc)
			return rc;
	}
	return 0;
}
