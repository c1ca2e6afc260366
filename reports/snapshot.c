/*
 * snapshot.c - a run as `diff` compares it, from results.json through the
 * schema, or from this run's verdicts.
 */
#include "reports/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/json_stream.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "reports/schema.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static int snapshot_begin(struct results_snapshot **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return -1;
	(*out)->as_of = strdup("");
	(*out)->generated_at = strdup("");
	if (!(*out)->as_of || !(*out)->generated_at) {
		results_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* A new organisation at the end, its documents not found; NULL when out of memory. */
static struct results_org *add_org(struct results_snapshot *s, const char *id, const char *name,
                                   const char *status)
{
	struct results_org *o;

	if (s->norgs == s->orgs_alloc) {
		size_t want = s->orgs_alloc ? s->orgs_alloc * 2 : 64;
		struct results_org *grown = realloc(s->orgs, want * sizeof(*grown));

		if (!grown)
			return NULL;
		s->orgs = grown;
		s->orgs_alloc = want;
	}
	o = &s->orgs[s->norgs++];
	memset(o, 0, sizeof(*o));
	o->id = dup_or_empty(id);
	o->name = dup_or_empty(name);
	o->status = dup_or_empty(status);
	return o->id && o->name && o->status ? o : NULL;
}

static int by_id_cmp(const void *a, const void *b)
{
	const struct results_org *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* The organisations sorted by id, for results_find. 0, or -1 when out of memory. */
static int index_ids(struct results_snapshot *s)
{
	if (!s->norgs)
		return 0;
	s->by_id = malloc(s->norgs * sizeof(*s->by_id));
	if (!s->by_id)
		return -1;
	for (size_t i = 0; i < s->norgs; i++)
		s->by_id[i] = &s->orgs[i];
	qsort(s->by_id, s->norgs, sizeof(*s->by_id), by_id_cmp);
	return 0;
}

/* ---- from results.json ---- */

/* The index of a document key in the keys the organisations have named so far; -1 past the cap. */
static int seen_index(struct results_snapshot *s, const char *key)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (strcmp(s->seen_keys[i], key) == 0)
			return (int)i;
	if (s->nseen == CAP_RULE_DOCS)
		return -1;
	s->seen_keys[s->nseen] = strdup(key);
	if (!s->seen_keys[s->nseen])
		return -1;
	return (int)s->nseen++;
}

struct org_reading {
	struct results_snapshot *s;
	struct results_org *o;
};

/* By the keys seen so far: the summary, which names the documents, comes after the organisations. */
static int note_found(void *ctx, const char *key, bool found)
{
	struct org_reading *r = ctx;
	int k = seen_index(r->s, key);

	if (k < 0)
		return -1;
	r->o->found[k] = found;
	return 0;
}

static int take_org(void *ctx, json_t *item, char *err, size_t errlen)
{
	struct org_reading r = { ctx, NULL };
	struct schema_row row;
	const char *status = schema_org_status(item);

	schema_read_row(&row, item);
	if (!json_is_object(item) || !status) {
		snprintf(err, errlen, "organizations[%zu]: no id or status", r.s->norgs);
		return -1;
	}
	r.o = add_org(r.s, row.id, row.name, status);
	if (!r.o) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (schema_org_documents(item, note_found, &r)) {
		snprintf(err, errlen, "organizations[%zu]: more than %u document kinds", r.s->norgs - 1,
		         CAP_RULE_DOCS);
		return -1;
	}
	return 0;
}

/* 0, or 1 past the cap or when out of memory (-1 is schema_read_summary's own). */
static int take_doc_key(void *ctx, const char *key)
{
	struct results_snapshot *s = ctx;

	if (s->ndocs == CAP_RULE_DOCS)
		return 1;
	s->doc_keys[s->ndocs] = strdup(key);
	return s->doc_keys[s->ndocs++] ? 0 : 1;
}

static int take_summary(struct results_snapshot *s, const json_t *value, char *err, size_t errlen)
{
	struct run_summary sum = { 0 };
	int rc;

	if (s->has_summary) {
		snprintf(err, errlen, "summary twice");
		return -1;
	}
	rc = schema_read_summary(&sum, value, take_doc_key, s);
	if (rc) {
		if (rc < 0)
			snprintf(err, errlen, "no summary with documents");
		else
			snprintf(err, errlen, "more than %u document kinds, or out of memory", CAP_RULE_DOCS);
		return -1;
	}
	s->has_summary = true;
	s->total = sum.total;
	s->compliant = sum.compliant;
	s->compliant_share = sum.compliant_share;
	return 0;
}

/* A member of the file other than the organisations: the head's dates, the summary. */
static int take_member(void *ctx, const char *key, json_t *value, char *err, size_t errlen)
{
	struct results_snapshot *s = ctx;
	struct report_input head = { 0 };
	json_t *one;
	int rc;

	if (strcmp(key, schema_key_summary()) == 0)
		return take_summary(s, value, err, errlen);
	one = json_object();
	if (!one || json_object_set(one, key, value) || schema_read_head(&head, NULL, one, err, errlen)) {
		json_decref(one);
		return -1;
	}
	rc = 0;
	if (head.as_of) {
		free(s->as_of);
		s->as_of = strdup(head.as_of);
		rc |= !s->as_of;
	}
	if (head.generated_at) {
		free(s->generated_at);
		s->generated_at = strdup(head.generated_at);
		rc |= !s->generated_at;
	}
	json_decref(one);
	if (rc)
		snprintf(err, errlen, "out of memory");
	return rc ? -1 : 0;
}

/* found[] by the keys the organisations named, now by the summary's. */
static void remap_found(struct results_snapshot *s)
{
	for (size_t i = 0; i < s->norgs; i++) {
		bool by_seen[CAP_RULE_DOCS];

		memcpy(by_seen, s->orgs[i].found, sizeof(by_seen));
		for (size_t d = 0; d < s->ndocs; d++) {
			size_t k = 0;

			while (k < s->nseen && strcmp(s->seen_keys[k], s->doc_keys[d]) != 0)
				k++;
			s->orgs[i].found[d] = k < s->nseen && by_seen[k];
		}
		for (size_t d = s->ndocs; d < CAP_RULE_DOCS; d++)
			s->orgs[i].found[d] = false;
	}
}

static int read_text(struct results_snapshot *s, const char *buf, size_t len, char *err,
                     size_t errlen)
{
	struct json_stream js = { .array_key = schema_key_organizations(), .member = take_member,
	                          .item = take_org, .ctx = s };

	if (json_stream_object(buf, len, &js, err, errlen))
		return -1;
	if (!js.array_seen) {
		snprintf(err, errlen, "not an audit's results.json (no organizations list)");
		return -1;
	}
	if (!s->has_summary) {
		snprintf(err, errlen, "no summary with documents");
		return -1;
	}
	remap_found(s);
	if (index_ids(s)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int results_parse(struct results_snapshot **out, const char *buf, size_t len,
                  char *err, size_t errlen)
{
	struct results_snapshot *s = NULL;
	char dummy[1];

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	*out = NULL;
	if (snapshot_begin(&s)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (read_text(s, buf, len, err, errlen)) {
		results_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- from this run ---- */

static int take_run(struct results_snapshot *s, const struct report_input *in, char *err,
                    size_t errlen)
{
	struct run_summary local;
	const struct run_summary *sum = report_summary_of(in, &local);

	free(s->as_of);
	free(s->generated_at);
	s->as_of = dup_or_empty(in->as_of);
	s->generated_at = dup_or_empty(in->generated_at);
	s->total = sum->total;
	s->compliant = sum->compliant;
	s->compliant_share = sum->compliant_share;
	s->has_summary = true;
	for (size_t d = 0; d < report_doc_count(in->rules); d++)
		if (take_doc_key(s, rules_doc(in->rules, d)->id))
			return -1;
	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);
		const struct registry_row *row = report_org_row(in, i);
		struct results_org *so;

		if (!o) {
			snprintf(err, errlen, "organisation %zu could not be read back", i + 1);
			return -1;
		}
		so = add_org(s, row ? row->id : "", row ? row->name : "", verdict_status_name(o->status));
		if (!so)
			return -1;
		for (size_t d = 0; d < s->ndocs; d++)
			so->found[d] = o->docs[d].found;
	}
	return index_ids(s);
}

int results_of_run(struct results_snapshot **out, const struct report_input *in,
                   char *err, size_t errlen)
{
	struct results_snapshot *s = NULL;

	*out = NULL;
	snprintf(err, errlen, "out of memory");
	if (snapshot_begin(&s) || take_run(s, in, err, errlen)) {
		results_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void results_free(struct results_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->norgs; i++) {
		free(s->orgs[i].id);
		free(s->orgs[i].name);
		free(s->orgs[i].status);
	}
	free(s->orgs);
	free(s->by_id);
	for (size_t i = 0; i < s->ndocs; i++)
		free(s->doc_keys[i]);
	for (size_t i = 0; i < s->nseen; i++)
		free(s->seen_keys[i]);
	free(s->as_of);
	free(s->generated_at);
	free(s);
}

int results_doc_index(const struct results_snapshot *s, const char *key)
{
	for (size_t i = 0; i < s->ndocs; i++)
		if (strcmp(s->doc_keys[i], key) == 0)
			return (int)i;
	return -1;
}

const struct results_org *results_find(const struct results_snapshot *s, const char *id)
{
	struct results_org key = { .id = (char *)id };
	const struct results_org *pkey = &key;
	struct results_org **hit;

	if (!s->norgs)
		return NULL;
	hit = bsearch(&pkey, s->by_id, s->norgs, sizeof(*s->by_id), by_id_cmp);
	return hit ? *hit : NULL;
}
