/*
 * options.c - the option table and what is made from it: defaults,
 * getopt_long's tables, reading and checking each kind of value, --help's
 * option list.
 */
#include "src/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/caps.h"
#include "core/macros.h"
#include "core/strvec.h"
#include "reports/report.h"
#include "src/cli.h"

/* Defaults. */
#define DEFAULT_JOBS         32u   /* the per-host and per-domain caps keep it polite */
#define DEFAULT_DEPTH        2u
#define DEFAULT_PER_HOST     2u
#define DEFAULT_PER_DOMAIN   8u
#define DEFAULT_DELAY_S      0.5
#define DEFAULT_ORG_TIME_S   600u
#define DEFAULT_DOC_TIME_S   ((unsigned)(CAP_DOC_READ_MS / 1000))
#define DEFAULT_MAX_PAGES    CAP_PAGES_PER_ORG
#define DEFAULT_TRIES        3u
#define DEFAULT_TIMEOUT_S    30u
#define DEFAULT_CONNECT_S    10u
#define FAIL_UNDER_NONE      (-1.0)    /* --fail-under not given */

/* Limits. */
#define MAX_JOBS             256u
#define MAX_PER_HOST         16u
#define MAX_PER_DOMAIN       MAX_JOBS
#define MAX_DELAY_S          60.0
#define MAX_ORG_TIME_S       86400u
#define MAX_DOC_TIME_S       3600u
#define MAX_PAGES            1000u
#define MAX_TRIES            10u
#define MAX_TIMEOUT_S        600u
#define MAX_SHARDS           10000u
#define MAX_PERCENT          100.0
#define AS_OF_FIRST_YEAR     2000u
#define AS_OF_LAST_YEAR      2100u

/* Which commands take an option. */
#define ALL_COMMANDS  ((1u << CMD_COUNT) - 1u)
#define AUDIT         CMD_BIT(CMD_AUDIT)
#define FETCHING      (CMD_BIT(CMD_AUDIT) | CMD_BIT(CMD_CHECK))
#define WRITING       (CMD_BIT(CMD_AUDIT) | CMD_BIT(CMD_DIFF) | CMD_BIT(CMD_MERGE))

/* The offset of a struct config field of the given type (a wrong type does not compile). */
#define OPT_AT(field, type) \
	.offset = offsetof(struct config, field) + 0 * sizeof(&((struct config *)0)->field == (type *)0)

/* --delay's text names the Crawl-delay cap: change both together. */
_Static_assert(CAP_CRAWL_DELAY_MS == 10000L, "--delay's help says Crawl-delay counts up to 10 s");

static int set_as_of(struct config *cfg, const union opt_value *v)
{
	cfg->as_of_given = true;
	memcpy(cfg->as_of, v->text, sizeof(cfg->as_of));
	return 0;
}

static int set_per_domain(struct config *cfg, const union opt_value *v)
{
	cfg->per_domain_given = true;
	cfg->per_domain = v->u;
	return 0;
}

static int set_shard(struct config *cfg, const union opt_value *v)
{
	cfg->shard_index = v->shard.k;
	cfg->shard_count = v->shard.n;
	return 0;
}

static int set_csv_dialect(struct config *cfg, const union opt_value *v)
{
	cfg->csv_dialect = (enum report_csv_dialect)v->u;
	return 0;
}

static int set_delay(struct config *cfg, const union opt_value *v)
{
	cfg->delay_ms = (long)(v->d * 1000.0 + 0.5);
	return 0;
}

/* --threads' default: the online CPUs, within 1 and CAP_THREADS. */
static int default_threads(struct config *cfg)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	cfg->threads = n < 1 ? 1u : n > (long)CAP_THREADS ? CAP_THREADS : (unsigned)n;
	return 0;
}

static int set_threads(struct config *cfg, const union opt_value *v)
{
	/* 0 is the table's default: the machine's CPUs. */
	if (!v->u)
		return default_threads(cfg);
	cfg->threads = v->u;
	return 0;
}

static void answer_help(void)
{
	cli_usage(stdout);
}

static void answer_version(void)
{
	printf("mentor-audit %s\n", MA_VERSION);
}

