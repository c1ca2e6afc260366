/*
 * worklist.h - the department's work list: the organisations not compliant
 * and their cells, one model that noncompliant.csv (csv.c) and
 * noncompliant.xlsx (xlsx.c) write. Private to reports/.
 */
#ifndef MA_WORKLIST_H
#define MA_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "reports/report.h"

/* The columns, then the registry's extra ones. */
enum worklist_col {
	WL_ID, WL_NAME, WL_URL, WL_STATUS, WL_MISSING, WL_UNCHECKED, WL_PROBLEMS,
	WL_COLS
};

/* The Russian header of each column. */
extern const char *const worklist_header[WL_COLS];

/* A joined cell (problems, missing documents) never grows past this. */
#define WORKLIST_CELL_CAP (1024u * 1024u)

/* One row's cells: the fixed ones point into the input, the joined ones are owned. */
struct worklist_row {
	const char *cells[WL_COLS];       /* NULL: an empty cell */
	struct buf joined[3];             /* WL_MISSING, WL_UNCHECKED, WL_PROBLEMS */
};

void worklist_row_init(struct worklist_row *r);
void worklist_row_free(struct worklist_row *r);

/*
 * Row i of the input as the work list has it: 1 and the row's cells when it
 * is listed (counted, not compliant), 0 when it is not, -1 when its result
 * is missing or memory ran out.
 */
int worklist_row(struct worklist_row *r, const struct report_input *in, size_t i);

#endif
