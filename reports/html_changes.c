/*
 * html_changes.c - what changed since the previous run, as a section of
 * report.html and, for `diff`, as a page of its own (changes.html).
 */
#include "reports/report.h"

#include "reports/snapshot.h"
#include "reports/html_page.h"
#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static void status_badge(FILE *f, const struct results_org *o, const char *absent)
{
	enum org_status st;

	if (!o) {
		html_text(f, absent);
		return;
	}
	if (verdict_status_parse(&st, o->status)) {
		html_text(f, o->status);
		return;
	}
	html_status_badge(f, st);
}

static void doc_list(FILE *f, const struct report_input *in, unsigned mask, const char *cls)
{
	const struct results_snapshot *s = in->changes->after;
	bool first = true;

	for (size_t i = 0; i < s->ndocs; i++) {
		int k;

		if (!(mask & (1u << i)))
			continue;
		k = in->rules ? rules_doc_index(in->rules, s->doc_keys[i]) : -1;
		fprintf(f, "%s<span class=\"%s\">", first ? "" : "; ", cls);
		html_text(f, k >= 0 ? report_doc_short(rules_doc(in->rules, (size_t)k)) : s->doc_keys[i]);
		fputs("</span>", f);
		first = false;
	}
}

static void docs_found(FILE *f, const struct results_snapshot *s, const struct results_org *o)
{
	char text[32];

	report_docs_found_text(text, sizeof(text), s, o);
	fputs(text, f);
}

static void date_of(FILE *f, const char *iso)
{
	char date[32];

	report_date_ru(date, sizeof(date), iso);
	html_text(f, date);
}

void report_html_changes_section(FILE *f, const struct report_input *in)
{
	const struct run_changes *c = in->changes;

	fputs("<section id=\"changes\">\n<h2>Изменения с предыдущей проверки</h2>\n<p>"
	      "Доля соответствующих: ", f);
	html_share(f, c->before->compliant_share);
	fputs(" (", f);
	date_of(f, c->before->as_of);
	fputs(") → <b>", f);
	html_share(f, c->after->compliant_share);
	fputs("</b> (", f);
	date_of(f, c->after->as_of);
	fprintf(f, ").<br>Опубликовано документов: %zu, пропало: %zu; сменили статус: %zu; "
	        "новых в реестре: %zu, выбыло: %zu.</p>\n",
	        c->published, c->lost, c->status_changed, c->added, c->removed);
	if (!c->n) {
		fputs("<p>Изменений по организациям нет.</p>\n</section>\n", f);
		return;
	}
	fputs("<table id=\"changes-table\" class=\"sortable\">\n<thead><tr>"
	      "<th data-sort=\"num\">№</th><th data-sort=\"text\">Наименование</th>"
	      "<th>Статус был</th><th>Статус стал</th><th>Опубликованы</th><th>Пропали</th>"
	      "<th>Документов было</th><th>Документов стало</th>"
	      "</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const struct org_change *ch = &c->items[i];
		const struct results_org *o = ch->after ? ch->after : ch->before;

		fprintf(f, "<tr data-change=\"%s\"><td", !ch->before ? "added" : !ch->after ? "removed" : "changed");
		html_id_sort_key(f, o->id, i + 1);
		fputs(">", f);
		html_text(f, o->id);
		fputs("</td><td>", f);
		html_text(f, o->name);
		fputs("</td><td>", f);
		status_badge(f, ch->before, "не было в реестре");
		fputs("</td><td>", f);
		status_badge(f, ch->after, "нет в реестре");
		fputs("</td><td>", f);
		doc_list(f, in, ch->published, "plus");
		fputs("</td><td>", f);
		doc_list(f, in, ch->lost, "minus");
		fputs("</td><td>", f);
		docs_found(f, c->before, ch->before);
		fputs("</td><td>", f);
		docs_found(f, c->after, ch->after);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n</section>\n", f);
}

int report_changes_html(FILE *f, const struct report_input *in)
{
	if (!f || !in || !in->changes)
		return -1;
	html_page_begin(f, "Наставничество: изменения между проверками");
	fputs("<header>\n<h1>Наставничество: изменения между проверками</h1>\n</header>\n", f);
	report_html_changes_section(f, in);
	html_page_end(f);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
