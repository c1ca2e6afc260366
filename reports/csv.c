/*
 * csv.c - noncompliant.csv, the work list the department opens in Excel
 * (dialects and quoting: csv_cell.h).
 */
#include "reports/report.h"

#include <stdio.h>

#include "parsers/registry.h"
#include "reports/csv_cell.h"
#include "reports/report_util.h"
#include "reports/worklist.h"

int report_csv(FILE *f, const struct report_input *in)
{
	const struct csv_dialect *d = csv_dialect_of(in ? in->csv_dialect : REPORT_CSV_EXCEL);
	struct worklist_row r;
	size_t i, j, nextra;
	int rc = -1;

	worklist_row_init(&r);
	if (!f || !in || !in->rules || !report_has_orgs(in))
		goto out;
	nextra = in->registry ? in->registry->nextra : 0;

	csv_begin(f, d);
	for (j = 0; j < WL_COLS; j++)
		csv_cell(f, d, worklist_header[j], j == WL_ID);
	for (j = 0; j < nextra; j++)
		csv_cell(f, d, in->registry->extra_names[j], false);
	csv_end_row(f, d);

	for (i = 0; i < in->norgs; i++) {
		const struct registry_row *row = report_org_row(in, i);
		int listed = worklist_row(&r, in, i);

		if (listed < 0)
			goto out;
		if (!listed)
			continue;
		for (j = 0; j < WL_COLS; j++)
			csv_cell(f, d, r.cells[j], j == WL_ID);
		for (j = 0; j < nextra; j++)
			csv_cell(f, d, row ? row->extra[j] : NULL, false);
		csv_end_row(f, d);
	}
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
out:
	worklist_row_free(&r);
	return rc;
}