const struct opt_row opt_table[] = {
	{ .name = "orgs", .kind = OPT_PATH, .arg = "FILE", .commands = AUDIT, OPT_AT(orgs, const char *),
	  .heading = "Required for audit:",
	  .help = "registry, CSV or Excel .xlsx (id, name, url; Russian\n"
	          "headers accepted)" },
	{ .name = "out", .kind = OPT_PATH, .arg = "DIR", .commands = WRITING, OPT_AT(out, const char *),
	  .help = "where results.json, noncompliant.csv, summary.md,\n"
	          "report.html (and changes.csv) go" },
	{ .name = "rules", .kind = OPT_PATH, .arg = "FILE", .commands = FETCHING | WRITING,
	  OPT_AT(rules, const char *), .heading = "Options:",
	  .help = "rule file (default: the built-in rules/mentor.rules)" },
	{ .name = "notice", .kind = OPT_PATH, .arg = "FILE", .commands = CMD_BIT(CMD_CHECK), OPT_AT(notice, const char *),
	  .help = "also write the director's notice (one A4 page, HTML) to FILE" },
	{ .name = "contact", .kind = OPT_STRING, .arg = "TEXT", .commands = FETCHING | CMD_BIT(CMD_MERGE),
	  OPT_AT(contact, const char *),
	  .help = "the department's contact, printed in the notices" },
	{ .name = "sheet", .kind = OPT_STRING, .arg = "NAME", .commands = AUDIT, OPT_AT(sheet, const char *),
	  .help = "the sheet of an .xlsx registry (default: the first)" },
	{ .name = "group-by", .kind = OPT_STRING, .arg = "COLUMN", .commands = AUDIT | CMD_BIT(CMD_MERGE),
	  OPT_AT(group_by, const char *),
	  .help = "every indicator also per value of this registry column\n"
	          "(a municipality, a type of organisation)" },
	{ .name = "no-jit", .kind = OPT_FLAG, .commands = FETCHING, OPT_AT(no_jit, bool),
	  .help = "match the rules without PCRE2's JIT: the same verdicts,\n"
	          "slower (to compare; a memory checker needs it)" },
	{ .name = "previous", .kind = OPT_PATH, .arg = "DIR", .commands = AUDIT, OPT_AT(previous, const char *),
	  .help = "compare with the audit in DIR (its results.json): write\n"
	          "changes.csv and a section of report.html; the dated\n"
	          "runs beside DIR (runs/YYYY-MM-DD) make its trend" },
	{ .name = "warc", .kind = OPT_PATH, .arg = "FILE", .commands = FETCHING, OPT_AT(warc, const char *),
	  .help = "keep every fetched response in FILE as WARC 1.1, one\n"
	          "gzip member per record; results.json points to them" },
	{ .name = "shard", .kind = OPT_SHARD, .arg = "K/N", .commands = AUDIT, .set = set_shard,
	  .min = 1, .max = MAX_SHARDS,
	  .help = "audit only the K-th of N stable slices of the registry\n"
	          "(by a hash of the id; K from 1 to N); see merge" },
	{ .name = "resume", .kind = OPT_FLAG, .commands = AUDIT, OPT_AT(resume, bool),
	  .help = "continue the run interrupted in --out (its journal.json):\n"
	          "finished organisations are not fetched again" },
	{ .name = "csv-dialect", .kind = OPT_WORD, .arg = "D", .commands = WRITING, .set = set_csv_dialect,
	  .word = report_csv_dialect_name, .def.u = REPORT_CSV_EXCEL,
	  .help = "noncompliant.csv as 'excel' (UTF-8 BOM, ';', the\n"
	          "default) or 'rfc4180' (plain comma CSV)" },
	{ .name = "fail-under", .kind = OPT_DOUBLE, .arg = "PCT", .commands = AUDIT, OPT_AT(fail_under, double),
	  .dmin = 0.0, .dmax = MAX_PERCENT, .unit = "a percentage", .def.d = FAIL_UNDER_NONE,
	  .help = "exit 5 when the compliant share is below PCT percent" },
	{ .name = "as-of", .kind = OPT_DATE, .arg = "YYYY-MM-DD", .commands = FETCHING, .set = set_as_of,
	  .min = AS_OF_FIRST_YEAR, .max = AS_OF_LAST_YEAR,
	  .help = "audit date (default: today)" },
	{ .name = "jobs", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(jobs, unsigned),
	  .min = 1, .max = MAX_JOBS, .def.u = DEFAULT_JOBS, .show_default = true,
	  .help = "organisations audited at once" },
	{ .name = "threads", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, .set = set_threads,
	  .min = 1, .max = CAP_THREADS,
	  .help = "threads that parse pages: 1, the network loop itself;\n"
	          "N > 1, N worker threads (default: the online CPUs)" },
	{ .name = "depth", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(depth, unsigned),
	  .min = 0, .max = CAP_DEPTH, .def.u = DEFAULT_DEPTH, .show_default = true,
	  .help = "link levels crawled below the section" },
	{ .name = "per-host", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(per_host, unsigned),
	  .min = 1, .max = MAX_PER_HOST, .def.u = DEFAULT_PER_HOST, .show_default = true,
	  .help = "connections at once to one site host" },
	{ .name = "per-domain", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(per_domain, unsigned),
	  .set = set_per_domain,
	  .min = 1, .max = MAX_PER_DOMAIN, .def.u = DEFAULT_PER_DOMAIN, .show_default = true,
	  .help = "connections at once to one parent domain, e.g. all\n"
	          "*.gosuslugi.ru sites together (with --shard K/N and\n"
	          "no --per-domain: the default divided by N)" },
	{ .name = "delay", .kind = OPT_DOUBLE, .arg = "S", .commands = FETCHING, .set = set_delay,
	  .dmin = 0.0, .dmax = MAX_DELAY_S, .unit = "seconds", .def.d = DEFAULT_DELAY_S, .show_default = true,
	  .help = "least seconds between requests to one host, raised by\n"
	          "its robots.txt Crawl-delay up to 10 s" },
	{ .name = "ignore-robots", .kind = OPT_FLAG, .commands = FETCHING, OPT_AT(ignore_robots, bool),
	  .help = "do not read robots.txt (only for audits the site\n"
	          "owners authorised)" },
	{ .name = "cache", .kind = OPT_PATH, .arg = "DIR", .commands = FETCHING, OPT_AT(cache, const char *),
	  .help = "keep ETag/Last-Modified and pages in DIR; the next run\n"
	          "asks only for what changed (not with --warc, which\n"
	          "keeps whole pages)" },
	{ .name = "org-time", .kind = OPT_SECONDS, .arg = "S", .commands = FETCHING, OPT_AT(org_time_ms, long),
	  .min = 1, .max = MAX_ORG_TIME_S, .def.u = DEFAULT_ORG_TIME_S, .show_default = true,
	  .help = "time budget per organisation" },
	{ .name = "doc-time", .kind = OPT_SECONDS, .arg = "S", .commands = FETCHING, OPT_AT(doc_time_ms, long),
	  .min = 1, .max = MAX_DOC_TIME_S, .def.u = DEFAULT_DOC_TIME_S, .show_default = true,
	  .help = "time to read one document (its text, OCR of scans);\n"
	          "past it the document is not read and its link decides" },
	{ .name = "max-pages", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(max_pages, unsigned),
	  .min = 1, .max = MAX_PAGES, .def.u = DEFAULT_MAX_PAGES, .show_default = true,
	  .help = "HTML pages per organisation" },
	{ .name = "tries", .kind = OPT_UINT, .arg = "N", .commands = FETCHING, OPT_AT(tries, unsigned),
	  .min = 1, .max = MAX_TRIES, .def.u = DEFAULT_TRIES, .show_default = true,
	  .help = "attempts for transient failures" },
	{ .name = "timeout", .kind = OPT_SECONDS, .arg = "S", .commands = FETCHING, OPT_AT(timeout_ms, long),
	  .min = 1, .max = MAX_TIMEOUT_S, .def.u = DEFAULT_TIMEOUT_S, .show_default = true,
	  .help = "seconds per request" },
	{ .name = "connect-timeout", .kind = OPT_SECONDS, .arg = "S", .commands = FETCHING,
	  OPT_AT(connect_timeout_ms, long), .min = 1, .max = MAX_TIMEOUT_S, .def.u = DEFAULT_CONNECT_S,
	  .show_default = true, .help = "seconds to connect" },
	{ .name = "cacert", .kind = OPT_PATH, .arg = "FILE", .commands = FETCHING, OPT_AT(cacert, const char *),
	  .help = "CA certificates to trust, as in curl" },
	{ .name = "resolve", .kind = OPT_LIST, .arg = "H:P:ADDR", .commands = FETCHING,
	  OPT_AT(resolve, struct strvec),
	  .help = "use ADDR for host H port P, as in curl (repeatable)" },
	{ .name = "connect-to", .kind = OPT_LIST, .arg = "H:P:H2:P2", .commands = FETCHING,
	  OPT_AT(connect_to, struct strvec),
	  .help = "connect to H2:P2 instead of H:P, as in curl (repeatable)" },
	{ .name = "allow-private", .kind = OPT_FLAG, .commands = FETCHING, OPT_AT(allow_private, bool),
	  .help = "connect also to private, loopback and link-local\n"
	          "addresses (tests, intranet sites); by default only\n"
	          "public ones, and private ones for registry hosts" },
	{ .name = "user-agent", .kind = OPT_STRING, .arg = "UA", .commands = FETCHING | CMD_BIT(CMD_ROBOTS),
	  OPT_AT(user_agent, const char *), .def.text = DEFAULT_USER_AGENT, .show_default = true,
	  .help = "User-Agent header" },
	{ .name = "quiet", .kind = OPT_FLAG, .commands = ALL_COMMANDS, OPT_AT(quiet, bool),
	  .help = "print nothing on success, no progress line" },
	{ .name = "verbose", .kind = OPT_FLAG, .commands = ALL_COMMANDS, OPT_AT(verbose, bool),
	  .help = "log each organisation's verdict on stderr" },
	{ .name = "help", .letter = 'h', .kind = OPT_ANSWER, .commands = ALL_COMMANDS, .answer = answer_help },
	{ .name = "version", .kind = OPT_ANSWER, .commands = ALL_COMMANDS, .answer = answer_version },
};

