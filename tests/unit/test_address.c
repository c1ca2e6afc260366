/*
 * test_address.c - which addresses are public: a case inside every range of
 * crawler/address.c, cases just outside them, IPv4 carried in IPv6, text
 * that is no address, and sockaddrs as curl hands them over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/un.h>

#include "core/macros.h"
#include "crawler/address.h"

static const struct {
	const char *text;
	enum address_kind kind;
} literals[] = {
	/* IPv4, each range from its edges in and out */
	{ "8.8.8.8", ADDRESS_PUBLIC },
	{ "77.88.55.60", ADDRESS_PUBLIC },
	{ "0.0.0.0", ADDRESS_THIS_NETWORK },
	{ "0.255.255.255", ADDRESS_THIS_NETWORK },
	{ "1.0.0.0", ADDRESS_PUBLIC },
	{ "9.255.255.255", ADDRESS_PUBLIC },
	{ "10.0.0.0", ADDRESS_PRIVATE },
	{ "10.0.0.5", ADDRESS_PRIVATE },
	{ "10.255.255.255", ADDRESS_PRIVATE },
	{ "11.0.0.0", ADDRESS_PUBLIC },
	{ "100.63.255.255", ADDRESS_PUBLIC },
	{ "100.64.0.0", ADDRESS_SHARED },
	{ "100.127.255.255", ADDRESS_SHARED },
	{ "100.128.0.0", ADDRESS_PUBLIC },
	{ "126.255.255.255", ADDRESS_PUBLIC },
	{ "127.0.0.1", ADDRESS_LOOPBACK },
	{ "127.255.255.254", ADDRESS_LOOPBACK },
	{ "128.0.0.0", ADDRESS_PUBLIC },
	{ "169.253.255.255", ADDRESS_PUBLIC },
	{ "169.254.0.1", ADDRESS_LINK_LOCAL },
	{ "169.254.169.254", ADDRESS_LINK_LOCAL },
	{ "169.255.0.0", ADDRESS_PUBLIC },
	{ "172.15.255.255", ADDRESS_PUBLIC },
	{ "172.16.0.0", ADDRESS_PRIVATE },
	{ "172.31.255.255", ADDRESS_PRIVATE },
	{ "172.32.0.0", ADDRESS_PUBLIC },
	{ "192.0.0.8", ADDRESS_RESERVED },
	{ "192.0.1.0", ADDRESS_PUBLIC },
	{ "192.0.2.1", ADDRESS_RESERVED },
	{ "192.88.99.1", ADDRESS_RESERVED },
	{ "192.167.255.255", ADDRESS_PUBLIC },
	{ "192.168.1.1", ADDRESS_PRIVATE },
	{ "192.169.0.0", ADDRESS_PUBLIC },
	{ "198.17.255.255", ADDRESS_PUBLIC },
	{ "198.18.0.1", ADDRESS_RESERVED },
	{ "198.19.255.255", ADDRESS_RESERVED },
	{ "198.20.0.0", ADDRESS_PUBLIC },
	{ "198.51.100.7", ADDRESS_RESERVED },
	{ "203.0.113.9", ADDRESS_RESERVED },
	{ "223.255.255.255", ADDRESS_PUBLIC },
	{ "224.0.0.1", ADDRESS_MULTICAST },
	{ "239.255.255.255", ADDRESS_MULTICAST },
	{ "240.0.0.1", ADDRESS_RESERVED },
	{ "255.255.255.254", ADDRESS_RESERVED },
	{ "255.255.255.255", ADDRESS_BROADCAST },
	/* IPv6 */
	{ "2a02:6b8::2:242", ADDRESS_PUBLIC },
	{ "::", ADDRESS_THIS_NETWORK },
	{ "::1", ADDRESS_LOOPBACK },
	{ "[::1]", ADDRESS_LOOPBACK },
	{ "::2", ADDRESS_RESERVED },
	{ "::ffff:0:0", ADDRESS_THIS_NETWORK },
	{ "::ffff:10.0.0.5", ADDRESS_PRIVATE },
	{ "::ffff:127.0.0.1", ADDRESS_LOOPBACK },
	{ "::ffff:7f00:1", ADDRESS_LOOPBACK },
	{ "::ffff:169.254.169.254", ADDRESS_LINK_LOCAL },
	{ "::ffff:100.64.1.1", ADDRESS_SHARED },
	{ "::ffff:8.8.8.8", ADDRESS_PUBLIC },
	{ "::8.8.8.8", ADDRESS_RESERVED },
	{ "64:ff9b::a00:5", ADDRESS_PRIVATE },
	{ "64:ff9b::808:808", ADDRESS_PUBLIC },
	{ "64:ff9b:1::1", ADDRESS_RESERVED },
	{ "100::1", ADDRESS_RESERVED },
	{ "100:0:0:1::1", ADDRESS_PUBLIC },
	{ "2001::1", ADDRESS_RESERVED },
	{ "2001:1ff::1", ADDRESS_RESERVED },
	{ "2001:200::1", ADDRESS_PUBLIC },
	{ "2001:db8::1", ADDRESS_RESERVED },
	{ "2002:a00:5::1", ADDRESS_PRIVATE },
	{ "2002:7f00:1::", ADDRESS_LOOPBACK },
	{ "2002:808:808::1", ADDRESS_PUBLIC },
	{ "3fff::1", ADDRESS_RESERVED },
	{ "5f00::1", ADDRESS_RESERVED },
	{ "fbff:ffff::1", ADDRESS_PUBLIC },
	{ "fc00::1", ADDRESS_PRIVATE },
	{ "fd12:3456::1", ADDRESS_PRIVATE },
	{ "fe80::1", ADDRESS_LINK_LOCAL },
	{ "fe80::1%eth0", ADDRESS_LINK_LOCAL },
	{ "[fe80::1%25eth0]", ADDRESS_LINK_LOCAL },
	{ "febf:ffff::1", ADDRESS_LINK_LOCAL },
	{ "fec0::1", ADDRESS_PRIVATE },
	{ "feff::1", ADDRESS_PRIVATE },
	{ "ff02::1", ADDRESS_MULTICAST },
	{ "ff0e::1", ADDRESS_MULTICAST },
};

