/*
 * test_hosts.c - the crawler's host table forgets idle hosts past
 * CAP_IDLE_HOSTS (longest idle first, never one a delay still holds) and
 * reuses their slots, so it does not grow with the registry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/caps.h"
#include "crawler/hosts.h"

static size_t take(struct host_table *t, size_t i, long delay_ms)
{
	char url[64];
	size_t slot = (size_t)-1;

	snprintf(url, sizeof(url), "https://s%zu.school%zu.test/n/", i, i % 7);
	assert_int_equal(hosts_slot_for(t, url, delay_ms, &slot), 0);
	return slot;
}

static void test_idle_hosts_forgotten(void **state)
{
	enum { EXTRA = 100 };
	struct host_table t = { 0 };
	size_t slot;

	(void)state;
	for (size_t i = 0; i < CAP_IDLE_HOSTS + EXTRA; i++) {
		slot = take(&t, i, 0);
		t.hosts[slot].robots_state = ROBOTS_READY;     /* what a fetch would have learnt */
		t.hosts[slot].last_start_ms = 1;
		hosts_release(&t, slot, 1000 + (long long)i);
	}
	assert_int_equal(t.idle, CAP_IDLE_HOSTS);
	assert_true(t.nhosts <= CAP_IDLE_HOSTS + 1);
	assert_true(t.ndomains <= 7);
	/* The longest idle was forgotten: asked again it starts afresh; the newest kept what it knew. */
	slot = take(&t, 0, 0);
	assert_int_equal(t.hosts[slot].robots_state, ROBOTS_UNKNOWN);
	assert_int_equal(t.hosts[slot].users, 1);
	hosts_release(&t, slot, 5000);
	slot = take(&t, CAP_IDLE_HOSTS + EXTRA - 1, 0);
	assert_int_equal(t.hosts[slot].robots_state, ROBOTS_READY);
	/* Two requests on one host: it is idle only when both are done. */
	assert_int_equal(take(&t, CAP_IDLE_HOSTS + EXTRA - 1, 0), slot);
	hosts_release(&t, slot, 6000);
	assert_int_equal(t.hosts[slot].users, 1);
	hosts_release(&t, slot, 6000);
	assert_int_equal(t.hosts[slot].users, 0);
	hosts_free(&t);
}

static void test_delay_keeps_host(void **state)
{
	struct host_table t = { 0 };
	size_t slot, first;

	(void)state;
	/* Every host was just asked and has a 10 s delay: none may be forgotten yet. */
	for (size_t i = 0; i < CAP_IDLE_HOSTS + 10; i++) {
		slot = take(&t, i, 10000);
		t.hosts[slot].last_start_ms = 1000;
		hosts_release(&t, slot, 1000);
	}
	assert_int_equal(t.idle, CAP_IDLE_HOSTS + 10);
	first = take(&t, 0, 10000);
	assert_int_equal(t.hosts[first].last_start_ms, 1000);
	/* Once the delays have passed, the next release trims back to the cap. */
	hosts_release(&t, first, 20000);
	assert_int_equal(t.idle, CAP_IDLE_HOSTS);
	hosts_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_hosts_forgotten),
		cmocka_unit_test(test_delay_keeps_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
