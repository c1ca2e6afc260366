/*
 * cli.h - the command line: the commands (the command table in cli.c),
 * the options (the option table in options.c, see src/options.h) and the
 * one config struct they fill: defaults, then the arguments, validated
 * once and then read-only.
 *
 * To add a command: a CMD_ id below, a row in cli.c's table, and the
 * commands bit in the rows of the options it takes.
 *
 * The command line is a contract users script against: options may be
 * added, never renamed or removed.
 */
#ifndef MA_CLI_H
#define MA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/strvec.h"
#include "reports/report.h"

/* Shown to site owners: who is crawling and where to read about it. */
#define PROJECT_URL "https://github.com/mentor-audit/mentor-audit"
#define DEFAULT_USER_AGENT "mentor-audit/" MA_VERSION " (+" PROJECT_URL ")"

/* Exit codes, documented in --help and README. */
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

/* The commands; an option's row names those that take it as CMD_BIT()s. */
enum cli_command_id { CMD_AUDIT, CMD_CHECK, CMD_ROBOTS, CMD_DIFF, CMD_MERGE, CMD_COUNT };
#define CMD_BIT(id) (1u << (id))

struct config;

struct cli_command {
	const char *name;         /* as typed after mentor-audit */
	const char *synopsis;     /* what follows the name in --help's usage lines */
	const char *about;        /* --help's paragraph on the command, after "name: " */
	/* The operands after the options: checked, kept in cfg. EXIT_OK, or EXIT_USAGE said on stderr. */
	int (*operands)(struct config *cfg, int argc, char **argv);
	int (*run)(const struct config *cfg);  /* the exit code */
};

/* Indexed by enum cli_command_id, in --help's order. */
extern const struct cli_command cli_commands[CMD_COUNT];

struct config {
	const struct cli_command *command;
	const char *check_url;    /* check: the section to explain; robots: the URL asked about */
	const char *notice;       /* check --notice FILE: the director's notice written there */
	const char *contact;      /* --contact TEXT: the department's contact, in the notice */
	const char *robots_file;  /* robots: the robots.txt to read */
	const char *orgs;
	const char *sheet;        /* --sheet: the sheet of an Excel registry; NULL: the first */
	const char *group_by;     /* --group-by COLUMN: indicators per value of that registry column; NULL: none */
	const char *out;
	const char *rules;        /* NULL: the built-in rules */
	bool no_jit;              /* --no-jit: the rules' patterns interpreted, not JIT-compiled */
	char as_of[11];           /* YYYY-MM-DD */
	bool as_of_given;         /* --as-of was on the command line */
	bool resume;              /* --resume: continue the journal in --out */
	unsigned jobs;
	unsigned threads;         /* --threads: threads that parse pages */
	unsigned depth;
	unsigned per_host;
	unsigned per_domain;
	bool per_domain_given;    /* --per-domain was on the command line */
	long delay_ms;
	long org_time_ms;
	long doc_time_ms;            /* --doc-time */
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
	bool allow_private;           /* connect to addresses that are not public (crawler/guard.h) */
	bool quiet;
	bool verbose;
};

/*
 * Parse argv into cfg: the command, then its options, then its operands.
 * Returns EXIT_OK to run cfg->command, EXIT_USAGE on an error (said in one
 * line on stderr), or -1 when --help / --version was answered. cfg is
 * filled with the defaults first, so cli_free() is always safe.
 */
int cli_parse(struct config *cfg, int argc, char **argv);
/* Safe to repeat. */
void cli_free(struct config *cfg);
/* --help: the commands' usage lines and paragraphs, the options, the notes. */
void cli_usage(FILE *f);

#endif
