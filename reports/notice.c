/*
 * notice.c - the notice to an organisation's director: one printable A4
 * page in plain Russian, self-contained: the organisation, the date, what
 * the methodology requires, what was found (with links), what is missing or
 * could not be checked and why, where the tool looked, what to do, and the
 * department's contact. One renderer for `check --notice FILE` and for
 * `audit`'s notices/ directory (one file per organisation that is not
 * compliant, named by report_notice_name()).
 */
#include "reports/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/file.h"
#include "core/hash.h"
#include "core/log.h"

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/html_page.h"
#include "reports/report_util.h"
#include "reports/status_words.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* A page of its own: no script, nothing loaded, laid out for A4. */
static const char notice_head[] =
	"<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	"<title>Уведомление о размещении документов о наставничестве</title>\n<style>\n"
	"@page{size:A4;margin:15mm 15mm}body{font-family:'Liberation Serif','Times New Roman',serif;"
	"font-size:11.5pt;line-height:1.3;max-width:180mm;margin:0 auto;color:#000}"
	"h1{font-size:13.5pt;text-align:center;margin:0 0 6pt}h2{font-size:12pt;margin:8pt 0 3pt}"
	".note{font-size:10.5pt}"
	"p,li{margin:2pt 0;overflow-wrap:anywhere}ul{margin:0;padding-left:16pt}"
	".found{color:#1a5e20}.missing{color:#8b1a1a}.unchecked{color:#6b4e00}a{color:#000}"
	".meta{text-align:right}\n</style>\n</head>\n<body>\n";

/*
 * Each required document, as the methodology requires it: found (with its
 * link), not found, or not checked, the reason said once below the list
 * (it is the organisation's, the same for every document).
 */
