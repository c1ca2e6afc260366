/*
 * schema.h - results.json, described once.
 *
 * Every member of results.json is a row of a field table (schema_org.c for
 * an organisation and what it holds, schema_run.c for the run around
 * them): its key, its type and where its value lives. The same rows write
 * the file (reports/write.c, the journal of a run) and read it back
 * (--resume, merge, diff, --previous), so a field added to a table is
 * written, journaled, restored and merged without another edit. A value
 * the reports derive (missing, counted, problems in Russian ...) is
 * written from the verdict and never read back.
 *
 * Reading takes jansson values, never a file: the caller reads the bytes.
 */
#ifndef MA_SCHEMA_H
#define MA_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct jsonw;
struct org_result;
struct registry;
struct report_input;
struct ruleset;

/* What a field's functions may need besides the value they write or read. */
struct schema_ctx {
	const struct report_input *in;   /* writing: the run */
	size_t index;                    /* writing: the organisation's registry row index */
	const void *row;                 /* writing: its struct registry_row, or NULL */
	const struct org_result *org;    /* writing: the organisation whose documents these are */
	const json_t *item;              /* reading: the organisation's whole item */
	const struct ruleset *rules;     /* the documents' ids */
	size_t doc;                      /* a document's index, inside "documents" */
	struct registry *registry;       /* reading a run's head: its issues go here */
	char *err;                       /* reading: one line on failure */
	size_t errlen;
};

enum schema_type {
	SCHEMA_STRING,         /* char *, owned: copied when read; NULL is null */
	SCHEMA_TEXT,           /* const char *, borrowed: read as the JSON value's own string */
	SCHEMA_BOOL,           /* bool */
	SCHEMA_LONG,           /* long */
	SCHEMA_STATUS,         /* long, an HTTP status: null when 0 (never checked) */
	SCHEMA_SIZE,           /* size_t */
	SCHEMA_UNSIGNED,       /* unsigned */
	SCHEMA_SHARE,          /* double, a percentage written with one decimal */
	SCHEMA_CUSTOM          /* its own write and read functions */
};

enum schema_flag {
	SCHEMA_DERIVED = 1u << 0,   /* written from the verdict, the rules or the registry; not read back */
	SCHEMA_WARC = 1u << 1,      /* written only with --warc */
	SCHEMA_ROW = 1u << 2,       /* the registry row's: read back only by schema_read_row() */
	SCHEMA_SHARD = 1u << 3,     /* written only for a shard (--shard K/N) */
};

typedef void (*schema_write_fn)(struct jsonw *w, const struct schema_ctx *c, const void *obj);
/* value is NULL when the key is absent (older files); 0, or -1 with c->err set. */
typedef int (*schema_read_fn)(void *obj, const json_t *value, const struct schema_ctx *c);

struct schema_field {
	const char *key;
	enum schema_type type;
	size_t offset;               /* of the value in the table's struct (not SCHEMA_CUSTOM) */
	unsigned flags;              /* enum schema_flag */
	schema_write_fn write;       /* SCHEMA_CUSTOM */
	schema_read_fn read;         /* SCHEMA_CUSTOM, NULL when derived */
};

struct schema_table {
	const struct schema_field *fields;
	size_t n;
};

/* Write obj as one JSON object, a member per field, in the table's order. */
void schema_write(struct jsonw *w, const struct schema_table *t, const struct schema_ctx *c,
                  const void *obj);
/*
 * Read the table's fields from the JSON object value into obj (fields
 * absent from it keep their value; derived and row fields are skipped).
 * 0, or -1 with one line in c->err.
 */
int schema_read(void *obj, const struct schema_table *t, const json_t *value,
                const struct schema_ctx *c);
/* Free the SCHEMA_STRING members of obj (a struct read by schema_read and not handed on). */
void schema_free_strings(const struct schema_table *t, void *obj);
/*
 * The key of the plain field at offset in t (a struct member the caller
 * names), or NULL: of the registry row's fields when row, else of the
 * table's own struct (the two structs' offsets overlap).
 */
const char *schema_key_at(const struct schema_table *t, size_t offset, bool row);
/* The key of the custom field written by write, or NULL. */
const char *schema_key_of(const struct schema_table *t, schema_write_fn write);
/* One line in c->err; returns -1. */
int schema_fail(const struct schema_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- organisations (schema_org.c) ---- */

/*
 * Writing: report_json() and report_json_org() (reports/report.h), for
 * the reports and the journal of a run.
 *

 * Fill o (initialised with verdict_org_init for its registry row) from
 * one item of "organizations": writing it again gives the same JSON.
 * Documents are matched to rs by id. 0, or -1 with one line in err.
 */
int schema_read_org(struct org_result *o, const json_t *item, const struct ruleset *rs,
                    char *err, size_t errlen);

/* What an organisation's item says of its registry row; strings borrowed from the item. */
struct schema_row {
	const char *id, *name, *url;     /* "" when absent */
	size_t line;
	const json_t *extra;             /* the extra columns, an object (or NULL) */
};
void schema_read_row(struct schema_row *row, const json_t *item);

/* What `diff` and --previous compare: the status and, per document key, found. */
const char *schema_org_status(const json_t *item);
/* fn for each document of the item, in the file's order; 0, or fn's first non-zero. */
int schema_org_documents(const json_t *item, int (*fn)(void *ctx, const char *key, bool found),
                         void *ctx);

/* ---- the run (schema_run.c) ---- */

/*
 * The head of a results.json (as_of, generated_at, registry, warc, shard)
 * into *in, its strings borrowed from root; the registry issues into reg
 * when it is not NULL. 0, or -1 with one line in err.
 */
int schema_read_head(struct report_input *in, struct registry *reg, const json_t *root,
                     char *err, size_t errlen);

/*
 * The summary's counts and shares into out (those written from a table
 * field: total, compliant, compliant_share, rows, unchecked), and fn for
 * each document key it lists, in the file's order. 0, fn's first non-zero,
 * or -1 when value is no summary.
 */
struct run_summary;
int schema_read_summary(struct run_summary *out, const json_t *value,
                        int (*fn)(void *ctx, const char *key), void *ctx);
/*
 * fn for each row of the summary's indicator table (schema 2 and later),
 * with its number and share; rows without them are passed over. 0, or fn's
 * first non-zero; 0 for an older summary without the table.
 */
int schema_read_indicator_shares(const json_t *summary, int (*fn)(void *ctx, unsigned number, double share),
                                 void *ctx);
/* The top-level keys of the organisations and of the summary. */
const char *schema_key_organizations(void);
const char *schema_key_summary(void);

#endif
