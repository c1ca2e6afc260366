/*
 * changes_cmd.c - read runs back from results.json and compare them.
 */
#include "src/changes_cmd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "core/macros.h"
#include "core/strvec.h"
#include "reports/snapshot.h"
#include "reports/trend.h"
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

/* DIR/results.json into the trend: 0 added, 1 not (full, or not earlier), -1 it does not read (said on stderr). */
static int trend_take(struct report_trend *t, const char *dir)
{
	char path[PATH_MAX + sizeof("/results.json")];
	char err[ERR_LEN] = "", why[ERR_LEN / 2] = "";
	char *text = NULL;
	size_t len = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (file_read_all(&text, &len, path, CAP_RESULTS_BYTES, err, sizeof(err))) {
		log_warn("trend: %s; that run is left out", err);
		return -1;
	}
	rc = report_trend_add(t, text, len, why, sizeof(why));
	free(text);
	if (rc < 0)
		log_warn("trend: %.400s: %s; that run is left out", path, why);
	return rc;
}

/* The dated directories (YYYY-MM-DD) in parent, ascending, into names. 0, or -1 when it cannot be read. */
static int dated_dirs(struct strvec *names, const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (report_trend_dir_name(e->d_name) && strvec_push(names, e->d_name)) {
			closedir(d);
			return -1;
		}
	closedir(d);
	(void)report_trend_dated(names->items, names->len);
	return 0;
}

void changes_load_trend(struct report_trend *t, const char *previous, const char *out_dir)
{
	char real[PATH_MAX], out_real[PATH_MAX], sibling[PATH_MAX + 16], parent[PATH_MAX];
	const char *base;
	struct strvec names;
	bool out_known = out_dir && realpath(out_dir, out_real);
	bool previous_seen = false;
	size_t n = 0;

	strvec_init(&names, 0);
	if (!realpath(previous, real)) {
		(void)trend_take(t, previous);
		goto out;
	}
	/* real is absolute: "/.../runs/2026-11-22" */
	base = strrchr(real, '/') + 1;
	snprintf(parent, sizeof(parent), "%.*s", base - real > 1 ? (int)(base - real - 1) : 1, real);
	if (report_trend_dir_name(base) && dated_dirs(&names, parent) == 0)
		n = names.len;
	/* Newest first until the cap, so that a full trend keeps the latest runs; sorted after. */
	for (size_t k = n; k-- > 0;) {
		snprintf(sibling, sizeof(sibling), "%s/%s", strcmp(parent, "/") ? parent : "", names.items[k]);
		if (out_known && strcmp(sibling, out_real) == 0)
			continue;
		previous_seen |= strcmp(sibling, real) == 0;
		if (trend_take(t, sibling) == 1 && report_trend_count(t) == CAP_TREND_RUNS)
			break;
	}
	/* --previous outside a directory of dated runs: the trend is that one run. */
	if (!previous_seen && report_trend_count(t) < CAP_TREND_RUNS)
		(void)trend_take(t, real);
out:
	strvec_free(&names);
	report_trend_sort(t);
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
