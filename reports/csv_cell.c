/*
 * csv_cell.c - CSV dialects and RFC 4180 cell quoting, with a formula
 * guard for spreadsheets.
 */
#include "reports/csv_cell.h"

#include <string.h>

static const struct csv_dialect dialects[REPORT_CSV_DIALECTS] = {
	[REPORT_CSV_EXCEL] = { "excel", "\xEF\xBB\xBF", ';', "\r\n", ";\"\r\n", true },
	[REPORT_CSV_RFC4180] = { "rfc4180", "", ',', "\r\n", ",\"\r\n", false },
};

const char *report_csv_dialect_name(unsigned i)
{
	return i < REPORT_CSV_DIALECTS ? dialects[i].name : NULL;
}

const struct csv_dialect *csv_dialect_of(enum report_csv_dialect d)
{
	return &dialects[(unsigned)d < REPORT_CSV_DIALECTS ? d : REPORT_CSV_EXCEL];
}

void csv_begin(FILE *f, const struct csv_dialect *d)
{
	fputs(d->bom, f);
}

void csv_end_row(FILE *f, const struct csv_dialect *d)
{
	fputs(d->eol, f);
}

/*
 * Names, URLs and problems come from registries and web sites, so a cell
 * could hold a formula that a spreadsheet would run. Excel and LibreOffice
 * read a cell starting with '=', '+', '-' or '@' as a formula ("-2+3+cmd|..."
 * and "- 1+1" included), and some strip a leading tab or CR before reading
 * it (OWASP's list of six); a leading apostrophe makes the cell text.
 * Left alone, because no formula can hide in them: a plain number ("-5",
 * "-12,5", "-0.3"), which the spreadsheet shows as the number it is, and a
 * lone "-", the registries' "no value", which a methodist should see as is.
 */
static bool is_plain_negative_number(const char *s)
{
	const char *p = s + 1;
	bool separator = false;

	if (!(*p >= '0' && *p <= '9'))
		return false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			continue;
		if ((*p != ',' && *p != '.') || separator || !(p[1] >= '0' && p[1] <= '9'))
			return false;
		separator = true;
	}
	return true;
}

static bool needs_formula_guard(const char *s)
{
	if (s[0] == '-')
		return s[1] != '\0' && !is_plain_negative_number(s);
	return s[0] != '\0' && strchr("=+@\t\r", s[0]) != NULL;
}

void csv_cell(FILE *f, const struct csv_dialect *d, const char *s, bool first)
{
	bool guard, quote;
	const char *p;

	if (!s)
		s = "";
	if (!first)
		putc(d->delim, f);
	guard = d->formula_guard && needs_formula_guard(s);
	quote = strpbrk(s, d->specials) != NULL;
	if (quote)
		putc('"', f);
	if (guard)
		putc('\'', f);
	for (p = s; *p; p++) {
		if (*p == '"' && quote)
			putc('"', f);
		putc(*p, f);
	}
	if (quote)
		putc('"', f);
}
