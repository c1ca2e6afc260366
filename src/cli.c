/*
 * cli.c - option table, parsing and validation of the command line.
 */
#include "src/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "reports/report.h"

#define DEFAULT_JOBS         8u
#define DEFAULT_DEPTH        2u
#define DEFAULT_PER_HOST     2u
#define DEFAULT_PER_DOMAIN   8u
#define DEFAULT_DELAY_MS     500L
#define DEFAULT_ORG_TIME_S   600L
#define MAX_DELAY_MS         60000L
#define MAX_ORG_TIME_S       86400u
#define DEFAULT_TRIES        3u
#define DEFAULT_TIMEOUT_S    30L
#define DEFAULT_CONNECT_S    10L
#define MAX_JOBS             256u
#define MAX_TIMEOUT_S        600L
#define MAX_SHARDS           10000u

enum opt_id {
	OPT_ORGS = 256, OPT_OUT, OPT_RULES, OPT_AS_OF, OPT_JOBS, OPT_DEPTH,
	OPT_PER_HOST, OPT_MAX_PAGES, OPT_TRIES, OPT_TIMEOUT, OPT_CONNECT_TIMEOUT,
	OPT_CACERT, OPT_USER_AGENT, OPT_RESOLVE, OPT_CONNECT_TO, OPT_QUIET,
	OPT_VERBOSE, OPT_HELP, OPT_VERSION, OPT_PER_DOMAIN, OPT_DELAY, OPT_IGNORE_ROBOTS,
	OPT_CACHE, OPT_ORG_TIME, OPT_CSV_DIALECT, OPT_FAIL_UNDER, OPT_PREVIOUS, OPT_WARC, OPT_RESUME, OPT_SHARD,
};

static const struct option long_options[] = {
	{ "orgs", required_argument, NULL, OPT_ORGS },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "depth", required_argument, NULL, OPT_DEPTH },
	{ "per-host", required_argument, NULL, OPT_PER_HOST },
	{ "per-domain", required_argument, NULL, OPT_PER_DOMAIN },
	{ "delay", required_argument, NULL, OPT_DELAY },
	{ "ignore-robots", no_argument, NULL, OPT_IGNORE_ROBOTS },
	{ "cache", required_argument, NULL, OPT_CACHE },
	{ "org-time", required_argument, NULL, OPT_ORG_TIME },
	{ "csv-dialect", required_argument, NULL, OPT_CSV_DIALECT },
	{ "fail-under", required_argument, NULL, OPT_FAIL_UNDER },
	{ "previous", required_argument, NULL, OPT_PREVIOUS },
	{ "warc", required_argument, NULL, OPT_WARC },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "max-pages", required_argument, NULL, OPT_MAX_PAGES },
	{ "tries", required_argument, NULL, OPT_TRIES },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "cacert", required_argument, NULL, OPT_CACERT },
	{ "user-agent", required_argument, NULL, OPT_USER_AGENT },
	{ "resolve", required_argument, NULL, OPT_RESOLVE },
	{ "connect-to", required_argument, NULL, OPT_CONNECT_TO },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

