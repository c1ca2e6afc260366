/*
 * xlsx.c - noncompliant.xlsx, the work list as an Excel workbook
 * (libxlsxwriter): the rows of noncompliant.csv (worklist.h) as text cells,
 * so codes keep their leading zeros and nothing is read as a formula, with
 * a frozen header, an autofilter, column widths, the section's address
 * as a hyperlink and, last, a link to the organisation's notice
 * (notices/ID.html beside the workbook); a second sheet holds the methodology's indicator table,
 * and with --group-by a third the table per group.
 *
 * libxlsxwriter writes a file by name: the workbook is written into a
 * temporary file and copied into the report's stream, so the writers of
 * write.c keep one way of replacing a set of reports.
 */
#include "reports/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/text.h"
#include "parsers/registry.h"
#include "reports/indicators.h"
#include "reports/report_util.h"
#include "reports/worklist.h"
#include "rules/rules.h"

/* Excel's longest text in a cell is 32 767 characters: a longer joined cell is cut, with a mark. */
#define XLSX_CELL_BYTES 32000u
#define XLSX_CUT_MARK "…"
/* Excel's longest hyperlink: a longer address is written as text. */
#define XLSX_URL_MAX 255u

/* Column widths in characters: №, name, address, status, missing, unchecked, problems; extra columns. */
static const double column_width[WL_COLS] = { 8, 50, 45, 20, 60, 40, 80 };
#define XLSX_EXTRA_WIDTH 25

struct book {
	lxw_workbook *wb;
	lxw_format *head;
	lxw_format *text;
	lxw_format *link;
	lxw_format *number;     /* a share: one decimal */
	lxw_format *count;      /* a whole number */
	int failed;
};

static void note(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		b->failed = 1;
}

/* A text cell; one longer than Excel holds is cut at a whole letter and marked. */
static void put_text(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
	char cut[XLSX_CELL_BYTES + sizeof(XLSX_CUT_MARK)];
	size_t n;

	if (!s || !*s)
		return;
	n = strlen(s);
	if (n > XLSX_CELL_BYTES) {
		n = text_utf8_valid_prefix(s, XLSX_CELL_BYTES);
		memcpy(cut, s, n);
		memcpy(cut + n, XLSX_CUT_MARK, sizeof(XLSX_CUT_MARK));
		s = cut;
	}
	note(b, worksheet_write_string(ws, r, c, s, b->text));
}

/* The section's address as a hyperlink showing itself; as text when Excel would refuse it. */
static void put_url(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *url)
{
	if (url && strlen(url) <= XLSX_URL_MAX && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) &&
	    worksheet_write_url_opt(ws, r, c, url, b->link, url, NULL) == LXW_NO_ERROR)
		return;
	put_text(b, ws, r, c, url);
}

/* The column after the registry's: the organisation's notice in notices/, a link relative to the workbook. */
#define XLSX_NOTICE_HEADER "Уведомление директору"
#define XLSX_NOTICE_WIDTH 30
#define XLSX_NOTICE_TEXT "Открыть уведомление"

static void put_notice(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct registry_row *row)
{
	char name[REPORT_NOTICE_NAME_LEN], path[REPORT_NOTICE_NAME_LEN + 16], link[REPORT_NOTICE_NAME_LEN + 32];

	if (!row)
		return;
	report_notice_name(name, row->id, row->line);
	snprintf(path, sizeof(path), "notices/%s", name);
	snprintf(link, sizeof(link), "external:%s", path);
	if (worksheet_write_url_opt(ws, r, c, link, b->link, XLSX_NOTICE_TEXT, path) != LXW_NO_ERROR)
		put_text(b, ws, r, c, path);
}

static void write_header(struct book *b, lxw_worksheet *ws, const struct report_input *in, size_t nextra)
{
	for (lxw_col_t c = 0; c < WL_COLS; c++) {
		note(b, worksheet_write_string(ws, 0, c, worklist_header[c], b->head));
		note(b, worksheet_set_column(ws, c, c, column_width[c], NULL));
	}
	for (size_t j = 0; j < nextra; j++) {
		lxw_col_t c = (lxw_col_t)(WL_COLS + j);

		note(b, worksheet_write_string(ws, 0, c, in->registry->extra_names[j], b->head));
		note(b, worksheet_set_column(ws, c, c, XLSX_EXTRA_WIDTH, NULL));
	}
	note(b, worksheet_write_string(ws, 0, (lxw_col_t)(WL_COLS + nextra), XLSX_NOTICE_HEADER, b->head));
	note(b, worksheet_set_column(ws, (lxw_col_t)(WL_COLS + nextra), (lxw_col_t)(WL_COLS + nextra),
	                             XLSX_NOTICE_WIDTH, NULL));
	worksheet_freeze_panes(ws, 1, 0);
}

/* The work list's sheet; its number of rows below the header, or -1. */
static long write_list(struct book *b, const struct report_input *in)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Не соответствуют");
	size_t nextra = in->registry ? in->registry->nextra : 0;
	struct worklist_row wr;
	lxw_row_t r = 0;

	if (!ws)
		return -1;
	write_header(b, ws, in, nextra);
	worklist_row_init(&wr);
	for (size_t i = 0; i < in->norgs && !b->failed; i++) {
		const struct registry_row *row = report_org_row(in, i);
		int listed = worklist_row(&wr, in, i);

		if (listed < 0)
			b->failed = 1;
		if (listed <= 0)
			continue;
		r++;
		for (lxw_col_t c = 0; c < WL_COLS; c++) {
			if (c == WL_URL)
				put_url(b, ws, r, c, wr.cells[c]);
			else
				put_text(b, ws, r, c, wr.cells[c]);
		}
		for (size_t j = 0; j < nextra; j++)
			put_text(b, ws, r, (lxw_col_t)(WL_COLS + j), row ? row->extra[j] : NULL);
		put_notice(b, ws, r, (lxw_col_t)(WL_COLS + nextra), row);
	}
	worklist_row_free(&wr);
	note(b, worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(WL_COLS + nextra)));
	return b->failed ? -1 : (long)r;
}