/* Host names and text no libc reads as an address (curl's URL parser writes 127.1 as 127.0.0.1). */
static const char *const not_literals[] = {
	"school.example", "localhost", "", "[]", "1.2.3", "127.1", "2130706433", "0x7f.0.0.1",
	"010.0.0.1.", "1.2.3.4.5", "::ffff:1.2.3.4.5", "[::1", "fe80::1::2", "999.1.1.1",
	"aaaa:bbbb:cccc:dddd:eeee:ffff:1111:2222:3333",
};

static void test_literals(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(literals); i++) {
		enum address_kind k = ADDRESS_KINDS;

		if (address_literal_kind(&k, literals[i].text) != 0)
			fail_msg("%s: not read as an address", literals[i].text);
		if (k != literals[i].kind)
			fail_msg("%s: %s, want %s", literals[i].text, address_kind_name(k),
			         address_kind_name(literals[i].kind));
	}
}

static void test_not_literals(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(not_literals); i++) {
		enum address_kind k = ADDRESS_PUBLIC;

		if (address_literal_kind(&k, not_literals[i]) != -1)
			fail_msg("'%s' read as an address (%s)", not_literals[i], address_kind_name(k));
	}
}

/* The sockaddrs curl hands to CURLOPT_OPENSOCKETFUNCTION, and their text. */
static void test_sockaddrs(void **state)
{
	struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons(443) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char text[ADDRESS_TEXT_LEN];

	(void)state;
	assert_int_equal(inet_pton(AF_INET, "10.0.0.5", &v4.sin_addr), 1);
	assert_int_equal(address_kind_of((struct sockaddr *)&v4, sizeof(v4)), ADDRESS_PRIVATE);
	address_text(text, sizeof(text), (struct sockaddr *)&v4, sizeof(v4));
	assert_string_equal(text, "10.0.0.5");
	/* Too short for its family: not trusted as anything public. */
	assert_int_equal(address_kind_of((struct sockaddr *)&v4, 4), ADDRESS_RESERVED);
	assert_int_equal(inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr), 1);
	assert_int_equal(address_kind_of((struct sockaddr *)&v4, sizeof(v4)), ADDRESS_PUBLIC);

	assert_int_equal(inet_pton(AF_INET6, "::ffff:169.254.169.254", &v6.sin6_addr), 1);
	assert_int_equal(address_kind_of((struct sockaddr *)&v6, sizeof(v6)), ADDRESS_LINK_LOCAL);
	address_text(text, sizeof(text), (struct sockaddr *)&v6, sizeof(v6));
	assert_string_equal(text, "::ffff:169.254.169.254");
	assert_int_equal(inet_pton(AF_INET6, "2a02:6b8::2:242", &v6.sin6_addr), 1);
	assert_int_equal(address_kind_of((struct sockaddr *)&v6, sizeof(v6)), ADDRESS_PUBLIC);

	assert_int_equal(address_kind_of((struct sockaddr *)&un, sizeof(un)), ADDRESS_RESERVED);
	address_text(text, sizeof(text), (struct sockaddr *)&un, sizeof(un));
	assert_string_equal(text, "?");
}

static void test_prefix_bits(void **state)
{
	static const unsigned char a[4] = { 172, 31, 255, 255 }, p[4] = { 172, 16, 0, 0 };

	(void)state;
	assert_true(address_in_prefix(a, p, 4, 0));
	assert_true(address_in_prefix(a, p, 4, 8));
	assert_true(address_in_prefix(a, p, 4, 12));
	assert_false(address_in_prefix(a, p, 4, 13));
	assert_false(address_in_prefix(a, p, 4, 16));
	assert_true(address_in_prefix(a, a, 4, 32));
	assert_false(address_in_prefix(a, a, 4, 33));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_true(address_is_intranet(ADDRESS_PRIVATE));
	assert_true(address_is_intranet(ADDRESS_SHARED));
	for (int k = 0; k < ADDRESS_KINDS; k++) {
		assert_true(strlen(address_kind_name((enum address_kind)k)) > 3);
		if (k != ADDRESS_PRIVATE && k != ADDRESS_SHARED)
			assert_false(address_is_intranet((enum address_kind)k));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_not_literals),
		cmocka_unit_test(test_sockaddrs),
		cmocka_unit_test(test_prefix_bits),
		cmocka_unit_test(test_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
