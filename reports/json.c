/*
 * json.c - results.json, the contract users script against. Field names
 * and their order are part of it: change them only with the docs.
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/indicators.h"
#include "reports/jsonw.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* {"record_id": "<urn:uuid:…>", "offset": N}, or null when the response was not archived. */
static void write_record(struct jsonw *w, const struct evidence_ref *ref)
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

static void write_document(struct jsonw *w, const struct doc_result *d, const char *rule,
                           bool archived, enum doc_state state)
{
	jsonw_begin_object(w);
	jsonw_key(w, "found");
	jsonw_bool(w, d->found);
	jsonw_key(w, "url");
	jsonw_string(w, d->url);
	jsonw_key(w, "title");
	jsonw_string(w, d->title);
	jsonw_key(w, "page");
	jsonw_string(w, d->page);
	jsonw_key(w, "source");
	jsonw_string(w, d->source);
	jsonw_key(w, "http_status");
	/* 0 means the link was never checked: say so rather than invent a status. */
	if (d->http_status > 0)
		jsonw_long(w, d->http_status);
	else
		jsonw_null(w);
	jsonw_key(w, "content_type");
	jsonw_string(w, d->content_type);
	/* Evidence: which rule and which of its patterns decided, and the date check. */
	jsonw_key(w, "rule");
	jsonw_string(w, d->found ? rule : NULL);
	jsonw_key(w, "pattern");
	jsonw_string(w, d->pattern);
	jsonw_key(w, "freshness");
	jsonw_string(w, d->freshness);
	/* Not found because its only candidate link is dead: that link. */
	jsonw_key(w, "broken_url");
	jsonw_string(w, d->broken ? d->broken_url : NULL);
	/* With --warc: the archived answers this verdict rests on. */
	if (archived) {
		jsonw_key(w, "warc");
		jsonw_begin_object(w);
		jsonw_key(w, "page");
		write_record(w, &d->page_record);
		jsonw_key(w, "link");
		write_record(w, &d->link_record);
		jsonw_end_object(w);
	}
	/* Since schema 2: found, missing (looked for, not found) or unchecked (not looked for). */
	jsonw_key(w, "state");
	jsonw_string(w, verdict_doc_state_name(state));
	jsonw_end_object(w);
}

