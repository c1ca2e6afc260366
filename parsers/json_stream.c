/*
 * json_stream.c - an object's members one at a time, with jansson reading
 * each value (JSON_DISABLE_EOF_CHECK: one value, then stop).
 */
#include "parsers/json_stream.h"

#include <stdio.h>
#include <string.h>

/* A reading position in the buffer, with its line for messages. */
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

/* One JSON value at the cursor; NULL with "line N: ..." in err. */
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

/* Is the list or object at the cursor over (its closing byte taken)? */
static bool closed(struct cursor *c, int ch)
{
	if (peek(c) != ch)
		return false;
	advance(c, 1);
	return true;
}

/* The array member: each item read, handed over and dropped in turn. */
static int read_items(struct json_stream *js, struct cursor *c, char *err, size_t errlen)
{
	if (expect(c, '[', "'['", err, errlen))
		return -1;
	if (closed(c, ']'))
		return 0;
	for (;;) {
		json_t *item = take_value(c, err, errlen);
		int rc;

		if (!item)
			return -1;
		rc = js->item(js->ctx, item, err, errlen);
		json_decref(item);
		if (rc)
			return -1;
		if (closed(c, ']'))
			return 0;
		if (expect(c, ',', "',' or ']'", err, errlen))
			return -1;
	}
}

static int read_member(struct json_stream *js, const char *key, struct cursor *c, char *err,
                       size_t errlen)
{
	json_t *v;
	int rc;

	if (strcmp(key, js->array_key) == 0) {
		if (js->array_seen) {
			snprintf(err, errlen, "line %d: %s twice", c->line, key);
			return -1;
		}
		js->array_seen = true;
		return read_items(js, c, err, errlen);
	}
	v = take_value(c, err, errlen);
	if (!v)
		return -1;
	rc = js->member(js->ctx, key, v, err, errlen);
	json_decref(v);
	return rc;
}

static int read_members(struct json_stream *js, struct cursor *c, char *err, size_t errlen)
{
	if (closed(c, '}'))
		return 0;
	for (;;) {
		json_t *k = take_value(c, err, errlen);
		int rc = -1;

		if (!k)
			return -1;
		if (!json_is_string(k))
			snprintf(err, errlen, "line %d: a member name expected", c->line);
		else if (!expect(c, ':', "':'", err, errlen))
			rc = read_member(js, json_string_value(k), c, err, errlen);
		json_decref(k);
		if (rc)
			return -1;
		if (closed(c, '}'))
			return 0;
		if (expect(c, ',', "',' or '}'", err, errlen))
			return -1;
	}
}

int json_stream_object(const char *buf, size_t len, struct json_stream *js, char *err,
                       size_t errlen)
{
	struct cursor c = { buf ? buf : "", buf ? len : 0, 0, 1 };

	js->array_seen = false;
	if (expect(&c, '{', "an object", err, errlen) || read_members(js, &c, err, errlen))
		return -1;
	if (peek(&c) != -1) {
		snprintf(err, errlen, "line %d: end of file expected", c.line);
		return -1;
	}
	return 0;
}
