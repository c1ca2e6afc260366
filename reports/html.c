/*
 * html.c - report.html: the page the head of department opens. The
 * headline share, the methodology's indicator table (and with --group-by
 * the same per group, html_groups.c), counts by status, a
 * bar chart of the document shares (inline SVG), with earlier runs the
 * trend of the shares (html_trend.c), what to do next, what changed since
 * the previous run, and every organisation in a table that sorts and
 * filters in the browser, each linked to its notice and to its evidence:
 * the documents' verdicts, the links they rest on and its status at the
 * earlier runs, in a
 * full-width block after the table that the page's script opens as a
 * dialog (without a script the link leads to the block).
 *
 * Everything a site or the registry provides passes through html_text()
 * or html_link(); nothing is written raw.
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/html_page.h"
#include "reports/indicators.h"
#include "reports/registry_words.h"
#include "reports/report_util.h"
#include "reports/status_words.h"
#include "rules/builtin.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* The chart's geometry, in CSS pixels. */
#define CHART_LABEL_W 300
#define CHART_BAR_W   420
#define CHART_VALUE_W 90
#define CHART_ROW_H   30
#define CHART_BAR_H   18

static void header(FILE *f, const struct report_input *in)
{
	char date[96];

	report_date_long_ru(date, sizeof(date), in->as_of);
	fputs("<header>\n<h1>Наставничество на сайтах образовательных организаций</h1>\n"
	      "<p class=\"meta\">Дата проверки: ", f);
	html_text(f, date);
	fputs(" · отчёт сформирован: ", f);
	report_time_local_ru(date, sizeof(date), in->generated_at);
	html_text(f, date);
	fputs(" · реестр: ", f);
	html_text(f, in->registry_path);
	fputs("</p>\n</header>\n", f);
	/* Site and registry text below is shown, never interpreted: see html_text(). */
}

static void headline(FILE *f, const struct run_summary *sum)
{
	fputs("<section id=\"headline\" class=\"headline\">\n<div><div class=\"share\">", f);
	html_share(f, sum->compliant_share);
	fprintf(f, "</div><div>организаций соответствуют требованиям (%zu из %zu)</div></div>\n",
	        sum->compliant, sum->total);
	fputs("<div><div class=\"share\">", f);
	html_share(f, sum->section_share);
	fprintf(f, "</div><div>имеют раздел «Наставничество» (%zu из %zu)</div></div>\n</section>\n",
	        sum->with_section, sum->total);
}

/* The methodology's indicator table, as summary.md has it. */
static void indicator_table(FILE *f, const struct report_input *in, const struct run_summary *sum)
{
	struct indicator_row rows[INDICATOR_ROWS];
	size_t n = report_indicators(in->rules, sum, rows);
	char name[1024];

	fputs("<section id=\"indicators\">\n<h2>Значения показателей</h2>\n<table class=\"indicators\">\n"
	      "<thead><tr><th>№</th><th>Показатель</th><th>Значение</th><th>Количество ОО</th>"
	      "<th>По проверенным ОО</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "<tr data-indicator=\"%u\"><td class=\"num\">%u</td><td>", rows[i].number, rows[i].number);
		html_text(f, report_indicator_name(name, sizeof(name), in->rules, &rows[i]));
		fputs(" (", f);
		html_text(f, rows[i].letter);
		fputs(")</td><td class=\"num value\">", f);
		html_share(f, rows[i].share);
		fprintf(f, "</td><td class=\"num\">%zu из %zu</td><td class=\"num\">", rows[i].count, rows[i].total);
		html_share(f, rows[i].checked_share);
		if (rows[i].unchecked)
			fprintf(f, " <span class=\"note\">(не проверено: %zu)</span>", rows[i].unchecked);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	if (sum->unchecked)
		fprintf(f, "<p class=\"note\">Не удалось проверить полностью: %zu ОО из %zu. Их документы не "
		        "считаются ни найденными, ни отсутствующими («не проверено»); значение показателя "
		        "считается от всех ОО, как требует методика, а в последнем столбце – от ОО, где документ "
		        "удалось проверить.</p>\n", sum->unchecked, sum->total);
	fputs("</section>\n", f);
}

