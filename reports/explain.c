/*
 * explain.c - `mentor-audit check`: every verdict of one organisation in
 * plain text, for a person asking "why is this document missing?".
 * Labels are English (a command-line tool's output); site texts are quoted
 * as found.
 */
#include <stdio.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/finding_words.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static void explain_found(FILE *f, const struct doc_result *d, const char *id)
{
	fprintf(f, "%-12s FOUND    %s\n", id, d->url);
	if (d->source && d->source[0] == 'c')
		fprintf(f, "%-12s   text     «%s» (the file's own heading; its link named no document)\n", "",
		        d->title);
	else
		fprintf(f, "%-12s   text     «%s» (from the link's %s)\n", "", d->title, d->source);
	fprintf(f, "%-12s   rule     %s, pattern at %s\n", "", id, d->pattern ? d->pattern : "?");
	fprintf(f, "%-12s   page     %s\n", "", d->page);
	fprintf(f, "%-12s   link     HTTP %ld%s%s\n", "", d->http_status,
	        d->content_type && *d->content_type ? ", " : "", d->content_type ? d->content_type : "");
	if (d->freshness)
		fprintf(f, "%-12s   date     %s\n", "", d->freshness);
	if (d->file_url)
		fprintf(f, "%-12s   file at  %s (the link's card, or its cloud disk, leads there)\n", "", d->file_url);
	if (d->file_type)
		fprintf(f, "%-12s   file     %s, %zu bytes\n", "", d->file_type, d->file_bytes);
	if (d->heading && d->recognised && strcmp(d->recognised, "page") == 0)
		fprintf(f, "%-12s   heading  «%s» (typed into the page itself, not a file)\n", "", d->heading);
	else if (d->heading)
		fprintf(f, "%-12s   heading  «%s» (page %u%s)\n", "", d->heading, d->doc_page,
		        d->recognised && d->recognised[0] == 'o' ? ", read by OCR" : "");
	else if (d->recognised)
		fprintf(f, "%-12s   by       its link (the file's own text names no document)\n", "");
}

static void explain_rejected(FILE *f, const struct rejected *r, const char *indent)
{
	fprintf(f, "%srejected %s%s%s%s: «%s»\n", indent, verdict_reject_name(r->reason),
	        *r->detail ? " (" : "", r->detail, *r->detail ? ")" : "", r->text);
	fprintf(f, "%s         %s\n", indent, r->url);
}

int report_explain(FILE *f, const struct report_input *in)
{
	const struct ruleset *rs = in->rules;
	size_t ndocs = report_doc_count(rs);

	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);
		const struct registry_row *row = report_org_row(in, i);

		if (!o)
			return -1;

		fprintf(f, "URL:     %s\n", row ? row->url : "?");
		fprintf(f, "Section: %s\n", o->section_url ? o->section_url : "(not found)");
		fprintf(f, "Status:  %s\n", verdict_status_name(o->status));
		if (o->cause != UNCHECKED_NONE)
			fprintf(f, "Not checked: %s (%s)\n", verdict_cause_name(o->cause), o->reason ? o->reason : "-");
		fprintf(f, "Pages read: %zu, document links checked: %zu, as of %s, rules: %s\n\n",
		        o->pages_fetched, o->links_checked, in->as_of, rules_origin(rs));
		for (size_t d = 0; d < ndocs; d++) {
			const char *id = rules_doc(rs, d)->id;

			if (o->docs[d].found)
				explain_found(f, &o->docs[d], id);
			else if (verdict_doc_state(o, d) == DOC_UNCHECKED)
				fprintf(f, "%-12s NOT CHECKED (%s)\n", id, rules_doc(rs, d)->name);
			else
				fprintf(f, "%-12s MISSING  (%s)%s\n", id, rules_doc(rs, d)->name,
				        rules_doc(rs, d)->required ? "" : ", not required");
			for (size_t k = 0; k < o->nrejected; k++)
				if (o->rejected[k].doc == (int)d)
					explain_rejected(f, &o->rejected[k], "               ");
		}
		fprintf(f, "\nOther links that look like documents but name none of the required ones:\n");
		for (size_t k = 0; k < o->nrejected; k++)
			if (o->rejected[k].doc < 0)
				explain_rejected(f, &o->rejected[k], "  ");
		if (o->nfindings) {
			char line[REPORT_FINDING_LEN];

			fprintf(f, "\nProblems (the reports say them in Russian):\n");
			for (size_t k = 0; k < o->nfindings; k++)
				fprintf(f, "  - %s\n", report_finding_en(line, sizeof(line), rs, &o->findings[k]));
			if (o->findings_dropped)
				fprintf(f, "  (%zu more not kept)\n", o->findings_dropped);
		}
	}
	return fflush(f) == 0 ? 0 : -1;
}
