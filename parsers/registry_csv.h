/*
 * registry_csv.h - the registry's bytes as CSV records; internal to
 * parsers/registry*.c (the public interface is registry.h).
 *
 * Owns: decoding to UTF-8, the parse cursor (line numbers; CRLF, LF and a
 * lone CR end a line, as core/lines.h's lines_end_len() says), delimiter
 * sniffing, and reading one RFC 4180 record into folded fields. Records
 * span lines inside quotes, so this cursor is not core/lines.h's.
 * Knows nothing of columns, rows or issues.
 */
#ifndef MA_REGISTRY_CSV_H
#define MA_REGISTRY_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"

/* Why a record is not a row. */
enum rec_problem {
	REC_OK,
	REC_GARBAGE,       /* text after a closing quote */
	REC_FIELD_CAP,     /* unquoted field longer than CAP_REGISTRY_FIELD */
	REC_UNTERMINATED,  /* quote open at the end of the input */
	REC_QUOTED_CAP,    /* quoted field longer than the cap: a lost quote, most likely */
};

struct cursor {
	const char *p;
	size_t len;
	size_t pos;
	size_t line;       /* 1-based line at pos */
	char delim;
};

/* One CSV record, fields white-space-folded. */
struct record {
	struct buf raw;          /* the field being read */
	struct buf folded;
	char *fields[CAP_REGISTRY_COLUMNS];   /* NULL reads as "" */
	size_t max;              /* fields stored; later ones are only counted */
	size_t nstored;
	size_t nfields;          /* fields seen */
	size_t last_text;        /* 1-based index of the last non-empty field, 0 if none */
	size_t line;
	size_t start;            /* offset of the record in the text */
	enum rec_problem problem;
	size_t problem_col;      /* 1-based */
};

/* snprintf into err, then drop a UTF-8 sequence cut in half by the truncation. */
void registry_set_err(char *err, size_t errlen, const char *fmt, ...) MA_PRINTF(3, 4);
/* The same, appended at err's current end. */
void registry_add_err(char *err, size_t errlen, const char *fmt, ...) MA_PRINTF(3, 4);

/*
 * The registry as UTF-8 in *text (caller frees), or *text NULL: buf is
 * UTF-8 already, read it as is. *encoding is static. 0, or -1 with err.
 */
int registry_csv_decode(char **text, size_t *tlen, const char **encoding, const char *buf,
                        size_t len, char *err, size_t errlen);

/* The delimiter of the line at pos: the commonest of ';' ',' TAB outside quotes. */
char registry_csv_sniff(const char *p, size_t len, size_t pos);

void registry_csv_init(struct record *rec);
void registry_csv_free(struct record *rec);

/*
 * Read one record at the cursor (RFC 4180, leniently). 0, or -1 when
 * memory runs out; rec->problem says what was wrong. After REC_UNTERMINATED
 * or REC_QUOTED_CAP the cursor is not past the record: resume with
 * registry_csv_recover().
 */
int registry_csv_read(struct cursor *c, struct record *rec);
/* After a lost quote, go on at the line after the record's first line. */
void registry_csv_recover(struct cursor *c, const struct record *rec);

/* The field in the record's column (0-based), "" past its end. */
const char *registry_csv_field(const struct record *rec, size_t col);
/* No field has text. */
bool registry_csv_blank(const struct record *rec);
/* English words for a problem ("unterminated quote"). */
const char *registry_csv_problem_text(enum rec_problem p);

#endif
