/*
 * summary.c - summary.md, in the form of Table 1 of the department's
 * monitoring report (№ | Показатель | Методика расчета | Значение
 * показателя), so the numbers can be carried over as they are. Shares use
 * the Russian decimal comma here, and only here.
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/caps.h"
#include "parsers/registry.h"
#include "reports/indicators.h"
#include "reports/registry_words.h"
#include "reports/report_util.h"
#include "rules/content.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* Text inside a table cell: '|' would split the cell and a line end would end the table. */
static void md_text(FILE *f, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\r' || *s == '\n')
			putc(' ', f);
		else
			putc(*s, f);
	}
}

static void share_ru(char *out, size_t outlen, double percent)
{
	report_fmt_share(out, outlen, percent, ',');
}

static void indicator_row(FILE *f, const struct report_input *in, const struct indicator_row *row)
{
	char value[32], checked[32], name[1024], what[2048];
	const char *l = row->letter;

	share_ru(value, sizeof(value), row->share);
	share_ru(checked, sizeof(checked), row->checked_share);
	report_indicator_what(what, sizeof(what), in->rules, row);
	fprintf(f, "| %u | ", row->number);
	md_text(f, report_indicator_name(name, sizeof(name), in->rules, row));
	fputs(" (", f);
	md_text(f, l);
	fputs(") | ", f);
	md_text(f, l);
	fputs(" = ", f);
	md_text(f, l);
	fprintf(f, "1 / V × 100 %% = %zu / %zu × 100 %%, где ", row->count, row->total);
	md_text(f, l);
	fputs("1 – ", f);
	md_text(f, what);
	fprintf(f, ", V – общее количество ОО | %s %% | ", value);
	if (row->unchecked)
		fprintf(f, "%s %% (%zu / %zu; не проверено: %zu)", checked, row->count,
		        row->total - row->unchecked, row->unchecked);
	else
		fprintf(f, "%s %%", checked);
	fputs(" |\n", f);
}

/* Documents the methodology gives no share of their own (`indicator = none`): for reference. */
static void write_other_documents(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	size_t ndocs = report_doc_count(in->rules);
	char value[32];

	for (size_t d = 0; d < ndocs; d++) {
		const struct rule_doc *doc = rules_doc(in->rules, d);

		if (!doc->indicator.none)
			continue;
		share_ru(value, sizeof(value), s->doc_share[d]);
		fputs("Справочно: ", f);
		md_text(f, doc->name);
		fprintf(f, " – размещены в %zu ОО из %zu (%s %%)", s->doc_count[d], s->total, value);
		if (s->doc_unchecked[d])
			fprintf(f, ", не проверено: %zu", s->doc_unchecked[d]);
		fputs(".\n\n", f);
	}
}

/* What the counting documents count, summed over the organisations (indicators 8 and 10). */
static void write_counts(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	for (size_t d = 0; d < report_doc_count(in->rules); d++) {
		const struct rule_doc *doc = rules_doc(in->rules, d);

		if (!rules_doc_counts(in->rules, d))
			continue;
		md_text(f, doc->count_name ? doc->count_name : doc->name);
		fprintf(f, ": %zu (по документам %zu ОО", s->count_sum[d], s->count_known[d]);
		if (s->count_unknown[d])
			fprintf(f, "; не определено: %zu ОО — документ найден, но из его текста число не прочитать",
			        s->count_unknown[d]);
		fputs(").\n\n", f);
	}
}