void cli_usage(FILE *f)
{
	fprintf(f,
	"Usage: mentor-audit audit --orgs FILE --out DIR [options]\n"
	"       mentor-audit check URL [options]\n"
	"       mentor-audit robots FILE URL [--user-agent UA]\n"
	"       mentor-audit diff OLD_DIR NEW_DIR [--out DIR] [--rules FILE] [--csv-dialect D]\n"
	"       mentor-audit merge DIR... --out DIR [--rules FILE] [--csv-dialect D]\n"
	"\n"
	"audit: audit every organisation of a registry: find its mentorship\n"
	"section, look for the required documents, check their links, write reports.\n"
	"check: audit one section URL and explain each verdict on stdout: the link,\n"
	"the text that matched, the rule, and why each rejected candidate did not count.\n"
	"robots: say whether the robots.txt in FILE allows URL for the User-Agent,\n"
	"and which line decided (exit 0 allowed, 1 disallowed).\n"
	"diff: compare two audits' results.json: write changes.csv and changes.html\n"
	"into --out (default NEW_DIR) and print what changed.\n"
	"merge: combine the outputs of `audit --shard K/N` for K = 1..N into the\n"
	"reports one audit of the whole registry would write.\n"
	"\n"
	"Required for audit:\n"
	"  --orgs FILE            registry CSV (id, name, url; Russian headers accepted)\n"
	"  --out DIR              where results.json, noncompliant.csv, summary.md,\n"
	"                         report.html (and changes.csv) go\n"
	"Options:\n"
	"  --rules FILE           rule file (default: the built-in rules/mentor.rules)\n"
	"  --previous DIR         compare with the audit in DIR (its results.json): write\n"
	"                         changes.csv and a section of report.html\n"
	"  --warc FILE            keep every fetched response in FILE as WARC 1.1, one\n"
	"                         gzip member per record; results.json points to them\n"
	"  --shard K/N            audit only the K-th of N stable slices of the registry\n"
	"                         (by a hash of the id; K from 1 to N); see merge\n"
	"  --resume               continue the run interrupted in --out (its journal.json):\n"
	"                         finished organisations are not fetched again\n"
	"  --csv-dialect D        noncompliant.csv as 'excel' (UTF-8 BOM, ';', the\n"
	"                         default) or 'rfc4180' (plain comma CSV)\n"
	"  --fail-under PCT       exit 5 when the compliant share is below PCT percent\n"
	"  --as-of YYYY-MM-DD     audit date (default: today)\n"
	"  --jobs N               organisations audited at once (default %u)\n"
	"  --depth N              link levels crawled below the section (default %u)\n"
	"  --per-host N           connections at once to one site host (default %u)\n"
	"  --per-domain N         connections at once to one parent domain, e.g. all\n"
	"                         *.gosuslugi.ru sites together (default %u)\n"
	"  --delay S              least seconds between requests to one host, raised by\n"
	"                         its robots.txt Crawl-delay up to %ld s (default %.1f)\n"
	"  --ignore-robots        do not read robots.txt (only for audits the site\n"
	"                         owners authorised)\n"
	"  --cache DIR            keep ETag/Last-Modified and pages in DIR; the next run\n"
	"                         asks only for what changed (not with --warc, which\n"
	"                         keeps whole pages)\n"
	"  --org-time S           time budget per organisation (default %ld)\n"
	"  --max-pages N          HTML pages per organisation (default %u)\n"
	"  --tries N              attempts for transient failures (default %u)\n"
	"  --timeout S            seconds per request (default %ld)\n"
	"  --connect-timeout S    seconds to connect (default %ld)\n"
	"  --cacert FILE          CA certificates to trust, as in curl\n"
	"  --resolve H:P:ADDR     use ADDR for host H port P, as in curl (repeatable)\n"
	"  --connect-to H:P:H2:P2 connect to H2:P2 instead of H:P, as in curl (repeatable)\n"
	"  --user-agent UA        User-Agent header (default %s)\n"
	"  --quiet                print nothing on success, no progress line\n"
	"  --verbose              log each organisation's verdict on stderr\n"
	"  --help, --version\n"
	"\n"
	"Proxies: http_proxy, https_proxy and no_proxy are honoured as curl does.\n"
	"\n"
	"Progress (organisations done, rate, time left) goes to stderr when it is a\n"
	"terminal; under cron it is silent.\n"
	"\n"
	"Exit codes: 0 audit completed (robots: allowed); 1 robots: disallowed;\n"
	"2 bad command line; 3 registry, rule, robots or results file unreadable or\n"
	"invalid; 4 the run could not complete; 5 audit completed, compliant share\n"
	"below --fail-under (the reports are written); 6 interrupted by SIGINT or\n"
	"SIGTERM (the journal is kept: run again with --resume); 7 audit completed,\n"
	"the reports are written, but registry records could not be read (they are\n"
	"listed in summary.md and results.json; 7 wins over 5).\n",
	DEFAULT_JOBS, DEFAULT_DEPTH, DEFAULT_PER_HOST, DEFAULT_PER_DOMAIN,
	CAP_CRAWL_DELAY_MS / 1000, DEFAULT_DELAY_MS / 1000.0, DEFAULT_ORG_TIME_S,
	CAP_PAGES_PER_ORG, DEFAULT_TRIES, DEFAULT_TIMEOUT_S, DEFAULT_CONNECT_S, DEFAULT_USER_AGENT);
}

