/*
 * cli.h - the command line: one config struct, filled from defaults, then
 * the arguments, validated once and then read-only.
 *
 * The `audit` command line is a contract users script against: options
 * may be added, never renamed or removed.
 */
#ifndef MA_CLI_H
#define MA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/strvec.h"
#include "reports/report.h"

/* Exit codes, documented in --help and README. */
/* Shown to site owners: who is crawling and where to read about it. */
#define PROJECT_URL "https://github.com/mentor-audit/mentor-audit"
#define DEFAULT_USER_AGENT "mentor-audit/" MA_VERSION " (+" PROJECT_URL ")"

enum exit_code {
	EXIT_OK = 0,          /* the audit completed */
	EXIT_DISALLOWED = 1,  /* robots: the URL is not allowed */
	EXIT_USAGE = 2,       /* bad command line */
	EXIT_INPUT = 3,       /* registry or rule file unreadable or invalid */
	EXIT_RUN = 4,         /* the run could not complete (output, memory, network setup) */
	EXIT_BELOW = 5,       /* the audit completed, the compliant share is below --fail-under */
	EXIT_INTERRUPTED = 6, /* SIGINT / SIGTERM: the journal is kept; run again with --resume */
	EXIT_UNREAD = 7,      /* the audit completed, but registry records could not be read;
	                         wins over EXIT_BELOW */
};

struct config {
	const char *command;      /* "audit", "check", "robots", "diff" or "merge" */
	const char *check_url;    /* check: the section to explain; robots: the URL asked about */
	const char *robots_file;  /* robots: the robots.txt to read */
	const char *orgs;
	const char *out;
	const char *rules;        /* NULL: the built-in rules */
	char as_of[11];           /* YYYY-MM-DD */
	bool as_of_given;         /* --as-of was on the command line */
	bool resume;              /* --resume: continue the journal in --out */
	unsigned jobs;
	unsigned depth;
	unsigned per_host;
	unsigned per_domain;
	long delay_ms;
	long org_time_ms;
	bool ignore_robots;
	const char *cache;
	const char *previous;     /* audit --previous DIR; diff: OLD_DIR */
	const char *current;      /* diff: NEW_DIR */
	const char *warc;         /* --warc FILE, or NULL */
	unsigned shard_index;     /* --shard K/N: K, 1..N */
	unsigned shard_count;     /* N; 0: not sharded */
	char **merge_dirs;        /* merge: the shard output directories (argv) */
	size_t nmerge;
	enum report_csv_dialect csv_dialect;
	double fail_under;        /* percent; < 0: not given */
	unsigned max_pages;
	unsigned tries;
	long timeout_ms;
	long connect_timeout_ms;
	const char *cacert;
	const char *user_agent;
	struct strvec resolve;
	struct strvec connect_to;
	bool quiet;
	bool verbose;
};

/*
 * Parse argv into cfg. Returns EXIT_OK to run, EXIT_USAGE on an error
 * (message printed), or -1 when --help / --version was answered.
 */
int cli_parse(struct config *cfg, int argc, char **argv);
void cli_free(struct config *cfg);
void cli_usage(FILE *f);

#endif
