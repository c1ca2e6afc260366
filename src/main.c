/*
 * main.c - parse the command line, set up the libraries, run the command.
 */
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "crawler/crawl.h"
#include "rules/rules.h"
#include "src/cli.h"
#include "src/sandbox.h"

int main(int argc, char **argv)
{
	struct config cfg;
	const char *jit = getenv("MENTOR_AUDIT_PCRE_JIT");
	int code;

	/* The documents' reader, started by the audit (src/sandbox.c): no command line of its own. */
	if (argc == 2 && strcmp(argv[1], SANDBOX_COMMAND) == 0)
		return sandbox_reader_main();
	code = cli_parse(&cfg, argc, argv);

	if (code != EXIT_OK) {
		cli_free(&cfg);
		return code < 0 ? EXIT_OK : code;
	}
	log_set_level(cfg.verbose ? LOG_INFO : LOG_WARN);
	/*
	 * --no-jit, or MENTOR_AUDIT_PCRE_JIT=0 for every run of a test suite (valgrind
	 * cannot follow JIT code): the patterns are interpreted, with the same verdicts.
	 */
	if (cfg.no_jit || (jit && strcmp(jit, "0") == 0))
		rules_use_jit(false);
	if (crawl_global_init()) {
		log_error("cannot initialise libcurl");
		cli_free(&cfg);
		return EXIT_RUN;
	}
	xmlInitParser();
	code = cfg.command->run(&cfg);
	xmlCleanupParser();
	crawl_global_cleanup();
	cli_free(&cfg);
	return code;
}
