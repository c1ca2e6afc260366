/*
 * html_trend.c - report.html's trend: the compliant share and each
 * indicator at every earlier run (in->trend) and this one, drawn as inline
 * SVG line charts that read printed and without a script (every point
 * carries its value as text), and each organisation's status at each
 * earlier run, newest first, for its evidence.
 */
#include "reports/report.h"

#include <stdbool.h>
#include <stdio.h>

#include "reports/html_page.h"
#include "reports/indicators.h"
#include "reports/report_util.h"
#include "reports/trend.h"
#include "rules/verdict.h"

/* Charts' geometry, in CSS pixels: the compliant share's, then each indicator's. */
#define BIG_W   760
#define BIG_H   280
#define SMALL_W 360
#define SMALL_H 190
#define AXIS_W  48    /* the shares' labels left of the plot */
#define DATES_H 26    /* the dates below it */
#define TOP_PAD 22    /* room for a value above a point at 100 % */
#define RIGHT_PAD 8
#define INSET   40    /* the first and last points this far inside the plot: their date and value fit */
/* Up to this many points every point's value is written beside it; past it the first and the last. */
#define LABEL_ALL_POINTS 12
/* A date under the axis takes this much width («22.11.2026» is about 70 px): fewer are written, evenly picked. */
#define DATE_LABEL_W 84

struct point {
	const char *as_of;   /* YYYY-MM-DD */
	double share;
	bool known;
};

static void share_text(char *out, size_t len, double share)
{
	char s[32];

	report_fmt_share(s, sizeof(s), share, ',');
	snprintf(out, len, "%s\xC2\xA0%%", s);
}

/* One chart: a line through the known points, each a circle with its date and share. */
static void line_chart(FILE *f, const char *id, const char *label, const struct point *p, size_t n, int w, int h)
{
	struct trend_scale sc = { AXIS_W, TOP_PAD, w - AXIS_W - RIGHT_PAD, h - TOP_PAD - DATES_H };
	struct trend_scale pts = { sc.left + INSET, sc.top, sc.width - 2 * INSET, sc.height };
	size_t fit = (size_t)(pts.width / DATE_LABEL_W) + 1;
	size_t step = n > fit ? (n + fit - 2) / (fit - 1) : 1;
	char date[32], value[48];
	bool first = true;

	fprintf(f, "<svg class=\"trend\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"", id);
	html_text(f, label);
	fprintf(f, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", w, h, w, h);
	for (int pct = 0; pct <= 100; pct += 25) {
		double y = report_trend_y(&sc, pct);

		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		        "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d\xC2\xA0%%</text>\n",
		        sc.left, y, sc.left + sc.width, y, AXIS_W - 6, y + 4, pct);
	}
	fputs("<polyline class=\"line\" points=\"", f);
	for (size_t i = 0; i < n; i++) {
		if (!p[i].known)
			continue;
		fprintf(f, "%s%.1f,%.1f", first ? "" : " ", report_trend_x(&pts, i, n), report_trend_y(&sc, p[i].share));
		first = false;
	}
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		double x = report_trend_x(&pts, i, n), y;
		unsigned long tenths = report_share_tenths(p[i].share);

		report_date_ru(date, sizeof(date), p[i].as_of);
		/* The last date always; the one before it only when they do not meet. */
		if (i + 1 == n || (i % step == 0 && report_trend_x(&pts, n - 1, n) - x >= DATE_LABEL_W)) {
			fprintf(f, "<text class=\"date\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
			        sc.top + sc.height + 18);
			html_text(f, date);
			fputs("</text>\n", f);
		}
		if (!p[i].known)
			continue;
		y = report_trend_y(&sc, p[i].share);
		share_text(value, sizeof(value), p[i].share);
		fprintf(f, "<g class=\"pt\" data-date=\"");
		html_text(f, p[i].as_of);
		fprintf(f, "\" data-share=\"%lu.%lu\"><title>", tenths / 10, tenths % 10);
		html_text(f, date);
		fputs(": ", f);
		html_text(f, value);
		fprintf(f, "</title><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", x, y);
		if (n <= LABEL_ALL_POINTS || i == 0 || i + 1 == n) {
			fprintf(f, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, y - 9);
			html_text(f, value);
			fputs("</text>", f);
		}
		fputs("</g>\n", f);
	}
	fputs("</svg>\n", f);
}

/* Past this many runs with another rule file or registry, the note names the first two and the last. */
#define NOTE_DATES 4

static bool is_other(const struct trend_run *r, bool rules)
{
	return rules ? r->other_rules : r->other_registry;
}

static size_t count_other(const struct report_trend *t, bool rules)
{
	size_t n = 0;

	for (size_t k = 0; k < report_trend_count(t); k++)
		n += is_other(report_trend_run(t, k), rules);
	return n;
}