static void write_indicators(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	struct indicator_row rows[INDICATOR_ROWS];
	size_t n = report_indicators(in->rules, s, rows);

	fputs("## Значения показателей\n\n", f);
	fputs("| № | Показатель | Методика расчета | Значение показателя | По проверенным ОО |\n", f);
	fputs("|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < n; i++)
		indicator_row(f, in, &rows[i]);
	fputs("\n", f);
	write_other_documents(f, in, s);
	write_counts(f, in, s);
	if (s->unchecked)
		fprintf(f, "Не удалось проверить полностью: %zu ОО из %zu (причины указаны ниже). "
		        "Их документы не считаются ни найденными, ни отсутствующими: в значении показателя "
		        "V – все ОО, как требует методика; в последнем столбце – доля среди ОО, "
		        "где документ удалось проверить.\n\n", s->unchecked, s->total);
}

/* One cell of the groups' table: «count из V (share %)». */
static void group_cell(FILE *f, const struct indicator_row *row)
{
	char value[32];

	share_ru(value, sizeof(value), row->share);
	fprintf(f, " %zu из %zu (%s %%)", row->count, row->total, value);
	if (row->unchecked)
		fprintf(f, ", не пров. %zu", row->unchecked);
	fputs(" |", f);
}

/* --group-by: every indicator of the table per group (a column each) and over all (the last column). */
static void write_groups(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	const struct report_groups *g = in->groups;
	struct indicator_row all[INDICATOR_ROWS];
	size_t n = report_indicators(in->rules, s, all);
	char name[1024];

	if (!g)
		return;
	fputs("## Показатели по группам: ", f);
	md_text(f, g->column);
	fputs("\n\n| № | Показатель |", f);
	for (size_t k = 0; k < g->n; k++) {
		fputc(' ', f);
		md_text(f, report_group_name_ru(g->names[k]));
		fputs(" |", f);
	}
	fputs(" Всего |\n|---|---|", f);
	for (size_t k = 0; k <= g->n; k++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "| %u | ", all[i].number);
		md_text(f, report_indicator_name(name, sizeof(name), in->rules, &all[i]));
		fputs(" |", f);
		for (size_t k = 0; k < g->n; k++)
			group_cell(f, &g->indicators[k * INDICATOR_ROWS + i]);
		group_cell(f, &all[i]);
		fputc('\n', f);
	}
	fputs("\n", f);
}

static void write_by_status(FILE *f, const struct run_summary *s)
{
	size_t i;

	fputs("## Организации по статусам\n\n", f);
	fputs("| Статус | Количество |\n", f);
	fputs("|---|---|\n", f);
	for (i = 0; i < ORG_STATUS_COUNT; i++)
		fprintf(f, "| %s | %zu |\n", verdict_status_label_ru((enum org_status)i),
		        s->by_status[i]);
	fprintf(f, "| **всего** | **%zu** |\n\n", s->total);
}

static void org_row(FILE *f, const struct report_input *in, size_t i, const struct org_result *o)
{
	const struct registry_row *row = report_org_row(in, i);
	char missing[1024], unchecked[1024];

	report_docs_in_state(missing, sizeof(missing), in->rules, o, DOC_MISSING, ", ");
	report_docs_in_state(unchecked, sizeof(unchecked), in->rules, o, DOC_UNCHECKED, ", ");
	fputs("| ", f);
	md_text(f, row ? row->id : "");
	fputs(" | ", f);
	md_text(f, row ? row->name : "");
	fprintf(f, " | %s | ", verdict_status_label_ru(o->status));
	md_text(f, missing);
	fputs(" | ", f);
	if (*unchecked) {
		md_text(f, unchecked);
		fputs(" — ", f);
		md_text(f, report_unchecked_why(o));
	}
	fputs(" |\n", f);
}

static int write_noncompliant(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	/* The summary counts the same organisations as the rows below, in one pass less. */
	size_t n = s->total - s->compliant;

	fprintf(f, "## Организации, не соответствующие требованиям или не проверенные: %zu\n\n", n);
	if (n == 0) {
		fputs(in->norgs ? "Все организации разместили обязательные документы.\n\n"
		                : "Реестр не содержит организаций.\n\n", f);
		return 0;
	}
	fputs("| № | Наименование | Статус | Отсутствуют | Не проверено |\n", f);
	fputs("|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o;

		if (!report_row_counted(in, i))
			continue;
		o = report_org(in, i);
		if (!o)
			return -1;
		if (o->status != ORG_COMPLIANT)
			org_row(f, in, i, o);
	}
	fputs("\n", f);
	return 0;
}