static void status_counts(FILE *f, const struct run_summary *sum)
{
	fputs("<section id=\"status-counts\">\n<h2>Организации по итогам проверки</h2>\n"
	      "<ul class=\"counts\">\n", f);
	for (size_t st = 0; st < ORG_STATUS_COUNT; st++) {
		fprintf(f, "<li data-status=\"%s\">", verdict_status_name((enum org_status)st));
		html_status_badge(f, (enum org_status)st);
		fprintf(f, "<span class=\"count\">%zu</span></li>\n", sum->by_status[st]);
	}
	fputs("</ul>\n</section>\n", f);
}

/* What each status found in this run means and what to do next. */
static void status_legend(FILE *f, const struct run_summary *sum)
{
	fputs("<section id=\"legend\">\n<h2>Что означают итоги и что делать</h2>\n<dl class=\"legend\">\n", f);
	for (size_t st = 0; st < ORG_STATUS_COUNT; st++) {
		const struct status_words *w = report_status_words((enum org_status)st);

		if (!sum->by_status[st] || !w)
			continue;
		fprintf(f, "<dt data-status=\"%s\">", verdict_status_name((enum org_status)st));
		html_status_badge(f, (enum org_status)st);
		fprintf(f, " <span class=\"count\">%zu</span></dt>\n<dd><p>", sum->by_status[st]);
		html_text(f, w->meaning);
		fputs("</p><p class=\"next\"><b>Что делать:</b> ", f);
		html_text(f, w->next_step);
		fputs("</p></dd>\n", f);
	}
	fputs("</dl>\n</section>\n", f);
}

/* The department's next steps, with this run's counts. */
static void next_steps(FILE *f, const struct report_input *in, const struct run_summary *sum)
{
	size_t notices = sum->total - sum->compliant;
	size_t address = sum->by_status[ORG_INVALID_URL] + sum->by_status[ORG_NO_SECTION];

	fputs("<section id=\"next-steps\">\n<h2>Что делать дальше</h2>\n<ol class=\"steps\">\n", f);
	if (notices)
		fprintf(f, "<li>Направить руководителям уведомления: %zu организаций не соответствуют требованиям "
		        "или не проверены. Уведомления лежат в папке «notices» рядом с этим отчётом, по одному на "
		        "организацию; ссылка «Уведомление» — в строке организации в таблице ниже.</li>\n",
		        notices < REPORT_NOTICES_MAX ? notices : REPORT_NOTICES_MAX);
	if (sum->unchecked)
		fprintf(f, "<li>Проверить вручную разделы организаций, которые не удалось проверить полностью "
		        "(%zu), и повторить для них проверку позже.</li>\n", sum->unchecked);
	if (address)
		fprintf(f, "<li>Уточнить в реестре адреса разделов «Наставничество» (%zu организаций: раздел не "
		        "найден или ссылка некорректна).</li>\n", address);
	if (in->registry && (in->registry->nissues || in->registry->issues_dropped))
		fputs("<li>Исправить реестр: замечания к нему — в конце страницы.</li>\n", f);
	fputs("<li>Повторить проверку, когда организации разместят документы: отчёт новой проверки покажет, "
	      "что изменилось с этой.</li>\n</ol>\n"
	      "<p class=\"note\">Что означает каждый итог и что делать с ним — в разделе "
	      "«Что означают итоги и что делать».</p>\n</section>\n", f);
}

