/*
 * changes_cmd.c - read runs back from results.json and compare them.
 */
#include "src/changes_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "core/macros.h"
#include "reports/snapshot.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "src/cli.h"

int changes_load(struct results_snapshot **out, const char *dir, char *err, size_t errlen)
{
	size_t n = strlen(dir) + sizeof("/results.json");
	char *path = malloc(n), *text = NULL;
	char why[ERR_LEN / 2];
	size_t len = 0;
	int rc = -1;

	if (!path) {
		snprintf(err, errlen, "%s: %s", dir, strerror(ENOMEM));
		goto out;
	}
	snprintf(path, n, "%s/results.json", dir);
	if (file_read_all(&text, &len, path, CAP_RESULTS_BYTES, err, errlen))
		goto out;
	if (results_parse(out, text, len, why, sizeof(why))) {
		snprintf(err, errlen, "%.400s: %s", path, why);
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(path);
	return rc;
}

static void print_summary(FILE *f, const struct run_changes *c, const char *dir)
{
	unsigned long then = report_share_tenths(c->before->compliant_share);
	unsigned long now = report_share_tenths(c->after->compliant_share);

	fprintf(f, "compliant share: %lu.%lu%% (%s) -> %lu.%lu%% (%s)\n", then / 10, then % 10,
	        c->before->as_of, now / 10, now % 10, c->after->as_of);
	fprintf(f, "%zu organisations changed: %zu documents published, %zu newly missing, "
	        "%zu status changes, %zu added, %zu removed\n",
	        c->n, c->published, c->lost, c->status_changed, c->added, c->removed);
	fprintf(f, "changes: %s/changes.csv, %s/changes.html\n", dir, dir);
}

int diff_command(const struct config *cfg)
{
	struct results_snapshot *before = NULL, *after = NULL;
	struct run_changes changes = { 0 };
	struct report_input in = { 0 };
	struct ruleset *rs = NULL;
	char err[ERR_LEN] = "";
	int code = EXIT_INPUT;

	if (rules_load_or_builtin(&rs, cfg->rules, err, sizeof(err)) ||
	    changes_load(&before, cfg->previous, err, sizeof(err)) ||
	    changes_load(&after, cfg->current, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	code = EXIT_RUN;
	if (report_changes_compute(&changes, before, after)) {
		log_error("out of memory comparing %s and %s", cfg->previous, cfg->current);
		goto out;
	}
	in.as_of = after->as_of;
	in.generated_at = after->generated_at;
	in.rules = rs;
	in.csv_dialect = cfg->csv_dialect;
	in.changes = &changes;
	if (report_write_changes(cfg->out, &in, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	if (!cfg->quiet)
		print_summary(stdout, &changes, cfg->out);
	code = EXIT_OK;
out:
	report_changes_free(&changes);
	results_free(before);
	results_free(after);
	rules_free(rs);
	return code;
}
