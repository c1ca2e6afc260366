/*
 * json_stream.h - a JSON object read member by member from a buffer, one
 * array member item by item, so that a large results.json never becomes
 * one tree in memory. The values are jansson's; this file knows no member
 * names. No I/O.
 */
#ifndef MA_JSON_STREAM_H
#define MA_JSON_STREAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct json_stream {
	const char *array_key;    /* the member whose items are handed over one at a time */
	/* Every other member; 0 to go on, or -1 with one line in err. */
	int (*member)(void *ctx, const char *key, json_t *value, char *err, size_t errlen);
	/* Each item of array_key, in order; the same. */
	int (*item)(void *ctx, json_t *item, char *err, size_t errlen);
	void *ctx;
	bool array_seen;          /* set when array_key was there */
};

/*
 * Read the object in buf: 0, or -1 with one line in err ("line 3: ...",
 * or the callback's).
 */
int json_stream_object(const char *buf, size_t len, struct json_stream *js, char *err,
                       size_t errlen);

#endif
