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
#include "core/macros.h"
#include "parsers/results.h"
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

/* A report rendered into memory. */
struct memtext {
	char *text;
	size_t len;
};

/* A stream writing into m, its earlier text dropped; NULL when out of memory. */
static FILE *memtext_open(struct memtext *m)
{
	free(m->text);
	m->text = NULL;
	m->len = 0;
	return open_memstream(&m->text, &m->len);
}

/* Close f; 0 when the writer's result (wrote) and the close both succeeded. */
static int memtext_close(FILE *f, int wrote)
{
	return (wrote | fclose(f)) ? -1 : 0;
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
	struct results_snapshot *s = NULL;
	struct memtext m = { 0 };
	char why[ERR_LEN / 2] = "out of memory";
	FILE *f;
	int rc = -1;

	*out = NULL;
	head.orgs = NULL;
	head.org_at = NULL;
	head.norgs = 0;
	if (results_begin(&s))
		goto out;
	f = memtext_open(&m);
	if (!f || memtext_close(f, report_json(f, &head)) || results_read_text(s, m.text, m.len, why, sizeof(why)))
		goto out;
	for (size_t i = 0; i < in->norgs; i++) {
		const struct org_result *o = report_org(in, i);
		json_error_t jerr;
		json_t *obj;
		int bad;

		if (!o) {
			snprintf(why, sizeof(why), "organisation %zu could not be read back", i + 1);
			goto out;
		}
		f = memtext_open(&m);
		if (!f || memtext_close(f, report_json_org(f, in, i, o)))
			goto out;
		obj = json_loadb(m.text, m.len, 0, &jerr);
		if (!obj) {
			snprintf(why, sizeof(why), "organisation %zu: %s", i + 1, jerr.text);
			goto out;
		}
		bad = results_add_org(s, obj, why, sizeof(why));
		json_decref(obj);
		if (bad)
			goto out;
	}
	if (results_finish(s, why, sizeof(why)))
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (rc)
		snprintf(err, errlen, "cannot read this run's results back: %s", why);
	free(m.text);
	results_free(s);
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
