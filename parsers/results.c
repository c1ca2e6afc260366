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

int results_add_org(struct results_snapshot *s, const json_t *j, char *err, size_t errlen)
{
	const json_t *docs = json_object_get(j, "documents"), *d;
	struct results_org *o;
	const char *key;

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "id")) ||
	    !json_is_string(json_object_get(j, "status"))) {
		snprintf(err, errlen, "organizations[%zu]: no id or status", s->norgs);
		return -1;
	}
	if (s->norgs == s->orgs_alloc) {
		size_t want = s->orgs_alloc ? s->orgs_alloc * 2 : 64;
		struct results_org *grown = realloc(s->orgs, want * sizeof(*grown));

		if (!grown) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->orgs = grown;
		s->orgs_alloc = want;
	}
	o = &s->orgs[s->norgs];
	memset(o, 0, sizeof(*o));
	o->id = dup_or_empty(str_member(j, "id"));
	o->name = dup_or_empty(str_member(j, "name"));
	o->status = dup_or_empty(str_member(j, "status"));
	s->norgs++;
	if (!o->id || !o->name || !o->status) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* By the keys seen so far: the summary, which names the documents, comes after the organisations. */
	json_object_foreach((json_t *)docs, key, d) {
		int k = seen_index(s, key);

		if (k < 0) {
			snprintf(err, errlen, "organizations[%zu]: more than %u document kinds", s->norgs - 1,
			         CAP_RULE_DOCS);
			return -1;
		}
		o->found[k] = json_is_true(json_object_get(d, "found"));
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
	if (s->has_summary) {
		snprintf(err, errlen, "summary twice");
		return -1;
	}
	s->has_summary = true;
	s->total = (size_t)json_integer_value(json_object_get(summary, "total"));
	s->compliant = (size_t)json_integer_value(json_object_get(summary, "compliant"));
	s->compliant_share = json_number_value(json_object_get(summary, "compliant_share"));
	json_object_foreach(docs, key, val) {
		(void)val;
		if (s->ndocs == CAP_RULE_DOCS) {
			snprintf(err, errlen, "more than %u document kinds", CAP_RULE_DOCS);
			return -1;
		}
		s->doc_keys[s->ndocs] = strdup(key);
		if (!s->doc_keys[s->ndocs++]) {
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

/* A reading position in results.json's bytes, with its line for messages. */
struct cursor {
	const char *buf;
	size_t len, pos;
	int line;            /* of pos, 1-based */
};

static void advance(struct cursor *c, size_t n)
{
	for (const char *p = c->buf + c->pos, *end = p + n; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		c->line++;
	c->pos += n;
}

/* The next byte that is not JSON white space (advanced to), or -1 at the end. */
static int peek(struct cursor *c)
{
	size_t n = 0;

	while (c->pos + n < c->len && strchr(" \t\r\n", c->buf[c->pos + n]) && c->buf[c->pos + n])
		n++;
	advance(c, n);
	return c->pos < c->len ? (unsigned char)c->buf[c->pos] : -1;
}

/* One JSON value at the cursor, with jansson; NULL with "line N: ..." in err. */
static json_t *take_value(struct cursor *c, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *v = json_loadb(c->buf + c->pos, c->len - c->pos,
	                       JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &jerr);

	if (!v) {
		snprintf(err, errlen, "line %d: %s", c->line + jerr.line - 1, jerr.text);
		return NULL;
	}
	advance(c, (size_t)jerr.position);
	return v;
}

/* Expect byte ch (after white space); one line in err when it is not there. */
static int expect(struct cursor *c, int ch, const char *what, char *err, size_t errlen)
{
	if (peek(c) != ch) {
		snprintf(err, errlen, "line %d: %s expected", c->line, what);
		return -1;
	}
	advance(c, 1);
	return 0;
}

/* "organizations": each item read and dropped in turn, so the whole list is never a tree. */
static int read_orgs(struct results_snapshot *s, struct cursor *c, char *err, size_t errlen)
{
	char why[256];

	if (expect(c, '[', "'['", err, errlen))
		return -1;
	if (peek(c) == ']') {
		advance(c, 1);
		return 0;
	}
	for (;;) {
		json_t *o = take_value(c, err, errlen);
		int rc;

		if (!o)
			return -1;
		rc = results_add_org(s, o, why, sizeof(why));
		json_decref(o);
		if (rc) {
			snprintf(err, errlen, "%s", why);
			return -1;
		}
		if (peek(c) == ']') {
			advance(c, 1);
			return 0;
		}
		if (expect(c, ',', "',' or ']'", err, errlen))
			return -1;
	}
}

/* A member other than the organisations: the ones a comparison needs are kept. */
static int read_member(struct results_snapshot *s, const char *key, struct cursor *c,
                       char *err, size_t errlen)
{
	json_t *v = take_value(c, err, errlen);
	char **field = strcmp(key, "as_of") == 0 ? &s->as_of
	             : strcmp(key, "generated_at") == 0 ? &s->generated_at : NULL;
	int rc = 0;

	if (!v)
		return -1;
	if (field) {
		free(*field);
		*field = dup_or_empty(json_string_value(v));
		if (!*field) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
	} else if (strcmp(key, "summary") == 0) {
		rc = read_summary(s, v, err, errlen);
	}
	json_decref(v);
	return rc;
}

int results_read_text(struct results_snapshot *s, const char *buf, size_t len, char *err,
                      size_t errlen)
{
	struct cursor c = { buf ? buf : "", buf ? len : 0, 0, 1 };
	bool seen_orgs = false;

	if (expect(&c, '{', "an object", err, errlen))
		return -1;
	if (peek(&c) == '}') {
		advance(&c, 1);
	} else {
		for (;;) {
			json_t *k = take_value(&c, err, errlen);
			const char *key = json_string_value(k);
			int rc;

			if (!k)
				return -1;
			if (!key) {
				json_decref(k);
				snprintf(err, errlen, "line %d: a member name expected", c.line);
				return -1;
			}
			if (expect(&c, ':', "':'", err, errlen)) {
				json_decref(k);
				return -1;
			}
			if (strcmp(key, "organizations") == 0) {
				rc = seen_orgs ? -1 : read_orgs(s, &c, err, errlen);
				if (seen_orgs)
					snprintf(err, errlen, "line %d: organizations twice", c.line);
				seen_orgs = true;
			} else {
				rc = read_member(s, key, &c, err, errlen);
			}
			json_decref(k);
			if (rc)
				return -1;
			if (peek(&c) == '}') {
				advance(&c, 1);
				break;
			}
			if (expect(&c, ',', "',' or '}'", err, errlen))
				return -1;
		}
	}
	if (peek(&c) != -1) {
		snprintf(err, errlen, "line %d: end of file expected", c.line);
		return -1;
	}
	if (!seen_orgs) {
		snprintf(err, errlen, "not an audit's results.json (no organizations list)");
		return -1;
	}
	return 0;
}

int results_begin(struct results_snapshot **out)
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

int results_finish(struct results_snapshot *s, char *err, size_t errlen)
{
	if (!s->has_summary) {
		snprintf(err, errlen, "no summary with documents");
		return -1;
	}
	/* found[] by the keys the organisations named, now by the summary's. */
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
	if (s->norgs) {
		s->by_id = malloc(s->norgs * sizeof(*s->by_id));
		if (!s->by_id) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	for (size_t i = 0; i < s->norgs; i++)
		s->by_id[i] = &s->orgs[i];
	if (s->norgs)
		qsort(s->by_id, s->norgs, sizeof(*s->by_id), by_id_cmp);
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
	if (results_begin(&s)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (results_read_text(s, buf, len, err, errlen) || results_finish(s, err, errlen)) {
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
