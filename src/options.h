/*
 * options.h - the option table: every option of every command, once.
 *
 * A row gives the option's name (and short letter), the kind of its value
 * with its limits, where the value goes in struct config, the commands
 * that take it, its default and its --help text. getopt_long's tables,
 * --help's option list, the range checks, the defaults and the per-command
 * check are all made from the rows; nothing else names an option.
 *
 * To add an option: a field in struct config (src/cli.h) and a row in
 * options.c, its limits as named constants (a cap from core/caps.h where
 * one exists). Rows are listed in --help's order.
 */
#ifndef MA_OPTIONS_H
#define MA_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct config;
struct option;

enum opt_kind {
	OPT_FLAG,     /* no value: sets a bool */
	OPT_STRING,   /* any text, kept as given */
	OPT_PATH,     /* a file or directory name, kept as given */
	OPT_UINT,     /* a whole number from min to max */
	OPT_SECONDS,  /* whole seconds from min to max, kept as milliseconds (long) */
	OPT_DOUBLE,   /* a decimal number from dmin to dmax */
	OPT_WORD,     /* one of word(0), word(1), ...: its index */
	OPT_LIST,     /* repeatable: every value is added to a struct strvec */
	OPT_DATE,     /* a real day as YYYY-MM-DD, its year from min to max */
	OPT_SHARD,    /* K/N with 1 <= K <= N <= max */
	OPT_ANSWER,   /* --help, --version: answered at once, nothing is run */
	OPT_KINDS
};

union opt_value {
	bool flag;
	const char *text;                      /* also OPT_DATE: the date as given */
	unsigned u;                            /* also OPT_WORD: the word's index */
	double d;
	struct { unsigned k, n; } shard;
};

struct opt_row {
	const char *name;          /* the long name, without "--" */
	char letter;               /* the short option, 0 for none */
	enum opt_kind kind;
	const char *arg;           /* the value's name in --help ("FILE"); NULL without a value */
	unsigned commands;         /* CMD_BIT()s of the commands that take it */
	size_t offset;             /* where the value goes in struct config (OPT_AT) ... */
	/* ... or what keeps it there, when it is converted or fills two fields: 0, or -1 */
	int (*set)(struct config *cfg, const union opt_value *v);
	void (*answer)(void);      /* OPT_ANSWER: prints the answer on stdout */
	unsigned min, max;         /* OPT_UINT, OPT_SECONDS; OPT_DATE: the year; OPT_SHARD: N */
	double dmin, dmax;         /* OPT_DOUBLE */
	const char *unit;          /* OPT_DOUBLE: what the number is, in messages ("seconds") */
	const char *(*word)(unsigned i);  /* OPT_WORD: the i-th word, NULL past the last */
	union opt_value def;       /* the default (see opt_defaults) */
	bool show_default;         /* --help ends the text with "(default X)" */
	const char *heading;       /* --help prints this line before the row */
	const char *help;          /* --help's text, lines split by \n; NULL: the name only,
	                              on one line with the help-less rows next to it */
};

/* getopt_long's table is built in arrays this long (a static assertion in options.c holds it). */
#define OPT_TABLE_MAX 48

extern const struct opt_row opt_table[];
extern const size_t opt_count;

/*
 * cfg zeroed, then every row's default: def for the kinds with a value;
 * flags off, lists empty, no shard, --as-of today.
 */
void opt_defaults(struct config *cfg);

/*
 * getopt_long's tables from the rows: longopts gets OPT_TABLE_MAX + 1
 * items at most, shortopts 2 * OPT_TABLE_MAX + 1 bytes at most.
 */
void opt_getopt_table(struct option *longopts, char *shortopts);

/* The row of what getopt_long returned; NULL for '?' and anything not an option. */
const struct opt_row *opt_of_getopt(int id);

/* The answer row ("--help", "-h", "--version") word names exactly; NULL for none. */
const struct opt_row *opt_answer_named(const char *word);

/*
 * Read arg as o's kind, check it against o's limits and keep it in cfg.
 * 0 when kept, 1 when answered (--help, --version), -1 when arg is not a
 * value of o (said on stderr in one line).
 */
int opt_apply(struct config *cfg, const struct opt_row *o, const char *arg);

/* --help's list of options. */
void opt_usage(FILE *f);

/* Free what the rows allocated in cfg (the lists); safe to repeat. */
void opt_free(struct config *cfg);

#endif
