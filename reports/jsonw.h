/*
 * jsonw.h - a small streaming JSON writer, pretty-printed with a 2-space
 * indent, for results.json.
 *
 * Strings are escaped per RFC 8259: '"' and '\\' backslashed, control
 * characters as \n, \t, ... or \u00XX, valid UTF-8 passed through as is.
 * Bytes that are not valid UTF-8 become U+FFFD, so the output is always
 * valid JSON even when a site sent us garbage. '/' is not escaped.
 *
 * Write errors are not checked per call: jsonw_finish() reports whether
 * the stream failed anywhere (ferror), which keeps the callers linear.
 */
#ifndef MA_JSONW_H
#define MA_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *f;
	unsigned depth;
	bool after_key;                       /* the next value follows "key": */
	bool has_items[JSONW_MAX_DEPTH + 1];  /* per open container */
	bool overflow;                        /* nested deeper than JSONW_MAX_DEPTH */
	bool failed;                          /* a value could not be had (jsonw_fail) */
};

void jsonw_init(struct jsonw *w, FILE *f);
void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
/* NULL writes null. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_null(struct jsonw *w);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_size(struct jsonw *w, size_t v);
void jsonw_long(struct jsonw *w, long v);
/* A percentage with one decimal and '.' as the point, whatever the locale. */
void jsonw_share(struct jsonw *w, double percent);
/* A value could not be had: the document is written on, and jsonw_finish() fails. */
void jsonw_fail(struct jsonw *w);
/* Ends the document with a newline. 0, or -1 when the stream failed or nesting was unbalanced. */
int jsonw_finish(struct jsonw *w);

/* Write s as one quoted, escaped JSON string ("null" for NULL). */
void jsonw_write_string(FILE *f, const char *s);

#endif
