/*
 * test_crawl_bodies.c - the run's budget for page bodies (crawl_opts.bodies,
 * crawler/bodies.c) against build/fixture-server: pages fetched at once
 * with a budget smaller than their bodies all arrive whole, transfers wait
 * for room meanwhile, the bytes held never pass the cap by more than one
 * body, and every byte is given back, by the crawler or by whoever took a
 * body with crawl_take_body().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/budget.h"
#include "core/macros.h"
#include "crawler/crawl.h"
#include "tests/unit/support/crawl_site.h"

#define PAGES      8u
#define PAGE_BYTES (1024u * 1024u)
/* What a buffer of PAGE_BYTES takes once grown (core/buf.c doubles). */
#define PAGE_ALLOC (2u * PAGE_BYTES)

static const char *const hosts[] = { "m.test" };
static struct fixture_site *site;

/* Page i: PAGE_BYTES of the letter 'a' + i. */
static int make_sites(struct fixture_site *s)
{
	char *data = malloc(PAGE_BYTES);
	char rel[64];
	int rc = 0;

	if (!data)
		return -1;
	for (unsigned i = 0; i < PAGES && rc == 0; i++) {
		memset(data, 'a' + (int)i, PAGE_BYTES);
		snprintf(rel, sizeof(rel), "m.test/p%u.html", i);
		rc = fixture_site_write(s, rel, data, PAGE_BYTES);
	}
	free(data);
	return rc;
}

static int group_setup(void **state)
{
	(void)state;
	return crawl_site_start(&site, "test_crawl_bodies", hosts, COUNT(hosts), make_sites);
}

static int group_teardown(void **state)
{
	(void)state;
	crawl_site_stop(site);
	return 0;
}

struct page_got {
	unsigned index;
	bool take;              /* take the body instead of reading it in place */
	struct budget *bodies;
	bool whole;             /* status 200 and every byte as written */
	int calls;
};

static bool body_is(const char *body, size_t len, char letter)
{
	if (len != PAGE_BYTES)
		return false;
	for (size_t i = 0; i < len; i++)
		if (body[i] != letter)
			return false;
	return true;
}

static void on_page(void *userdata, const struct crawl_result *r)
{
	struct page_got *g = userdata;
	char letter = (char)('a' + (int)g->index);
	size_t charge = 0;

	g->calls++;
	if (!g->take) {
		g->whole = r->status == 200 && body_is(r->body, r->body_len, letter);
		return;
	}
	char *body = crawl_take_body(r, &charge);

	g->whole = r->status == 200 && body && charge >= PAGE_BYTES && body_is(body, r->body_len, letter);
	free(body);
	budget_give(g->bodies, charge);
}

/* All PAGES pages at once against a budget of cap bytes; half of the bodies taken. */
static void fetch_all(size_t cap, struct crawl_stats *st)
{
	struct crawl_opts o = crawl_site_opts(site);
	struct page_got got[PAGES];
	struct budget bodies;
	struct crawler *c = NULL;
	char url[128];

	budget_init(&bodies, cap);
	o.per_host = PAGES;
	o.max_transfers = PAGES;
	o.bodies = &bodies;
	assert_int_equal(crawl_new(&c, &o), 0);
	for (unsigned i = 0; i < PAGES; i++) {
		got[i] = (struct page_got){ .index = i, .take = i % 2 == 1, .bodies = &bodies };
		snprintf(url, sizeof(url), "http://m.test:%u/p%u.html", fixture_site_port(site), i);
		assert_int_equal(crawl_add(c, url, CRAWL_PAGE, 0, on_page, &got[i]), 0);
	}
	assert_int_equal(crawl_run(c), 0);
	crawl_get_stats(c, st);
	crawl_free(c);
	for (unsigned i = 0; i < PAGES; i++) {
		assert_int_equal(got[i].calls, 1);
		assert_true(got[i].whole);
	}
	assert_int_equal(budget_held(&bodies), 0);
}

static void test_budget_below_the_pages(void **state)
{
	struct crawl_stats st;
	size_t cap = PAGE_BYTES + PAGE_BYTES / 2;

	(void)state;
	fetch_all(cap, &st);
	assert_true(st.bodies_paused > 0);
	/* Past the cap by one body at most: far below all eight at once. */
	assert_true(st.bodies_peak > 0);
	assert_true(st.bodies_peak <= cap + PAGE_ALLOC);
	assert_true(st.bodies_peak < PAGES * PAGE_BYTES);
}

/* A budget smaller than any one page: the run still ends, one body past the cap at a time. */
static void test_budget_below_one_page(void **state)
{
	struct crawl_stats st;
	size_t cap = 64u * 1024u;

	(void)state;
	fetch_all(cap, &st);
	assert_true(st.bodies_paused > 0);
	assert_true(st.bodies_peak <= cap + PAGE_ALLOC);
}

/* A budget larger than all the pages: nobody waits. */
static void test_budget_above_the_pages(void **state)
{
	struct crawl_stats st;

	(void)state;
	fetch_all(4u * PAGES * PAGE_BYTES, &st);
	assert_int_equal(st.bodies_paused, 0);
	assert_true(st.bodies_peak >= PAGE_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_below_the_pages),
		cmocka_unit_test(test_budget_below_one_page),
		cmocka_unit_test(test_budget_above_the_pages),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
