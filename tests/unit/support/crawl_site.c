/*
 * crawl_site.c - a fixture site for crawler tests (see crawl_site.h).
 */
#include "tests/unit/support/crawl_site.h"

int crawl_site_start(struct fixture_site **out, const char *name, const char *const *hosts, size_t n,
                     fixture_site_fill_fn fill)
{
	if (fixture_site_new(out, name, hosts, n, fill))
		return -1;
	if (crawl_global_init()) {
		fixture_site_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void crawl_site_stop(struct fixture_site *site)
{
	if (!site)
		return;
	crawl_global_cleanup();
	fixture_site_free(site);
}

struct crawl_opts crawl_site_opts(const struct fixture_site *site)
{
	struct crawl_opts o = {
		.timeout_ms = 10000,
		.connect_timeout_ms = 5000,
		.per_host = 2,
		.max_transfers = 8,
		.tries = 1,
		.user_agent = "mentor-audit-test",
		.resolve = fixture_site_resolve(site),
	};

	return o;
}
