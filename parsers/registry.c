/*
 * registry.c - the registry's records as rows and issues (see registry.h);
 * CSV reading is in registry_csv.c, the header in registry_header.c.
 */
#include "parsers/registry.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/hash.h"
#include "parsers/registry_csv.h"
#include "parsers/registry_xlsx.h"
#include "parsers/registry_header.h"

/*
 * The name of an extra column whose header cell is empty or missing, from
 * its 1-based place in the file. Russian: it heads a column of
 * noncompliant.csv, which department staff read.
 */
#define UNNAMED_COLUMN "столбец %zu"

struct parser {
	struct registry *r;
	struct cursor c;
	struct record rec;
	struct registry_header h;
	size_t *extra_col;       /* file column (0-based) of each extra column */
	size_t width;            /* file columns taken as columns so far */
	size_t narrow_rows;      /* rows read before the last new column; padded at the end */
	size_t rows_alloc;
	size_t issues_alloc;
	size_t records;          /* non-blank data records so far (ids without an id column) */
	bool after_row;          /* the last non-blank data record became a row */
};

/*
 * Take file columns [ps->width, upto) as columns: the id, name and URL
 * columns are already placed, the others become extra columns named by
 * the header's cell (header NULL: past the header's width), or
 * UNNAMED_COLUMN when that is empty.
 */
static int add_columns(struct parser *ps, const struct record *header, size_t upto)
{
	struct registry *r = ps->r;
	char unnamed[sizeof(UNNAMED_COLUMN) + 20];

	for (size_t i = ps->width; i < upto; i++) {
		const char *name = header ? registry_csv_field(header, i) : "";

		if (i == ps->h.col[COL_ID] || i == ps->h.col[COL_NAME] || i == ps->h.col[COL_URL])
			continue;
		if (!name[0]) {
			snprintf(unnamed, sizeof(unnamed), UNNAMED_COLUMN, i + 1);
			name = unnamed;
		}
		r->extra_names[r->nextra] = strdup(name);
		if (!r->extra_names[r->nextra])
			return -1;
		ps->extra_col[r->nextra++] = i;
	}
	ps->width = upto;
	return 0;
}

/* The header's columns; rows may add more, up to CAP_REGISTRY_COLUMNS. */
static int header_columns(struct parser *ps, const struct record *header)
{
	ps->r->extra_names = calloc(CAP_REGISTRY_COLUMNS + 1, sizeof(*ps->r->extra_names));
	ps->extra_col = calloc(CAP_REGISTRY_COLUMNS + 1, sizeof(*ps->extra_col));
	if (!ps->r->extra_names || !ps->extra_col)
		return -1;
	return add_columns(ps, header, ps->h.ncols);
}

