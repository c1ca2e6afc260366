/*
 * csv.c - noncompliant.csv, the work list the department opens in Excel
 * (dialects and quoting: csv_cell.h).
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/registry.h"
#include "reports/csv_cell.h"
#include "reports/finding_words.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

#define CSV_JOIN "; "

/* A joined cell (problems, missing documents) never grows past this. */
#define CSV_CELL_CAP (1024u * 1024u)

static const char *const csv_header[] = {
	"№", "Наименование", "Ссылка", "Статус", "Отсутствующие документы", "Не проверено", "Замечания",
};

/*
 * The joined cells. Past CSV_CELL_CAP a cell is cut (the cap is its size);
 * only running out of memory fails the file: each returns false then.
 */
static bool cell_add(struct buf *b, const char *s)
{
	return buf_addstr(b, s) != BUF_ERR_NOMEM;
}

static bool cell_item(struct buf *b, const char *s)
{
	return (!b->len || cell_add(b, CSV_JOIN)) && cell_add(b, s);
}

/* The required documents of o in state st, by full name; unchecked ones with the reason. */
static bool join_docs(struct buf *b, const struct report_input *in, const struct org_result *o,
                      enum doc_state st)
{
	size_t i, n = report_doc_count(in->rules);

	for (i = 0; i < n; i++) {
		if (!rules_doc(in->rules, i)->required || verdict_doc_state(o, i) != st)
			continue;
		if (!cell_item(b, rules_doc(in->rules, i)->name))
			return false;
	}
	if (st == DOC_UNCHECKED && b->len)
		return cell_add(b, " — ") && cell_add(b, report_unchecked_why(o));
	return true;
}

/* The other registry rows of the same organisation: their URLs are corrections to make. */
static bool join_repeats(struct buf *b, const struct report_input *in, size_t i)
{
	char line[CAP_URL_BYTES + 128];

	for (size_t k = 0; in->stand_in && k < in->norgs; k++) {
		const struct registry_row *other = report_org_row(in, k);

		if (k == i || in->stand_in[k] != i || !other)
			continue;
		snprintf(line, sizeof(line), "та же организация в строке %zu реестра с адресом %s: исправьте реестр",
		         other->line, other->url);
		if (!cell_item(b, line))
			return false;
	}
	return true;
}

static bool join_problems(struct buf *b, const struct report_input *in, const struct org_result *o)
{
	char line[REPORT_FINDING_LEN];

	for (size_t i = 0; i < o->nfindings; i++)
		if (!cell_item(b, report_finding_ru(line, sizeof(line), in->rules, &o->findings[i])))
			return false;
	if (!o->findings_dropped)
		return true;
	snprintf(line, sizeof(line), "(и ещё замечаний: %zu)", o->findings_dropped);
	return cell_item(b, line);
}

int report_csv(FILE *f, const struct report_input *in)
{
	const struct csv_dialect *d = csv_dialect_of(in ? in->csv_dialect : REPORT_CSV_EXCEL);
	struct buf cell;
	size_t i, j, nextra;
	int rc = -1;

	buf_init(&cell, CSV_CELL_CAP);
	if (!f || !in || !in->rules || !report_has_orgs(in))
		goto out;
	nextra = in->registry ? in->registry->nextra : 0;

	csv_begin(f, d);
	for (j = 0; j < sizeof(csv_header) / sizeof(csv_header[0]); j++)
		csv_cell(f, d, csv_header[j], j == 0);
	for (j = 0; j < nextra; j++)
		csv_cell(f, d, in->registry->extra_names[j], false);
	csv_end_row(f, d);

	for (i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);
		const struct registry_row *row = report_org_row(in, i);

		if (!report_row_counted(in, i))
			continue;
		if (!o)
			goto out;
		if (o->status == ORG_COMPLIANT)
			continue;
		csv_cell(f, d, row ? row->id : NULL, true);
		csv_cell(f, d, row ? row->name : NULL, false);
		csv_cell(f, d, row ? row->url : NULL, false);
		csv_cell(f, d, verdict_status_label_ru(o->status), false);
		buf_reset(&cell);
		if (!join_docs(&cell, in, o, DOC_MISSING))
			goto out;
		csv_cell(f, d, buf_str(&cell), false);
		buf_reset(&cell);
		if (!join_docs(&cell, in, o, DOC_UNCHECKED))
			goto out;
		csv_cell(f, d, buf_str(&cell), false);
		buf_reset(&cell);
		if (!join_problems(&cell, in, o) || !join_repeats(&cell, in, i))
			goto out;
		csv_cell(f, d, buf_str(&cell), false);
		for (j = 0; j < nextra; j++)
			csv_cell(f, d, row ? row->extra[j] : NULL, false);
		csv_end_row(f, d);
	}
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
out:
	buf_free(&cell);
	return rc;
}