const size_t opt_count = COUNT(opt_table);

_Static_assert(COUNT(opt_table) <= OPT_TABLE_MAX, "raise OPT_TABLE_MAX");

/* Reading values: 0, or -1 said on stderr. */

static int read_flag(union opt_value *v, const struct opt_row *o, const char *arg)
{
	(void)o;
	(void)arg;
	v->flag = true;
	return 0;
}

static int read_text(union opt_value *v, const struct opt_row *o, const char *arg)
{
	(void)o;
	v->text = arg;
	return 0;
}

static int read_uint(union opt_value *v, const struct opt_row *o, const char *arg)
{
	char *end = NULL;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || !end || *end || end == arg || arg[0] == '-' || n < o->min || n > o->max) {
		fprintf(stderr, "mentor-audit: --%s wants a whole number from %u to %u, got '%s'\n",
		        o->name, o->min, o->max, arg);
		return -1;
	}
	v->u = (unsigned)n;
	return 0;
}

static int read_double(union opt_value *v, const struct opt_row *o, const char *arg)
{
	char *end = NULL;
	double d;

	errno = 0;
	d = strtod(arg, &end);
	if (errno || !end || *end || end == arg || !(d >= o->dmin && d <= o->dmax)) {
		fprintf(stderr, "mentor-audit: --%s wants %s from %g to %g, got '%s'\n", o->name, o->unit,
		        o->dmin, o->dmax, arg);
		return -1;
	}
	v->d = d;
	return 0;
}

