/*
 * dates.c - a small scanner for the date shapes school documents use.
 * It walks digit runs and looks at what follows each; no regex needed.
 */
#include "parsers/dates.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/macros.h"
#include "core/text.h"

#define YEAR_MIN 1990
#define YEAR_MAX 2100
/* How far back (bytes) a posting-date phrase may stand before the date. */
#define POSTED_LOOKBACK 40
/* A multi-year period longer than this is not an academic-year period. */
#define PERIOD_MAX_YEARS 10

/* Genitive and nominative month names, lower case, as they start. */
static const struct {
	const char *stem;
	int month;
} month_stems[] = {
	{ "январ", 1 }, { "феврал", 2 }, { "март", 3 }, { "апрел", 4 }, { "ма", 5 },
	{ "июн", 6 }, { "июл", 7 }, { "август", 8 }, { "сентябр", 9 }, { "октябр", 10 },
	{ "ноябр", 11 }, { "декабр", 12 },
};

/* Phrases that introduce when a file was posted, lower case. */
static const char *const posted_markers[] = {
	"размещ", "опублик", "обновл", "добавл", "загруж", "изменен", "дата публикации",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t digits_at(const char *s, int *value)
{
	size_t n = 0;
	int v = 0;

	while (is_digit(s[n]) && n < 9) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*value = v;
	return n;
}

static void add(int *arr, size_t *n, int v)
{
	for (size_t i = 0; i < *n; i++)
		if (arr[i] == v)
			return;
	if (*n < DATES_MAX)
		arr[(*n)++] = v;
}

static void add_period(struct date_scan *out, int from, int to)
{
	for (size_t i = 0; i < out->nperiods; i++)
		if (out->periods[i].from == from && out->periods[i].to == to)
			return;
	if (out->nperiods < DATES_MAX)
		out->periods[out->nperiods++] = (struct date_period){ from, to };
}

static bool valid_date(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int full_year(int v, size_t ndigits)
{
	return ndigits == 2 ? 2000 + v : v;
}

static bool posted_before(const char *text, const char *at)
{
	size_t back = (size_t)(at - text) < POSTED_LOOKBACK ? (size_t)(at - text) : POSTED_LOOKBACK;
	char window[POSTED_LOOKBACK * 2 + 1];

	text_lower_copy(window, sizeof(window), at - back, back);
	for (size_t i = 0; i < COUNT(posted_markers); i++)
		if (strstr(window, posted_markers[i]))
			return true;
	return false;
}

/* A "№" (or "N", "No") just before: the digits are a document number. */
static bool number_sign_before(const char *text, const char *at)
{
	const char *p = at;

	while (p > text && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p - text >= 3 && memcmp(p - 3, "\xE2\x84\x96", 3) == 0)
		return true;
	return p > text && (p[-1] == 'N' || (p - text >= 2 && memcmp(p - 2, "No", 2) == 0));
}

/* Skip closing quotes and spaces after «30». */
/* Does p start with lit? Stops at p's NUL, so it never reads past the text. */
static bool at(const char *p, const char *lit)
{
	return strncmp(p, lit, strlen(lit)) == 0;
}

static const char *skip_quotes_spaces(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '"' || *p == '\'')
			p++;
		else if (at(p, "\xC2\xBB") || at(p, "\xC2\xA0"))
			p += 2;
		else
			return p;
	}
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || at(p, "\xC2\xA0"))
		p += *p == ' ' ? 1 : 2;
	return p;
}

static int month_at(const char *p, size_t *len)
{
	char low[32];
	size_t n = 0;

	/* a Cyrillic word: two-byte letters */
	while ((p[n] == '\xD0' || p[n] == '\xD1') && p[n + 1] && n < sizeof(low) - 2)
		n += 2;
	if (n < 4)
		return 0;
	text_lower_copy(low, sizeof(low), p, n);
	for (size_t i = 0; i < COUNT(month_stems); i++) {
		const char *stem = month_stems[i].stem;

		/* "ма" (май, мая) only as the whole word */
		if (month_stems[i].month == 5 && n != 4 && n != 6)
			continue;
		if (strncmp(low, stem, strlen(stem)) == 0) {
			*len = n;
			return month_stems[i].month;
		}
	}
	return 0;
}