/* The indicator table's columns, from column c0 on: number, name, count, V, share, unchecked, share of those checked. */
static const char *const indicator_head[] = { "№", "Показатель", "Количество ОО", "Всего ОО (V)", "Значение, %",
                                              "Не проверено, ОО", "По проверенным ОО, %" };
static const double indicator_width[] = { 6, 80, 16, 14, 14, 18, 22 };
#define INDICATOR_COLS (sizeof(indicator_head) / sizeof(indicator_head[0]))

static void indicator_header(struct book *b, lxw_worksheet *ws, lxw_col_t c0)
{
	for (lxw_col_t c = 0; c < INDICATOR_COLS; c++) {
		note(b, worksheet_write_string(ws, 0, c0 + c, indicator_head[c], b->head));
		note(b, worksheet_set_column(ws, c0 + c, c0 + c, indicator_width[c], NULL));
	}
}

static void indicator_cells(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
                            const struct report_input *in, const struct indicator_row *row)
{
	char name[1024];

	note(b, worksheet_write_number(ws, r, c0, row->number, b->count));
	put_text(b, ws, r, c0 + 1, report_indicator_name(name, sizeof(name), in->rules, row));
	note(b, worksheet_write_number(ws, r, c0 + 2, (double)row->count, b->count));
	note(b, worksheet_write_number(ws, r, c0 + 3, (double)row->total, b->count));
	note(b, worksheet_write_number(ws, r, c0 + 4, row->share, b->number));
	note(b, worksheet_write_number(ws, r, c0 + 5, (double)row->unchecked, b->count));
	note(b, worksheet_write_number(ws, r, c0 + 6, row->checked_share, b->number));
}

/* The methodology's indicator table, as summary.md has it. */
static void write_indicators(struct book *b, const struct report_input *in)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Показатели");
	struct indicator_row rows[INDICATOR_ROWS];
	struct run_summary local;
	size_t n = report_indicators(in->rules, report_summary_of(in, &local), rows);

	if (!ws) {
		b->failed = 1;
		return;
	}
	indicator_header(b, ws, 0);
	for (size_t i = 0; i < n; i++)
		indicator_cells(b, ws, (lxw_row_t)(i + 1), 0, in, &rows[i]);
	worksheet_freeze_panes(ws, 1, 0);
}

/*
 * --group-by: the table per group, one row per group and indicator with
 * the group in the first column (a filter picks one), then «Всего».
 */
static void write_groups(struct book *b, const struct report_input *in)
{
	const struct report_groups *g = in->groups;
	lxw_worksheet *ws;
	struct indicator_row all[INDICATOR_ROWS];
	struct run_summary local;
	size_t nall;
	lxw_row_t r = 0;

	if (!g)
		return;
	nall = report_indicators(in->rules, report_summary_of(in, &local), all);
	ws = workbook_add_worksheet(b->wb, "По группам");
	if (!ws) {
		b->failed = 1;
		return;
	}
	note(b, worksheet_write_string(ws, 0, 0, g->column, b->head));
	note(b, worksheet_set_column(ws, 0, 0, 30, NULL));
	indicator_header(b, ws, 1);
	for (size_t k = 0; k <= g->n; k++) {
		const struct indicator_row *rows = k < g->n ? &g->indicators[k * INDICATOR_ROWS] : all;
		size_t n = k < g->n ? g->nindicators : nall;

		for (size_t i = 0; i < n; i++) {
			put_text(b, ws, ++r, 0, k < g->n ? report_group_name_ru(g->names[k]) : "Всего");
			indicator_cells(b, ws, r, 1, in, &rows[i]);
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	note(b, worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)INDICATOR_COLS));
}

static int make_formats(struct book *b)
{
	b->head = workbook_add_format(b->wb);
	b->text = workbook_add_format(b->wb);
	b->link = workbook_add_format(b->wb);
	b->number = workbook_add_format(b->wb);
	b->count = workbook_add_format(b->wb);
	if (!b->head || !b->text || !b->link || !b->number || !b->count)
		return -1;
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(b->text, "@");
	format_set_text_wrap(b->text);
	format_set_align(b->text, LXW_ALIGN_VERTICAL_TOP);
	format_set_underline(b->link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(b->link, LXW_COLOR_BLUE);
	format_set_align(b->link, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(b->number, "0.0");
	format_set_num_format(b->count, "0");
	return 0;
}

/* The workbook into path. 0, or -1. */
static int write_book(const char *path, const struct report_input *in)
{
	struct book b = { .wb = workbook_new(path) };
	lxw_error closed;

	if (!b.wb)
		return -1;
	if (make_formats(&b) || write_list(&b, in) < 0)
		b.failed = 1;
	else
		write_indicators(&b, in);
	if (!b.failed)
		write_groups(&b, in);
	closed = workbook_close(b.wb);
	return b.failed || closed != LXW_NO_ERROR ? -1 : 0;
}

/* The file's bytes into f. 0, or -1. */
static int copy_into(FILE *f, const char *path)
{
	char chunk[64 * 1024];
	FILE *in = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0 && rc == 0)
		if (fwrite(chunk, 1, n, f) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	return rc;
}

int report_xlsx(FILE *f, const struct report_input *in)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc = -1;

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	snprintf(path, sizeof(path), "%s/mentor-audit-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	if (write_book(path, in) == 0 && copy_into(f, path) == 0)
		rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
	unlink(path);
	return rc;
}
