#include "parsers/registry.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/log.h" /* MA_PRINTF */
#include "core/strindex.h"
#include "core/text.h"
#include "parsers/charset.h"

enum column { COL_ID, COL_NAME, COL_URL, COL_KINDS };

static const char *const column_label[COL_KINDS] = { "id", "name", "URL" };

/*
 * Accepted header names, compared after header_key() (lower-cased, white
 * space folded, quotes and trailing ':' or '.' removed). When several
 * columns fit one kind, the one listed first here wins, so specific names
 * come before vague ones: "адрес" is often the postal address, and only
 * serves as the URL column when nothing better is there.
 */
static const struct {
	const char *key;
	enum column col;
} header_names[] = {
	{ "id", COL_ID },
	{ "№", COL_ID },
	{ "№ п/п", COL_ID },
	{ "№п/п", COL_ID },
	{ "n п/п", COL_ID },
	{ "no п/п", COL_ID },
	{ "п/п", COL_ID },
	{ "n", COL_ID },
	{ "no", COL_ID },
	{ "#", COL_ID },
	{ "номер", COL_ID },
	{ "код", COL_ID },
	{ "ид", COL_ID },
	{ "code", COL_ID },
	{ "наименование организации", COL_NAME },
	{ "наименование оо", COL_NAME },
	{ "наименование оу", COL_NAME },
	{ "наименование учреждения", COL_NAME },
	{ "наименование", COL_NAME },
	{ "название", COL_NAME },
	{ "образовательная организация", COL_NAME },
	{ "образовательное учреждение", COL_NAME },
	{ "организация", COL_NAME },
	{ "учреждение", COL_NAME },
	{ "оо", COL_NAME },
	{ "оу", COL_NAME },
	{ "name", COL_NAME },
	{ "organization", COL_NAME },
	{ "organisation", COL_NAME },
	{ "school", COL_NAME },
	{ "title", COL_NAME },
	{ "url", COL_URL },
	{ "ссылка на раздел", COL_URL },
	{ "ссылка на информационный ресурс", COL_URL },
	{ "адрес сайта", COL_URL },
	{ "сайт", COL_URL },
	{ "ссылка", COL_URL },
	{ "website", COL_URL },
	{ "site", COL_URL },
	{ "link", COL_URL },
	{ "section", COL_URL },
	{ "раздел", COL_URL },
	{ "адрес", COL_URL },
};

/*
 * Words that make a header cell fit a kind when no name above matches it:
 * departments write whole sentences as headers («Ссылка на информационный
 * ресурс сопровождения наставничества педагогических работников ...»).
 * These rank below every exact name.
 */
static const struct {
	const char *word;
	enum column col;
} header_words[] = {
	{ "ссылка", COL_URL },
	{ "сайт", COL_URL },
	{ "url", COL_URL },
	{ "наименование", COL_NAME },
	{ "название", COL_NAME },
};

#define NAMES_COUNT (sizeof(header_names) / sizeof(header_names[0]))
#define WORDS_COUNT (sizeof(header_words) / sizeof(header_words[0]))
#define NO_RANK SIZE_MAX

/* Delimiters in the order that wins a tie in the header line. */
static const char delimiters[] = { ';', ',', '\t' };

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
	char *fields[CAP_REGISTRY_COLUMNS];
	size_t max;              /* fields stored; later ones are only counted */
	size_t nstored;
	size_t nfields;          /* fields seen */
	size_t last_text;        /* 1-based index of the last non-empty field, 0 if none */
	size_t line;
	size_t start;            /* offset of the record in the text */
	enum rec_problem problem;
	size_t problem_col;      /* 1-based */
};

struct parser {
	struct registry *r;
	struct cursor c;
	struct record rec;
	struct strindex ids;      /* row position by id, for duplicate ids */
	size_t col[COL_KINDS];   /* header column of each kind, SIZE_MAX if absent */
	size_t *extra_col;       /* header column of each extra column */
	size_t ncols;
	size_t rows_alloc;
	size_t issues_alloc;
	size_t records;          /* non-blank data records so far (ids without an id column) */
	bool stop;               /* a cap was reached; the rest is not read */
};

