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
#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/*
 * Indicator letters for document rows, as in the department's table
 * (N for the order, P for the regulation, ...). F and Q are taken by the
 * section and compliance rows.
 */
static const char *const doc_letters[] = {
	"N", "P", "K", "A", "B", "H", "C", "D", "E", "G", "J", "L", "R", "S", "U", "W",
};
_Static_assert(sizeof(doc_letters) / sizeof(doc_letters[0]) >= CAP_RULE_DOCS,
               "one indicator letter per document kind");

#define SECTION_LETTER   "F"
#define COMPLIANT_LETTER "Q"

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

static void indicator_row(FILE *f, size_t no, const char *title, const char *letter,
                          size_t count, size_t total, double share, const char *what)
{
	char value[32];

	share_ru(value, sizeof(value), share);
	fprintf(f, "| %zu | ", no);
	md_text(f, title);
	fprintf(f, " (%s) | %s = %s1 / V × 100 %% = %zu / %zu × 100 %%, где %s1 – ",
	        letter, letter, letter, count, total, letter);
	md_text(f, what);
	fprintf(f, ", V – общее количество ОО | %s %% |\n", value);
}

static void write_indicators(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	size_t i, ndocs = report_doc_count(in->rules);
	size_t nreq = 0;
	char title[1024], what[2048];
	size_t wlen;

	fputs("## Значения показателей\n\n", f);
	fputs("| № | Показатель | Методика расчета | Значение показателя |\n", f);
	fputs("|---|---|---|---|\n", f);
	for (i = 0; i < ndocs; i++) {
		const struct rule_doc *d = rules_doc(in->rules, i);

		snprintf(title, sizeof(title), "Доля ОО, разместивших на сайте: %s", d->name);
		snprintf(what, sizeof(what), "количество ОО, разместивших на сайте: %s", d->name);
		indicator_row(f, i + 1, title, doc_letters[i], s->doc_count[i], s->total,
		              s->doc_share[i], what);
	}
	indicator_row(f, ndocs + 1,
	              "Доля ОО, создавших специальный раздел «Наставничество» на официальных сайтах",
	              SECTION_LETTER, s->with_section, s->total, s->section_share,
	              "количество ОО, создавших специальный раздел «Наставничество» на официальных сайтах");

	/* Name the required documents: which ones count is the rule file's choice, not a constant. */
	wlen = (size_t)snprintf(what, sizeof(what),
	                        "количество ОО, разместивших все обязательные документы (");
	for (i = 0; i < ndocs && wlen < sizeof(what); i++) {
		const struct rule_doc *d = rules_doc(in->rules, i);

		if (!d->required)
			continue;
		wlen += (size_t)snprintf(what + wlen, sizeof(what) - wlen, "%s%s",
		                         nreq ? ", " : "", report_doc_short(d));
		nreq++;
	}
	if (wlen < sizeof(what))
		snprintf(what + wlen, sizeof(what) - wlen, ")");
	indicator_row(f, ndocs + 2,
	              "Доля ОО, реализующих систему наставничества педагогических работников "
	              "(все обязательные документы размещены)",
	              COMPLIANT_LETTER, s->compliant, s->total, s->compliant_share, what);
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

static int write_noncompliant(FILE *f, const struct report_input *in, const struct run_summary *s)
{
	size_t i, d, ndocs = report_doc_count(in->rules);
	/* The summary counts the same organisations as the rows below, in one pass less. */
	size_t n = s->total - s->compliant;
	bool first;

	fprintf(f, "## Организации, не соответствующие требованиям: %zu\n\n", n);
	if (n == 0) {
		fputs(in->norgs ? "Все организации разместили обязательные документы.\n\n"
		                : "Реестр не содержит организаций.\n\n", f);
		return 0;
	}
	fputs("| № | Наименование | Статус | Отсутствующие документы |\n", f);
	fputs("|---|---|---|---|\n", f);
	for (i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);
		const struct registry_row *row = report_org_row(in, i);

		if (!o)
			return -1;
		if (o->status == ORG_COMPLIANT)
			continue;
		fputs("| ", f);
		md_text(f, row ? row->id : "");
		fputs(" | ", f);
		md_text(f, row ? row->name : "");
		fprintf(f, " | %s | ", verdict_status_label_ru(o->status));
		first = true;
		for (d = 0; d < ndocs; d++) {
			if (!report_doc_missing(in->rules, o, d))
				continue;
			if (!first)
				fputs(", ", f);
			md_text(f, report_doc_short(rules_doc(in->rules, d)));
			first = false;
		}
		fputs(" |\n", f);
	}
	fputs("\n", f);
	return 0;
}

static void write_registry_issues(FILE *f, const struct registry *reg)
{
	size_t i;

	if (!reg || !reg->nissues)
		return;
	fprintf(f, "## Строки реестра, не включенные в мониторинг: %zu\n\n", reg->nissues);
	for (i = 0; i < reg->nissues; i++) {
		fprintf(f, "- строка %zu: ", reg->issues[i].line);
		md_text(f, reg->issues[i].reason);
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
	if (in->registry_path) {
		fputs(" Реестр: ", f);
		md_text(f, in->registry_path);
		fputs(".", f);
	}
	if (in->generated_at) {
		fputs(" Сформировано: ", f);
		md_text(f, in->generated_at);
		fputs(".", f);
	}
	fputs("\n\n", f);
	write_indicators(f, in, s);
	write_by_status(f, s);
	if (write_noncompliant(f, in, s))
		return -1;
	write_registry_issues(f, in->registry);
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
