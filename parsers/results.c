/*
 * results.c - results.json back into a results_snapshot, with jansson.
 */
#include "parsers/results.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* A string member, or "" when it is absent or not a string. */
static const char *str_member(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static int read_org(struct results_org *o, const struct results_snapshot *s, json_t *j,
                    size_t index, char *err, size_t errlen)
{
	json_t *docs = json_object_get(j, "documents");

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "id")) ||
	    !json_is_string(json_object_get(j, "status"))) {
		snprintf(err, errlen, "organizations[%zu]: no id or status", index);
		return -1;
	}
	o->id = dup_or_empty(str_member(j, "id"));
	o->name = dup_or_empty(str_member(j, "name"));
	o->status = dup_or_empty(str_member(j, "status"));
	if (!o->id || !o->name || !o->status) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s->ndocs; i++) {
		json_t *d = json_object_get(docs, s->doc_keys[i]);

		o->found[i] = json_is_true(json_object_get(d, "found"));
	}
	return 0;
}

static int read_summary(struct results_snapshot *s, json_t *summary, char *err, size_t errlen)
{
	json_t *docs = json_object_get(summary, "documents");
	const char *key;
	json_t *val;

	if (!json_is_object(summary) || !json_is_object(docs)) {
		snprintf(err, errlen, "no summary with documents");
		return -1;
	}
	s->total = (size_t)json_integer_value(json_object_get(summary, "total"));
	s->compliant = (size_t)json_integer_value(json_object_get(summary, "compliant"));
	s->compliant_share = json_number_value(json_object_get(summary, "compliant_share"));
	json_object_foreach(docs, key, val) {
		(void)val;
		if (s->ndocs == CAP_RULE_DOCS) {
			snprintf(err, errlen, "more than %u document kinds", CAP_RULE_DOCS);
			return -1;
		}
		if (!(s->doc_keys[s->ndocs++] = strdup(key))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int by_id_cmp(const void *a, const void *b)
{
	const struct results_org *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

int results_parse(struct results_snapshot **out, const char *buf, size_t len,
                  char *err, size_t errlen)
{
	struct results_snapshot *s = NULL;
	json_error_t jerr;
	json_t *root = NULL, *orgs;
	char dummy[1];
	int rc = -1;

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	*out = NULL;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errlen, "line %d: %s", jerr.line, jerr.text);
		goto out;
	}
	orgs = json_object_get(root, "organizations");
	if (!json_is_object(root) || !json_is_array(orgs)) {
		snprintf(err, errlen, "not an audit's results.json (no organizations list)");
		goto out;
	}
	if (!(s = calloc(1, sizeof(*s))) ||
	    !(s->as_of = dup_or_empty(str_member(root, "as_of"))) ||
	    !(s->generated_at = dup_or_empty(str_member(root, "generated_at")))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (read_summary(s, json_object_get(root, "summary"), err, errlen))
		goto out;
	if (json_array_size(orgs) &&
	    !(s->orgs = calloc(json_array_size(orgs), sizeof(*s->orgs)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(orgs); i++) {
		if (read_org(&s->orgs[i], s, json_array_get(orgs, i), i, err, errlen)) {
			s->norgs = i + 1;
			goto out;
		}
		s->norgs = i + 1;
	}
	if (s->norgs && !(s->by_id = malloc(s->norgs * sizeof(*s->by_id)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < s->norgs; i++)
		s->by_id[i] = &s->orgs[i];
	if (s->norgs)
		qsort(s->by_id, s->norgs, sizeof(*s->by_id), by_id_cmp);
	*out = s;
	s = NULL;
	rc = 0;
out:
	results_free(s);
	json_decref(root);
	return rc;
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