/* The dates of the n runs with another rule file (rules) or registry: «15.09.2026, 20.10.2026», or «15.01.2023, 15.02.2023, …, 15.12.2025 (всего 36)». */
static void other_dates(FILE *f, const struct report_trend *t, bool rules, size_t n)
{
	size_t seen = 0;
	char date[32];

	for (size_t k = 0; k < report_trend_count(t); k++) {
		const struct trend_run *r = report_trend_run(t, k);

		if (!is_other(r, rules))
			continue;
		seen++;
		if (n > NOTE_DATES && seen > 2 && seen < n)
			continue;
		report_date_ru(date, sizeof(date), r->as_of);
		fputs(seen == 1 ? "" : n > NOTE_DATES && seen == n ? ", …, " : ", ", f);
		html_text(f, date);
	}
	if (n > NOTE_DATES)
		fprintf(f, " (всего %zu)", n);
}

/* «Проверка от 15.09.2026 выполнена по …» or «Проверки от 15.09.2026, 20.10.2026 выполнены по …». */
static void other_note(FILE *f, const struct report_trend *t, bool rules, const char *what)
{
	size_t n = count_other(t, rules);

	if (!n)
		return;
	fputs(n == 1 ? " Проверка от " : " Проверки от ", f);
	other_dates(f, t, rules, n);
	fputs(n == 1 ? " выполнена по " : " выполнены по ", f);
	fputs(what, f);
}

static void notes(FILE *f, const struct report_trend *t)
{
	fputs("<p class=\"note\">Точка — проверка; подпись — доля организаций от всех ОО в реестре той проверки. "
	      "Последняя точка — эта проверка.", f);
	other_note(f, t, true, "другому файлу правил: доли сравнимы с этой проверкой лишь приблизительно.");
	other_note(f, t, false, "другому реестру: доля считается от числа ОО в том реестре.");
	fputs("</p>\n", f);
}

void report_html_trend_section(FILE *f, const struct report_input *in, const struct run_summary *sum)
{
	const struct report_trend *t = in->trend;
	size_t runs = report_trend_count(t), n = runs + 1;
	struct point p[CAP_TREND_RUNS + 1];
	struct indicator_row rows[INDICATOR_ROWS];
	size_t nrows = report_indicators(in->rules, sum, rows);
	char name[1024], id[48];

	if (!runs)
		return;
	for (size_t k = 0; k < runs; k++)
		p[k] = (struct point){ report_trend_run(t, k)->as_of, report_trend_run(t, k)->compliant_share, true };
	p[runs] = (struct point){ in->as_of, sum->compliant_share, true };
	fputs("<section id=\"trend\">\n<h2>Динамика по проверкам</h2>\n"
	      "<h3>Доля организаций, соответствующих требованиям</h3>\n", f);
	line_chart(f, "trend-compliant", "Доля соответствующих требованиям по датам проверок", p, n, BIG_W, BIG_H);
	notes(f, t);
	fputs("<h3>Показатели по датам проверок</h3>\n<div class=\"trend-grid\">\n", f);
	for (size_t i = 0; i < nrows; i++) {
		/* The rule file's name, or one made into name[]: the pointer says which. */
		const char *label = report_indicator_name(name, sizeof(name), in->rules, &rows[i]);

		for (size_t k = 0; k < runs; k++)
			p[k].known = report_trend_indicator(t, k, rows[i].number, &p[k].share);
		p[runs].share = rows[i].share;
		fprintf(f, "<figure data-indicator=\"%u\"><figcaption>%u. ", rows[i].number, rows[i].number);
		html_text(f, label);
		fputs("</figcaption>\n", f);
		snprintf(id, sizeof(id), "trend-ind-%u", rows[i].number);
		line_chart(f, id, label, p, n, SMALL_W, SMALL_H);
		fputs("</figure>\n", f);
	}
	fputs("</div>\n</section>\n", f);
}

void report_html_trend_history(FILE *f, const struct report_input *in, size_t i)
{
	const struct report_trend *t = in->trend;
	char date[32];

	if (!report_trend_count(t))
		return;
	fputs("<div class=\"history\"><b>Прежние проверки</b> (сначала последняя):<ol>", f);
	for (size_t k = report_trend_count(t); k-- > 0;) {
		const struct trend_run *r = report_trend_run(t, k);
		int st = report_trend_status(t, k, i);

		report_date_ru(date, sizeof(date), r->as_of);
		fputs("<li data-date=\"", f);
		html_text(f, r->as_of);
		fprintf(f, "\" data-status=\"%s\">", st < 0 ? "absent" : verdict_status_name((enum org_status)st));
		html_text(f, date);
		fputs(" — ", f);
		if (st < 0)
			fputs("не было в реестре", f);
		else
			html_status_badge(f, (enum org_status)st);
		fputs("</li>", f);
	}
	fputs("</ol></div>\n", f);
}
