/*
 * docx.c - summary.docx: the methodology's indicator table (Table 1 of the
 * department's monitoring report: № | Показатель | Методика расчета |
 * Значение показателя, with the count beside the share) as a Word document
 * a head of department pastes into the department's report. The figures
 * are summary.md's, from the same table (indicators.h); the markup and
 * the package are wordml.h's. The package is built in memory and copied
 * into the report's stream, so write.c replaces it with the rest of the set.
 */
#include "reports/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "reports/indicators.h"
#include "reports/report_util.h"
#include "reports/wordml.h"
#include "rules/content.h"
#include "rules/rules.h"
#include "rules/verdict.h"

#define DOCX_TITLE "Мониторинг размещения документов о наставничестве на официальных сайтах ОО"
#define DOCX_CAPTION "Таблица 1. Значения показателей мониторинга внедрения целевой модели наставничества " \
	"педагогических работников"

enum { COL_NUMBER, COL_NAME, COL_METHOD, COL_COUNT, COL_VALUE, DOCX_COLS };

static const char *const header[DOCX_COLS] = {
	"№", "Показатель", "Методика расчета", "Количество ОО", "Значение показателя",
};
/* Twentieths of a point, adding up to WML_TEXT_WIDTH. */
static const unsigned widths[DOCX_COLS] = { 567, 3000, 2988, 1400, 1400 };
static const bool numeric[DOCX_COLS] = { true, false, false, true, true };
_Static_assert(567 + 3000 + 2988 + 1400 + 1400 == WML_TEXT_WIDTH, "the table fills the text's width");

static int table_row(struct buf *b, const struct report_input *in, const struct indicator_row *row)
{
	char number[16], own[1024], name[1200], what[2048], method[2600], count[32], share[32], value[40];
	const char *cells[DOCX_COLS];

	snprintf(number, sizeof(number), "%u", row->number);
	snprintf(name, sizeof(name), "%s (%s)", report_indicator_name(own, sizeof(own), in->rules, row),
	         row->letter);
	report_indicator_what(what, sizeof(what), in->rules, row);
	snprintf(method, sizeof(method), "%s = %s1 / V × 100 %%, где %s1 – %s, V – общее количество ОО",
	         row->letter, row->letter, row->letter, what);
	snprintf(count, sizeof(count), "%zu", row->count);
	report_fmt_share(share, sizeof(share), row->share, ',');
	snprintf(value, sizeof(value), "%s\u00a0%%", share);   /* a no-break space: never "75,0" and "%" on two lines */
	cells[COL_NUMBER] = number;
	cells[COL_NAME] = name;
	cells[COL_METHOD] = method;
	cells[COL_COUNT] = count;
	cells[COL_VALUE] = value;
	return wml_table_row(b, widths, cells, DOCX_COLS, false, numeric);
}

/* What «не проверено» means for the figures, and each share among the organisations checked. */
static int unchecked_note(struct buf *b, const struct run_summary *s, const struct indicator_row *rows, size_t n)
{
	struct buf note;
	char share[32];
	int rc;

	if (!s->unchecked)
		return wml_paragraph(b, WML_NOTE, "Не проверено: 0 ОО – все организации проверены полностью.");
	buf_init(&note, WML_DOCUMENT_CAP);
	rc = buf_printf(&note, "Не проверено: %zu ОО из %zu – сайт недоступен, доступ закрыт или раздел прочитан "
	                "не полностью (причины – в перечне организаций: noncompliant.xlsx, report.html). "
	                "Их документы не считаются ни найденными, ни отсутствующими; в значении показателя "
	                "V – все ОО, как требует методика. "
	                "Доля среди проверенных ОО:", s->unchecked, s->total);
	for (size_t i = 0; i < n && rc == 0; i++) {
		report_fmt_share(share, sizeof(share), rows[i].checked_share, ',');
		rc = buf_printf(&note, "%s показатель %u – %s %% (%zu из %zu)", i ? ";" : "", rows[i].number, share,
		                rows[i].count, rows[i].total - rows[i].unchecked);
	}
	if (rc == 0)
		rc = buf_addc(&note, '.');
	if (rc == 0)
		rc = wml_paragraph(b, WML_NOTE, buf_str(&note));
	buf_free(&note);
	return rc;
}

/* The documents without a share of their own and what the counting documents count, for reference. */
static int reference_notes(struct buf *b, const struct report_input *in, const struct run_summary *s)
{
	char line[2048], share[32];
	int rc = 0;

	for (size_t d = 0; d < report_doc_count(in->rules) && rc == 0; d++) {
		const struct rule_doc *doc = rules_doc(in->rules, d);

		if (doc->indicator.none) {
			report_fmt_share(share, sizeof(share), s->doc_share[d], ',');
			snprintf(line, sizeof(line), "Справочно: %s – размещены в %zu ОО из %zu (%s %%).", doc->name,
			         s->doc_count[d], s->total, share);
			rc = wml_paragraph(b, WML_NOTE, line);
		}
		if (rc == 0 && rules_doc_counts(in->rules, d)) {
			snprintf(line, sizeof(line), "%s: %zu (по документам %zu ОО; не определено: %zu ОО).",
			         doc->count_name ? doc->count_name : doc->name, s->count_sum[d], s->count_known[d],
			         s->count_unknown[d]);
			rc = wml_paragraph(b, WML_NOTE, line);
		}
	}
	return rc;
}