static int read_word(union opt_value *v, const struct opt_row *o, const char *arg)
{
	unsigned i;

	for (i = 0; o->word(i); i++) {
		if (strcmp(o->word(i), arg) == 0) {
			v->u = i;
			return 0;
		}
	}
	fprintf(stderr, "mentor-audit: --%s is ", o->name);
	for (i = 0; o->word(i); i++)
		fprintf(stderr, "%s'%s'", i == 0 ? "" : o->word(i + 1) ? ", " : " or ", o->word(i));
	fprintf(stderr, ", got '%s'\n", arg);
	return -1;
}

/* A real calendar day in YYYY-MM-DD. */
static int read_date(union opt_value *v, const struct opt_row *o, const char *arg)
{
	struct tm tm = { 0 };
	int y, m, d;
	char tail;

	bool ok = strlen(arg) == 10 && sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;

	if (ok) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
		tm.tm_hour = 12;
		ok = y >= (int)o->min && y <= (int)o->max && mktime(&tm) != (time_t)-1 && tm.tm_mday == d &&
		     tm.tm_mon == m - 1;
	}
	if (!ok) {
		fprintf(stderr, "mentor-audit: --%s wants a date as YYYY-MM-DD, got '%s'\n", o->name, arg);
		return -1;
	}
	v->text = arg;
	return 0;
}