static void set_err(char *err, size_t errlen, const char *fmt, ...) MA_PRINTF(3, 4);

/* snprintf, then drop a UTF-8 sequence cut in half by the truncation. */
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	n = strlen(err);
	while (n > 0 && !text_utf8_valid(err, n))
		err[--n] = '\0';
}

/* Append to err at its current end, truncating like set_err(). */
static void add_err(char *err, size_t errlen, const char *fmt, ...) MA_PRINTF(3, 4);

static void add_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!err || errlen == 0)
		return;
	n = strlen(err);
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	n = strlen(err);
	while (n > 0 && !text_utf8_valid(err, n))
		err[--n] = '\0';
}

/* How many bytes of s to print so that at most max bytes and whole characters show. */
static int utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* ------------------------------------------------------------------ */
/* Input bytes to UTF-8 text */

/* The registry as UTF-8 in *text (caller frees), or *text NULL: buf is UTF-8 already, read it as is. */
static int decode(char **text, size_t *tlen, const char **encoding, const char *buf, size_t len,
                  char *err, size_t errlen)
{
	const char *from;

	if (len >= 2 && memcmp(buf, "\xFF\xFE", 2) == 0) {
		/* Excel's "Unicode text" export: UTF-16LE, tab-separated. */
		*encoding = "utf-16le";
		from = "UTF-16LE";
		buf += 2;
		len -= 2;
	} else if (len >= 2 && memcmp(buf, "\xFE\xFF", 2) == 0) {
		*encoding = "utf-16be";
		from = "UTF-16BE";
		buf += 2;
		len -= 2;
	} else if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		/* The BOM says UTF-8; stray bad bytes become U+FFFD. */
		*encoding = "utf-8";
		from = "UTF-8";
		buf += 3;
		len -= 3;
	} else if (text_utf8_valid(buf, len)) {
		/* Read in place: no copy of a registry that is already what the reader wants. */
		*encoding = "utf-8";
		*text = NULL;
		*tlen = len;
		return 0;
	} else {
		*encoding = "windows-1251";
		from = "WINDOWS-1251";
	}
	if (charset_to_utf8(text, tlen, buf, len, from) < 0) {
		set_err(err, errlen, "cannot convert the registry from %s to UTF-8", *encoding);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* CSV records */

static void record_init(struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	buf_init(&rec->raw, CAP_REGISTRY_FIELD);
	buf_init(&rec->folded, CAP_REGISTRY_FIELD);
}

static void record_clear(struct record *rec)
{
	size_t i;

	for (i = 0; i < rec->nstored; i++) {
		free(rec->fields[i]);
		rec->fields[i] = NULL;
	}
	rec->nstored = 0;
	rec->nfields = 0;
	rec->last_text = 0;
	rec->problem = REC_OK;
	rec->problem_col = 0;
}

static void record_free(struct record *rec)
{
	record_clear(rec);
	buf_free(&rec->raw);
	buf_free(&rec->folded);
}

static void record_problem(struct record *rec, enum rec_problem p)
{
	if (rec->problem == REC_OK) {
		rec->problem = p;
		rec->problem_col = rec->nfields + 1;
	}
}

/* The field in the record's column, "" past its end. */
static const char *record_field(const struct record *rec, size_t col)
{
	if (col >= rec->nstored || !rec->fields[col])
		return "";
	return rec->fields[col];
}

static bool is_blank_at(const struct cursor *c, size_t *step)
{
	unsigned char ch = (unsigned char)c->p[c->pos];

	*step = 1;
	if (ch == ' ' || (ch == '\t' && c->delim != '\t'))
		return true;
	if (ch == 0xC2 && c->pos + 1 < c->len && (unsigned char)c->p[c->pos + 1] == 0xA0) {
		*step = 2;
		return true;
	}
	return false;
}

static void skip_blanks(struct cursor *c)
{
	size_t step;

	while (c->pos < c->len && is_blank_at(c, &step))
		c->pos += step;
}

static bool at_newline(const struct cursor *c)
{
	return c->pos < c->len && (c->p[c->pos] == '\n' || c->p[c->pos] == '\r');
}

/* CRLF, LF and a lone CR (old Mac exports) each end one line. */
static void consume_newline(struct cursor *c)
{
	if (c->p[c->pos] == '\r' && c->pos + 1 < c->len && c->p[c->pos + 1] == '\n')
		c->pos++;
	c->pos++;
	c->line++;
}

/* Fold the field read into rec->raw and keep it (or count it past max). */
static int record_end_field(struct record *rec)
{
	buf_reset(&rec->folded);
	text_append_squeezed(&rec->folded, rec->raw.data ? rec->raw.data : "", rec->raw.len);
	text_trim_end(&rec->folded);
	rec->nfields++;
	if (rec->folded.len > 0)
		rec->last_text = rec->nfields;
	if (rec->nstored < rec->max) {
		rec->fields[rec->nstored] = buf_detach(&rec->folded);
		if (!rec->fields[rec->nstored])
			return -1;
		rec->nstored++;
	}
	buf_reset(&rec->raw);
	return 0;
}

/*
 * Add text to the field. Returns 1 when a quoted field passes the cap: the
 * caller then gives up on the record, since the likeliest cause is a lost
 * closing quote swallowing the rest of the file.
 */
static int field_add(struct record *rec, const char *s, size_t n, bool quoted)
{
	int rc = buf_add(&rec->raw, s, n);

	if (rc == BUF_ERR_NOMEM)
		return -1;
	if (rc == BUF_ERR_CAP) {
		if (quoted) {
			record_problem(rec, REC_QUOTED_CAP);
			return 1;
		}
		record_problem(rec, REC_FIELD_CAP);
	}
	return 0;
}

/* The rest of a quoted field, after its opening quote. 1: the record is lost. */
static int read_quoted(struct cursor *c, struct record *rec)
{
	for (;;) {
		size_t start = c->pos;
		int rc;

		while (c->pos < c->len && c->p[c->pos] != '"' && !at_newline(c))
			c->pos++;
		rc = field_add(rec, c->p + start, c->pos - start, true);
		if (rc)
			return rc;
		if (c->pos >= c->len) {
			record_problem(rec, REC_UNTERMINATED);
			return 1;
		}
		if (at_newline(c)) {
			consume_newline(c);
			rc = field_add(rec, "\n", 1, true);
			if (rc)
				return rc;
			continue;
		}
		c->pos++;
		if (c->pos < c->len && c->p[c->pos] == '"') {
			rc = field_add(rec, "\"", 1, true);
			if (rc)
				return rc;
			c->pos++;
			continue;
		}
		return 0;
	}
}

/*
 * Read one record at the cursor (RFC 4180, leniently: blanks around a
 * quoted field are allowed, a quote inside an unquoted field is text).
 * Returns 0, or -1 when memory runs out; rec->problem says what was wrong.
 * After REC_UNTERMINATED or REC_QUOTED_CAP the cursor is not past the
 * record: the caller resumes with recover().
 */
static int read_record(struct cursor *c, struct record *rec)
{
	record_clear(rec);
	buf_reset(&rec->raw);
	rec->line = c->line;
	rec->start = c->pos;
	for (;;) {
		size_t start;
		int rc;

		skip_blanks(c);
		if (c->pos < c->len && c->p[c->pos] == '"') {
			c->pos++;
			rc = read_quoted(c, rec);
			if (rc)
				return rc < 0 ? -1 : 0;
			skip_blanks(c);
			if (c->pos < c->len && c->p[c->pos] != c->delim && !at_newline(c))
				record_problem(rec, REC_GARBAGE);
		}
		start = c->pos;
		while (c->pos < c->len && c->p[c->pos] != c->delim && !at_newline(c))
			c->pos++;
		if (field_add(rec, c->p + start, c->pos - start, false) < 0)
			return -1;
		if (record_end_field(rec) < 0)
			return -1;
		if (c->pos >= c->len)
			return 0;
		if (at_newline(c)) {
			consume_newline(c);
			return 0;
		}
		c->pos++; /* the delimiter */
	}
}

/* After a lost quote, go on at the line after the record's first line. */
static void recover(struct cursor *c, const struct record *rec)
{
	c->pos = rec->start;
	c->line = rec->line;
	while (c->pos < c->len && !at_newline(c))
		c->pos++;
	if (c->pos < c->len)
		consume_newline(c);
}

static bool record_blank(const struct record *rec)
{
	return rec->last_text == 0;
}

/* The delimiter of the line at pos: the commonest of ';' ',' TAB outside quotes. */
static char sniff_delimiter(const char *p, size_t len, size_t pos)
{
	size_t count[sizeof(delimiters)] = { 0 };
	bool quoted = false;
	size_t i, best = 0;

	for (; pos < len; pos++) {
		char ch = p[pos];

		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		for (i = 0; !quoted && i < sizeof(delimiters); i++)
			if (ch == delimiters[i])
				count[i]++;
	}
	for (i = 1; i < sizeof(delimiters); i++)
		if (count[i] > count[best])
			best = i;
	return count[best] ? delimiters[best] : ',';
}

/* ------------------------------------------------------------------ */
/* Header */

/* Lower-case ASCII and Cyrillic (А-Я, Ё) in place; UTF-8 lengths do not change. */
static void lower_utf8(char *s)
{
	unsigned char *u = (unsigned char *)s;

	for (; *u; u++) {
		if (*u >= 'A' && *u <= 'Z') {
			*u = (unsigned char)(*u - 'A' + 'a');
		} else if (u[0] == 0xD0 && u[1] >= 0x90 && u[1] <= 0x9F) {
			u[1] = (unsigned char)(u[1] + 0x20);              /* А-П -> а-п */
			u++;
		} else if (u[0] == 0xD0 && u[1] >= 0xA0 && u[1] <= 0xAF) {
			u[0] = 0xD1;                                      /* Р-Я -> р-я */
			u[1] = (unsigned char)(u[1] - 0x20);
			u++;
		} else if (u[0] == 0xD0 && u[1] == 0x81) {
			u[0] = 0xD1;                                      /* Ё -> ё */
			u[1] = 0x91;
			u++;
		}
	}
}

/* Quotes and punctuation that decorate header cells: "Сайт:", «Название», No. */
static const char *const header_trim[] = {
	" ", "\"", "'", ":", ".", ",", ";", "*", "«", "»", "“", "”", "„",
};

static bool strip_one(char *s, size_t *n, bool at_end)
{
	size_t i;

	for (i = 0; i < sizeof(header_trim) / sizeof(header_trim[0]); i++) {
		size_t m = strlen(header_trim[i]);

		if (m > *n)
			continue;
		if (at_end && memcmp(s + *n - m, header_trim[i], m) == 0) {
			*n -= m;
			return true;
		}
		if (!at_end && memcmp(s, header_trim[i], m) == 0) {
			memmove(s, s + m, *n - m);
			*n -= m;
			return true;
		}
	}
	return false;
}

/* The form a header cell is compared in; caller frees. */
static char *header_key(const char *cell)
{
	char *s = strdup(cell);
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	while (strip_one(s, &n, false))
		;
	while (strip_one(s, &n, true))
		;
	s[n] = '\0';
	lower_utf8(s);
	return s;
}

/* Rank of a header key for a kind: lower is better, NO_RANK when it does not fit. */
static size_t header_rank(const char *key, enum column col)
{
	size_t i;

	if (!key[0])
		return NO_RANK;
	for (i = 0; i < NAMES_COUNT; i++)
		if (strcmp(key, header_names[i].key) == 0)
			return header_names[i].col == col ? i : NO_RANK;
	for (i = 0; i < WORDS_COUNT; i++)
		if (header_words[i].col == col && strstr(key, header_words[i].word))
			return NAMES_COUNT + i;
	return NO_RANK;
}

/* Which header cell holds each kind; a cell serves one kind only. */
static int map_columns(struct parser *ps, const struct record *rec)
{
	char *keys[CAP_REGISTRY_COLUMNS] = { NULL };
	size_t best[COL_KINDS];
	size_t i, k;
	int rc = -1;

	for (i = 0; i < rec->nstored; i++) {
		keys[i] = header_key(rec->fields[i]);
		if (!keys[i])
			goto out;
	}
	for (k = 0; k < COL_KINDS; k++) {
		ps->col[k] = SIZE_MAX;
		best[k] = NO_RANK;
	}
	for (k = 0; k < COL_KINDS; k++) {
		for (i = 0; i < ps->ncols; i++) {
			size_t rank = header_rank(keys[i], (enum column)k);
			bool taken = false;
			size_t j;

			for (j = 0; j < k; j++)
				taken = taken || ps->col[j] == i;
			if (!taken && rank < best[k]) {
				best[k] = rank;
				ps->col[k] = i;
			}
		}
	}
	rc = 0;
out:
	for (i = 0; i < rec->nstored; i++)
		free(keys[i]);
	return rc;
}

static void explain_missing(char *err, size_t errlen, enum column col)
{
	const char *sep = "";
	size_t i;

	add_err(err, errlen, "no %s column (expected one of: ", column_label[col]);
	for (i = 0; i < NAMES_COUNT; i++) {
		if (header_names[i].col != col)
			continue;
		add_err(err, errlen, "%s%s", sep, header_names[i].key);
		sep = ", ";
	}
	sep = "; or a header containing ";
	for (i = 0; i < WORDS_COUNT; i++) {
		if (header_words[i].col != col)
			continue;
		add_err(err, errlen, "%s%s", sep, header_words[i].word);
		sep = ", ";
	}
	add_err(err, errlen, ")");
}

static int registry_add_extra_names(struct parser *ps, const struct record *rec)
{
	struct registry *r = ps->r;
	size_t i;

	r->extra_names = calloc(ps->ncols + 1, sizeof(*r->extra_names));
	ps->extra_col = calloc(ps->ncols + 1, sizeof(*ps->extra_col));
	if (!r->extra_names || !ps->extra_col)
		return -1;
	for (i = 0; i < ps->ncols; i++) {
		if (i == ps->col[COL_ID] || i == ps->col[COL_NAME] || i == ps->col[COL_URL])
			continue;
		r->extra_names[r->nextra] = strdup(record_field(rec, i));
		if (!r->extra_names[r->nextra])
			return -1;
		ps->extra_col[r->nextra++] = i;
	}
	return 0;
}

static const char *problem_text(enum rec_problem p)
{
	static const char *const text[] = {
		[REC_OK] = "",
		[REC_GARBAGE] = "text after the closing quote",
		[REC_FIELD_CAP] = "field longer than the cap",
		[REC_UNTERMINATED] = "unterminated quote",
		[REC_QUOTED_CAP] = "quoted field longer than the cap (unterminated quote?)",
	};

	return text[p];
}

/*
 * Find the header: the first non-blank record, or one of the next few when
 * the first ones are titles ("Реестр ссылок;;;"). The delimiter is sniffed
 * from each candidate's own line.
 */
static int read_header(struct parser *ps, char *err, size_t errlen)
{
	struct record *rec = &ps->rec;
	size_t tried = 0, first_line = 0;
	bool first_missing[COL_KINDS] = { false };

	rec->max = CAP_REGISTRY_COLUMNS;
	while (tried < CAP_REGISTRY_TITLE_ROWS) {
		size_t k;
		bool ok = true;

		ps->c.delim = sniff_delimiter(ps->c.p, ps->c.len, ps->c.pos);
		if (ps->c.pos >= ps->c.len)
			break;
		if (read_record(&ps->c, rec) < 0) {
			set_err(err, errlen, "out of memory");
			return -1;
		}
		if (rec->problem != REC_OK) {
			set_err(err, errlen, "line %zu: header: %s in column %zu", rec->line,
			        problem_text(rec->problem), rec->problem_col);
			return -1;
		}
		if (record_blank(rec))
			continue;
		if (rec->last_text > CAP_REGISTRY_COLUMNS) {
			set_err(err, errlen, "line %zu: %zu columns, more than the cap of %u",
			        rec->line, rec->last_text, CAP_REGISTRY_COLUMNS);
			return -1;
		}
		/* Excel pads rows with empty cells up to the widest row. */
		ps->ncols = rec->last_text;
		if (map_columns(ps, rec) < 0) {
			set_err(err, errlen, "out of memory");
			return -1;
		}
		for (k = COL_NAME; k < COL_KINDS; k++) {
			if (ps->col[k] == SIZE_MAX)
				ok = false;
			if (tried == 0)
				first_missing[k] = ps->col[k] == SIZE_MAX;
		}
		if (tried == 0)
			first_line = rec->line;
		if (ok) {
			ps->r->delimiter = ps->c.delim;
			if (registry_add_extra_names(ps, rec) < 0) {
				set_err(err, errlen, "out of memory");
				return -1;
			}
			return 0;
		}
		tried++;
	}
	if (tried == 0) {
		set_err(err, errlen, "the registry is empty (no header line)");
		return -1;
	}
	set_err(err, errlen, "line %zu: ", first_line);
	if (first_missing[COL_NAME])
		explain_missing(err, errlen, COL_NAME);
	if (first_missing[COL_NAME] && first_missing[COL_URL])
		add_err(err, errlen, "; ");
	if (first_missing[COL_URL])
		explain_missing(err, errlen, COL_URL);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Rows and issues */

static int add_issue(struct parser *ps, size_t line, const char *fmt, ...) MA_PRINTF(3, 4);

static int add_issue(struct parser *ps, size_t line, const char *fmt, ...)
{
	struct registry *r = ps->r;
	struct registry_issue *is;
	va_list ap;
	char *reason;
	int n;

	if (r->nissues >= CAP_REGISTRY_ISSUES)
		return 0;
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
	if (r->nissues + 1 == CAP_REGISTRY_ISSUES) {
		ps->stop = true;
		reason = strdup("too many problems; the rest of the registry is not read");
	} else {
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -1;
		reason = malloc((size_t)n + 1);
		if (reason) {
			va_start(ap, fmt);
			vsnprintf(reason, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	if (!reason)
		return -1;
	r->issues[r->nissues].line = line;
	r->issues[r->nissues].reason = reason;
	r->nissues++;
	return 0;
}

static const char *row_id(const void *rows, size_t pos)
{
	return ((const struct registry_row *)rows)[pos].id;
}

/*
 * Record row `idx` under its id. Returns 0 when the id is new, 1 with
 * *first set when it was already taken, -1 when memory runs out.
 */
static int note_row_id(struct strindex *ids, const struct registry_row *rows, size_t idx, size_t *first)
{
	size_t seen = strindex_find(ids, rows[idx].id, rows, row_id);

	if (seen != (size_t)-1) {
		*first = seen;
		return 1;
	}
	return strindex_add(ids, idx, rows, row_id);
}

/* Take the record's field in col (or "" past its end). */
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
	if (!(block = calloc(1, size)))
		return -1;
	p = (char *)block + head;
	for (size_t i = 0; i < n; i++) {
		char **field = i == 0 ? &row->id : i == 1 ? &row->name : i == 2 ? &row->url : &block[i - 3];

		memcpy(p, src[i] ? src[i] : "", lens[i]);
		*field = p;
		p += lens[i] + 1;
	}
	row->extra = block;
	row->repeats = NULL;
	return 0;
}

static int add_row(struct parser *ps)
{
	struct registry *r = ps->r;
	struct record *rec = &ps->rec;
	struct registry_row row = { 0 };
	const char *extra[CAP_REGISTRY_COLUMNS];
	char num[32];
	size_t i, first = 0;
	int dup, rc = -1;

	if (r->nrows == CAP_REGISTRY_ROWS) {
		ps->stop = true;
		return add_issue(ps, rec->line, "more than %u rows; the rest of the registry is not read",
		                 CAP_REGISTRY_ROWS);
	}
	if (r->nrows == ps->rows_alloc) {
		size_t want = ps->rows_alloc ? ps->rows_alloc * 2 : 64;
		struct registry_row *rows;

		if (want > CAP_REGISTRY_ROWS)
			want = CAP_REGISTRY_ROWS;
		rows = realloc(r->rows, want * sizeof(*rows));
		if (!rows)
			return -1;
		r->rows = rows;
		ps->rows_alloc = want;
	}
	snprintf(num, sizeof(num), "%zu", ps->records);
	for (i = 0; i < r->nextra; i++)
		extra[i] = record_field(rec, ps->extra_col[i]);
	if (registry_row_set(&row, r->nextra,
	                     ps->col[COL_ID] == SIZE_MAX ? num : record_field(rec, ps->col[COL_ID]),
	                     record_field(rec, ps->col[COL_NAME]), record_field(rec, ps->col[COL_URL]),
	                     extra))
		goto out;
	row.line = rec->line;
	strip_number_dot(row.id);
	r->rows[r->nrows] = row;
	memset(&row, 0, sizeof(row));
	r->nrows++;
	dup = note_row_id(&ps->ids, r->rows, r->nrows - 1, &first);
	if (dup < 0)
		goto out;
	rc = 0;
	if (dup > 0)
		rc = add_issue(ps, rec->line, "duplicate id %.*s (first at line %zu)",
		               utf8_prefix(r->rows[r->nrows - 1].id, 80), r->rows[r->nrows - 1].id,
		               r->rows[first].line);
out:
	row_free(&row);
	return rc;
}

/* Excel's separator-only lines and subtotal rows have no id, name or URL. */
static bool key_fields_empty(const struct parser *ps)
{
	size_t k;

	for (k = 0; k < COL_KINDS; k++)
		if (record_field(&ps->rec, ps->col[k])[0])
			return false;
	return true;
}

/* One data record: a row, an issue, or nothing (a blank line). */
static int handle_record(struct parser *ps)
{
	struct record *rec = &ps->rec;

	if (rec->problem == REC_UNTERMINATED || rec->problem == REC_QUOTED_CAP) {
		recover(&ps->c, rec);
		ps->records++;
		return add_issue(ps, rec->line, "%s", problem_text(rec->problem));
	}
	if (record_blank(rec) ||
	    (rec->problem == REC_OK && rec->last_text <= ps->ncols && key_fields_empty(ps)))
		return 0;
	ps->records++;
	if (rec->problem != REC_OK)
		return add_issue(ps, rec->line, "%s in column %zu", problem_text(rec->problem),
		                 rec->problem_col);
	if (rec->last_text > ps->ncols)
		return add_issue(ps, rec->line, "%zu fields, the header has %zu", rec->last_text,
		                 ps->ncols);
	if (ps->col[COL_ID] != SIZE_MAX && !record_field(rec, ps->col[COL_ID])[0])
		return add_issue(ps, rec->line, "empty id");
	return add_row(ps);
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
	struct parser ps;
	char *text = NULL;
	size_t tlen = 0;
	int rc = -1;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	memset(&ps, 0, sizeof(ps));
	record_init(&ps.rec);
	if (!buf)
		len = 0;
	if (len > CAP_REGISTRY_BYTES) {
		set_err(err, errlen, "the registry is %zu bytes, more than the cap of %u", len,
		        CAP_REGISTRY_BYTES);
		goto out;
	}
	ps.r = calloc(1, sizeof(*ps.r));
	if (!ps.r) {
		set_err(err, errlen, "out of memory");
		goto out;
	}
	if (decode(&text, &tlen, &ps.r->encoding, buf ? buf : "", len, err, errlen) < 0)
		goto out;
	ps.c.p = text ? text : buf ? buf : "";
	ps.c.len = tlen;
	ps.c.line = 1;
	if (read_header(&ps, err, errlen) < 0)
		goto out;
	ps.rec.max = ps.ncols;
	while (ps.c.pos < ps.c.len && !ps.stop) {
		if (read_record(&ps.c, &ps.rec) < 0 || handle_record(&ps) < 0) {
			set_err(err, errlen, "out of memory");
			goto out;
		}
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
	record_free(&ps.rec);
	strindex_free(&ps.ids);
	free(ps.extra_col);
	free(text);
	return rc;
}
