/*
 * schema_item.c - what an organisation's item in results.json holds: a
 * document, a finding, a rejected candidate, an archived page. Their field
 * tables, and the values that are no plain struct member (enums by name,
 * documents by id, archive records).
 *
 * The order of each table is the order of the members in the file, part
 * of the contract: a new field goes at the end of its table.
 */
#include "reports/schema_impl.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/doc.h"
#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/jsonw.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* ---- shared values ---- */

/* {"record_id": "<urn:uuid:…>", "offset": N}, or null when the response was not archived. */
void schema_write_record(struct jsonw *w, const struct evidence_ref *ref)
{
	if (!ref->record_id[0]) {
		jsonw_null(w);
		return;
	}
	jsonw_begin_object(w);
	jsonw_key(w, "record_id");
	jsonw_string(w, ref->record_id);
	jsonw_key(w, "offset");
	jsonw_long(w, (long)ref->offset);
	jsonw_end_object(w);
}

void schema_read_record(struct evidence_ref *ref, const json_t *v)
{
	const char *id = json_string_value(json_object_get(v, "record_id"));

	ref->record_id[0] = '\0';
	ref->offset = -1;
	if (!id)
		return;
	snprintf(ref->record_id, sizeof(ref->record_id), "%s", id);
	ref->offset = (long long)json_integer_value(json_object_get(v, "offset"));
}

/* A document's id, or null for none. */
static void write_doc_id(struct jsonw *w, const struct schema_ctx *c, int doc)
{
	jsonw_string(w, doc >= 0 && (size_t)doc < report_doc_count(c->rules)
	             ? rules_doc(c->rules, (size_t)doc)->id : NULL);
}

static int read_doc_id(int *doc, const json_t *v, const struct schema_ctx *c)
{
	const char *id = json_string_value(v);

	*doc = id ? rules_doc_index(c->rules, id) : -1;
	return 0;
}

/* ---- a document ---- */

static void write_rule(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct doc_result *d = obj;

	jsonw_string(w, d->found ? rules_doc(c->rules, c->doc)->id : NULL);
}

static void write_freshness(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, ((const struct doc_result *)obj)->freshness);
}

static int read_freshness(void *obj, const json_t *v, const struct schema_ctx *c)
{
	(void)c;
	((struct doc_result *)obj)->freshness = rules_freshness_static(json_string_value(v));
	return 0;
}

/* How a found document was recognised: "link", "heading", "ocr", "page" (typed into a web page). */
static const char *const recognised_names[] = { "link", "heading", "ocr", "page" };

static void write_recognised(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, ((const struct doc_result *)obj)->recognised);
}

static int read_recognised(void *obj, const json_t *v, const struct schema_ctx *c)
{
	const char *name = json_string_value(v);

	(void)c;
	for (size_t i = 0; name && i < COUNT(recognised_names); i++)
		if (strcmp(name, recognised_names[i]) == 0)
			((struct doc_result *)obj)->recognised = recognised_names[i];
	return 0;
}

/* The file's real type, as doc_type_name() names it; null when it was not read. */
static void write_file_type(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, ((const struct doc_result *)obj)->file_type);
}

static int read_file_type(void *obj, const json_t *v, const struct schema_ctx *c)
{
	const char *name = json_string_value(v);

	(void)c;
	for (int t = 0; name && t < DOC_TYPE_COUNT; t++)
		if (strcmp(name, doc_type_name((enum doc_type)t)) == 0)
			((struct doc_result *)obj)->file_type = doc_type_name((enum doc_type)t);
	return 0;
}

/* Not found because its only candidate link is dead: that link. */
static void write_broken(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct doc_result *d = obj;

	(void)c;
	jsonw_string(w, d->broken ? d->broken_url : NULL);
}

static int read_broken(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct doc_result *d = obj;
	const char *s = json_string_value(v);

	free(d->broken_url);
	d->broken_url = s ? strdup(s) : NULL;
	d->broken = d->broken_url != NULL;
	return s && !d->broken_url ? schema_fail(c, "out of memory") : 0;
}

/* With --warc: the archived answers this verdict rests on. */
static void write_doc_warc(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	const struct doc_result *d = obj;

	(void)c;
	jsonw_begin_object(w);
	jsonw_key(w, "page");
	schema_write_record(w, &d->page_record);
	jsonw_key(w, "link");
	schema_write_record(w, &d->link_record);
	jsonw_end_object(w);
}

static int read_doc_warc(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct doc_result *d = obj;

	(void)c;
	schema_read_record(&d->page_record, json_object_get(v, "page"));
	schema_read_record(&d->link_record, json_object_get(v, "link"));
	return 0;
}

/* Since schema 2: found, missing (looked for, not found) or unchecked (not looked for). */
static void write_state(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)obj;
	jsonw_string(w, verdict_doc_state_name(verdict_doc_state(c->org, c->doc)));
}

#define DOC(key, type, member) { key, type, offsetof(struct doc_result, member), 0, NULL, NULL }

