/*
 * write.c - put the reports into --out DIR as one set: either every file
 * of the set replaces its old version, or none does.
 *
 * The set is written into DIR/.reports.tmp-PID/, each file made durable,
 * and the old versions hard-linked in beside them; renaming that directory
 * to DIR/.reports.ready-PID/ says the set is whole. Then each file is
 * renamed over DIR/NAME, results.json last (a reader polling for it finds
 * the rest of its set beside it), and the directory goes. A rename that
 * fails puts back the old versions of the files already replaced. A run
 * killed before its set was whole leaves a .tmp directory, which the next
 * run removes; one killed during the renames leaves a .ready one, whose
 * renames the next run completes (report_recover).
 *
 * A directory of the set (notices/) is written into the set's directory
 * like a file and renamed before the files. It cannot be hard-linked, so
 * the old one is first moved into the set's directory (as NAME.old), then
 * the new one renamed into DIR; a rename back, and the next run's recovery,
 * go the same way. DIR ends with the old directory or the new one, whole,
 * never a mix: a notice of an organisation now compliant does not stay.
 *
 * Why a directory rather than a completion marker that readers check:
 * every reader of DIR (merge, diff, --previous, a department's scripts, a
 * person opening report.html) finds the files by their names, and none of
 * them needs to learn of a marker when the set changes as a whole.
 */
#include "reports/report.h"

#include "core/file.h"
#include "core/log.h"
#include "core/macros.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SET_TMP    ".reports.tmp-"     /* DIR/.reports.tmp-PID: the set being written */
#define SET_READY  ".reports.ready-"   /* DIR/.reports.ready-PID: the set, whole */
#define OLD_SUFFIX ".old"              /* beside a new file: the version it replaces */
#define LAST_NAME  "results.json"      /* renamed last */

typedef int (*report_fn)(FILE *f, const struct report_input *in);
/* A directory of the set: its files into dir, errors naming shown (where they will be). */
typedef int (*report_dir_fn)(const char *dir, const char *shown, const struct report_input *in,
                             char *err, size_t errlen);

struct report_file {
	const char *name;
	report_fn write;
	bool with_changes_only;   /* written only when there is a previous run */
};

struct report_dir {
	const char *name;
	report_dir_fn write;
};

/* The audit's set, in the order of the renames: results.json last. */
static const struct report_file audit_files[] = {
	{ "noncompliant.csv", report_csv, false },
	{ "noncompliant.xlsx", report_xlsx, false },
	{ "summary.md", report_summary_md, false },
	{ "summary.docx", report_docx, false },
	{ "report.html", report_html, false },
	{ "changes.csv", report_changes_csv, true },
	{ LAST_NAME, report_json, false },
};

/* The audit's directories, renamed before its files. */
static const struct report_dir audit_dirs[] = {
	{ "notices", report_notices },
};

/* diff's set. */
static const struct report_file changes_files[] = {
	{ "changes.csv", report_changes_csv, false },
	{ "changes.html", report_changes_html, false },
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

/* What a file of the set replaces. */
enum old_version {
	OLD_NONE,       /* nothing: a rename back removes the new file */
	OLD_KEPT,       /* hard-linked into the set's directory: a rename back restores it */
	OLD_UNKEPT,     /* there, but the file system has no hard links: it cannot be restored */
};

/* One set on its way into dir. */
struct set {
	const char *dir;
	const struct report_file *files[COUNT(audit_files)];
	enum old_version old[COUNT(audit_files)];
	size_t n;
	const struct report_dir *dirs;
	enum old_version dir_old[COUNT(audit_dirs)];
	size_t ndirs;
	char *tmp;                /* DIR/.reports.tmp-PID */
	char *ready;              /* DIR/.reports.ready-PID */
	bool keep_ready;          /* it holds an old directory that could not be put back */
	char *a, *b;              /* scratch paths */
};

/* "A/B" followed by suffix, into *out (freed first); -1 when out of memory. */
static int join(char **out, const char *a, const char *b, const char *suffix)
{
	size_t n = strlen(a) + strlen(b) + strlen(suffix) + 2;

	free(*out);
	*out = malloc(n);
	if (!*out)
		return -1;
	snprintf(*out, n, "%s/%s%s", a, b, suffix);
	return 0;
}

/* Make the renames durable; file systems that cannot fsync a directory are not an error. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY);

	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

/* Remove a set's directory: its files, and the directories of files in it (notices/, notices.old). */
static int remove_set_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char *sub = NULL;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	for (de = readdir(d); de; de = readdir(d)) {
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (join(&sub, path, de->d_name, "") || file_remove_flat_dir(sub) != 0)
			rc = -1;
	}
	closedir(d);
	free(sub);
	return file_remove_flat_dir(path) == 0 ? rc : -1;
}