/* Rows that repeat an organisation: one verdict counts, the other addresses are corrections. */
static int write_repeats(FILE *f, const struct report_input *in)
{
	size_t n = 0;

	for (size_t i = 0; in->stand_in && i < in->norgs; i++)
		n += !report_row_counted(in, i);
	if (!n)
		return 0;
	fprintf(f, "## Одна организация в нескольких строках реестра: %zu\n\n", n);
	fputs("Каждая строка проверена, но в показателях организация учтена один раз — по строке, "
	      "по ссылке которой найден раздел (иначе по первой). Исправьте реестр:\n\n", f);
	for (size_t i = 0; i < in->norgs; i++) {
		const struct registry_row *row = report_org_row(in, i), *kept;

		if (report_row_counted(in, i) || !row)
			continue;
		kept = report_org_row(in, in->stand_in[i]);
		fprintf(f, "- строка %zu (№ ", row->line);
		md_text(f, row->id);
		fputs(", ", f);
		md_text(f, row->url);
		fprintf(f, ") — та же организация, что в строке %zu (№ ", kept ? kept->line : 0);
		md_text(f, kept ? kept->id : "");
		fputs("); учтена ссылка ", f);
		md_text(f, kept ? kept->url : "");
		fputs("\n", f);
	}
	fputs("\n", f);
	return 0;
}

static void write_registry_issues(FILE *f, const struct registry *reg)
{
	char text[REPORT_REGISTRY_ISSUE_RU_LEN];
	size_t n;

	if (!reg || (!reg->nissues && !reg->issues_dropped))
		return;
	n = reg->nissues + reg->issues_dropped;
	fprintf(f, "## Строки реестра, не включенные в мониторинг: %zu\n\n", n);
	fputs("Эти записи реестра прочитать не удалось: исправьте их и запустите проверку снова.\n\n", f);
	for (size_t i = 0; i < reg->nissues; i++) {
		fprintf(f, "- строка %zu: ", reg->issues[i].line);
		md_text(f, report_registry_issue_text_ru(text, sizeof(text), &reg->issues[i]));
		fputs("\n", f);
	}
	if (reg->issues_dropped) {
		fputs("- ", f);
		md_text(f, report_registry_dropped_ru(text, sizeof(text), reg->issues_dropped));
		fputs("\n", f);
	}
	fputs("\n", f);
}

int report_summary_md(FILE *f, const struct report_input *in)
{
	struct run_summary local;
	const struct run_summary *s;
	char date[64];

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	s = report_summary_of(in, &local);
	report_date_ru(date, sizeof(date), in->as_of);
	fputs("# Мониторинг размещения документов о наставничестве на официальных сайтах ОО "
	      "по состоянию на ", f);
	md_text(f, date);
	fputs("\n\n", f);
	fprintf(f, "Общее количество ОО в реестре (V): %zu.", s->total);
	if (s->rows != s->total)
		fprintf(f, " Строк в реестре: %zu (одна организация указана в нескольких строках).", s->rows);
	if (in->registry_path) {
		fputs(" Реестр: ", f);
		md_text(f, in->registry_path);
		fputs(".", f);
	}
	if (in->generated_at) {
		fputs(" Сформировано: ", f);
		report_time_ru(date, sizeof(date), in->generated_at);
		md_text(f, date);
		fputs(".", f);
	}
	fputs("\n\n", f);
	write_indicators(f, in, s);
	write_groups(f, in, s);
	write_by_status(f, s);
	if (write_noncompliant(f, in, s) || write_repeats(f, in))
		return -1;
	write_registry_issues(f, in->registry);
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