static void chart_row(FILE *f, size_t row, const char *key, const char *label, const char *cls,
                      size_t count, size_t total, double share)
{
	double y = (double)row * CHART_ROW_H;
	double w = share > 0 ? share / 100.0 * CHART_BAR_W : 0;

	fputs("<g><title>", f);
	html_text(f, label);
	fprintf(f, ": %zu из %zu</title>\n<text x=\"0\" y=\"%.0f\">", count, total, y + 19);
	html_text(f, label);
	fprintf(f, "</text>\n<rect class=\"bar-bg\" x=\"%d\" y=\"%.0f\" width=\"%d\" height=\"%d\" rx=\"3\"/>\n",
	        CHART_LABEL_W, y + 6, CHART_BAR_W, CHART_BAR_H);
	fprintf(f, "<rect class=\"%s\" data-doc=\"", cls);
	html_text(f, key);
	fprintf(f, "\" x=\"%d\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>\n",
	        CHART_LABEL_W, y + 6, w, CHART_BAR_H);
	fprintf(f, "<text x=\"%d\" y=\"%.0f\">", CHART_LABEL_W + CHART_BAR_W + 8, y + 19);
	html_share(f, share);
	fputs("</text></g>\n", f);
}

static void chart(FILE *f, const struct report_input *in, const struct run_summary *sum)
{
	size_t n = report_doc_count(in->rules);
	int width = CHART_LABEL_W + CHART_BAR_W + CHART_VALUE_W;
	int height = (int)(n + 1) * CHART_ROW_H + 6;

	fputs("<section id=\"chart\">\n<h2>Доля организаций, разместивших документы</h2>\n", f);
	fprintf(f, "<svg id=\"doc-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	        "aria-label=\"Доля организаций по документам\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\">\n", width, height, width, height);
	chart_row(f, 0, "section", "Раздел «Наставничество»", "bar bar-section",
	          sum->with_section, sum->total, sum->section_share);
	for (size_t i = 0; i < n; i++) {
		const struct rule_doc *d = rules_doc(in->rules, i);

		chart_row(f, i + 1, d->id, report_doc_short(d), "bar", sum->doc_count[i], sum->total,
		          sum->doc_share[i]);
	}
	fputs("</svg>\n</section>\n", f);
}

static size_t docs_found(const struct report_input *in, const struct org_result *o)
{
	size_t n = 0;

	for (size_t i = 0; i < report_doc_count(in->rules); i++)
		n += o->docs[i].found;
	return n;
}

/* "RULES:LINE" as people read it: «правило: встроенные правила, строка 35». */
static void rule_line(FILE *f, const char *pattern)
{
	const char *colon = pattern ? strrchr(pattern, ':') : NULL;
	size_t origin_len;

	if (!colon)
		return;
	origin_len = (size_t)(colon - pattern);
	fputs("; правило: ", f);
	if (origin_len == strlen(RULES_BUILTIN_ORIGIN) && strncmp(pattern, RULES_BUILTIN_ORIGIN, origin_len) == 0)
		fputs("встроенные правила", f);
	else
		html_text_n(f, pattern, origin_len);
	fputs(", строка ", f);
	html_text(f, colon + 1);
}

static void doc_verdict(FILE *f, const struct rule_doc *d, const struct org_result *o, size_t i)
{
	const struct doc_result *r = &o->docs[i];
	bool unchecked = verdict_doc_state(o, i) == DOC_UNCHECKED;

	fprintf(f, "<li class=\"%s\"><b>", r->found ? "found" : unchecked ? "unchecked" : "missing");
	html_text(f, d->name);
	fputs("</b>: ", f);
	if (!r->found) {
		fputs(unchecked ? "не проверено — " : "не найден", f);
		if (unchecked)
			html_text(f, report_unchecked_why(o));
		if (r->broken) {
			fputs(" (ссылка не открывается: ", f);
			html_link(f, r->broken_url, NULL);
			fputs(")", f);
		}
		fputs("</li>\n", f);
		return;
	}
	html_link(f, r->url, r->title);
	if (r->recognised && strcmp(r->recognised, "page") == 0)
		fputs(" <span class=\"note\">(текст документа размещён на самой странице, не файлом)</span>", f);
	fputs(" <span class=\"note\">на странице ", f);
	html_link(f, r->page, NULL);
	fprintf(f, "; HTTP %ld", r->http_status);
	if (r->content_type && *r->content_type) {
		fputs(", ", f);
		html_text(f, r->content_type);
	}
	if (r->freshness) {
		fputs("; ", f);
		html_text(f, r->freshness[0] == 'f' ? "текущий учебный год" : "без даты");
	}
	rule_line(f, r->pattern);
	fputs("</span></li>\n", f);
}