/* A row's number of extra values: its block ends with a NULL (registry_row_set()). */
static size_t row_width(const struct registry_row *row)
{
	size_t n = 0;

	while (row->extra[n])
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Rows and issues */

/* The issue each CSV problem makes. */
static const enum registry_issue_kind problem_kind[] = {
	[REC_OK] = REGISTRY_ISSUE_UNREADABLE,
	[REC_GARBAGE] = REGISTRY_ISSUE_TEXT_AFTER_QUOTE,
	[REC_FIELD_CAP] = REGISTRY_ISSUE_FIELD_TOO_LONG,
	[REC_UNTERMINATED] = REGISTRY_ISSUE_UNTERMINATED_QUOTE,
	[REC_QUOTED_CAP] = REGISTRY_ISSUE_QUOTED_TOO_LONG,
};

static char *vformat(const char *fmt, va_list ap) MA_PRINTF(1, 0);

static char *vformat(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static int add_issue(struct parser *ps, enum registry_issue_kind kind, size_t column,
                     const char *fmt, ...) MA_PRINTF(4, 5);

/* An issue at the record's line; past CAP_REGISTRY_ISSUES only counted. */
static int add_issue(struct parser *ps, enum registry_issue_kind kind, size_t column,
                     const char *fmt, ...)
{
	struct registry *r = ps->r;
	struct registry_issue *is;
	va_list ap;
	char *reason;

	if (r->nissues >= CAP_REGISTRY_ISSUES) {
		r->issues_dropped++;
		return 0;
	}
	if (r->nissues == ps->issues_alloc) {
		size_t want = ps->issues_alloc ? ps->issues_alloc * 2 : 16;

		if (want > CAP_REGISTRY_ISSUES)
			want = CAP_REGISTRY_ISSUES;
		is = realloc(r->issues, want * sizeof(*is));
		if (!is)
			return -1;
		r->issues = is;
		ps->issues_alloc = want;
	}
	va_start(ap, fmt);
	reason = vformat(fmt, ap);
	va_end(ap);
	if (!reason)
		return -1;
	r->issues[r->nissues] = (struct registry_issue){
		.line = ps->rec.line, .kind = kind, .column = column, .reason = reason,
	};
	r->nissues++;
	return 0;
}

/* "12." -> "12": numbered lists from Word and Excel end numbers with a dot. */
static void strip_number_dot(char *id)
{
	size_t n = strlen(id);

	if (n < 2 || id[n - 1] != '.')
		return;
	if (strspn(id, "0123456789") == n - 1)
		id[n - 1] = '\0';
}

/* A row's strings and its extra array are one block, at row->extra. */
static void row_free(struct registry_row *row)
{
	free(row->extra);
	memset(row, 0, sizeof(*row));
}

int registry_row_set(struct registry_row *row, size_t nextra, const char *id, const char *name,
                     const char *url, const char *const *extra)
{
	size_t lens[3 + CAP_REGISTRY_COLUMNS], n = 0, head = (nextra + 1) * sizeof(char *), size = head;
	const char *src[3 + CAP_REGISTRY_COLUMNS];
	char **block, *p;

	if (nextra > CAP_REGISTRY_COLUMNS)
		return -1;
	src[n++] = id;
	src[n++] = name;
	src[n++] = url;
	for (size_t i = 0; i < nextra; i++)
		src[n++] = extra[i];
	for (size_t i = 0; i < n; i++)
		size += (lens[i] = strlen(src[i] ? src[i] : "")) + 1;
	block = calloc(1, size);
	if (!block)
		return -1;
	p = (char *)block + head;
	for (size_t i = 0; i < n; i++) {
		char **field = i == 0 ? &row->id : i == 1 ? &row->name : i == 2 ? &row->url : &block[i - 3];

		memcpy(p, src[i] ? src[i] : "", lens[i]);
		*field = p;
		p += lens[i] + 1;
	}
	row->extra = block;
	row->repeats = -1;
	return 0;
}

static int grow_rows(struct parser *ps)
{
	struct registry *r = ps->r;
	size_t want = ps->rows_alloc ? ps->rows_alloc * 2 : 64;
	struct registry_row *rows;

	if (r->nrows < ps->rows_alloc)
		return 0;
	if (want > CAP_REGISTRY_ROWS)
		want = CAP_REGISTRY_ROWS;
	rows = realloc(r->rows, want * sizeof(*rows));
	if (!rows)
		return -1;
	r->rows = rows;
	ps->rows_alloc = want;
	return 0;
}

/*
 * The record as a row. A record continuing the row above (see
 * continues_row()) takes that row's name, and its id when there is an id
 * column. Cells past the columns so far add columns (add_columns()).
 */
static int add_row(struct parser *ps, bool continues)
{
	struct registry *r = ps->r;
	struct record *rec = &ps->rec;
	struct registry_row row = { 0 };
	const char *extra[CAP_REGISTRY_COLUMNS], *id, *name;
	char num[32];
	size_t i;

	if (r->nrows == CAP_REGISTRY_ROWS)
		return add_issue(ps, REGISTRY_ISSUE_TOO_MANY_ROWS, 0, "more than %u rows; this one is not read",
		                 CAP_REGISTRY_ROWS);
	if (grow_rows(ps) < 0)
		return -1;
	if (rec->last_text > ps->width) {
		ps->narrow_rows = r->nrows;
		if (add_columns(ps, NULL, rec->last_text) < 0)
			return -1;
	}
	snprintf(num, sizeof(num), "%zu", ps->records);
	id = ps->h.col[COL_ID] == SIZE_MAX ? num : registry_csv_field(rec, ps->h.col[COL_ID]);
	name = registry_csv_field(rec, ps->h.col[COL_NAME]);
	if (continues) {
		id = ps->h.col[COL_ID] == SIZE_MAX ? num : r->rows[r->nrows - 1].id;
		name = r->rows[r->nrows - 1].name;
	}
	for (i = 0; i < r->nextra; i++)
		extra[i] = registry_csv_field(rec, ps->extra_col[i]);
	if (registry_row_set(&row, r->nextra, id, name, registry_csv_field(rec, ps->h.col[COL_URL]),
	                     extra))
		return -1;
	row.line = rec->line;
	strip_number_dot(row.id);
	r->rows[r->nrows++] = row;
	return 0;
}

/* Rows read before the last new column get "" in the columns added after them. */
static int pad_rows(struct parser *ps)
{
	struct registry *r = ps->r;
	const char *extra[CAP_REGISTRY_COLUMNS];

	for (size_t i = 0; i < ps->narrow_rows; i++) {
		struct registry_row *row = &r->rows[i], wide = { 0 };
		size_t have = row_width(row);

		if (have == r->nextra)
			continue;
		for (size_t k = 0; k < r->nextra; k++)
			extra[k] = k < have ? row->extra[k] : "";
		if (registry_row_set(&wide, r->nextra, row->id, row->name, row->url, extra))
			return -1;
		wide.line = row->line;
		row_free(row);
		*row = wide;
	}
	return 0;
}

/* Excel's separator-only lines and subtotal rows have no id, name or URL. */
static bool key_fields_empty(const struct parser *ps)
{
	size_t k;

	for (k = 0; k < COL_KINDS; k++)
		if (registry_csv_field(&ps->rec, ps->h.col[k])[0])
			return false;
	return true;
}

/*
 * Excel writes a cell merged over several rows into the first of them
 * only: a record with a URL but no name (and no id, when there is an id
 * column) right after a row is that organisation's next URL.
 */
static bool continues_row(const struct parser *ps)
{
	const struct record *rec = &ps->rec;

	return ps->after_row && registry_csv_field(rec, ps->h.col[COL_URL])[0] &&
	       !registry_csv_field(rec, ps->h.col[COL_NAME])[0] &&
	       !registry_csv_field(rec, ps->h.col[COL_ID])[0];
}

/* One data record: a row, an issue, or nothing (a blank line). */
static int handle_record(struct parser *ps)
{
	struct record *rec = &ps->rec;
	bool continues;

	if (rec->problem == REC_UNTERMINATED || rec->problem == REC_QUOTED_CAP) {
		registry_csv_recover(&ps->c, rec);
		ps->records++;
		ps->after_row = false;
		return add_issue(ps, problem_kind[rec->problem], 0, "%s",
		                 registry_csv_problem_text(rec->problem));
	}
	if (registry_csv_blank(rec) || (rec->problem == REC_OK && key_fields_empty(ps)))
		return 0;
	ps->records++;
	continues = continues_row(ps);
	ps->after_row = false;
	if (rec->problem != REC_OK)
		return add_issue(ps, problem_kind[rec->problem], rec->problem_col, "%s in column %zu",
		                 registry_csv_problem_text(rec->problem), rec->problem_col);
	if (rec->last_text > CAP_REGISTRY_COLUMNS)
		return add_issue(ps, REGISTRY_ISSUE_TOO_MANY_FIELDS, 0, "%zu fields, more than the cap of %u",
		                 rec->last_text, CAP_REGISTRY_COLUMNS);
	if (!continues && ps->h.col[COL_ID] != SIZE_MAX && !registry_csv_field(rec, ps->h.col[COL_ID])[0])
		return add_issue(ps, REGISTRY_ISSUE_EMPTY_ID, ps->h.col[COL_ID] + 1, "empty id");
	ps->after_row = true;
	return add_row(ps, continues);
}

size_t registry_unread(const struct registry *r)
{
	return r->nissues + r->issues_dropped;
}

/* One field of the digest: its bytes, then a byte no UTF-8 text holds as a separator. */
static uint64_t digest_field(uint64_t h, const char *s)
{
	return hash_fnv1a(hash_fnv1a(h, s), "\xff");
}

unsigned long long registry_digest(const struct registry *r)
{
	uint64_t h = HASH_FNV1A_INIT;

	for (size_t i = 0; i < r->nrows; i++)
		h = digest_field(digest_field(digest_field(h, r->rows[i].id), r->rows[i].name),
		                 r->rows[i].url);
	return (unsigned long long)h;
}

void registry_free(struct registry *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nrows; i++)
		row_free(&r->rows[i]);
	free(r->rows);
	for (i = 0; i < r->nissues; i++)
		free(r->issues[i].reason);
	free(r->issues);
	if (r->extra_names)
		for (i = 0; i < r->nextra; i++)
			free(r->extra_names[i]);
	free(r->extra_names);
	free(r);
}

int registry_parse(struct registry **out, const char *buf, size_t len,
                   char *err, size_t errlen)
{
	return registry_parse_sheet(out, buf, len, NULL, err, errlen);
}

/* The registry as UTF-8 text: a workbook's sheet, or the CSV decoded (*text NULL: buf as it is). */
static int registry_text(struct parser *ps, char **text, size_t *tlen, const char *buf, size_t len,
                         const char *sheet, char *err, size_t errlen)
{
	if (registry_is_xlsx(buf, len)) {
		ps->r->encoding = "xlsx";
		return registry_xlsx_text(text, tlen, buf, len, sheet, err, errlen);
	}
	if (sheet) {
		registry_set_err(err, errlen, "--sheet names a sheet of an Excel workbook; this registry is not one");
		return -1;
	}
	return registry_csv_decode(text, tlen, &ps->r->encoding, buf, len, err, errlen);
}

int registry_parse_sheet(struct registry **out, const char *buf, size_t len, const char *sheet,
                         char *err, size_t errlen)
{
	struct parser ps;
	char *text = NULL;
	size_t tlen = 0;
	int rc = -1;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	memset(&ps, 0, sizeof(ps));
	registry_csv_init(&ps.rec);
	if (!buf)
		len = 0;
	if (len > CAP_REGISTRY_BYTES) {
		registry_set_err(err, errlen, "the registry is %zu bytes, more than the cap of %u", len,
		        CAP_REGISTRY_BYTES);
		goto out;
	}
	ps.r = calloc(1, sizeof(*ps.r));
	if (!ps.r) {
		registry_set_err(err, errlen, "out of memory");
		goto out;
	}
	if (registry_text(&ps, &text, &tlen, buf ? buf : "", len, sheet, err, errlen) < 0)
		goto out;
	ps.c.p = text ? text : buf ? buf : "";
	ps.c.len = tlen;
	ps.c.line = 1;
	if (registry_header_read(&ps.h, &ps.c, &ps.rec, err, errlen) < 0)
		goto out;
	ps.r->delimiter = ps.c.delim;
	if (header_columns(&ps, &ps.rec) < 0) {
		registry_set_err(err, errlen, "out of memory");
		goto out;
	}
	ps.rec.max = CAP_REGISTRY_COLUMNS;
	while (ps.c.pos < ps.c.len) {
		if (registry_csv_read(&ps.c, &ps.rec) < 0 || handle_record(&ps) < 0) {
			registry_set_err(err, errlen, "out of memory");
			goto out;
		}
	}
	if (pad_rows(&ps) < 0 || registry_mark_repeats(ps.r) < 0) {
		registry_set_err(err, errlen, "out of memory");
		goto out;
	}
	/* Kept for the whole run: no room left over from doubling. */
	if (ps.r->nrows && ps.r->nrows < ps.rows_alloc) {
		struct registry_row *rows = realloc(ps.r->rows, ps.r->nrows * sizeof(*rows));

		if (rows)
			ps.r->rows = rows;
	}
	*out = ps.r;
	ps.r = NULL;
	rc = 0;
out:
	registry_free(ps.r);
	registry_csv_free(&ps.rec);
	free(ps.extra_col);
	free(text);
	return rc;
}
