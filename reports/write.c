/*
 * write.c - put every report into --out DIR.
 *
 * Each file is written to DIR/.NAME.tmp-PID, flushed to disk and renamed
 * over DIR/NAME. rename() is atomic within a directory, so a reader (or a
 * department script polling the directory) sees the previous report or the
 * new one, never half of one, even when the run is killed mid-write.
 */
#include "reports/report.h"

#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*report_fn)(FILE *f, const struct report_input *in);

/* results.json first: a reader polling for it finds the other files next to it. */
static const struct {
	const char *name;
	report_fn write;
	bool with_changes_only;   /* written only when there is a previous run */
} report_files[] = {
	{ "results.json", report_json, false },
	{ "noncompliant.csv", report_csv, false },
	{ "summary.md", report_summary_md, false },
	{ "report.html", report_html, false },
	{ "changes.csv", report_changes_csv, true },
};

struct report_job {
	report_fn write;
	const struct report_input *in;
};

static int write_report(FILE *f, const void *ctx)
{
	const struct report_job *job = ctx;

	return job->write(f, job->in);
}

static int write_one(const char *dir, const char *name, report_fn fn,
                     const struct report_input *in, char *err, size_t errlen)
{
	struct report_job job = { fn, in };
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	int rc;

	if (!path) {
		snprintf(err, errlen, "cannot write report %s/%s: %s", dir, name, strerror(ENOMEM));
		return -1;
	}
	snprintf(path, n, "%s/%s", dir, name);
	rc = file_write_atomic(path, write_report, &job, true, err, errlen);
	free(path);
	return rc;
}

/* Make the renames themselves durable; file systems that cannot fsync a directory are not an error. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY);

	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

int report_write_changes(const char *dir, const struct report_input *in,
                         char *err, size_t errlen)
{
	if (file_make_dirs(dir, err, errlen) != 0 ||
	    write_one(dir, "changes.csv", report_changes_csv, in, err, errlen) != 0 ||
	    write_one(dir, "changes.html", report_changes_html, in, err, errlen) != 0)
		return -1;
	sync_dir(dir);
	return 0;
}

int report_write_all(const char *dir, const struct report_input *in,
                     char *err, size_t errlen)
{
	char dummy[1];
	size_t i;
	int rc = -1;

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (!dir || !dir[0] || !in) {
		snprintf(err, errlen, "no output directory or no results to write");
		goto out;
	}
	if (file_make_dirs(dir, err, errlen) != 0)
		goto out;
	for (i = 0; i < sizeof(report_files) / sizeof(report_files[0]); i++) {
		if (report_files[i].with_changes_only && !in->changes)
			continue;
		if (write_one(dir, report_files[i].name, report_files[i].write, in, err, errlen) != 0)
			goto out;
	}
	sync_dir(dir);
	rc = 0;
out:
	return rc;
}
