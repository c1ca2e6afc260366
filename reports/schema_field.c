/*
 * schema_field.c - a field table written as a JSON object and read back.
 */
#include "reports/schema.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jsonw.h"
#include "reports/report.h"

#define AT(obj, f, type) ((type *)(void *)((char *)(obj) + (f)->offset))
#define AT_CONST(obj, f, type) ((const type *)(const void *)((const char *)(obj) + (f)->offset))

int schema_fail(const struct schema_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Is field f written for this run? */
static bool written(const struct schema_field *f, const struct schema_ctx *c)
{
	if ((f->flags & SCHEMA_WARC) && !(c->in && c->in->warc_path))
		return false;
	return !(f->flags & SCHEMA_SHARD) || (c->in && c->in->shard_count);
}

static void write_value(struct jsonw *w, const struct schema_field *f, const struct schema_ctx *c,
                        const void *obj)
{
	/* A row field of an organisation without a row (a merge of an odd file): null. */
	if (!obj && f->type != SCHEMA_CUSTOM) {
		jsonw_null(w);
		return;
	}
	switch (f->type) {
	case SCHEMA_STRING:
	case SCHEMA_TEXT:    /* char * and const char * are alike in memory */
		jsonw_string(w, *AT_CONST(obj, f, char *));
		break;
	case SCHEMA_BOOL:
		jsonw_bool(w, *AT_CONST(obj, f, bool));
		break;
	case SCHEMA_LONG:
		jsonw_long(w, *AT_CONST(obj, f, long));
		break;
	case SCHEMA_STATUS:
		if (*AT_CONST(obj, f, long) > 0)
			jsonw_long(w, *AT_CONST(obj, f, long));
		else
			jsonw_null(w);
		break;
	case SCHEMA_SIZE:
		jsonw_size(w, *AT_CONST(obj, f, size_t));
		break;
	case SCHEMA_UNSIGNED:
		jsonw_size(w, *AT_CONST(obj, f, unsigned));
		break;
	case SCHEMA_SHARE:
		jsonw_share(w, *AT_CONST(obj, f, double));
		break;
	case SCHEMA_CUSTOM:
		f->write(w, c, obj);
		break;
	}
}

void schema_write(struct jsonw *w, const struct schema_table *t, const struct schema_ctx *c,
                  const void *obj)
{
	jsonw_begin_object(w);
	for (size_t i = 0; i < t->n; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!written(f, c))
			continue;
		jsonw_key(w, f->key);
		write_value(w, f, c, (f->flags & SCHEMA_ROW) ? c->row : obj);
	}
	jsonw_end_object(w);
}

static int read_string(char **out, const json_t *v, const struct schema_field *f,
                       const struct schema_ctx *c)
{
	const char *s = json_string_value(v);

	free(*out);
	*out = s ? strdup(s) : NULL;
	return s && !*out ? schema_fail(c, "%s: out of memory", f->key) : 0;
}

/* A present value of a plain type into obj; a value of another JSON type leaves it as it was. */
static int read_value(void *obj, const struct schema_field *f, const json_t *v,
                      const struct schema_ctx *c)
{
	switch (f->type) {
	case SCHEMA_STRING:
		return read_string(AT(obj, f, char *), v, f, c);
	case SCHEMA_TEXT:
		*AT(obj, f, const char *) = json_string_value(v);
		break;
	case SCHEMA_BOOL:
		*AT(obj, f, bool) = json_is_true(v);
		break;
	case SCHEMA_LONG:
	case SCHEMA_STATUS:
		*AT(obj, f, long) = (long)json_integer_value(v);
		break;
	case SCHEMA_SIZE:
		if (json_is_integer(v))
			*AT(obj, f, size_t) = (size_t)json_integer_value(v);
		break;
	case SCHEMA_UNSIGNED:
		if (json_is_integer(v))
			*AT(obj, f, unsigned) = (unsigned)json_integer_value(v);
		break;
	case SCHEMA_SHARE:
		*AT(obj, f, double) = json_number_value(v);
		break;
	case SCHEMA_CUSTOM:
		return f->read(obj, v, c);
	}
	return 0;
}

int schema_read(void *obj, const struct schema_table *t, const json_t *value,
                const struct schema_ctx *c)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct schema_field *f = &t->fields[i];
		const json_t *v = json_object_get(value, f->key);

		if (f->flags & (SCHEMA_DERIVED | SCHEMA_ROW))
			continue;
		/* A field written but never read back would vanish on --resume and merge. */
		if (f->type == SCHEMA_CUSTOM && !f->read)
			return schema_fail(c, "%s: written, never read back (derived?)", f->key);
		/* Absent: a plain field keeps its value; a custom one decides (older schemas). */
		if (!v && f->type != SCHEMA_CUSTOM)
			continue;
		if (read_value(obj, f, v, c))
			return -1;
	}
	return 0;
}

void schema_free_strings(const struct schema_table *t, void *obj)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct schema_field *f = &t->fields[i];

		if (f->type == SCHEMA_STRING && !(f->flags & SCHEMA_ROW)) {
			free(*AT(obj, f, char *));
			*AT(obj, f, char *) = NULL;
		}
	}
}

const char *schema_key_at(const struct schema_table *t, size_t offset, bool row)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct schema_field *f = &t->fields[i];

		if (f->type != SCHEMA_CUSTOM && f->offset == offset && !(f->flags & SCHEMA_ROW) == !row)
			return f->key;
	}
	return NULL;
}

const char *schema_key_of(const struct schema_table *t, schema_write_fn write)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].write == write)
			return t->fields[i].key;
	return NULL;
}
