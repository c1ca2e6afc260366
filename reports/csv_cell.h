/*
 * csv_cell.h - the CSV dialects and cell quoting every CSV report shares
 * (noncompliant.csv, changes.csv). Private to reports/.
 *
 * Russian-locale Excel reads a file correctly only as UTF-8 with a BOM,
 * ';' as the delimiter and CRLF line ends; that is the default dialect.
 * `rfc4180` writes plain comma CSV for scripts. Quoting follows RFC 4180
 * in both.
 */
#ifndef MA_CSV_CELL_H
#define MA_CSV_CELL_H

#include <stdbool.h>
#include <stdio.h>

#include "reports/report.h"

struct csv_dialect {
	const char *name;
	const char *bom;
	char delim;
	const char *eol;
	const char *specials;     /* characters that make a cell quoted */
	bool formula_guard;       /* for spreadsheets; scripts want the text as it is */
};

/* The dialect for d; the default (excel) for an out-of-range value. */
const struct csv_dialect *csv_dialect_of(enum report_csv_dialect d);

/* The file's start: the BOM, if the dialect has one. */
void csv_begin(FILE *f, const struct csv_dialect *d);

/* One cell; first: the row's first cell (no delimiter before it). NULL is "". */
void csv_cell(FILE *f, const struct csv_dialect *d, const char *s, bool first);

/* End of a row. */
void csv_end_row(FILE *f, const struct csv_dialect *d);

#endif