static void rejected_item(FILE *f, const struct report_input *in, const struct rejected *r)
{
	fputs("<li class=\"note\">Не засчитан: ", f);
	html_link(f, r->url, r->text);
	fputs(" — ", f);
	html_text(f, verdict_reject_label_ru(r->reason));
	/* A higher act's detail is the rule file's label: the reason above says it in Russian. */
	if (r->detail && *r->detail && r->reason != REJECT_HIGHER_ACT) {
		fputs(" (", f);
		html_text(f, r->detail);
		fputs(")", f);
	}
	if (r->doc >= 0 && (size_t)r->doc < report_doc_count(in->rules)) {
		fputs(", похож на: ", f);
		html_text(f, report_doc_short(rules_doc(in->rules, (size_t)r->doc)));
	}
	fputs("</li>\n", f);
}

/* Organisation k's evidence: a block of its own, full width, after the table (id ev-N). */
static void org_evidence(FILE *f, const struct report_input *in, size_t k, const struct org_result *o)
{
	const struct registry_row *row = report_org_row(in, k);

	fprintf(f, "<article class=\"evidence\" id=\"ev-%zu\">\n<h3>", k + 1);
	html_text(f, row ? row->id : "");
	fputs(". ", f);
	html_text(f, row ? row->name : "");
	fputs(" ", f);
	html_status_badge(f, o->status);
	fputs("</h3>\n", f);
	if (o->reason) {
		fputs("<p>Не удалось проверить (техническая причина): ", f);
		html_text(f, o->reason);
		fputs("</p>\n", f);
	}
	if (o->section_url) {
		fputs("<p>Раздел: ", f);
		html_link(f, o->section_url, NULL);
		fprintf(f, " <span class=\"note\">(страниц: %zu, проверено ссылок: %zu)</span></p>\n",
		        o->pages_fetched, o->links_checked);
	}
	fputs("<ul class=\"docs\">\n", f);
	if (verdict_docs_seen(o->status))
		for (size_t i = 0; i < report_doc_count(in->rules); i++)
			doc_verdict(f, rules_doc(in->rules, i), o, i);
	for (size_t i = 0; i < o->nrejected; i++)
		rejected_item(f, in, &o->rejected[i]);
	if (o->rejected_dropped)
		fprintf(f, "<li class=\"note\">и ещё %zu не засчитанных ссылок</li>\n", o->rejected_dropped);
	fputs("</ul>\n", f);
	report_html_trend_history(f, in, k);
	fprintf(f, "<p class=\"back\"><a href=\"#row-%zu\">← к таблице</a></p>\n</article>\n", k + 1);
}

/* The evidence cell: the link to the evidence, and to the notice when the run wrote one. */
static void links_cell(FILE *f, const struct report_input *in, size_t i, const struct org_result *o,
                       size_t *notices)
{
	const struct registry_row *row = report_org_row(in, i);
	char name[REPORT_NOTICE_NAME_LEN];

	fprintf(f, "<a class=\"ev-open\" href=\"#ev-%zu\">Подробно</a>", i + 1);
	if (!row || !report_notice_due(in, i, o) || *notices >= REPORT_NOTICES_MAX)
		return;
	(*notices)++;
	report_notice_name(name, row->id, row->line);
	fputs("<br><a class=\"notice\" href=\"notices/", f);
	html_text(f, name);
	fputs("\">Уведомление</a>", f);
}

static void missing_cell(FILE *f, const struct report_input *in, const struct org_result *o)
{
	char docs[2048];

	report_docs_in_state(docs, sizeof(docs), in->rules, o, DOC_MISSING, "; ");
	html_text(f, docs);
	report_docs_in_state(docs, sizeof(docs), in->rules, o, DOC_UNCHECKED, "; ");
	if (!*docs)
		return;
	fputs("<span class=\"unchecked\">не проверено: ", f);
	html_text(f, docs);
	fputs(" — ", f);
	html_text(f, report_unchecked_why(o));
	fputs("</span>", f);
}