/* K/N with 1 <= K <= N <= max. */
static int read_shard(union opt_value *v, const struct opt_row *o, const char *arg)
{
	unsigned k, n;
	char tail;

	if (sscanf(arg, "%u/%u%c", &k, &n, &tail) != 2 || n < 1 || n > o->max || k < 1 || k > n ||
	    arg[0] == '-' || strchr(arg, '+')) {
		fprintf(stderr, "mentor-audit: --%s wants K/N with 1 <= K <= N <= %u, got '%s'\n",
		        o->name, o->max, arg);
		return -1;
	}
	v->shard.k = k;
	v->shard.n = n;
	return 0;
}

/* Keeping values at the row's offset: 0, or -1 when out of memory. */

static void *field(struct config *cfg, const struct opt_row *o)
{
	return (char *)cfg + o->offset;
}

static int keep_bool(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	*(bool *)field(cfg, o) = v->flag;
	return 0;
}

static int keep_text(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	*(const char **)field(cfg, o) = v->text;
	return 0;
}

static int keep_uint(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	*(unsigned *)field(cfg, o) = v->u;
	return 0;
}

static int keep_ms(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	*(long *)field(cfg, o) = (long)v->u * 1000L;
	return 0;
}

static int keep_double(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	*(double *)field(cfg, o) = v->d;
	return 0;
}

static int keep_in_list(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	return strvec_push(field(cfg, o), v->text);
}

/* --help's "(default X)". */

static void show_text(FILE *f, const union opt_value *v)
{
	fputs(v->text, f);
}

static void show_uint(FILE *f, const union opt_value *v)
{
	fprintf(f, "%u", v->u);
}

static void show_double(FILE *f, const union opt_value *v)
{
	fprintf(f, "%g", v->d);
}

/*
 * What each kind does. keep is NULL for the kinds whose rows keep their
 * value with set(); defaulted: the row's def is kept before the arguments
 * are read.
 */
static const struct {
	bool takes_value;
	bool defaulted;
	int (*read)(union opt_value *v, const struct opt_row *o, const char *arg);
	int (*keep)(struct config *cfg, const struct opt_row *o, const union opt_value *v);
	void (*show)(FILE *f, const union opt_value *v);
} kinds[OPT_KINDS] = {
	[OPT_FLAG]    = { false, false, read_flag, keep_bool, NULL },
	[OPT_STRING]  = { true, true, read_text, keep_text, show_text },
	[OPT_PATH]    = { true, true, read_text, keep_text, show_text },
	[OPT_UINT]    = { true, true, read_uint, keep_uint, show_uint },
	[OPT_SECONDS] = { true, true, read_uint, keep_ms, show_uint },
	[OPT_DOUBLE]  = { true, true, read_double, keep_double, show_double },
	[OPT_WORD]    = { true, true, read_word, NULL, NULL },
	[OPT_LIST]    = { true, false, read_text, keep_in_list, NULL },
	[OPT_DATE]    = { true, false, read_date, NULL, NULL },
	[OPT_SHARD]   = { true, false, read_shard, NULL, NULL },
	[OPT_ANSWER]  = { false, false, NULL, NULL, NULL },
};

static int keep(struct config *cfg, const struct opt_row *o, const union opt_value *v)
{
	if (o->set)
		return o->set(cfg, v);
	if (kinds[o->kind].keep)
		return kinds[o->kind].keep(cfg, o, v);
	fprintf(stderr, "mentor-audit: --%s has nowhere to keep its value\n", o->name);
	return -1;
}

