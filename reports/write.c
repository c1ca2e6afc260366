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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

typedef int (*report_fn)(FILE *f, const struct report_input *in);

static const struct {
	const char *name;
	report_fn write;
} report_files[] = {
	{ "results.json", report_json },
	{ "noncompliant.csv", report_csv },
	{ "summary.md", report_summary_md },
};

static char *path_join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s%s%s", dir, prefix, name, suffix);
	return s;
}

static int write_one(const char *dir, const char *name, report_fn fn,
                     const struct report_input *in, char *err, size_t errlen)
{
	char suffix[32];
	char *tmp = NULL, *final = NULL;
	FILE *f = NULL;
	int fd = -1, rc = -1, closed;

	snprintf(suffix, sizeof(suffix), ".tmp-%ld", (long)getpid());
	tmp = path_join(dir, ".", name, suffix);
	final = path_join(dir, "", name, "");
	if (!tmp || !final) {
		snprintf(err, errlen, "cannot write report %s/%s: %s", dir, name, strerror(ENOMEM));
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write report %s: %s", final, strerror(errno));
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write report %s: %s", final, strerror(errno));
		close(fd);
		goto out;
	}
	errno = 0;
	if (fn(f, in) != 0 || fflush(f) != 0) {
		/* A writer also refuses incomplete input; only a stream error has an errno to show. */
		snprintf(err, errlen, "cannot write report %s: %s", final,
		         ferror(f) ? strerror(errno ? errno : EIO) : "incomplete report input");
		goto out;
	}
	if (fsync(fileno(f)) != 0) {
		snprintf(err, errlen, "cannot write report %s: %s", final, strerror(errno));
		goto out;
	}
	closed = fclose(f);
	f = NULL;
	if (closed != 0) {
		snprintf(err, errlen, "cannot write report %s: %s", final, strerror(errno));
		goto out;
	}
	if (rename(tmp, final) != 0) {
		snprintf(err, errlen, "cannot write report %s: %s", final, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (rc != 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(final);
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
	for (i = 0; i < sizeof(report_files) / sizeof(report_files[0]); i++)
		if (write_one(dir, report_files[i].name, report_files[i].write, in, err, errlen) != 0)
			goto out;
	sync_dir(dir);
	rc = 0;
out:
	return rc;
}
