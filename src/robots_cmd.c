/*
 * robots_cmd.c - `mentor-audit robots FILE URL`: whether the robots.txt in
 * FILE allows URL for the User-Agent, and which line decided, so a user can
 * see why a site was reported blocked.
 */
#include "src/robots_cmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/log.h"
#include "core/macros.h"
#include "parsers/robots.h"
#include "parsers/url.h"

/* A robots.txt may be larger than what is parsed; only its head counts. */
#define ROBOTS_FILE_CAP (CAP_ROBOTS_BYTES * 64u)

int robots_command(const struct config *cfg)
{
	char *text = NULL, *url = NULL, *target = NULL;
	const char *why = NULL;
	struct robots *r = NULL;
	struct robots_verdict v;
	char err[ERR_LEN];
	size_t len = 0;
	long delay;
	int code = EXIT_INPUT;

	if (file_read_all(&text, &len, cfg->robots_file, ROBOTS_FILE_CAP, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	if (url_normalize(&url, cfg->check_url, &why) || url_target(&target, url)) {
		log_error("%s: not a usable URL: %s", cfg->check_url, why ? why : "cannot parse");
		goto out;
	}
	if (robots_parse(&r, text, len)) {
		log_error("out of memory reading %s", cfg->robots_file);
		code = EXIT_RUN;
		goto out;
	}
	robots_check(r, cfg->user_agent, target, &v);
	printf("%s: %s for %s\n", v.allowed ? "allowed" : "disallowed", url, cfg->user_agent);
	if (v.line)
		printf("decided by %s line %u: %s (group User-agent: %s)\n", cfg->robots_file, v.line,
		       v.rule, v.group);
	else if (v.group[0])
		printf("no rule of the group User-agent: %s matches %s\n", v.group, target);
	else
		printf("no group applies to this User-Agent: everything is allowed\n");
	delay = robots_crawl_delay_ms(r, cfg->user_agent);
	if (delay >= 0)
		printf("crawl-delay: %.3g s%s\n", delay / 1000.0,
		       delay > CAP_CRAWL_DELAY_MS ? " (mentor-audit waits at most the cap)" : "");
	code = v.allowed ? EXIT_OK : EXIT_DISALLOWED;
out:
	robots_free(r);
	free(text);
	free(url);
	free(target);
	return code;
}