/* A row that repeats an organisation of another row: which one counts. */
static void repeat_note(FILE *f, const struct report_input *in, size_t i)
{
	const struct registry_row *kept;

	if (report_row_counted(in, i))
		return;
	kept = report_org_row(in, in->stand_in[i]);
	fprintf(f, "<br><span class=\"note\">та же организация, что в строке %zu реестра; в показателях "
	        "учтена она (ссылка ", kept ? kept->line : 0);
	html_text(f, kept ? kept->url : "");
	fputs("); исправьте реестр</span>", f);
}

static void problems_cell(FILE *f, const struct report_input *in, const struct org_result *o)
{
	char line[REPORT_FINDING_LEN];

	for (size_t i = 0; i < o->nfindings; i++) {
		fputs(i ? "<br>" : "", f);
		html_text(f, report_finding_ru(line, sizeof(line), in->rules, &o->findings[i]));
	}
	if (o->findings_dropped)
		fprintf(f, "<br>(и ещё замечаний: %zu)", o->findings_dropped);
}

static int org_row(FILE *f, const struct report_input *in, size_t i, size_t *notices)
{
	const struct org_result *o = report_org(in, i);
	const struct registry_row *row = report_org_row(in, i);
	size_t ndocs = report_doc_count(in->rules);

	if (!o)
		return -1;

	fprintf(f, "<tr class=\"org\" id=\"row-%zu\" data-status=\"%s\"", i + 1, verdict_status_name(o->status));
	if (in->groups && in->groups->group_of)
		fprintf(f, " data-group=\"g%zu\"", in->groups->group_of[i] + 1);
	fputs("><td class=\"num\"", f);
	html_id_sort_key(f, row ? row->id : NULL, i + 1);
	fputs(">", f);
	html_text(f, row ? row->id : "");
	fputs("</td><td>", f);
	if (row)
		html_link(f, o->section_url ? o->section_url : row->url, row->name);
	fprintf(f, "</td><td data-value=\"%d\">", (int)o->status);
	html_status_badge(f, o->status);
	if (verdict_docs_seen(o->status))
		fprintf(f, "</td><td class=\"num\" data-value=\"%zu\">%zu из %zu</td><td>",
		        docs_found(in, o), docs_found(in, o), ndocs);
	else
		fputs("</td><td class=\"num\" data-value=\"-1\">—</td><td>", f);
	missing_cell(f, in, o);
	fputs("</td><td>", f);
	problems_cell(f, in, o);
	repeat_note(f, in, i);
	fputs("</td><td>", f);
	links_cell(f, in, i, o, notices);
	fputs("</td></tr>\n", f);
	return 0;
}

/*
 * The table's filters: a search box and one select per row attribute
 * (data-filter="status" matches data-status). Hidden until the page's
 * script shows them: without it every row stays shown. With --group-by,
 * select[data-filter="group"] matches the rows' data-group ("gK", the
 * K-th group of in->groups, as the groups' table names its columns).
 */
static void org_filters(FILE *f, const struct report_input *in)
{
	fputs("<div class=\"controls\" data-filter-for=\"orgs\" hidden>"
	      "<input id=\"filter\" type=\"search\" placeholder=\"Поиск: №, название, адрес\" "
	      "aria-label=\"Поиск\">"
	      "<select id=\"status-filter\" data-filter=\"status\" aria-label=\"Статус\">"
	      "<option value=\"\">все статусы</option>", f);
	for (size_t st = 0; st < ORG_STATUS_COUNT; st++) {
		fprintf(f, "<option value=\"%s\">", verdict_status_name((enum org_status)st));
		html_text(f, verdict_status_label_ru((enum org_status)st));
		fputs("</option>", f);
	}
	fputs("</select>", f);
	if (in->groups) {
		fputs("<select id=\"group-filter\" data-filter=\"group\" aria-label=\"", f);
		html_text(f, in->groups->column);
		fputs("\"><option value=\"\">все группы: ", f);
		html_text(f, in->groups->column);
		fputs("</option>", f);
		for (size_t k = 0; k < in->groups->n; k++) {
			fprintf(f, "<option value=\"g%zu\">", k + 1);
			html_text(f, report_group_name_ru(in->groups->names[k]));
			fputs("</option>", f);
		}
		fputs("</select>", f);
	}
	fprintf(f, "<span>показано: <span class=\"shown\">%zu</span> из %zu</span></div>\n",
	        in->norgs, in->norgs);
}

