/*
 * cli.c - the command table, and parsing a command line with it and the
 * option table (src/options.h): the command, its options, its operands.
 */
#include "src/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "src/audit_cmd.h"
#include "src/changes_cmd.h"
#include "src/merge.h"
#include "src/options.h"
#include "src/robots_cmd.h"

static int audit_operands(struct config *cfg, int argc, char **argv)
{
	if (argc > 0) {
		fprintf(stderr, "mentor-audit: unexpected argument '%s'\n", argv[0]);
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

static int check_operands(struct config *cfg, int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "mentor-audit: check needs exactly one URL (try --help)\n");
		return EXIT_USAGE;
	}
	cfg->check_url = argv[0];
	return EXIT_OK;
}

static int robots_operands(struct config *cfg, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "mentor-audit: robots needs a robots.txt FILE and a URL (try --help)\n");
		return EXIT_USAGE;
	}
	cfg->robots_file = argv[0];
	cfg->check_url = argv[1];
	return EXIT_OK;
}

static int diff_operands(struct config *cfg, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "mentor-audit: diff needs an OLD_DIR and a NEW_DIR (try --help)\n");
		return EXIT_USAGE;
	}
	cfg->previous = argv[0];
	cfg->current = argv[1];
	if (!cfg->out)
		cfg->out = cfg->current;
	return EXIT_OK;
}

static int merge_operands(struct config *cfg, int argc, char **argv)
{
	if (argc < 1 || !cfg->out) {
		fprintf(stderr, "mentor-audit: merge needs the shard directories and --out DIR (try --help)\n");
		return EXIT_USAGE;
	}
	cfg->merge_dirs = argv;
	cfg->nmerge = (size_t)argc;
	return EXIT_OK;
}

const struct cli_command cli_commands[CMD_COUNT] = {
	[CMD_AUDIT] = { "audit", "--orgs FILE --out DIR [options]",
		"audit every organisation of a registry: find its mentorship\n"
		"section, look for the required documents, check their links, write reports.",
		audit_operands, audit_command },
	[CMD_CHECK] = { "check", "URL [options]",
		"audit one section URL and explain each verdict on stdout: the link,\n"
		"the text that matched, the rule, and why each rejected candidate did not count.",
		check_operands, audit_command },
	[CMD_ROBOTS] = { "robots", "FILE URL [--user-agent UA]",
		"say whether the robots.txt in FILE allows URL for the User-Agent,\n"
		"and which line decided (exit 0 allowed, 1 disallowed).",
		robots_operands, robots_command },
	[CMD_DIFF] = { "diff", "OLD_DIR NEW_DIR [--out DIR] [--rules FILE] [--csv-dialect D]",
		"compare two audits' results.json: write changes.csv and changes.html\n"
		"into --out (default NEW_DIR) and print what changed.",
		diff_operands, diff_command },
	[CMD_MERGE] = { "merge", "DIR... --out DIR [--rules FILE] [--csv-dialect D]",
		"combine the outputs of `audit --shard K/N` for K = 1..N into the\n"
		"reports one audit of the whole registry would write.",
		merge_operands, merge_command },
};

static const char usage_notes[] =
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
	"listed in summary.md and results.json; 7 wins over 5).\n";

void cli_usage(FILE *f)
{
	for (size_t i = 0; i < CMD_COUNT; i++)
		fprintf(f, "%s mentor-audit %s %s\n", i == 0 ? "Usage:" : "      ", cli_commands[i].name,
		        cli_commands[i].synopsis);
	fputc('\n', f);
	for (size_t i = 0; i < CMD_COUNT; i++)
		fprintf(f, "%s: %s\n", cli_commands[i].name, cli_commands[i].about);
	fputc('\n', f);
	opt_usage(f);
	fputs(usage_notes, f);
}

static const struct cli_command *command_named(const char *name)
{
	for (size_t i = 0; i < CMD_COUNT; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/*
 * The options after the command (argv[0] is the command): each one the
 * command takes is kept in cfg. *operands gets the index in argv of the
 * first operand (getopt_long moves them after the options). Returns as
 * cli_parse().
 */
static int parse_options(struct config *cfg, int argc, char **argv, int *operands)
{
	struct option longopts[OPT_TABLE_MAX + 1];
	char shortopts[2 * OPT_TABLE_MAX + 1];
	unsigned command = CMD_BIT(cfg->command - cli_commands);
	const struct opt_row *o;
	int id, rc;

	opt_getopt_table(longopts, shortopts);
	optind = 0;     /* a whole new scan, argv[0] skipped */
	opterr = 0;
	for (;;) {
		id = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (id == -1)
			break;
		o = opt_of_getopt(id);
		if (!o) {
			fprintf(stderr, "mentor-audit: unknown option or missing value: %s (try --help)\n",
			        argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (!(o->commands & command)) {
			fprintf(stderr, "mentor-audit %s: --%s is not an option of this command\n",
			        cfg->command->name, o->name);
			return EXIT_USAGE;
		}
		rc = opt_apply(cfg, o, optarg);
		if (rc)
			return rc > 0 ? -1 : EXIT_USAGE;
	}
	*operands = optind;
	return EXIT_OK;
}

int cli_parse(struct config *cfg, int argc, char **argv)
{
	const struct opt_row *answer;
	int rc, first = 0;

	opt_defaults(cfg);
	if (argc < 2) {
		cli_usage(stderr);
		return EXIT_USAGE;
	}
	cfg->command = command_named(argv[1]);
	if (!cfg->command) {
		/* Before a command, only --help, -h and --version. */
		answer = opt_answer_named(argv[1]);
		if (answer) {
			answer->answer();
			return -1;
		}
		fprintf(stderr, "mentor-audit: unknown command '%s' (try --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	rc = parse_options(cfg, argc - 1, argv + 1, &first);
	if (rc != EXIT_OK)
		return rc;
	return cfg->command->operands(cfg, argc - 1 - first, argv + 1 + first);
}

void cli_free(struct config *cfg)
{
	opt_free(cfg);
}
