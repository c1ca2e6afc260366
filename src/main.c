/*
 * main.c - parse options, run the command.
 */
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "crawler/crawl.h"
#include "rules/rules.h"
#include "src/audit_cmd.h"
#include "src/changes_cmd.h"
#include "src/cli.h"
#include "src/merge.h"
#include "src/robots_cmd.h"

int main(int argc, char **argv)
{
	struct config cfg;
	int code = cli_parse(&cfg, argc, argv);

	if (code != EXIT_OK) {
		cli_free(&cfg);
		return code < 0 ? EXIT_OK : code;
	}
	log_set_level(cfg.verbose ? LOG_INFO : LOG_WARN);
	/* MENTOR_AUDIT_PCRE_JIT=0: interpret the patterns (for valgrind, which cannot follow JIT code). */
	if (getenv("MENTOR_AUDIT_PCRE_JIT") && strcmp(getenv("MENTOR_AUDIT_PCRE_JIT"), "0") == 0)
		rules_use_jit(false);
	if (crawl_global_init()) {
		log_error("cannot initialise libcurl");
		cli_free(&cfg);
		return EXIT_RUN;
	}
	xmlInitParser();
	if (strcmp(cfg.command, "robots") == 0)
		code = robots_command(&cfg);
	else if (strcmp(cfg.command, "diff") == 0)
		code = diff_command(&cfg);
	else if (strcmp(cfg.command, "merge") == 0)
		code = merge_command(&cfg);
	else
		code = audit_command(&cfg);
	xmlCleanupParser();
	crawl_global_cleanup();
	cli_free(&cfg);
	return code;
}
