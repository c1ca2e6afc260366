/*
 * csv.c - noncompliant.csv, the work list the department opens in Excel.
 *
 * Russian-locale Excel reads a file correctly only as UTF-8 with a BOM,
 * ';' as the delimiter and CRLF line ends; that is the default dialect.
 * `rfc4180` writes plain comma CSV for scripts. Quoting follows RFC 4180
 * in both.
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/registry.h"
#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

#define CSV_JOIN "; "

struct dialect {
	const char *name;
	const char *bom;
	char delim;
	const char *eol;
	const char *specials;     /* characters that make a cell quoted */
	bool formula_guard;       /* for spreadsheets; scripts want the text as it is */
};

static const struct dialect dialects[REPORT_CSV_DIALECTS] = {
	[REPORT_CSV_EXCEL] = { "excel", "\xEF\xBB\xBF", ';', "\r\n", ";\"\r\n", true },
	[REPORT_CSV_RFC4180] = { "rfc4180", "", ',', "\r\n", ",\"\r\n", false },
};

int report_csv_dialect_parse(enum report_csv_dialect *out, const char *name)
{
	for (size_t i = 0; i < REPORT_CSV_DIALECTS; i++) {
		if (strcmp(dialects[i].name, name) == 0) {
			*out = (enum report_csv_dialect)i;
			return 0;
		}
	}
	return -1;
}
/* A joined cell (problems, missing documents) never grows past this. */
#define CSV_CELL_CAP (1024u * 1024u)

static const char *const csv_header[] = {
	"№", "Наименование", "Ссылка", "Статус", "Отсутствующие документы", "Замечания",
};

/*
 * Names, URLs and problems come from registries and web sites, so a cell
 * could hold a formula that Excel would run. A leading apostrophe makes
 * Excel show the text as is. '-' followed by a digit or a space is left
 * alone: "-5" and "- text" are common and harmless.
 */
static bool needs_formula_guard(const char *s)
{
	if (s[0] == '=' || s[0] == '+' || s[0] == '@')
		return true;
	if (s[0] == '-')
		return s[1] != '\0' && s[1] != ' ' && !(s[1] >= '0' && s[1] <= '9');
	return false;
}

static void put_cell(FILE *f, const struct dialect *d, const char *s, bool first)
{
	bool guard, quote;
	const char *p;

	if (!s)
		s = "";
	if (!first)
		putc(d->delim, f);
	guard = d->formula_guard && needs_formula_guard(s);
	quote = strpbrk(s, d->specials) != NULL;
	if (quote)
		putc('"', f);
	if (guard)
		putc('\'', f);
	for (p = s; *p; p++) {
		if (*p == '"' && quote)
			putc('"', f);
		putc(*p, f);
	}
	if (quote)
		putc('"', f);
}

static void join_missing(struct buf *b, const struct report_input *in, const struct org_result *o)
{
	size_t i, n = report_doc_count(in->rules);

	for (i = 0; i < n; i++) {
		if (!report_doc_missing(in->rules, o, i))
			continue;
		if (b->len)
			buf_addstr(b, CSV_JOIN);
		buf_addstr(b, rules_doc(in->rules, i)->name);
	}
}

static void join_problems(struct buf *b, const struct strvec *problems)
{
	size_t i;

	for (i = 0; i < problems->len; i++) {
		if (b->len)
			buf_addstr(b, CSV_JOIN);
		buf_addstr(b, problems->items[i]);
	}
	if (problems->dropped) {
		if (b->len)
			buf_addstr(b, CSV_JOIN);
		buf_printf(b, "(+%zu more problems not kept)", problems->dropped);
	}
}

int report_csv(FILE *f, const struct report_input *in)
{
	const struct dialect *d = &dialects[in && in->csv_dialect < REPORT_CSV_DIALECTS ? in->csv_dialect : 0];
	struct buf cell;
	size_t i, j, nextra;
	int rc = -1;

	buf_init(&cell, CSV_CELL_CAP);
	if (!f || !in || !in->rules || (in->norgs && !in->orgs))
		goto out;
	nextra = in->registry ? in->registry->nextra : 0;

	fputs(d->bom, f);
	for (j = 0; j < sizeof(csv_header) / sizeof(csv_header[0]); j++)
		put_cell(f, d, csv_header[j], j == 0);
	for (j = 0; j < nextra; j++)
		put_cell(f, d, in->registry->extra_names[j], false);
	fputs(d->eol, f);

	for (i = 0; i < in->norgs; i++) {
		const struct org_result *o = &in->orgs[i];
		const struct registry_row *row = report_org_row(in, i);

		if (o->status == ORG_COMPLIANT)
			continue;
		put_cell(f, d, row ? row->id : NULL, true);
		put_cell(f, d, row ? row->name : NULL, false);
		put_cell(f, d, row ? row->url : NULL, false);
		put_cell(f, d, verdict_status_label_ru(o->status), false);
		buf_reset(&cell);
		join_missing(&cell, in, o);
		put_cell(f, d, buf_str(&cell), false);
		buf_reset(&cell);
		join_problems(&cell, &o->problems);
		put_cell(f, d, buf_str(&cell), false);
		for (j = 0; j < nextra; j++)
			put_cell(f, d, row ? row->extra[j] : NULL, false);
		fputs(d->eol, f);
	}
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
out:
	buf_free(&cell);
	return rc;
}