static void write_evidence(struct jsonw *w, const struct org_result *o)
{
	jsonw_begin_array(w);
	for (size_t i = 0; i < o->nevidence; i++) {
		jsonw_begin_object(w);
		jsonw_key(w, "url");
		jsonw_string(w, o->evidence[i].url);
		jsonw_key(w, "http_status");
		jsonw_long(w, o->evidence[i].http_status);
		jsonw_key(w, "warc");
		write_record(w, &o->evidence[i].ref);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void write_rejected(struct jsonw *w, const struct report_input *in, const struct org_result *o)
{
	char more[96];

	jsonw_begin_array(w);
	for (size_t i = 0; i < o->nrejected; i++) {
		const struct rejected *r = &o->rejected[i];

		jsonw_begin_object(w);
		jsonw_key(w, "url");
		jsonw_string(w, r->url);
		jsonw_key(w, "text");
		jsonw_string(w, r->text);
		jsonw_key(w, "page");
		jsonw_string(w, r->page);
		jsonw_key(w, "looked_like");
		jsonw_string(w, r->doc >= 0 ? rules_doc(in->rules, (size_t)r->doc)->id : NULL);
		jsonw_key(w, "reason");
		jsonw_string(w, verdict_reject_name(r->reason));
		jsonw_key(w, "detail");
		jsonw_string(w, r->detail);
		jsonw_end_object(w);
	}
	if (o->rejected_dropped) {
		snprintf(more, sizeof(more), "(+%zu more rejected candidates not kept)", o->rejected_dropped);
		jsonw_string(w, more);
	}
	jsonw_end_array(w);
}

/* The findings in Russian, as schema 1 had them; a line says how many were not kept. */
static void write_problems(struct jsonw *w, const struct report_input *in, const struct org_result *o)
{
	char line[REPORT_FINDING_LEN];

	jsonw_begin_array(w);
	for (size_t i = 0; i < o->nfindings; i++)
		jsonw_string(w, report_finding_ru(line, sizeof(line), in->rules, &o->findings[i]));
	/* The cap drops problems silently; a reader must know the list is cut. */
	if (o->findings_dropped) {
		snprintf(line, sizeof(line), "(+%zu more problems not kept)", o->findings_dropped);
		jsonw_string(w, line);
	}
	jsonw_end_array(w);
}

/* The findings as data (schema 2): what `problems` says, for scripts and for --resume. */
static void write_findings(struct jsonw *w, const struct report_input *in, const struct org_result *o)
{
	jsonw_begin_array(w);
	for (size_t i = 0; i < o->nfindings; i++) {
		const struct finding *f = &o->findings[i];

		jsonw_begin_object(w);
		jsonw_key(w, "kind");
		jsonw_string(w, finding_kind_name(f->kind));
		jsonw_key(w, "document");
		jsonw_string(w, f->doc >= 0 && (size_t)f->doc < report_doc_count(in->rules)
		                ? rules_doc(in->rules, (size_t)f->doc)->id : NULL);
		jsonw_key(w, "url");
		jsonw_string(w, f->url);
		jsonw_key(w, "detail");
		jsonw_string(w, f->detail);
		jsonw_key(w, "cause");
		jsonw_string(w, f->failure.cause != UNCHECKED_NONE ? verdict_cause_name(f->failure.cause) : NULL);
		jsonw_key(w, "http_status");
		jsonw_long(w, f->failure.code);
		jsonw_key(w, "transfer_error");
		jsonw_bool(w, f->failure.transfer_error);
		jsonw_key(w, "redirect_refused");
		jsonw_bool(w, f->failure.redirect_refused);
		jsonw_key(w, "cap");
		jsonw_size(w, f->cap);
		jsonw_key(w, "count");
		jsonw_size(w, f->count);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* The same organisation in another registry row: {"id", "line"}, or null. */
static void write_repeats(struct jsonw *w, const struct report_input *in, const struct registry_row *row)
{
	const struct registry_row *first;

	if (!row || row->repeats < 0 || !in->registry || (size_t)row->repeats >= in->registry->nrows) {
		jsonw_null(w);
		return;
	}
	first = &in->registry->rows[row->repeats];
	jsonw_begin_object(w);
	jsonw_key(w, "id");
	jsonw_string(w, first->id);
	jsonw_key(w, "line");
	jsonw_size(w, first->line);
	jsonw_end_object(w);
}

/* Fields added in schema 2: what could not be checked, and repeated registry rows. */
static void write_org_v2(struct jsonw *w, const struct report_input *in, size_t i,
                         const struct org_result *o)
{
	size_t d, ndocs = report_doc_count(in->rules);

	jsonw_key(w, "unchecked");
	jsonw_begin_array(w);
	for (d = 0; d < ndocs; d++)
		if (verdict_doc_state(o, d) == DOC_UNCHECKED)
			jsonw_string(w, rules_doc(in->rules, d)->id);
	jsonw_end_array(w);
	jsonw_key(w, "unchecked_reason");
	jsonw_string(w, o->cause != UNCHECKED_NONE ? verdict_cause_name(o->cause) : NULL);
	jsonw_key(w, "repeats");
	write_repeats(w, in, report_org_row(in, i));
	/* Does this row's verdict count for its organisation in the shares? */
	jsonw_key(w, "counted");
	jsonw_bool(w, report_row_counted(in, i));
	jsonw_key(w, "findings");
	write_findings(w, in, o);
	jsonw_key(w, "findings_dropped");
	jsonw_size(w, o->findings_dropped);
	jsonw_key(w, "rejected_dropped");
	jsonw_size(w, o->rejected_dropped);
}

static void write_org(struct jsonw *w, const struct report_input *in, size_t i,
                      const struct org_result *o)
{
	const struct registry_row *row = report_org_row(in, i);
	size_t d, ndocs = report_doc_count(in->rules);
	size_t nextra = in->registry ? in->registry->nextra : 0;

	jsonw_begin_object(w);
	jsonw_key(w, "id");
	jsonw_string(w, row ? row->id : NULL);
	jsonw_key(w, "name");
	jsonw_string(w, row ? row->name : NULL);
	jsonw_key(w, "url");
	jsonw_string(w, row ? row->url : NULL);
	jsonw_key(w, "section_url");
	jsonw_string(w, o->section_url);
	/* A section page was fetched and read (it counts toward indicator 14). */
	jsonw_key(w, "section_reached");
	jsonw_bool(w, o->section_reached);
	jsonw_key(w, "status");
	jsonw_string(w, verdict_status_name(o->status));
	/* blocked / unreachable: the HTTP status, robots.txt rule or curl message; else null */
	jsonw_key(w, "reason");
	jsonw_string(w, o->reason);

	jsonw_key(w, "documents");
	jsonw_begin_object(w);
	for (d = 0; d < ndocs; d++) {
		jsonw_key(w, rules_doc(in->rules, d)->id);
		write_document(w, &o->docs[d], rules_doc(in->rules, d)->id, in->warc_path != NULL,
		               verdict_doc_state(o, d));
	}
	jsonw_end_object(w);

	jsonw_key(w, "missing");
	jsonw_begin_array(w);
	for (d = 0; d < ndocs; d++)
		if (report_doc_missing(in->rules, o, d))
			jsonw_string(w, rules_doc(in->rules, d)->id);
	jsonw_end_array(w);

	jsonw_key(w, "problems");
	write_problems(w, in, o);

	jsonw_key(w, "rejected");
	write_rejected(w, in, o);

	/* With --warc: every page looked at, so a "missing" verdict can be shown too. */
	if (in->warc_path) {
		jsonw_key(w, "evidence");
		write_evidence(w, o);
	}

	jsonw_key(w, "extra");
	jsonw_begin_object(w);
	for (d = 0; row && d < nextra; d++) {
		jsonw_key(w, in->registry->extra_names[d]);
		jsonw_string(w, row->extra[d]);
	}
	jsonw_end_object(w);

	jsonw_key(w, "line");
	if (row)
		jsonw_size(w, row->line);
	else
		jsonw_null(w);
	jsonw_key(w, "pages_fetched");
	jsonw_size(w, o->pages_fetched);
	jsonw_key(w, "links_checked");
	jsonw_size(w, o->links_checked);
	write_org_v2(w, in, i, o);
	jsonw_end_object(w);
}

/* The methodology's indicator table, as summary.md shows it. */
static void write_indicators(struct jsonw *w, const struct report_input *in, const struct run_summary *s)
{
	struct indicator_row rows[INDICATOR_ROWS];
	size_t n = report_indicators(in->rules, s, rows);
	char name[1024];

	jsonw_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_begin_object(w);
		jsonw_key(w, "number");
		jsonw_size(w, rows[i].number);
		jsonw_key(w, "letter");
		jsonw_string(w, rows[i].letter);
		jsonw_key(w, "name");
		jsonw_string(w, report_indicator_name(name, sizeof(name), in->rules, &rows[i]));
		jsonw_key(w, "kind");
		jsonw_string(w, report_indicator_kind_name(rows[i].kind));
		jsonw_key(w, "document");
		jsonw_string(w, rows[i].kind == INDICATOR_DOCUMENT ? rules_doc(in->rules, rows[i].doc)->id : NULL);
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

/* Summary fields added in schema 2. */
static void write_summary_v2(struct jsonw *w, const struct report_input *in, const struct run_summary *s)
{
	size_t ndocs = report_doc_count(in->rules);

	jsonw_key(w, "rows");
	jsonw_size(w, s->rows);
	jsonw_key(w, "unchecked");
	jsonw_size(w, s->unchecked);
	jsonw_key(w, "system");
	jsonw_begin_object(w);
	jsonw_key(w, "documents");
	jsonw_begin_array(w);
	for (size_t d = 0; d < ndocs; d++)
		if (rules_doc_in_system(in->rules, d))
			jsonw_string(w, rules_doc(in->rules, d)->id);
	jsonw_end_array(w);
	jsonw_key(w, "count");
	jsonw_size(w, s->system);
	jsonw_key(w, "share");
	jsonw_share(w, s->system_share);
	jsonw_key(w, "unchecked");
	jsonw_size(w, s->system_unchecked);
	jsonw_end_object(w);
	jsonw_key(w, "indicators");
	write_indicators(w, in, s);
}

static void write_summary(struct jsonw *w, const struct report_input *in,
                          const struct run_summary *s)
{
	size_t i, ndocs = report_doc_count(in->rules);

	jsonw_begin_object(w);
	jsonw_key(w, "total");
	jsonw_size(w, s->total);
	jsonw_key(w, "compliant");
	jsonw_size(w, s->compliant);
	jsonw_key(w, "compliant_share");
	jsonw_share(w, s->compliant_share);

	jsonw_key(w, "by_status");
	jsonw_begin_object(w);
	for (i = 0; i < ORG_STATUS_COUNT; i++) {
		jsonw_key(w, verdict_status_name((enum org_status)i));
		jsonw_size(w, s->by_status[i]);
	}
	jsonw_end_object(w);

	jsonw_key(w, "section");
	jsonw_begin_object(w);
	jsonw_key(w, "count");
	jsonw_size(w, s->with_section);
	jsonw_key(w, "share");
	jsonw_share(w, s->section_share);
	jsonw_key(w, "unchecked");
	jsonw_size(w, s->section_unchecked);
	jsonw_end_object(w);

	jsonw_key(w, "documents");
	jsonw_begin_object(w);
	for (i = 0; i < ndocs; i++) {
		jsonw_key(w, rules_doc(in->rules, i)->id);
		jsonw_begin_object(w);
		jsonw_key(w, "count");
		jsonw_size(w, s->doc_count[i]);
		jsonw_key(w, "share");
		jsonw_share(w, s->doc_share[i]);
		jsonw_key(w, "unchecked");
		jsonw_size(w, s->doc_unchecked[i]);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
	write_summary_v2(w, in, s);
	jsonw_end_object(w);
}

int report_json_org(FILE *f, const struct report_input *in, size_t i, const struct org_result *o)
{
	struct jsonw w;

	if (!f || !in || !in->rules || i >= in->norgs || !o)
		return -1;
	jsonw_init(&w, f);
	write_org(&w, in, i, o);
	return jsonw_finish(&w);
}

int report_json(FILE *f, const struct report_input *in)
{
	struct jsonw w;
	struct run_summary local;
	const struct run_summary *s;
	size_t i;

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	s = report_summary_of(in, &local);

	jsonw_init(&w, f);
	jsonw_begin_object(&w);
	jsonw_key(&w, "as_of");
	jsonw_string(&w, in->as_of);
	jsonw_key(&w, "generated_at");
	jsonw_string(&w, in->generated_at);
	jsonw_key(&w, "registry");
	jsonw_string(&w, in->registry_path);
	if (in->warc_path) {
		jsonw_key(&w, "warc");
		jsonw_string(&w, in->warc_path);
	}
	/* A slice of the registry (--shard K/N): `merge` puts the slices together. */
	if (in->shard_count) {
		jsonw_key(&w, "shard");
		jsonw_begin_object(&w);
		jsonw_key(&w, "index");
		jsonw_size(&w, in->shard_index);
		jsonw_key(&w, "count");
		jsonw_size(&w, in->shard_count);
		jsonw_end_object(&w);
	}

	jsonw_key(&w, "organizations");
	jsonw_begin_array(&w);
	for (i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);

		if (!o)
			return -1;
		write_org(&w, in, i, o);
	}
	jsonw_end_array(&w);

	jsonw_key(&w, "summary");
	write_summary(&w, in, s);

	jsonw_key(&w, "registry_issues");
	jsonw_begin_array(&w);
	for (i = 0; in->registry && i < in->registry->nissues; i++) {
		jsonw_begin_object(&w);
		jsonw_key(&w, "line");
		jsonw_size(&w, in->registry->issues[i].line);
		jsonw_key(&w, "reason");
		jsonw_string(&w, in->registry->issues[i].reason);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);
	/* Unreadable records past the cap on registry_issues: counted, not listed. */
	jsonw_key(&w, "registry_issues_dropped");
	jsonw_size(&w, in->registry ? in->registry->issues_dropped : 0);
	/* 2: unchecked documents, repeated rows, the indicator table. Absent: 1. */
	jsonw_key(&w, "schema_version");
	jsonw_long(&w, RESULTS_SCHEMA_VERSION);
	jsonw_end_object(&w);
	return jsonw_finish(&w);
}