void opt_defaults(struct config *cfg)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];

		if (o->kind == OPT_LIST)
			strvec_init(field(cfg, o), 0);
		else if (kinds[o->kind].defaulted)
			keep(cfg, o, &o->def);
	}
	cfg->per_domain_given = false;    /* set_per_domain() saw the default, not an option */
	localtime_r(&now, &tm);
	strftime(cfg->as_of, sizeof(cfg->as_of), "%Y-%m-%d", &tm);
}

void opt_free(struct config *cfg)
{
	for (size_t i = 0; i < opt_count; i++)
		if (opt_table[i].kind == OPT_LIST)
			strvec_free(field(cfg, &opt_table[i]));
}

/* getopt_long returns OPT_ID_BASE + a row's index for its long name, the letter for its short one. */
#define OPT_ID_BASE 256

void opt_getopt_table(struct option *longopts, char *shortopts)
{
	size_t n = 0;

	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];
		int has_arg = kinds[o->kind].takes_value ? required_argument : no_argument;

		longopts[i] = (struct option){ o->name, has_arg, NULL, OPT_ID_BASE + (int)i };
		if (o->letter) {
			shortopts[n++] = o->letter;
			if (has_arg == required_argument)
				shortopts[n++] = ':';
		}
	}
	longopts[opt_count] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[n] = '\0';
}

const struct opt_row *opt_of_getopt(int id)
{
	if (id >= OPT_ID_BASE && (size_t)(id - OPT_ID_BASE) < opt_count)
		return &opt_table[id - OPT_ID_BASE];
	for (size_t i = 0; id > 0 && i < opt_count; i++)
		if (opt_table[i].letter == id)
			return &opt_table[i];
	return NULL;
}

const struct opt_row *opt_answer_named(const char *word)
{
	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];

		if (o->kind != OPT_ANSWER || word[0] != '-')
			continue;
		if (word[1] == '-' && strcmp(word + 2, o->name) == 0)
			return o;
		if (o->letter && word[1] == o->letter && word[2] == '\0')
			return o;
	}
	return NULL;
}

int opt_apply(struct config *cfg, const struct opt_row *o, const char *arg)
{
	union opt_value v = { 0 };

	if (o->kind == OPT_ANSWER) {
		o->answer();
		return 1;
	}
	if (kinds[o->kind].read(&v, o, arg))
		return -1;
	return keep(cfg, o, &v) ? -1 : 0;
}

/* --help's column for option names, and the indent of the lines of text after the first. */
#define USAGE_NAME_WIDTH 22
#define USAGE_TEXT_INDENT (2 + USAGE_NAME_WIDTH + 1)

static void usage_row(FILE *f, const struct opt_row *o)
{
	char head[64] = "";
	int n = 0;

	if (o->letter)
		n = snprintf(head, sizeof(head), "-%c, ", o->letter);
	snprintf(head + n, sizeof(head) - (size_t)n, "--%s%s%s", o->name, o->arg ? " " : "",
	         o->arg ? o->arg : "");
	fprintf(f, "  %-*s ", USAGE_NAME_WIDTH, head);
	for (const char *p = o->help; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			fprintf(f, "%*s", USAGE_TEXT_INDENT, "");
	}
	if (o->show_default && kinds[o->kind].show) {
		fputs(" (default ", f);
		kinds[o->kind].show(f, &o->def);
		fputc(')', f);
	}
	fputc('\n', f);
}

/* Rows i.. without help text, by name on one line; returns the last one's index. */
static size_t usage_names(FILE *f, size_t i)
{
	fputs("  ", f);
	for (size_t first = i;; i++) {
		const struct opt_row *o = &opt_table[i];

		fprintf(f, "%s", i == first ? "" : ", ");
		if (o->letter)
			fprintf(f, "-%c, ", o->letter);
		fprintf(f, "--%s", o->name);
		if (i + 1 == opt_count || opt_table[i + 1].help || opt_table[i + 1].heading)
			break;
	}
	fputc('\n', f);
	return i;
}

void opt_usage(FILE *f)
{
	for (size_t i = 0; i < opt_count; i++) {
		if (opt_table[i].heading)
			fprintf(f, "%s\n", opt_table[i].heading);
		if (opt_table[i].help)
			usage_row(f, &opt_table[i]);
		else
			i = usage_names(f, i);
	}
}
