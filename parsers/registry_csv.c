/*
 * registry_csv.c - CSV records of the registry (see registry_csv.h).
 */
#include "parsers/registry_csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lines.h"
#include "core/text.h"
#include "parsers/charset.h"

/* Delimiters in the order that wins a tie in the header line. */
static const char delimiters[] = { ';', ',', '\t' };

/* snprintf, then drop a UTF-8 sequence cut in half by the truncation. */
void registry_set_err(char *err, size_t errlen, const char *fmt, ...)
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

void registry_add_err(char *err, size_t errlen, const char *fmt, ...)
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

/* ------------------------------------------------------------------ */
/* Input bytes to UTF-8 text */

int registry_csv_decode(char **text, size_t *tlen, const char **encoding, const char *buf,
                        size_t len, char *err, size_t errlen)
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
	} else if (text_has_utf8_bom(buf, len)) {
		/* The BOM says UTF-8; stray bad bytes become U+FFFD. */
		*encoding = "utf-8";
		from = "UTF-8";
		buf += TEXT_UTF8_BOM_LEN;
		len -= TEXT_UTF8_BOM_LEN;
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
		registry_set_err(err, errlen, "cannot convert the registry from %s to UTF-8", *encoding);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* CSV records */

void registry_csv_init(struct record *rec)
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

void registry_csv_free(struct record *rec)
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

const char *registry_csv_field(const struct record *rec, size_t col)
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

/* CRLF, LF and a lone CR (old Mac exports) each end one line. */
static size_t newline_len(const struct cursor *c)
{
	return lines_end_len(c->p + c->pos, c->len - c->pos, LINES_LONE_CR);
}

static bool at_newline(const struct cursor *c)
{
	return newline_len(c) > 0;
}

static void consume_newline(struct cursor *c)
{
	c->pos += newline_len(c);
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
	/* Empty cells (Excel pads every row to the widest) take no memory: NULL reads as "". */
	if (rec->nstored < rec->max && rec->folded.len == 0) {
		rec->fields[rec->nstored++] = NULL;
	} else if (rec->nstored < rec->max) {
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

/* Leniently: blanks around a quoted field are allowed, a quote inside an unquoted field is text. */
int registry_csv_read(struct cursor *c, struct record *rec)
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

void registry_csv_recover(struct cursor *c, const struct record *rec)
{
	c->pos = rec->start;
	c->line = rec->line;
	while (c->pos < c->len && !at_newline(c))
		c->pos++;
	if (c->pos < c->len)
		consume_newline(c);
}

bool registry_csv_blank(const struct record *rec)
{
	return rec->last_text == 0;
}

char registry_csv_sniff(const char *p, size_t len, size_t pos)
{
	size_t count[sizeof(delimiters)] = { 0 };
	bool quoted = false;
	size_t i, best = 0;

	for (; pos < len; pos++) {
		char ch = p[pos];

		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && lines_end_len(p + pos, len - pos, LINES_LONE_CR))
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

const char *registry_csv_problem_text(enum rec_problem p)
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
