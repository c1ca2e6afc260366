/*
 * worklist.c - the work list's rows (worklist.h): which organisations are
 * listed, and the words of their cells.
 */
#include "reports/worklist.h"

#include <stdio.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

#define WL_JOIN "; "

const char *const worklist_header[WL_COLS] = {
	[WL_ID] = "№", [WL_NAME] = "Наименование", [WL_URL] = "Ссылка", [WL_STATUS] = "Статус",
	[WL_MISSING] = "Отсутствующие документы", [WL_UNCHECKED] = "Не проверено", [WL_PROBLEMS] = "Замечания",
};

/*
 * The joined cells. Past WORKLIST_CELL_CAP a cell is cut (the cap is its
 * size); only running out of memory fails: each returns false then.
 */
static bool cell_add(struct buf *b, const char *s)
{
	return buf_addstr(b, s) != BUF_ERR_NOMEM;
}

static bool cell_item(struct buf *b, const char *s)
{
	return (!b->len || cell_add(b, WL_JOIN)) && cell_add(b, s);
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

void worklist_row_init(struct worklist_row *r)
{
	memset(r->cells, 0, sizeof(r->cells));
	for (size_t k = 0; k < 3; k++)
		buf_init(&r->joined[k], WORKLIST_CELL_CAP);
}

void worklist_row_free(struct worklist_row *r)
{
	for (size_t k = 0; k < 3; k++)
		buf_free(&r->joined[k]);
}

int worklist_row(struct worklist_row *r, const struct report_input *in, size_t i)
{
	const struct org_result *o = report_org(in, i);
	const struct registry_row *row = report_org_row(in, i);

	if (!report_row_counted(in, i))
		return 0;
	if (!o)
		return -1;
	if (o->status == ORG_COMPLIANT)
		return 0;
	for (size_t k = 0; k < 3; k++)
		buf_reset(&r->joined[k]);
	if (!join_docs(&r->joined[0], in, o, DOC_MISSING) || !join_docs(&r->joined[1], in, o, DOC_UNCHECKED) ||
	    !join_problems(&r->joined[2], in, o) || !join_repeats(&r->joined[2], in, i))
		return -1;
	r->cells[WL_ID] = row ? row->id : NULL;
	r->cells[WL_NAME] = row ? row->name : NULL;
	r->cells[WL_URL] = row ? row->url : NULL;
	r->cells[WL_STATUS] = verdict_status_label_ru(o->status);
	r->cells[WL_MISSING] = buf_str(&r->joined[0]);
	r->cells[WL_UNCHECKED] = buf_str(&r->joined[1]);
	r->cells[WL_PROBLEMS] = buf_str(&r->joined[2]);
	return 1;
}
