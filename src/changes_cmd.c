/*
 * changes_cmd.c - read runs back from results.json and compare them.
 */
#include "src/changes_cmd.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "parsers/results.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "src/cli.h"

#define ERR_LEN 1024

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

/* Render with write into memory and hand the text to take. */
static int through_text(int (*write)(FILE *, const void *), const void *what,
                        int (*take)(void *, const char *, size_t), void *ctx)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc = -1;

	if (!f)
		return -1;
	if ((write(f, what) | fclose(f)) == 0)
		rc = take(ctx, text, len);
	free(text);
	return rc;
}

struct snapshot_build {
	struct results_snapshot *s;
	const struct report_input *in;
	size_t i;
	const struct org_result *o;
	char why[ERR_LEN / 2];
};

static int write_head(FILE *f, const void *what)
{
	return report_json(f, what);
}

static int take_head(void *ctx, const char *text, size_t len)
{
	struct snapshot_build *b = ctx;

	return results_read_text(b->s, text, len, b->why, sizeof(b->why));
}

static int write_org(FILE *f, const void *what)
{
	const struct snapshot_build *b = what;

	return report_json_org(f, b->in, b->i, b->o);
}

static int take_org(void *ctx, const char *text, size_t len)
{
	struct snapshot_build *b = ctx;
	json_error_t jerr;
	json_t *o = json_loadb(text, len, 0, &jerr);
	int rc;

	if (!o) {
		snprintf(b->why, sizeof(b->why), "organisation %zu: %s", b->i + 1, jerr.text);
		return -1;
	}
	rc = results_add_org(b->s, o, b->why, sizeof(b->why));
	json_decref(o);
	return rc;
}

/*
 * This run as `diff` would read it from its results.json: the file's head
 * (organisations left out) and each organisation's object in turn, read
 * back as the file would be, never the whole file in memory at once.
 */
int changes_snapshot_of(struct results_snapshot **out, const struct report_input *in,
                        char *err, size_t errlen)
{
	struct report_input head = *in;
	struct snapshot_build b = { .in = in };
	int rc = -1;

	*out = NULL;
	head.orgs = NULL;
	head.org_at = NULL;
	head.norgs = 0;
	if (results_begin(&b.s)) {
		snprintf(err, errlen, "cannot compare with the previous run: out of memory");
		return -1;
	}
	snprintf(b.why, sizeof(b.why), "out of memory");
	if (through_text(write_head, &head, take_head, &b))
		goto out;
	for (b.i = 0; b.i < in->norgs; b.i++) {
		snprintf(b.why, sizeof(b.why), "out of memory");
		if (!(b.o = report_org(in, b.i)) || through_text(write_org, &b, take_org, &b))
			goto out;
	}
	if (results_finish(b.s, b.why, sizeof(b.why)))
		goto out;
	*out = b.s;
	b.s = NULL;
	rc = 0;
out:
	if (rc)
		snprintf(err, errlen, "cannot read this run's results back: %s", b.why);
	results_free(b.s);
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
