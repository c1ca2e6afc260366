/*
 * schema_org.c - an organisation, one item of results.json's
 * "organizations": its field table, written by the reports and the
 * journal, read back by --resume and merge, compared by diff.
 *
 * The order of the table is the order of the members in the file, part of
 * the contract: a new field goes at the end.
 */
#include "reports/schema_impl.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/jsonw.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/content.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static const char *key_of(schema_write_fn write);
static void write_problems(struct jsonw *w, const struct schema_ctx *c, const void *obj);

/* ---- lists, with their "(+N more … not kept)" line ---- */

#define MORE_PROBLEMS "problems"
#define MORE_REJECTED "rejected candidates"

static void write_more_line(struct jsonw *w, size_t dropped, const char *what)
{
	char line[96];

	if (!dropped)
		return;
	snprintf(line, sizeof(line), "(+%zu more %s not kept)", dropped, what);
	jsonw_string(w, line);
}

/* The writers' more line back into its count. */
static bool more_line(const json_t *item, const char *what, size_t *count)
{
	const char *s = json_string_value(item);
	char tail[64], want[64];
	size_t n;

	snprintf(want, sizeof(want), "%s not kept", what);
	if (!s || sscanf(s, "(+%zu more %63[a-z ])", &n, tail) != 2 || strcmp(tail, want) != 0)
		return false;
	*count = n;
	return true;
}

/* Each item of a list written by t, then the more line. */
static void write_list(struct jsonw *w, const struct schema_table *t, const struct schema_ctx *c,
                       const void *items, size_t size, size_t n, size_t dropped, const char *what)
{
	jsonw_begin_array(w);
	for (size_t i = 0; i < n; i++)
		schema_write(w, t, c, (const char *)items + i * size);
	write_more_line(w, dropped, what);
	jsonw_end_array(w);
}

/* ---- the registry row's fields ---- */

static void write_extra(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct registry_row *row = obj;
	const struct registry *reg = c->in->registry;

	jsonw_begin_object(w);
	for (size_t d = 0; row && reg && d < reg->nextra; d++) {
		jsonw_key(w, reg->extra_names[d]);
		jsonw_string(w, row->extra[d]);
	}
	jsonw_end_object(w);
}

/* The same organisation in another registry row: {"id", "line"}, or null. */
static void write_repeats(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct registry_row *row = c->row, *first;
	const struct registry *reg = c->in->registry;

	(void)obj;
	if (!row || row->repeats < 0 || !reg || (size_t)row->repeats >= reg->nrows) {
		jsonw_null(w);
		return;
	}
	first = &reg->rows[row->repeats];
	jsonw_begin_object(w);
	jsonw_key(w, "id");
	jsonw_string(w, first->id);
	jsonw_key(w, "line");
	jsonw_size(w, first->line);
	jsonw_end_object(w);
}

/* ---- the verdict ---- */

static void write_status(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, verdict_status_name(((const struct org_result *)obj)->status));
}

static int read_status(void *obj, const json_t *v, const struct schema_ctx *c)
{
	const char *name = json_string_value(v);

	if (!name || verdict_status_parse(&((struct org_result *)obj)->status, name))
		return schema_fail(c, "an organisation without a known status");
	return 0;
}

/* Schema 2: why it could not be checked; schema 1's unchecked documents follow from the status. */
static void write_cause(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	enum unchecked_cause cause = ((const struct org_result *)obj)->cause;

	(void)c;
	jsonw_string(w, cause != UNCHECKED_NONE ? verdict_cause_name(cause) : NULL);
}

static int read_cause(void *obj, const json_t *v, const struct schema_ctx *c)
{
	const char *name = json_string_value(v);

	if (name && verdict_cause_parse(&((struct org_result *)obj)->cause, name))
		return schema_fail(c, "unknown unchecked_reason '%s'", name);
	return 0;
}

/* Schema 4: what the counting documents count (pairs, programmes): a number, or null when not determined. */
static void write_counts(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;

	jsonw_begin_object(w);
	for (size_t d = 0; d < rules_doc_count(c->rules) && d < CAP_RULE_DOCS; d++) {
		if (!rules_doc_counts(c->rules, d))
			continue;
		jsonw_key(w, rules_doc(c->rules, d)->id);
		if (o->counts[d].known)
			jsonw_size(w, o->counts[d].n);
		else
			jsonw_null(w);
	}
	jsonw_end_object(w);
}

