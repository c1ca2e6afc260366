/*
 * dates.h - dates, academic-year periods and years named in a document's
 * title or file name. Pure: text in, facts out.
 *
 * Recognised: 01.09.2026, 1.9.26, 31. 03. 22 г., 01_09_2026 (file names),
 * 2026-09-01, «30» августа 2023 г., 30 августа 2023; periods 2026-2027,
 * 2026/2027, 2026/27, 2026–2027, 2026_2027; lone years 1990..2100. A number
 * right after "№" is a document number, not a year. A date introduced as a
 * posting date («Дата размещения: ...», «опубликовано ...») is skipped: it
 * says when the file was uploaded, not which year the document is for.
 */
#ifndef MA_DATES_H
#define MA_DATES_H

#include <stddef.h>

#define DATES_MAX 16

struct date_period {
	int from;      /* year */
	int to;        /* year, > from */
};

struct date_scan {
	int dates[DATES_MAX];                   /* yyyymmdd */
	size_t ndates;
	struct date_period periods[DATES_MAX];
	size_t nperiods;
	int years[DATES_MAX];
	size_t nyears;
};

/* Scan NUL-terminated UTF-8 text; out is reset first. Never fails. */
void dates_scan(struct date_scan *out, const char *text);

/* Parse "YYYY-MM-DD" into yyyymmdd; -1 when malformed. */
int dates_parse_iso(const char *s, int *yyyymmdd);

#endif