static void documents(FILE *f, const struct report_input *in, const struct org_result *o)
{
	char fresh[1024];
	bool which[CAP_RULE_DOCS] = { false }, unchecked = false;

	fputs("<h2>Что требуется разместить и что найдено на сайте</h2>\n<ul>\n", f);
	for (size_t d = 0; d < report_doc_count(in->rules); d++) {
		const struct rule_doc *doc = rules_doc(in->rules, d);
		enum doc_state st = verdict_doc_state(o, d);

		if (!doc->required)
			continue;
		which[d] = doc->fresh == RULE_FRESH_YEAR;
		unchecked |= st == DOC_UNCHECKED;
		fprintf(f, "<li class=\"%s\">", st == DOC_FOUND ? "found" : st == DOC_UNCHECKED ? "unchecked" : "missing");
		html_text(f, doc->name);
		if (st == DOC_FOUND) {
			fputs(": размещён — ", f);
			html_link(f, o->docs[d].url, o->docs[d].title);
		} else {
			fputs(st == DOC_UNCHECKED ? ": не проверен" : ": не найден", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
	report_join_doc_names(fresh, sizeof(fresh), in->rules, which, ", ");
	if (*fresh) {
		fputs("<p class=\"note\">Текущего учебного года: ", f);
		html_text(f, fresh);
		fputs(".</p>\n", f);
	}
	if (unchecked) {
		fputs("<p class=\"unchecked\">Не проверены, потому что ", f);
		html_text(f, report_unchecked_why(o));
		fputs(".</p>\n", f);
	}
}

/* The problems a notice lists: the page must stay one A4 sheet; the rest are counted. */
#define NOTICE_FINDINGS_MAX 6

static void problems(FILE *f, const struct report_input *in, const struct org_result *o)
{
	char line[REPORT_FINDING_LEN];

	if (!o->nfindings)
		return;
	fputs("<h2>Замечания</h2>\n<ul>\n", f);
	for (size_t i = 0; i < o->nfindings && i < NOTICE_FINDINGS_MAX; i++) {
		fputs("<li>", f);
		html_text(f, report_finding_ru(line, sizeof(line), in->rules, &o->findings[i]));
		fputs("</li>\n", f);
	}
	if (o->nfindings + o->findings_dropped > NOTICE_FINDINGS_MAX)
		fprintf(f, "<li>и ещё замечаний: %zu — они есть в отчёте отдела образования</li>\n",
		        o->nfindings + o->findings_dropped - NOTICE_FINDINGS_MAX);
	fputs("</ul>\n", f);
}

/* Organisation i's notice, o its result (read once by the caller: org_at reads the journal). */
static int render(FILE *f, const struct report_input *in, size_t i, const struct org_result *o)
{
	const struct registry_row *row = report_org_row(in, i);
	const char *contact = in->contact;
	const struct status_words *w;
	char date[64];

	if (!f || !o || !row)
		return -1;
	w = report_status_words(o->status);
	report_date_long_ru(date, sizeof(date), in->as_of);
	fputs(notice_head, f);
	fputs("<p class=\"meta\">Руководителю организации<br>", f);
	html_text(f, row->name);
	fputs("</p>\n<h1>Уведомление о размещении документов о наставничестве на официальном сайте</h1>\n<p>", f);
	fputs("По состоянию на ", f);
	html_text(f, date);
	fputs(" проверен раздел «Наставничество» официального сайта организации. Итог: <b>", f);
	html_text(f, verdict_status_label_ru(o->status));
	fputs("</b>.</p>\n<p>", f);
	html_text(f, w ? w->meaning : "");
	fputs("</p>\n", f);
	documents(f, in, o);
	problems(f, in, o);
	fputs("<h2>Где проверялось</h2>\n<p>Адрес из реестра: ", f);
	html_link(f, row->url, NULL);
	if (o->section_url) {
		fputs("<br>Раздел найден по адресу: ", f);
		html_link(f, o->section_url, NULL);
	}
	fprintf(f, "<br>Просмотрено страниц: %zu, проверено ссылок на документы: %zu.</p>\n", o->pages_fetched,
	        o->links_checked);
	fputs("<h2>Что сделать</h2>\n<p>", f);
	html_text(f, w ? w->for_director : "");
	fputs(" Документы размещаются в разделе «Наставничество» файлами (PDF, DOCX) или текстом на "
	      "странице; ссылка должна открывать сам документ.</p>\n", f);
	if (contact && *contact) {
		fputs("<h2>Контакты</h2>\n<p>", f);
		html_text(f, contact);
		fputs("</p>\n", f);
	}
	fputs("</body>\n</html>\n", f);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

int report_notice(FILE *f, const struct report_input *in, size_t i)
{
	return in ? render(f, in, i, report_org(in, i)) : -1;
}

bool report_notice_due(const struct report_input *in, size_t i, const struct org_result *o)
{
	return o && o->status != ORG_COMPLIANT && report_row_counted(in, i);
}

/* An id longer than this, encoded, is cut and told apart by its hash. */
#define NOTICE_NAME_KEEP 80

static bool name_byte_kept(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

void report_notice_name(char out[REPORT_NOTICE_NAME_LEN], const char *id, size_t line)
{
	size_t n = 0;

	if (!id || !*id) {
		snprintf(out, REPORT_NOTICE_NAME_LEN, "~L%zu.html", line);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (n + 3 > NOTICE_NAME_KEEP) {
			snprintf(out + n, REPORT_NOTICE_NAME_LEN - n, "~H%016" PRIx64 ".html",
			         hash_fnv1a(HASH_FNV1A_INIT, id));
			return;
		}
		if (name_byte_kept(*p))
			out[n++] = (char)*p;
		else
			n += (size_t)snprintf(out + n, 4, "~%02X", *p);
	}
	snprintf(out + n, REPORT_NOTICE_NAME_LEN - n, ".html");
}

struct notice_job {
	const struct report_input *in;
	size_t i;
	const struct org_result *o;
};

static int write_notice(FILE *f, const void *ctx)
{
	const struct notice_job *job = ctx;

	return render(f, job->in, job->i, job->o);
}

int report_notices(const char *dir, const char *shown_dir, const struct report_input *in,
                   char *err, size_t errlen)
{
	char name[REPORT_NOTICE_NAME_LEN];
	size_t written = 0, over = 0;
	size_t path_len = strlen(dir) + REPORT_NOTICE_NAME_LEN + 2;
	size_t shown_len = strlen(shown_dir) + REPORT_NOTICE_NAME_LEN + 2;
	char *path = malloc(path_len), *shown = malloc(shown_len);
	struct stat st;
	int rc = -1;

	if (!path || !shown) {
		snprintf(err, errlen, "cannot write %s: %s", shown_dir, strerror(ENOMEM));
		goto out;
	}
	for (size_t i = 0; i < in->norgs; i++) {
		struct notice_job job = { in, i, report_org(in, i) };
		const struct registry_row *row = report_org_row(in, i);

		if (!job.o || !row) {
			snprintf(err, errlen, "cannot write %s: organisation %zu cannot be read back", shown_dir, i + 1);
			goto out;
		}
		if (!report_notice_due(in, i, job.o))
			continue;
		if (written == REPORT_NOTICES_MAX) {
			over++;
			continue;
		}
		report_notice_name(name, row->id, row->line);
		snprintf(path, path_len, "%s/%s", dir, name);
		snprintf(shown, shown_len, "%s/%s", shown_dir, name);
		/* Ids that differ only in case on a file system that ignores it: the first keeps the name. */
		if (stat(path, &st) == 0) {
			log_warn("%s: taken by another organisation's notice; registry line %zu (id %s) gets none",
			         shown, row->line, row->id);
			continue;
		}
		if (file_write_new(path, shown, write_notice, &job, true, err, errlen))
			goto out;
		written++;
	}
	if (over)
		log_warn("%s: %zu notices written, %zu more not (at most %u per run)", shown_dir, written, over,
		         REPORT_NOTICES_MAX);
	rc = 0;
out:
	free(path);
	free(shown);
	return rc;
}