static int read_counts(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct org_result *o = obj;
	const char *key;
	json_t *n;

	if (!json_is_object(v))
		return 0;
	json_object_foreach((json_t *)v, key, n) {
		int d = rules_doc_index(c->rules, key);

		if (d < 0 || d >= (int)CAP_RULE_DOCS)
			continue;
		o->counts[d].known = json_is_integer(n);
		o->counts[d].n = json_is_integer(n) && json_integer_value(n) > 0 ? (size_t)json_integer_value(n) : 0;
	}
	return 0;
}

static void write_documents(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;
	struct schema_ctx dc = *c;

	dc.org = o;
	jsonw_begin_object(w);
	for (dc.doc = 0; dc.doc < report_doc_count(c->rules); dc.doc++) {
		jsonw_key(w, rules_doc(c->rules, dc.doc)->id);
		schema_write(w, &schema_doc_table, &dc, &o->docs[dc.doc]);
	}
	jsonw_end_object(w);
}

static int read_documents(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct org_result *o = obj;
	struct schema_ctx dc = *c;
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)v, key, val) {
		int d = rules_doc_index(c->rules, key);

		if (d < 0 || d >= (int)CAP_RULE_DOCS)
			return schema_fail(c, "document '%s' is not in the rule file", key);
		dc.doc = (size_t)d;
		if (schema_read(&o->docs[d], &schema_doc_table, val, &dc))
			return -1;
	}
	return 0;
}

/* The ids of the documents o has in a state (derived from the rules and the status). */
static void write_doc_ids(struct jsonw *w, const struct schema_ctx *c, const struct org_result *o,
                          bool (*in_state)(const struct ruleset *, const struct org_result *, size_t))
{
	jsonw_begin_array(w);
	for (size_t d = 0; d < report_doc_count(c->rules); d++)
		if (in_state(c->rules, o, d))
			jsonw_string(w, rules_doc(c->rules, d)->id);
	jsonw_end_array(w);
}

static bool doc_unchecked(const struct ruleset *rs, const struct org_result *o, size_t d)
{
	(void)rs;
	return verdict_doc_state(o, d) == DOC_UNCHECKED;
}

static void write_missing(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	write_doc_ids(w, c, obj, report_doc_missing);
}

static void write_unchecked(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	write_doc_ids(w, c, obj, doc_unchecked);
}

/* Does this row's verdict count for its organisation in the shares? */
static void write_counted(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)obj;
	jsonw_bool(w, report_row_counted(c->in, c->index));
}

/* The findings in Russian, as schema 1 had them; a line says how many were not kept. */
static void write_problems(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;
	char line[REPORT_FINDING_LEN];

	jsonw_begin_array(w);
	for (size_t i = 0; i < o->nfindings; i++)
		jsonw_string(w, report_finding_ru(line, sizeof(line), c->rules, &o->findings[i]));
	write_more_line(w, o->findings_dropped, MORE_PROBLEMS);
	jsonw_end_array(w);
}

/* Schema 1's problems, text only: each a finding of kind text. */
static int read_problem_texts(struct org_result *o, const json_t *arr, const struct schema_ctx *c)
{
	size_t i;
	const json_t *item;

	json_array_foreach(arr, i, item) {
		struct finding f = { .kind = FIND_TEXT, .doc = -1 };

		if (i + 1 == json_array_size(arr) && more_line(item, MORE_PROBLEMS, &o->findings_dropped))
			break;
		f.detail = (char *)json_string_value(item);
		if (f.detail && verdict_add_finding(o, &f))
			return schema_fail(c, "out of memory");
	}
	return 0;
}

/* "what[i]: " before the error an item's field gave. */
static void prefix_error(const struct schema_ctx *c, const char *what, size_t i)
{
	char why[256];

	snprintf(why, sizeof(why), "%s", c->err ? c->err : "");
	schema_fail(c, "%s[%zu]: %s", what, i, why);
}