static const struct schema_field doc_fields[] = {
	DOC("found", SCHEMA_BOOL, found),
	DOC("url", SCHEMA_STRING, url),
	DOC("title", SCHEMA_STRING, title),
	DOC("page", SCHEMA_STRING, page),
	DOC("source", SCHEMA_STRING, source),
	/* null: the link was never checked */
	DOC("http_status", SCHEMA_STATUS, http_status),
	DOC("content_type", SCHEMA_STRING, content_type),
	/* Evidence: which rule and which of its patterns decided, and the date check. */
	{ "rule", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_rule, NULL },
	DOC("pattern", SCHEMA_STRING, pattern),
	{ "freshness", SCHEMA_CUSTOM, 0, 0, write_freshness, read_freshness },
	{ "broken_url", SCHEMA_CUSTOM, 0, 0, write_broken, read_broken },
	{ "warc", SCHEMA_CUSTOM, 0, SCHEMA_WARC, write_doc_warc, read_doc_warc },
	{ "state", SCHEMA_CUSTOM, 0, SCHEMA_DERIVED, write_state, NULL },
	/* What the file itself showed (schema 4): how it was recognised, its heading and page, type, size. */
	{ "recognised", SCHEMA_CUSTOM, 0, 0, write_recognised, read_recognised },
	DOC("heading", SCHEMA_STRING, heading),
	DOC("heading_page", SCHEMA_UNSIGNED, doc_page),
	{ "file_type", SCHEMA_CUSTOM, 0, 0, write_file_type, read_file_type },
	DOC("file_bytes", SCHEMA_SIZE, file_bytes),
	/* Schema 5: the file a document's card led to. */
	DOC("file_url", SCHEMA_STRING, file_url),
};
const struct schema_table schema_doc_table = SCHEMA_TABLE(doc_fields);

/* ---- a finding ---- */

static void write_kind(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, finding_kind_name(((const struct finding *)obj)->kind));
}

static int read_kind(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct finding *f = obj;
	const char *name = json_string_value(v);

	(void)c;
	if (!name || finding_kind_parse(&f->kind, name))
		f->kind = FIND_TEXT;
	return 0;
}

static void write_finding_doc(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	write_doc_id(w, c, ((const struct finding *)obj)->doc);
}

static int read_finding_doc(void *obj, const json_t *v, const struct schema_ctx *c)
{
	return read_doc_id(&((struct finding *)obj)->doc, v, c);
}

static void write_finding_cause(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	enum unchecked_cause cause = ((const struct finding *)obj)->failure.cause;

	(void)c;
	jsonw_string(w, cause != UNCHECKED_NONE ? verdict_cause_name(cause) : NULL);
}

static int read_finding_cause(void *obj, const json_t *v, const struct schema_ctx *c)
{
	struct finding *f = obj;
	const char *name = json_string_value(v);

	(void)c;
	if (!name || verdict_cause_parse(&f->failure.cause, name))
		f->failure.cause = UNCHECKED_NONE;
	return 0;
}

#define FINDING(key, type, member) { key, type, offsetof(struct finding, member), 0, NULL, NULL }

static const struct schema_field finding_fields[] = {
	{ "kind", SCHEMA_CUSTOM, 0, 0, write_kind, read_kind },
	{ "document", SCHEMA_CUSTOM, 0, 0, write_finding_doc, read_finding_doc },
	FINDING("url", SCHEMA_STRING, url),
	FINDING("detail", SCHEMA_STRING, detail),
	{ "cause", SCHEMA_CUSTOM, 0, 0, write_finding_cause, read_finding_cause },
	FINDING("http_status", SCHEMA_LONG, failure.code),
	FINDING("transfer_error", SCHEMA_BOOL, failure.transfer_error),
	FINDING("redirect_refused", SCHEMA_BOOL, failure.redirect_refused),
	FINDING("cap", SCHEMA_UNSIGNED, cap),
	FINDING("count", SCHEMA_SIZE, count),
};
const struct schema_table schema_finding_table = SCHEMA_TABLE(finding_fields);

/* ---- a rejected candidate ---- */

static void write_looked_like(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	write_doc_id(w, c, ((const struct rejected *)obj)->doc);
}

static int read_looked_like(void *obj, const json_t *v, const struct schema_ctx *c)
{
	return read_doc_id(&((struct rejected *)obj)->doc, v, c);
}

static void write_reason(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	jsonw_string(w, verdict_reject_name(((const struct rejected *)obj)->reason));
}

static int read_reason(void *obj, const json_t *v, const struct schema_ctx *c)
{
	const char *name = json_string_value(v);

	if (!name || verdict_reject_parse(&((struct rejected *)obj)->reason, name))
		return schema_fail(c, "unknown reason");
	return 0;
}

#define REJECTED(key, member) { key, SCHEMA_STRING, offsetof(struct rejected, member), 0, NULL, NULL }

static const struct schema_field rejected_fields[] = {
	REJECTED("url", url),
	REJECTED("text", text),
	REJECTED("page", page),
	{ "looked_like", SCHEMA_CUSTOM, 0, 0, write_looked_like, read_looked_like },
	{ "reason", SCHEMA_CUSTOM, 0, 0, write_reason, read_reason },
	REJECTED("detail", detail),
};
const struct schema_table schema_rejected_table = SCHEMA_TABLE(rejected_fields);

/* ---- an archived page ---- */

static void write_evidence_record(struct jsonw *w, const struct schema_ctx *c, const void *obj)
{
	(void)c;
	schema_write_record(w, &((const struct evidence *)obj)->ref);
}

static int read_evidence_record(void *obj, const json_t *v, const struct schema_ctx *c)
{
	(void)c;
	schema_read_record(&((struct evidence *)obj)->ref, v);
	return 0;
}

static const struct schema_field evidence_fields[] = {
	{ "url", SCHEMA_STRING, offsetof(struct evidence, url), 0, NULL, NULL },
	{ "http_status", SCHEMA_LONG, offsetof(struct evidence, http_status), 0, NULL, NULL },
	{ "warc", SCHEMA_CUSTOM, 0, 0, write_evidence_record, read_evidence_record },
};
const struct schema_table schema_evidence_table = SCHEMA_TABLE(evidence_fields);