static void set_free(struct set *s)
{
	if (s->tmp)
		(void)remove_set_dir(s->tmp);
	if (s->ready && !s->keep_ready)
		(void)remove_set_dir(s->ready);
	free(s->tmp);
	free(s->ready);
	free(s->a);
	free(s->b);
}

/* The set's directory, empty. */
static int set_begin(struct set *s, char *err, size_t errlen)
{
	char tmp[sizeof(SET_TMP) + 24], ready[sizeof(SET_READY) + 24];
	int rc = -1;

	snprintf(tmp, sizeof(tmp), SET_TMP "%ld", (long)getpid());
	snprintf(ready, sizeof(ready), SET_READY "%ld", (long)getpid());
	if (join(&s->tmp, s->dir, tmp, "") || join(&s->ready, s->dir, ready, "")) {
		errno = ENOMEM;
		goto out;
	}
	/* An earlier process of the same PID may have left them. */
	(void)remove_set_dir(s->tmp);
	(void)remove_set_dir(s->ready);
	if (mkdir(s->tmp, 0777) != 0)
		goto out;
	rc = 0;
out:
	if (rc)
		snprintf(err, errlen, "cannot write the reports into %s: %s", s->dir, strerror(errno));
	return rc;
}

/* Every file of the set into its directory, with the old version it replaces beside it. */
static int set_write(struct set *s, const struct report_input *in, char *err, size_t errlen)
{
	/* A directory's old version is moved aside at its rename (replace_dir). */
	for (size_t i = 0; i < s->ndirs; i++) {
		if (join(&s->a, s->tmp, s->dirs[i].name, "") || join(&s->b, s->dir, s->dirs[i].name, "")) {
			snprintf(err, errlen, "cannot write %s/%s: %s", s->dir, s->dirs[i].name, strerror(ENOMEM));
			return -1;
		}
		if (mkdir(s->a, 0777) != 0) {
			snprintf(err, errlen, "cannot write %s: %s", s->b, strerror(errno));
			return -1;
		}
		if (s->dirs[i].write(s->a, s->b, in, err, errlen))
			return -1;
		sync_dir(s->a);
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct report_file *rf = s->files[i];
		struct report_job job = { rf->write, in };

		if (join(&s->a, s->tmp, rf->name, "") || join(&s->b, s->dir, rf->name, "")) {
			snprintf(err, errlen, "cannot write %s/%s: %s", s->dir, rf->name, strerror(ENOMEM));
			return -1;
		}
		if (file_write_new(s->a, s->b, write_report, &job, true, err, errlen))
			return -1;
		if (join(&s->a, s->tmp, rf->name, OLD_SUFFIX)) {
			snprintf(err, errlen, "cannot write %s: %s", s->b, strerror(ENOMEM));
			return -1;
		}
		s->old[i] = link(s->b, s->a) == 0 ? OLD_KEPT : errno == ENOENT ? OLD_NONE : OLD_UNKEPT;
		/* No room for a directory entry is a full disk; other errors are a file system without links. */
		if (s->old[i] == OLD_UNKEPT && (errno == ENOSPC || errno == EDQUOT || errno == EIO)) {
			snprintf(err, errlen, "cannot write %s: %s", s->b, strerror(errno));
			return -1;
		}
	}
	sync_dir(s->tmp);
	return 0;
}

/*
 * Move DIR/NAME, a directory, into the set as NAME.old (and say in *old
 * whether there was one), then the set's NAME into DIR. The old one is put
 * back when the second rename fails.
 */
