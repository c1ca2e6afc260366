/*
 * address.h - which IP addresses are public. One table (address.c) holds
 * the ranges that are not, IPv4 and IPv6, from the IANA special-purpose
 * address registries (RFC 6890 and its successors), each with its kind. An
 * IPv6 address that carries an IPv4 one (::ffff:a.b.c.d, 64:ff9b::a.b.c.d,
 * 6to4 2002:aabb:ccdd::) is judged by the IPv4 address it carries.
 *
 * Addresses are read with inet_pton and written with inet_ntop; nothing
 * here parses an address by hand. To add a range: one row in the table and
 * one in tests/unit/test_address.c.
 */
#ifndef MA_ADDRESS_H
#define MA_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" and its NUL (INET6_ADDRSTRLEN). */
#define ADDRESS_TEXT_LEN 46

enum address_kind {
	ADDRESS_PUBLIC,
	ADDRESS_PRIVATE,       /* RFC 1918, unique local fc00::/7, site-local fec0::/10: an intranet */
	ADDRESS_SHARED,        /* 100.64.0.0/10, carrier-grade NAT (RFC 6598): an intranet too */
	ADDRESS_LOOPBACK,      /* 127.0.0.0/8, ::1 */
	ADDRESS_LINK_LOCAL,    /* 169.254.0.0/16 (169.254.169.254: cloud metadata), fe80::/10 */
	ADDRESS_THIS_NETWORK,  /* 0.0.0.0/8, :: */
	ADDRESS_MULTICAST,     /* 224.0.0.0/4, ff00::/8 */
	ADDRESS_BROADCAST,     /* 255.255.255.255 */
	ADDRESS_RESERVED,      /* documentation, benchmarking, 240.0.0.0/4, protocol assignments ... */
	ADDRESS_KINDS
};

/* "public", "private", "loopback" ...: for logs and errors. */
const char *address_kind_name(enum address_kind k);

/* A range of a private network (RFC 1918, unique local, carrier-grade NAT): an intranet may live there. */
bool address_is_intranet(enum address_kind k);

/* The kind of the address in sa: AF_INET or AF_INET6 (any other family is reserved). */
enum address_kind address_kind_of(const struct sockaddr *sa, size_t len);

/*
 * The kind of an IP address written as text ("10.0.0.5", "::1", "[::1]"):
 * 0, or -1 when text is no IP address (a host name).
 */
int address_literal_kind(enum address_kind *out, const char *text);

/* sa as text, as inet_ntop writes it ("?" for another family). */
void address_text(char *out, size_t len, const struct sockaddr *sa, size_t salen);

/*
 * Do the first bits of addr (network order, len bytes) equal those of
 * prefix? bits beyond len * 8 never match.
 */
bool address_in_prefix(const unsigned char *addr, const unsigned char *prefix, size_t len, unsigned bits);

#endif