/* Separators between day, month and year. */
static bool date_sep(char c)
{
	return c == '.' || c == '_' || c == '/' || c == '-';
}

/* Try the shapes that start with a day; returns bytes consumed or 0. */
static size_t day_first(struct date_scan *out, const char *p, int day)
{
	const char *q = p, *r;
	int m, y;
	size_t nm, ny, mlen;
	char sep;

	/* dd.mm.yyyy, dd.mm.yy, 31. 03. 22 */
	if (date_sep(*q)) {
		sep = *q;
		r = skip_spaces(q + 1);
		nm = digits_at(r, &m);
		if (nm >= 1 && nm <= 2 && r[nm] == sep) {
			const char *t = skip_spaces(r + nm + 1);

			ny = digits_at(t, &y);
			if ((ny == 4 || ny == 2) && !is_digit(t[ny]) && valid_date(full_year(y, ny), m, day)) {
				add(out->dates, &out->ndates, full_year(y, ny) * 10000 + m * 100 + day);
				return (size_t)(t + ny - p);
			}
		}
	}
	/* «30» августа 2023, 30 августа 2023 */
	r = skip_quotes_spaces(q);
	m = month_at(r, &mlen);
	if (m) {
		const char *t = skip_spaces(r + mlen);

		ny = digits_at(t, &y);
		if (ny == 4 && valid_date(y, m, day)) {
			add(out->dates, &out->ndates, y * 10000 + m * 100 + day);
			return (size_t)(t + ny - p);
		}
	}
	return 0;
}

/* Try the shapes that start with a year; returns bytes consumed (>= 1). */
static size_t year_first(struct date_scan *out, const char *text, const char *p, int year)
{
	const char *q = skip_spaces(p);
	int v, m, d;
	size_t n;

	/* ISO 2026-09-01 */
	if (*q == '-' && is_digit(q[1])) {
		n = digits_at(q + 1, &m);
		if (n == 2 && q[3] == '-' && digits_at(q + 4, &d) == 2 && !is_digit(q[6]) &&
		    valid_date(year, m, d)) {
			add(out->dates, &out->ndates, year * 10000 + m * 100 + d);
			return (size_t)(q + 6 - p);
		}
	}
	/* periods: 2026-2027, 2026/27, 2026 – 2027, 2026_2027 */
	if (*q == '-' || *q == '/' || *q == '_' || at(q, "\xE2\x80\x93") || at(q, "\xE2\x80\x94")) {
		const char *r = skip_spaces(q + ((unsigned char)*q == 0xE2 ? 3 : 1));
		int to;

		n = digits_at(r, &v);
		if ((n == 4 || n == 2) && !is_digit(r[n])) {
			to = n == 2 ? (year / 100) * 100 + v : v;
			if (to > year && to - year <= PERIOD_MAX_YEARS) {
				add_period(out, year, to);
				return (size_t)(r + n - p);
			}
		}
	}
	if (!number_sign_before(text, p - 4))
		add(out->years, &out->nyears, year);
	return 1;
}

void dates_scan(struct date_scan *out, const char *text)
{
	const char *p = text;

	memset(out, 0, sizeof(*out));
	if (!text)
		return;
	while (*p) {
		int v;
		size_t n, used = 0;

		if (!is_digit(*p) || (p > text && is_digit(p[-1]))) {
			p++;
			continue;
		}
		n = digits_at(p, &v);
		if (posted_before(text, p)) {
			p += n;
			/* the whole posted date: dd.mm.yyyy */
			while (*p && (is_digit(*p) || date_sep(*p) || *p == ' '))
				p++;
			continue;
		}
		if (n >= 1 && n <= 2 && v >= 1 && v <= 31)
			used = day_first(out, p + n, v);
		else if (n == 4 && v >= YEAR_MIN && v <= YEAR_MAX)
			used = year_first(out, text, p + n, v);
		p += n + (used > 1 ? used : 0);
	}
}

int dates_parse_iso(const char *s, int *yyyymmdd)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    !valid_date(y, m, d))
		return -1;
	*yyyymmdd = y * 10000 + m * 100 + d;
	return 0;
}