static int replace_dir(struct set *s, const char *name, enum old_version *old)
{
	int saved;

	if (join(&s->a, s->ready, name, OLD_SUFFIX) || join(&s->b, s->dir, name, "")) {
		errno = ENOMEM;
		return -1;
	}
	if (rename(s->b, s->a) == 0)
		*old = OLD_KEPT;
	else if (errno == ENOENT)
		*old = OLD_NONE;
	else
		return -1;
	if (join(&s->a, s->ready, name, "") == 0 && rename(s->a, s->b) == 0)
		return 0;
	saved = s->a ? errno : ENOMEM;
	/* Not put back: the set stays whole where it is, and the next run's recovery puts it in place. */
	if (*old == OLD_KEPT && (join(&s->a, s->ready, name, OLD_SUFFIX) || rename(s->a, s->b) != 0)) {
		log_warn("%s: its earlier version could not be put back; %s stays for the next run", s->b, s->ready);
		s->keep_ready = true;
	}
	errno = saved;
	return -1;
}

/* A directory already replaced: the new one back into the set (removed with it), the old one into DIR. */
static int dir_roll_back(struct set *s, const char *name, enum old_version old)
{
	if (join(&s->a, s->ready, name, "") || join(&s->b, s->dir, name, "") || rename(s->b, s->a) != 0)
		return -1;
	return old == OLD_KEPT && (join(&s->a, s->ready, name, OLD_SUFFIX) || rename(s->a, s->b) != 0) ? -1 : 0;
}

/* Put back the old versions of the first k directories, already replaced (best effort: a failure is said). */
static void set_roll_back_dirs(struct set *s, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (dir_roll_back(s, s->dirs[i].name, s->dir_old[i]) == 0)
			continue;
		log_warn("%s/%s: its earlier version could not be put back; %s stays for the next run",
		         s->dir, s->dirs[i].name, s->ready);
		s->keep_ready = true;
	}
}

/* Put back the old versions of the first k files, already replaced, and the directories (best effort). */
static void set_roll_back(struct set *s, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		const char *name = s->files[i]->name;
		int rc;

		if (join(&s->a, s->ready, name, OLD_SUFFIX) || join(&s->b, s->dir, name, ""))
			return;
		rc = s->old[i] == OLD_KEPT ? rename(s->a, s->b) : s->old[i] == OLD_NONE ? unlink(s->b) : -1;
		if (rc != 0)
			log_warn("%s: its earlier version could not be put back", s->b);
	}
	set_roll_back_dirs(s, s->ndirs);
}

/* The set is whole: each file over its old version, results.json last. */
static int set_commit(struct set *s, char *err, size_t errlen)
{
	if (rename(s->tmp, s->ready) != 0) {
		snprintf(err, errlen, "cannot write the reports into %s: %s", s->dir, strerror(errno));
		return -1;
	}
	free(s->tmp);
	s->tmp = NULL;
	for (size_t i = 0; i < s->ndirs; i++) {
		if (replace_dir(s, s->dirs[i].name, &s->dir_old[i]) == 0)
			continue;
		snprintf(err, errlen, "cannot write %s/%s: %s", s->dir, s->dirs[i].name, strerror(errno));
		set_roll_back_dirs(s, i);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->files[i]->name;

		if (join(&s->a, s->ready, name, "") || join(&s->b, s->dir, name, "")) {
			errno = ENOMEM;
		} else if (rename(s->a, s->b) == 0) {
			continue;
		}
		snprintf(err, errlen, "cannot write %s/%s: %s", s->dir, name, strerror(errno));
		set_roll_back(s, i);
		return -1;
	}
	sync_dir(s->dir);
	return 0;
}

