/*
 * trend.c - earlier runs for report.html's trend, read from results.json
 * texts keeping only their dates, shares and the statuses of this run's
 * organisations.
 */
#include "reports/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/json_stream.h"
#include "reports/report.h"
#include "reports/schema.h"
#include "rules/verdict.h"

#define STATUS_ABSENT 0xFFu

struct run_slot {
	struct trend_run run;
	unsigned char *status;     /* norgs items: enum org_status, or STATUS_ABSENT */
	size_t seq;                /* order of adding, for equal dates */
};

struct id_index {
	const char *id;            /* borrowed */
	size_t i;
};

struct report_trend {
	size_t norgs;
	struct id_index *by_id;    /* this run's organisations sorted by id */
	char as_of[16];
	char *rules_digest, *registry_digest;
	struct run_slot slots[CAP_TREND_RUNS];
	size_t n, added;
};

static int by_id_cmp(const void *a, const void *b)
{
	const struct id_index *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int report_trend_new(struct report_trend **out, const char *const *ids, size_t norgs, const char *as_of,
                     const char *rules_digest, const char *registry_digest)
{
	struct report_trend *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return -1;
	t->norgs = norgs;
	snprintf(t->as_of, sizeof(t->as_of), "%s", as_of ? as_of : "");
	t->rules_digest = dup_or_null(rules_digest);
	t->registry_digest = dup_or_null(registry_digest);
	t->by_id = malloc((norgs ? norgs : 1) * sizeof(*t->by_id));
	if (!t->by_id || (rules_digest && !t->rules_digest) || (registry_digest && !t->registry_digest)) {
		report_trend_free(t);
		return -1;
	}
	for (size_t i = 0; i < norgs; i++) {
		t->by_id[i].id = ids[i] ? ids[i] : "";
		t->by_id[i].i = i;
	}
	qsort(t->by_id, norgs, sizeof(*t->by_id), by_id_cmp);
	*out = t;
	return 0;
}

void report_trend_free(struct report_trend *t)
{
	if (!t)
		return;
	for (size_t k = 0; k < t->n; k++)
		free(t->slots[k].status);
	free(t->by_id);
	free(t->rules_digest);
	free(t->registry_digest);
	free(t);
}

/* ---- reading one run ---- */

struct reading {
	struct report_trend *t;
	struct run_slot *slot;
	bool has_summary;
};

/* The first position in by_id whose id is id, or norgs. */
static size_t first_with_id(const struct report_trend *t, const char *id)
{
	size_t lo = 0, hi = t->norgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->by_id[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->norgs && strcmp(t->by_id[lo].id, id) == 0 ? lo : t->norgs;
}

static int take_org(void *ctx, json_t *item, char *err, size_t errlen)
{
	struct reading *r = ctx;
	struct schema_row row;
	const char *status = schema_org_status(item);
	enum org_status st;

	schema_read_row(&row, item);
	if (!json_is_object(item) || !status) {
		snprintf(err, errlen, "an organisation without id or status");
		return -1;
	}
	/* A status this version does not know (a later one's) is shown as absent, not guessed. */
	if (verdict_status_parse(&st, status))
		return 0;
	for (size_t k = first_with_id(r->t, row.id); k < r->t->norgs && strcmp(r->t->by_id[k].id, row.id) == 0; k++)
		r->slot->status[r->t->by_id[k].i] = (unsigned char)st;
	return 0;
}

static int no_doc_key(void *ctx, const char *key)
{
	(void)ctx;
	(void)key;
	return 0;
}

static int take_indicator(void *ctx, unsigned number, double share)
{
	struct trend_run *run = ctx;

	if (run->nindicators == INDICATOR_ROWS)
		return 0;
	run->numbers[run->nindicators] = number;
	run->shares[run->nindicators++] = share;
	return 0;
}

static bool differs(const char *ours, const char *theirs)
{
	return ours && theirs && strcmp(ours, theirs) != 0;
}

static int take_member(void *ctx, const char *key, json_t *value, char *err, size_t errlen)
{
	struct reading *r = ctx;
	struct trend_run *run = &r->slot->run;
	struct report_input head = { 0 };
	struct run_summary sum = { 0 };
	json_t *one;
	int rc;

	if (strcmp(key, schema_key_summary()) == 0) {
		if (schema_read_summary(&sum, value, no_doc_key, NULL)) {
			snprintf(err, errlen, "no summary with documents");
			return -1;
		}
		r->has_summary = true;
		run->compliant_share = sum.compliant_share;
		run->nindicators = 0;
		return schema_read_indicator_shares(value, take_indicator, run);
	}
	one = json_object();
	if (!one || json_object_set(one, key, value)) {
		json_decref(one);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = schema_read_head(&head, NULL, one, err, errlen);
	if (!rc && head.as_of)
		snprintf(run->as_of, sizeof(run->as_of), "%s", head.as_of);
	if (!rc && differs(r->t->rules_digest, head.rules_digest))
		run->other_rules = true;
	if (!rc && differs(r->t->registry_digest, head.registry_digest))
		run->other_registry = true;
	json_decref(one);
	return rc;
}

int report_trend_add(struct report_trend *t, const char *buf, size_t len, char *err, size_t errlen)
{
	struct run_slot *slot;
	struct reading r = { t, NULL, false };
	struct json_stream js = { .array_key = schema_key_organizations(), .member = take_member,
	                          .item = take_org };
	int rc = -1;

	if (t->n == CAP_TREND_RUNS)
		return 1;
	slot = &t->slots[t->n];
	memset(slot, 0, sizeof(*slot));
	slot->status = malloc(t->norgs ? t->norgs : 1);
	if (!slot->status) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	memset(slot->status, STATUS_ABSENT, t->norgs);
	r.slot = slot;
	js.ctx = &r;
	if (json_stream_object(buf, len, &js, err, errlen))
		goto out;
	if (!js.array_seen) {
		snprintf(err, errlen, "not an audit's results.json (no organizations list)");
		goto out;
	}
	if (!r.has_summary) {
		snprintf(err, errlen, "no summary with documents");
		goto out;
	}
	/* A run dated this run's day or later is no part of what came before it. */
	if (!*slot->run.as_of || strcmp(slot->run.as_of, t->as_of) >= 0) {
		rc = 1;
		goto out;
	}
	slot->seq = t->added++;
	t->n++;
	return 0;
out:
	free(slot->status);
	slot->status = NULL;
	return rc;
}

static int by_date(const void *a, const void *b)
{
	const struct run_slot *x = a, *y = b;
	int c = strcmp(x->run.as_of, y->run.as_of);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

void report_trend_sort(struct report_trend *t)
{
	qsort(t->slots, t->n, sizeof(t->slots[0]), by_date);
}

size_t report_trend_count(const struct report_trend *t)
{
	return t ? t->n : 0;
}

const struct trend_run *report_trend_run(const struct report_trend *t, size_t k)
{
	return &t->slots[k].run;
}

int report_trend_status(const struct report_trend *t, size_t k, size_t i)
{
	unsigned char st = i < t->norgs ? t->slots[k].status[i] : STATUS_ABSENT;

	return st == STATUS_ABSENT ? -1 : (int)st;
}

bool report_trend_indicator(const struct report_trend *t, size_t k, unsigned number, double *share)
{
	const struct trend_run *run = &t->slots[k].run;

	for (size_t i = 0; i < run->nindicators; i++)
		if (run->numbers[i] == number) {
			*share = run->shares[i];
			return true;
		}
	return false;
}

/* ---- pure helpers ---- */

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool report_trend_dir_name(const char *name)
{
	static const unsigned days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned month, day;

	if (!name || strlen(name) != 10 || name[4] != '-' || name[7] != '-' || !digits(name, 4) ||
	    !digits(name + 5, 2) || !digits(name + 8, 2))
		return false;
	month = (unsigned)(name[5] - '0') * 10 + (unsigned)(name[6] - '0');
	day = (unsigned)(name[8] - '0') * 10 + (unsigned)(name[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t report_trend_dated(char **names, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (report_trend_dir_name(names[i])) {
			char *keep = names[i];

			names[i] = names[k];
			names[k++] = keep;
		}
	if (k)
		qsort(names, k, sizeof(*names), name_cmp);
	return k;
}

double report_trend_x(const struct trend_scale *s, size_t i, size_t n)
{
	if (n < 2)
		return s->left + s->width / 2;
	return s->left + s->width * (double)i / (double)(n - 1);
}

double report_trend_y(const struct trend_scale *s, double share)
{
	if (!(share > 0))
		share = 0;
	if (share > 100)
		share = 100;
	return s->top + s->height * (1.0 - share / 100.0);
}
