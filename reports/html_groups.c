/*
 * html_groups.c - report.html's «Показатели по группам» (--group-by):
 * every indicator of the methodology's table per group and over all, the
 * figures summary.md's groups' table shows, from in->groups.
 */
#include "reports/report.h"

#include "reports/html_page.h"
#include "reports/indicators.h"
#include "reports/report_util.h"

/* One cell: the share, then «count из V» and what could not be checked. */
static void group_cell(FILE *f, const struct indicator_row *row, const char *group)
{
	fprintf(f, "<td class=\"num\" data-group=\"%s\" data-count=\"%zu\" data-total=\"%zu\"><b>",
	        group, row->count, row->total);
	html_share(f, row->share);
	fprintf(f, "</b><br><span class=\"note\">%zu из %zu", row->count, row->total);
	if (row->unchecked)
		fprintf(f, ", не проверено: %zu", row->unchecked);
	fputs("</span></td>", f);
}

void report_html_groups_section(FILE *f, const struct report_input *in, const struct run_summary *sum)
{
	const struct report_groups *g = in->groups;
	struct indicator_row all[INDICATOR_ROWS];
	size_t n = report_indicators(in->rules, sum, all);
	char name[1024], key[32];

	if (!g)
		return;
	fputs("<section id=\"groups\">\n<h2>Показатели по группам</h2>\n<p class=\"note\">Группы — по столбцу "
	      "реестра «", f);
	html_text(f, g->column);
	fputs("». Значение показателя считается так же, как для всех ОО: от числа ОО группы.</p>\n"
	      "<div class=\"wide\"><table class=\"groups\">\n<thead><tr><th>№</th><th>Показатель</th>", f);
	for (size_t k = 0; k < g->n; k++) {
		fprintf(f, "<th data-group=\"g%zu\">", k + 1);
		html_text(f, report_group_name_ru(g->names[k]));
		fprintf(f, " <span class=\"note\">(ОО: %zu)</span></th>", g->summaries[k].total);
	}
	fprintf(f, "<th data-group=\"all\">Все ОО <span class=\"note\">(ОО: %zu)</span></th></tr></thead>\n<tbody>\n",
	        sum->total);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "<tr data-indicator=\"%u\"><td class=\"num\">%u</td><td>", all[i].number, all[i].number);
		html_text(f, report_indicator_name(name, sizeof(name), in->rules, &all[i]));
		fputs("</td>", f);
		for (size_t k = 0; k < g->n; k++) {
			snprintf(key, sizeof(key), "g%zu", k + 1);
			group_cell(f, &g->indicators[k * INDICATOR_ROWS + i], key);
		}
		group_cell(f, &all[i], "all");
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table></div>\n</section>\n", f);
}
