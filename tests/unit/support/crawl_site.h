/*
 * crawl_site.h - a fixture site for the tests that run the crawler against
 * it (test_crawl, test_warc, test_crawl_guard): the server started and
 * curl initialised as a cmocka group's setup, stopped as its teardown, and
 * crawl options that reach its hosts. Like fixture_site.h, no cmocka here.
 */
#ifndef MA_CRAWL_SITE_H
#define MA_CRAWL_SITE_H

#include <stddef.h>

#include "crawler/crawl.h"
#include "tests/unit/support/fixture_site.h"

/* fixture_site_new(), then crawl_global_init(). 0, or -1 (nothing left running). */
int crawl_site_start(struct fixture_site **out, const char *name, const char *const *hosts, size_t n,
                     fixture_site_fill_fn fill);

/* crawl_global_cleanup(), then fixture_site_free(). Accepts NULL. */
void crawl_site_stop(struct fixture_site *site);

/*
 * What the tests share: 10 s per request, 5 s to connect, 2 at once per
 * host, 8 in all, one try, the test's User-Agent, and the site's --resolve
 * lines (which also exempt its hosts from the address check). A test sets
 * what it needs besides.
 */
struct crawl_opts crawl_site_opts(const struct fixture_site *site);

#endif