static int org_table(FILE *f, const struct report_input *in)
{
	size_t notices = 0;

	fputs("<section id=\"organizations\">\n<h2>Организации</h2>\n", f);
	org_filters(f, in);
	fputs("<table id=\"orgs\" class=\"sortable\">\n<colgroup><col class=\"c-id\"><col class=\"c-name\">"
	      "<col class=\"c-status\"><col class=\"c-docs\"><col class=\"c-missing\"><col class=\"c-problems\">"
	      "<col class=\"c-links\"></colgroup>\n<thead><tr>"
	      "<th data-sort=\"num\">№</th><th data-sort=\"text\">Наименование</th>"
	      "<th data-sort=\"num\">Статус</th><th data-sort=\"num\">Документы</th>"
	      "<th data-sort=\"text\">Отсутствуют</th><th>Замечания</th><th>Подробно</th>"
	      "</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < in->norgs; i++)
		if (org_row(f, in, i, &notices))
			return -1;
	fputs("</tbody>\n</table>\n</section>\n", f);
	return 0;
}

/* Every organisation's evidence, in registry order, and the dialog the page's script shows one in. */
static int evidence_section(FILE *f, const struct report_input *in)
{
	fputs("<section id=\"evidence\">\n<h2>Подробно по организациям</h2>\n", f);
	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);

		if (!o)
			return -1;
		org_evidence(f, in, i, o);
	}
	fputs("</section>\n<dialog id=\"ev-dialog\" aria-label=\"Подробно\"><form method=\"dialog\">"
	      "<button class=\"close\">Закрыть</button></form><div class=\"ev-body\"></div></dialog>\n", f);
	return 0;
}

static void registry_issues(FILE *f, const struct report_input *in)
{
	const struct registry *r = in->registry;
	char text[REPORT_REGISTRY_ISSUE_RU_LEN];

	if (!r || (!r->nissues && !r->issues_dropped))
		return;
	fputs("<section id=\"registry-issues\">\n<h2>Замечания к реестру</h2>\n<ul>\n", f);
	for (size_t i = 0; i < r->nissues; i++) {
		fprintf(f, "<li>строка %zu: ", r->issues[i].line);
		html_text(f, report_registry_issue_text_ru(text, sizeof(text), &r->issues[i]));
		fputs("</li>\n", f);
	}
	/* As summary.md: the records past the listed ones are counted, not left unsaid. */
	if (r->issues_dropped) {
		fputs("<li>", f);
		html_text(f, report_registry_dropped_ru(text, sizeof(text), r->issues_dropped));
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

int report_html(FILE *f, const struct report_input *in)
{
	struct run_summary local;
	const struct run_summary *sum;

	if (!f || !in || !in->rules || !report_has_orgs(in))
		return -1;
	sum = report_summary_of(in, &local);
	html_page_begin(f, "Наставничество: отчёт о проверке сайтов");
	header(f, in);
	headline(f, sum);
	indicator_table(f, in, sum);
	report_html_groups_section(f, in, sum);
	status_counts(f, sum);
	chart(f, in, sum);
	report_html_trend_section(f, in, sum);
	next_steps(f, in, sum);
	status_legend(f, sum);
	if (in->changes)
		report_html_changes_section(f, in);
	if (org_table(f, in) || evidence_section(f, in))
		return -1;
	registry_issues(f, in);
	html_page_end(f);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