/* A list an organisation holds: its items' table, a blank item, how one is added. */
struct list_kind {
	const char *name;
	const struct schema_table *table;
	const void *blank;
	size_t size;
	int (*adopt)(struct org_result *o, const void *item);   /* its strings copied */
	const char *more;                                       /* its more line, or NULL */
};

/* Each item read into a blank one, handed to kind->adopt, its strings freed. */
static int read_list(struct org_result *o, const json_t *v, const struct list_kind *kind,
                     size_t *dropped, const struct schema_ctx *c)
{
	union {
		struct finding f;
		struct rejected r;
		struct evidence e;
	} item;
	size_t i;
	const json_t *it;
	int rc = 0;

	json_array_foreach(v, i, it) {
		if (kind->more && more_line(it, kind->more, dropped))
			continue;
		memcpy(&item, kind->blank, kind->size);
		rc = schema_read(&item, kind->table, it, c);
		if (rc)
			prefix_error(c, kind->name, i);
		else if (kind->adopt(o, &item))
			rc = schema_fail(c, "out of memory");
		schema_free_strings(kind->table, &item);
		if (rc)
			return -1;
	}
	return 0;
}

static int adopt_finding(struct org_result *o, const void *item)
{
	return verdict_add_finding(o, item);
}

static int adopt_rejected(struct org_result *o, const void *item)
{
	const struct rejected *r = item;

	return verdict_add_rejected(o, r->url, r->text, r->page, r->doc, r->reason, r->detail);
}

static int adopt_evidence(struct org_result *o, const void *item)
{
	const struct evidence *e = item;

	return verdict_add_evidence(o, e->url, e->http_status, &e->ref);
}

static const struct finding blank_finding = { .doc = -1 };
static const struct rejected blank_rejected = { .doc = -1 };
static const struct evidence blank_evidence = { .http_status = 0 };

static const struct list_kind findings_list = {
	"findings", &schema_finding_table, &blank_finding, sizeof(blank_finding), adopt_finding, NULL
};
static const struct list_kind rejected_list = {
	"rejected", &schema_rejected_table, &blank_rejected, sizeof(blank_rejected), adopt_rejected,
	MORE_REJECTED
};
static const struct list_kind evidence_list = {
	"evidence", &schema_evidence_table, &blank_evidence, sizeof(blank_evidence), adopt_evidence, NULL
};

/* The findings as data (schema 2): what `problems` says, for scripts and for --resume. */
static void write_findings(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;

	write_list(w, &schema_finding_table, c, o->findings, sizeof(*o->findings), o->nfindings, 0, NULL);
}

static int read_findings(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct org_result *o = obj;

	if (!json_is_array(v))
		return read_problem_texts(o, json_object_get(c->item, key_of(write_problems)), c);
	return read_list(o, v, &findings_list, &o->findings_dropped, c);
}

static void write_rejected(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;

	write_list(w, &schema_rejected_table, c, o->rejected, sizeof(*o->rejected), o->nrejected,
	           o->rejected_dropped, MORE_REJECTED);
}

static int read_rejected(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct org_result *o = obj;

	return read_list(o, v, &rejected_list, &o->rejected_dropped, c);
}

/* With --warc: every page looked at, so a "missing" verdict can be shown too. */
static void write_evidence(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct org_result *o = obj;

	write_list(w, &schema_evidence_table, c, o->evidence, sizeof(*o->evidence), o->nevidence, 0, NULL);
}

static int read_evidence(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct org_result *o = obj;

	return read_list(o, v, &evidence_list, NULL, c);
}

#define ROW(key, type, member) \
	{ key, type, offsetof(struct registry_row, member), SCHEMA_ROW, NULL, NULL }
#define ORG(key, type, member) { key, type, offsetof(struct org_result, member), 0, NULL, NULL }
#define CUSTOM(key, flags, name) { key, SCHEMA_CUSTOM, 0, flags, write_##name, read_##name }
#define DERIVED(key, name) { key, SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_##name, NULL }

