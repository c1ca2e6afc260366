/*
 * console.c - the short summary printed on stdout at the end of a run.
 * Uses the same share rounding as the files, so the numbers agree.
 */
#include <stdio.h>

#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

int report_console(FILE *f, const struct report_input *in, const char *dir)
{
	const struct run_summary *s = in->summary;
	char share[32];

	report_fmt_share(share, sizeof(share), s->compliant_share, '.');
	fprintf(f, "Audited %zu organisations as of %s: %zu compliant (%s%%)\n",
	        s->total, in->as_of, s->compliant, share);
	for (int st = 0; st < ORG_STATUS_COUNT; st++)
		fprintf(f, "  %-13s %zu\n", verdict_status_name((enum org_status)st), s->by_status[st]);
	if (s->rows != s->total)
		fprintf(f, "  (%zu registry rows: some repeat an organisation, counted once)\n", s->rows);
	if (s->unchecked)
		fprintf(f, "Not checked, or not in full: %zu (their documents are neither found nor missing)\n",
		        s->unchecked);
	if (s->total > s->compliant)
		fprintf(f, "Notices to directors: %zu, in %s/notices/\n",
		        s->total - s->compliant < REPORT_NOTICES_MAX ? s->total - s->compliant : REPORT_NOTICES_MAX, dir);
	report_fmt_share(share, sizeof(share), s->system_share, '.');
	fprintf(f, "Implements the mentorship system, as the rule file's [system] says: %zu (%s%%)\n", s->system, share);
	fprintf(f, "Documents found:\n");
	for (size_t d = 0; d < report_doc_count(in->rules); d++) {
		report_fmt_share(share, sizeof(share), s->doc_share[d], '.');
		fprintf(f, "  %-13s %zu (%s%%)\n", rules_doc(in->rules, d)->id, s->doc_count[d], share);
	}
	fprintf(f, "Reports: %s/results.json, %s/noncompliant.csv, %s/noncompliant.xlsx, %s/summary.md, %s/summary.docx, %s/report.html%s%s%s\n",
	        dir, dir, dir, dir, dir, dir, in->changes ? ", " : "", in->changes ? dir : "",
	        in->changes ? "/changes.csv" : "");
	return fflush(f) == 0 ? 0 : -1;
}

void report_progress(FILE *f, size_t done, size_t total, long long elapsed_ms)
{
	double secs = elapsed_ms > 0 ? (double)elapsed_ms / 1000.0 : 0.001;
	double rate = (double)done / secs;
	long left = rate > 0 ? (long)((double)(total - done) / rate + 0.5) : 0;

	/* \r and a cleared line end: one line that updates in place. */
	fprintf(f, "\r%zu/%zu organisations, %.1f/s, about %ld:%02ld left\033[K",
	        done, total, rate, left / 60, left % 60);
	fflush(f);
}