static int parse_uint(unsigned *out, const char *arg, const char *name, unsigned lo, unsigned hi)
{
	char *end = NULL;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || !end || *end || end == arg || arg[0] == '-' || v < lo || v > hi) {
		fprintf(stderr, "mentor-audit: --%s wants a whole number from %u to %u, got '%s'\n",
		        name, lo, hi, arg);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* A decimal number ("0.5") from lo to hi; what names the unit in the message. */
static int parse_decimal(double *out, const char *arg, const char *name, double lo, double hi,
                         const char *what)
{
	char *end = NULL;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || !end || *end || end == arg || !(v >= lo && v <= hi)) {
		fprintf(stderr, "mentor-audit: --%s wants %s from %g to %g, got '%s'\n", name, what, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_seconds(long *out_ms, const char *arg, const char *name)
{
	unsigned s;

	if (parse_uint(&s, arg, name, 1, (unsigned)MAX_TIMEOUT_S))
		return -1;
	*out_ms = (long)s * 1000L;
	return 0;
}

/* A real calendar date in YYYY-MM-DD. */
static int parse_date(char out[11], const char *arg)
{
	struct tm tm = { 0 };
	int y, m, d;
	char tail;

	if (strlen(arg) != 10 || sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	if (y < 2000 || y > 2100 || mktime(&tm) == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		goto bad;
	memcpy(out, arg, 11);
	return 0;
bad:
	fprintf(stderr, "mentor-audit: --as-of wants a date as YYYY-MM-DD, got '%s'\n", arg);
	return -1;
}

/* K/N with 1 <= K <= N <= MAX_SHARDS. */
static int parse_shard(struct config *cfg, const char *arg)
{
	unsigned k, n;
	char tail;

	if (sscanf(arg, "%u/%u%c", &k, &n, &tail) != 2 || n < 1 || n > MAX_SHARDS || k < 1 || k > n ||
	    arg[0] == '-' || strchr(arg, '+')) {
		fprintf(stderr, "mentor-audit: --shard wants K/N with 1 <= K <= N <= %u, got '%s'\n",
		        MAX_SHARDS, arg);
		return -1;
	}
	cfg->shard_index = k;
	cfg->shard_count = n;
	return 0;
}

static void set_defaults(struct config *cfg)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(cfg, 0, sizeof(*cfg));
	localtime_r(&now, &tm);
	strftime(cfg->as_of, sizeof(cfg->as_of), "%Y-%m-%d", &tm);
	cfg->jobs = DEFAULT_JOBS;
	cfg->depth = DEFAULT_DEPTH;
	cfg->per_host = DEFAULT_PER_HOST;
	cfg->per_domain = DEFAULT_PER_DOMAIN;
	cfg->csv_dialect = REPORT_CSV_EXCEL;
	cfg->fail_under = -1.0;
	cfg->delay_ms = DEFAULT_DELAY_MS;
	cfg->org_time_ms = DEFAULT_ORG_TIME_S * 1000L;
	cfg->max_pages = CAP_PAGES_PER_ORG;
	cfg->tries = DEFAULT_TRIES;
	cfg->timeout_ms = DEFAULT_TIMEOUT_S * 1000L;
	cfg->connect_timeout_ms = DEFAULT_CONNECT_S * 1000L;
	cfg->user_agent = DEFAULT_USER_AGENT;
	strvec_init(&cfg->resolve, 0);
	strvec_init(&cfg->connect_to, 0);
}

static int apply(struct config *cfg, int id, const char *arg)
{
	switch (id) {
	case OPT_ORGS: cfg->orgs = arg; return 0;
	case OPT_OUT: cfg->out = arg; return 0;
	case OPT_RULES: cfg->rules = arg; return 0;
	case OPT_AS_OF:
		cfg->as_of_given = true;
		return parse_date(cfg->as_of, arg);
	case OPT_RESUME: cfg->resume = true; return 0;
	case OPT_SHARD: return parse_shard(cfg, arg);
	case OPT_JOBS: return parse_uint(&cfg->jobs, arg, "jobs", 1, MAX_JOBS);
	case OPT_DEPTH: return parse_uint(&cfg->depth, arg, "depth", 0, CAP_DEPTH);
	case OPT_PER_HOST: return parse_uint(&cfg->per_host, arg, "per-host", 1, 16);
	case OPT_PER_DOMAIN: return parse_uint(&cfg->per_domain, arg, "per-domain", 1, MAX_JOBS);
	case OPT_DELAY: {
		double secs;

		if (parse_decimal(&secs, arg, "delay", 0.0, MAX_DELAY_MS / 1000.0, "seconds"))
			return -1;
		cfg->delay_ms = (long)(secs * 1000.0 + 0.5);
		return 0;
	}
	case OPT_IGNORE_ROBOTS: cfg->ignore_robots = true; return 0;
	case OPT_CACHE: cfg->cache = arg; return 0;
	case OPT_PREVIOUS: cfg->previous = arg; return 0;
	case OPT_WARC: cfg->warc = arg; return 0;
	case OPT_FAIL_UNDER: return parse_decimal(&cfg->fail_under, arg, "fail-under", 0.0, 100.0,
	                                          "a percentage");
	case OPT_CSV_DIALECT:
		if (report_csv_dialect_parse(&cfg->csv_dialect, arg)) {
			fprintf(stderr, "mentor-audit: --csv-dialect is 'excel' or 'rfc4180', got '%s'\n", arg);
			return -1;
		}
		return 0;
	case OPT_ORG_TIME: {
		unsigned secs;

		if (parse_uint(&secs, arg, "org-time", 1, MAX_ORG_TIME_S))
			return -1;
		cfg->org_time_ms = (long)secs * 1000L;
		return 0;
	}
	case OPT_MAX_PAGES: return parse_uint(&cfg->max_pages, arg, "max-pages", 1, 1000);
	case OPT_TRIES: return parse_uint(&cfg->tries, arg, "tries", 1, 10);
	case OPT_TIMEOUT: return parse_seconds(&cfg->timeout_ms, arg, "timeout");
	case OPT_CONNECT_TIMEOUT: return parse_seconds(&cfg->connect_timeout_ms, arg, "connect-timeout");
	case OPT_CACERT: cfg->cacert = arg; return 0;
	case OPT_USER_AGENT: cfg->user_agent = arg; return 0;
	case OPT_RESOLVE: return strvec_push(&cfg->resolve, arg);
	case OPT_CONNECT_TO: return strvec_push(&cfg->connect_to, arg);
	case OPT_QUIET: cfg->quiet = true; return 0;
	case OPT_VERBOSE: cfg->verbose = true; return 0;
	default: return -1;
	}
}

int cli_parse(struct config *cfg, int argc, char **argv)
{
	int id;

	set_defaults(cfg);
	if (argc < 2) {
		cli_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_usage(stdout);
		return -1;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("mentor-audit %s\n", MA_VERSION);
		return -1;
	}
	if (strcmp(argv[1], "audit") != 0 && strcmp(argv[1], "check") != 0 &&
	    strcmp(argv[1], "robots") != 0 && strcmp(argv[1], "diff") != 0 &&
	    strcmp(argv[1], "merge") != 0) {
		fprintf(stderr, "mentor-audit: unknown command '%s' (try --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	cfg->command = argv[1];
	optind = 2;
	opterr = 0;
	while ((id = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		if (id == OPT_HELP) {
			cli_usage(stdout);
			return -1;
		}
		if (id == OPT_VERSION) {
			printf("mentor-audit %s\n", MA_VERSION);
			return -1;
		}
		if (id == '?' || id == ':') {
			fprintf(stderr, "mentor-audit: unknown option or missing value: %s (try --help)\n",
			        argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (apply(cfg, id, optarg))
			return EXIT_USAGE;
	}
	if (strcmp(cfg->command, "robots") == 0) {
		if (optind != argc - 2) {
			fprintf(stderr, "mentor-audit: robots needs a robots.txt FILE and a URL (try --help)\n");
			return EXIT_USAGE;
		}
		cfg->robots_file = argv[optind];
		cfg->check_url = argv[optind + 1];
		return EXIT_OK;
	}
	if (strcmp(cfg->command, "diff") == 0) {
		if (optind != argc - 2) {
			fprintf(stderr, "mentor-audit: diff needs an OLD_DIR and a NEW_DIR (try --help)\n");
			return EXIT_USAGE;
		}
		cfg->previous = argv[optind];
		cfg->current = argv[optind + 1];
		if (!cfg->out)
			cfg->out = cfg->current;
		return EXIT_OK;
	}
	if (strcmp(cfg->command, "merge") == 0) {
		if (optind >= argc || !cfg->out) {
			fprintf(stderr, "mentor-audit: merge needs the shard directories and --out DIR (try --help)\n");
			return EXIT_USAGE;
		}
		cfg->merge_dirs = argv + optind;
		cfg->nmerge = (size_t)(argc - optind);
		return EXIT_OK;
	}
	if (strcmp(cfg->command, "check") == 0) {
		if (optind != argc - 1) {
			fprintf(stderr, "mentor-audit: check needs exactly one URL (try --help)\n");
			return EXIT_USAGE;
		}
		cfg->check_url = argv[optind];
		return EXIT_OK;
	}
	if (optind < argc) {
		fprintf(stderr, "mentor-audit: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!cfg->orgs || !cfg->out) {
		fprintf(stderr, "mentor-audit: audit needs --orgs FILE and --out DIR (try --help)\n");
		return EXIT_USAGE;
	}
	if (cfg->resume && cfg->warc) {
		fprintf(stderr, "mentor-audit: --resume cannot continue a --warc archive; "
		        "start the archived run again without --resume\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void cli_free(struct config *cfg)
{
	strvec_free(&cfg->resolve);
	strvec_free(&cfg->connect_to);
}