static const struct schema_field org_fields[] = {
	ROW("id", SCHEMA_STRING, id),
	ROW("name", SCHEMA_STRING, name),
	ROW("url", SCHEMA_STRING, url),
	/* The section page audited, and whether it was read (indicator 14). */
	ORG("section_url", SCHEMA_STRING, section_url),
	ORG("section_reached", SCHEMA_BOOL, section_reached),
	CUSTOM("status", 0, status),
	/* blocked / unreachable: the HTTP status, robots.txt rule or curl message; else null */
	ORG("reason", SCHEMA_STRING, reason),
	CUSTOM("documents", 0, documents),
	DERIVED("missing", missing),
	DERIVED("problems", problems),
	CUSTOM("rejected", 0, rejected),
	CUSTOM("evidence", SCHEMA_WARC, evidence),
	{ "extra", SCHEMA_CUSTOM, 0, SCHEMA_ROW, write_extra, NULL },
	ROW("line", SCHEMA_SIZE, line),
	ORG("pages_fetched", SCHEMA_SIZE, pages_fetched),
	ORG("links_checked", SCHEMA_SIZE, links_checked),
	/* Schema 2: what could not be checked, repeated registry rows, findings as data. */
	DERIVED("unchecked", unchecked),
	CUSTOM("unchecked_reason", 0, cause),
	DERIVED("repeats", repeats),
	DERIVED("counted", counted),
	CUSTOM("findings", 0, findings),
	ORG("findings_dropped", SCHEMA_SIZE, findings_dropped),
	ORG("rejected_dropped", SCHEMA_SIZE, rejected_dropped),
	CUSTOM("counts", 0, counts),
};
static const struct schema_table org_table = SCHEMA_TABLE(org_fields);

void schema_org_json(struct jsonw *w, const struct report_input *in, size_t i,
                     const struct org_result *o)
{
	struct schema_ctx c = { .in = in, .index = i, .rules = in->rules };

	c.row = report_org_row(in, i);
	schema_write(w, &org_table, &c, o);
}

int report_json_org(FILE *f, const struct report_input *in, size_t i, const struct org_result *o)
{
	struct jsonw w;

	if (!f || !in || !in->rules || i >= in->norgs || !o)
		return -1;
	jsonw_init(&w, f);
	schema_org_json(&w, in, i, o);
	return jsonw_finish(&w);
}

int schema_read_org(struct org_result *o, const json_t *item, const struct ruleset *rs,
                    char *err, size_t errlen)
{
	struct schema_ctx c = { .rules = rs, .item = item, .err = err, .errlen = errlen };

	if (!json_is_object(item))
		return schema_fail(&c, "an organisation without a known status");
	return schema_read(o, &org_table, item, &c);
}

/* The key of the row field at offset in struct registry_row. */
static const char *row_key(size_t offset)
{
	return schema_key_at(&org_table, offset, true);
}

static const char *key_of(schema_write_fn write)
{
	return schema_key_of(&org_table, write);
}

static const char *text_at(const json_t *item, const char *key)
{
	const char *s = json_string_value(json_object_get(item, key));

	return s ? s : "";
}

void schema_read_row(struct schema_row *row, const json_t *item)
{
	row->id = text_at(item, row_key(offsetof(struct registry_row, id)));
	row->name = text_at(item, row_key(offsetof(struct registry_row, name)));
	row->url = text_at(item, row_key(offsetof(struct registry_row, url)));
	row->line = (size_t)json_integer_value(json_object_get(item,
	                                       row_key(offsetof(struct registry_row, line))));
	row->extra = json_object_get(item, key_of(write_extra));
}

const char *schema_org_status(const json_t *item)
{
	return json_string_value(json_object_get(item, key_of(write_status)));
}

int schema_org_documents(const json_t *item, int (*fn)(void *ctx, const char *key, bool found),
                         void *ctx)
{
	const char *found = schema_key_at(&schema_doc_table, offsetof(struct doc_result, found), false);
	const char *key;
	json_t *val;
	int rc;

	json_object_foreach(json_object_get(item, key_of(write_documents)), key, val) {
		rc = fn(ctx, key, json_is_true(json_object_get(val, found)));
		if (rc)
			return rc;
	}
	return 0;
}