/* --group-by: the table again for each group, in the form above less the formula (Таблица 2.K). */
enum { GCOL_NUMBER, GCOL_NAME, GCOL_COUNT, GCOL_VALUE, GROUP_COLS };

static const char *const group_header[GROUP_COLS] = { "№", "Показатель", "Количество ОО", "Значение показателя" };
static const unsigned group_widths[GROUP_COLS] = { 567, 5388, 1700, 1700 };
static const bool group_numeric[GROUP_COLS] = { true, false, true, true };
_Static_assert(567 + 5388 + 1700 + 1700 == WML_TEXT_WIDTH, "the groups' tables fill the text's width");

static int group_table(struct buf *b, const struct report_input *in, size_t k)
{
	const struct report_groups *g = in->groups;
	const struct indicator_row *rows = &g->indicators[k * INDICATOR_ROWS];
	size_t n = g->nindicators;
	char caption[1200], number[16], own[1024], name[1200], count[48], share[32], value[40];
	const char *cells[GROUP_COLS] = { number, name, count, value };

	snprintf(caption, sizeof(caption), "Таблица 2.%zu. %s: %s (ОО: %zu)", k + 1, g->column,
	         report_group_name_ru(g->names[k]), g->summaries[k].total);
	if (wml_paragraph(b, WML_CAPTION, caption) || wml_table_begin(b, group_widths, GROUP_COLS) ||
	    wml_table_row(b, group_widths, group_header, GROUP_COLS, true, NULL))
		return -1;
	for (size_t i = 0; i < n; i++) {
		snprintf(number, sizeof(number), "%u", rows[i].number);
		snprintf(name, sizeof(name), "%s (%s)", report_indicator_name(own, sizeof(own), in->rules, &rows[i]),
		         rows[i].letter);
		if (rows[i].unchecked)
			snprintf(count, sizeof(count), "%zu (не пров. %zu)", rows[i].count, rows[i].unchecked);
		else
			snprintf(count, sizeof(count), "%zu", rows[i].count);
		report_fmt_share(share, sizeof(share), rows[i].share, ',');
		snprintf(value, sizeof(value), "%s\u00a0%%", share);
		if (wml_table_row(b, group_widths, cells, GROUP_COLS, false, group_numeric))
			return -1;
	}
	return wml_table_end(b);
}

static int group_tables(struct buf *b, const struct report_input *in)
{
	for (size_t k = 0; in->groups && k < in->groups->n; k++)
		if (group_table(b, in, k))
			return -1;
	return 0;
}

static int document_xml(struct buf *b, const struct report_input *in)
{
	struct indicator_row rows[INDICATOR_ROWS];
	struct run_summary local;
	const struct run_summary *s = report_summary_of(in, &local);
	size_t n = report_indicators(in->rules, s, rows);
	char date[64], line[256];

	report_date_ru(date, sizeof(date), in->as_of);
	snprintf(line, sizeof(line), "по состоянию на %s", date);
	if (wml_begin(b) || wml_paragraph(b, WML_TITLE, DOCX_TITLE) || wml_paragraph(b, WML_TITLE, line))
		return -1;
	snprintf(line, sizeof(line), "Дата проверки сайтов: %s. Общее количество ОО в реестре (V): %zu.", date, s->total);
	if (wml_paragraph(b, WML_BODY, line) || wml_paragraph(b, WML_CAPTION, DOCX_CAPTION) ||
	    wml_table_begin(b, widths, DOCX_COLS) || wml_table_row(b, widths, header, DOCX_COLS, true, NULL))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (table_row(b, in, &rows[i]))
			return -1;
	if (wml_table_end(b) || unchecked_note(b, s, rows, n) || reference_notes(b, in, s) || group_tables(b, in))
		return -1;
	return wml_end(b);
}

/* Noon of the audit date (YYYY-MM-DD), local time as zip keeps it: the parts' date. 1980-01-01, zip's first day, when as_of is no date. */
static time_t parts_date(const char *as_of)
{
	struct tm tm = { .tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_hour = 12, .tm_isdst = -1 };
	int y, m, d;

	if (as_of && sscanf(as_of, "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 1980 && y < 2108 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= 31) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
	}
	return mktime(&tm);
}

int report_docx(FILE *f, const struct report_input *in)
{
	struct buf doc;
	void *zip = NULL;
	size_t len = 0;
	int rc = -1;

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	buf_init(&doc, WML_DOCUMENT_CAP);
	if (document_xml(&doc, in) || wml_package(buf_str(&doc), doc.len, parts_date(in->as_of), &zip, &len))
		goto out;
	if (fwrite(zip, 1, len, f) == len)
		rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
out:
	free(zip);
	buf_free(&doc);
	return rc;
}