static int write_set(const char *dir, const struct report_file *files, size_t n,
                     const struct report_dir *dirs, size_t ndirs,
                     const struct report_input *in, char *err, size_t errlen)
{
	struct set s = { .dir = dir, .dirs = dirs, .ndirs = ndirs };
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (!files[i].with_changes_only || in->changes)
			s.files[s.n++] = &files[i];
	if (file_make_dirs(dir, err, errlen) != 0)
		goto out;
	/* What a killed run left is not in the way of this set: cleaned as far as it goes. */
	(void)report_recover(dir);
	if (set_begin(&s, err, errlen) || set_write(&s, in, err, errlen) || set_commit(&s, err, errlen))
		goto out;
	rc = 0;
out:
	set_free(&s);
	return rc;
}

int report_write_changes(const char *dir, const struct report_input *in,
                         char *err, size_t errlen)
{
	return write_set(dir, changes_files, COUNT(changes_files), NULL, 0, in, err, errlen);
}

int report_write_all(const char *dir, const struct report_input *in,
                     char *err, size_t errlen)
{
	char dummy[1];

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (!dir || !dir[0] || !in) {
		snprintf(err, errlen, "no output directory or no results to write");
		return -1;
	}
	return write_set(dir, audit_files, COUNT(audit_files), audit_dirs, COUNT(audit_dirs), in, err, errlen);
}

/* The PID of a whole set left in dir under name, or 0. */
static long ready_pid(const char *name)
{
	char *end;
	long pid;

	if (strncmp(name, SET_READY, strlen(SET_READY)) != 0)
		return 0;
	errno = 0;
	pid = strtol(name + strlen(SET_READY), &end, 10);
	return errno || *end || pid <= 0 ? 0 : pid;
}

/* Rename the new files of a whole set, ready, into dir: results.json last, the old versions dropped. */
static int complete_set(const char *dir, char *ready)
{
	struct set s = { .dir = dir };
	DIR *d = opendir(ready);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return -1;
	for (int last = 0; last < 2; last++) {
		rewinddir(d);
		for (de = readdir(d); de; de = readdir(d)) {
			size_t len = strlen(de->d_name);
			bool old = len > strlen(OLD_SUFFIX) &&
			           strcmp(de->d_name + len - strlen(OLD_SUFFIX), OLD_SUFFIX) == 0;
			struct stat st;

			if (de->d_name[0] == '.' || old || (strcmp(de->d_name, LAST_NAME) == 0) != last)
				continue;
			if (join(&s.a, ready, de->d_name, "") || join(&s.b, dir, de->d_name, "")) {
				rc = -1;
				continue;
			}
			/* A directory not yet renamed: the old one, if still in place, goes aside first. */
			if (lstat(s.a, &st) == 0 && S_ISDIR(st.st_mode)) {
				enum old_version was;

				s.ready = ready;
				rc |= replace_dir(&s, de->d_name, &was);
				s.ready = NULL;   /* not the set's to free */
				continue;
			}
			if (rename(s.a, s.b) != 0)
				rc = -1;
		}
	}
	closedir(d);
	sync_dir(dir);
	set_free(&s);
	return rc == 0 ? remove_set_dir(ready) : -1;
}

int report_recover(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *path = NULL;
	int done = 0, sets = 0, temps;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	for (de = readdir(d); de; de = readdir(d)) {
		long pid = ready_pid(de->d_name);
		long writer = strncmp(de->d_name, SET_TMP, strlen(SET_TMP)) == 0 ? file_temp_pid(de->d_name) : 0;

		/* A set written in part may hold directories of files, which the removal of temporaries below cannot. */
		if (writer && file_process_gone(writer) && join(&path, dir, de->d_name, "") == 0) {
			sets += remove_set_dir(path) == 0;
			continue;
		}
		if (!pid || !file_process_gone(pid) || join(&path, dir, de->d_name, ""))
			continue;
		if (complete_set(dir, path) == 0) {
			log_info("%s: put in place the reports a killed run had written whole", path);
			done++;
		} else {
			log_warn("%s: a killed run's reports could not all be put in place", path);
		}
	}
	closedir(d);
	free(path);
	temps = file_remove_stale_temps(dir, NULL);
	if (temps >= 0)
		temps += sets;
	if (temps > 0)
		log_info("%s: removed %d temporary file%s left by a killed run", dir, temps, temps == 1 ? "" : "s");
	return temps < 0 ? -1 : done;
}
