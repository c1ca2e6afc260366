/*
 * address.c - the ranges that are not public, and the kind of an address.
 */
#include "crawler/address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "core/macros.h"

/*
 * A range that is not public. The first row that covers an address decides,
 * so a narrower range comes before the wider one holding it. A row whose
 * v4_at is not 0 carries an IPv4 address from that byte on, and that
 * address decides.
 */
struct range {
	int family;
	const char *prefix;
	unsigned bits;
	enum address_kind kind;
	unsigned v4_at;
};

static const struct range ranges[] = {
	{ AF_INET, "0.0.0.0", 8, ADDRESS_THIS_NETWORK, 0 },
	{ AF_INET, "10.0.0.0", 8, ADDRESS_PRIVATE, 0 },
	{ AF_INET, "100.64.0.0", 10, ADDRESS_SHARED, 0 },
	{ AF_INET, "127.0.0.0", 8, ADDRESS_LOOPBACK, 0 },
	{ AF_INET, "169.254.0.0", 16, ADDRESS_LINK_LOCAL, 0 },
	{ AF_INET, "172.16.0.0", 12, ADDRESS_PRIVATE, 0 },
	{ AF_INET, "192.0.0.0", 24, ADDRESS_RESERVED, 0 },        /* IETF protocol assignments */
	{ AF_INET, "192.0.2.0", 24, ADDRESS_RESERVED, 0 },        /* documentation (TEST-NET-1) */
	{ AF_INET, "192.88.99.0", 24, ADDRESS_RESERVED, 0 },      /* 6to4 relay anycast, withdrawn */
	{ AF_INET, "192.168.0.0", 16, ADDRESS_PRIVATE, 0 },
	{ AF_INET, "198.18.0.0", 15, ADDRESS_RESERVED, 0 },       /* benchmarking */
	{ AF_INET, "198.51.100.0", 24, ADDRESS_RESERVED, 0 },     /* documentation (TEST-NET-2) */
	{ AF_INET, "203.0.113.0", 24, ADDRESS_RESERVED, 0 },      /* documentation (TEST-NET-3) */
	{ AF_INET, "224.0.0.0", 4, ADDRESS_MULTICAST, 0 },
	{ AF_INET, "255.255.255.255", 32, ADDRESS_BROADCAST, 0 },
	{ AF_INET, "240.0.0.0", 4, ADDRESS_RESERVED, 0 },
	{ AF_INET6, "::", 128, ADDRESS_THIS_NETWORK, 0 },          /* unspecified */
	{ AF_INET6, "::1", 128, ADDRESS_LOOPBACK, 0 },
	{ AF_INET6, "::ffff:0:0", 96, ADDRESS_PUBLIC, 12 },        /* IPv4-mapped */
	{ AF_INET6, "::", 96, ADDRESS_RESERVED, 0 },               /* IPv4-compatible, deprecated */
	{ AF_INET6, "64:ff9b::", 96, ADDRESS_PUBLIC, 12 },         /* NAT64 well-known prefix */
	{ AF_INET6, "64:ff9b:1::", 48, ADDRESS_RESERVED, 0 },      /* NAT64 local use */
	{ AF_INET6, "100::", 64, ADDRESS_RESERVED, 0 },            /* discard only */
	{ AF_INET6, "2001:db8::", 32, ADDRESS_RESERVED, 0 },       /* documentation */
	{ AF_INET6, "2001::", 23, ADDRESS_RESERVED, 0 },           /* IETF protocol assignments, Teredo */
	{ AF_INET6, "2002::", 16, ADDRESS_PUBLIC, 2 },             /* 6to4 */
	{ AF_INET6, "3fff::", 20, ADDRESS_RESERVED, 0 },           /* documentation */
	{ AF_INET6, "5f00::", 16, ADDRESS_RESERVED, 0 },           /* segment routing (SRv6) */
	{ AF_INET6, "fc00::", 7, ADDRESS_PRIVATE, 0 },             /* unique local */
	{ AF_INET6, "fe80::", 10, ADDRESS_LINK_LOCAL, 0 },
	{ AF_INET6, "fec0::", 10, ADDRESS_PRIVATE, 0 },            /* site-local, deprecated */
	{ AF_INET6, "ff00::", 8, ADDRESS_MULTICAST, 0 },
};

static const char *const kind_names[ADDRESS_KINDS] = {
	[ADDRESS_PUBLIC] = "public",
	[ADDRESS_PRIVATE] = "private network",
	[ADDRESS_SHARED] = "shared, carrier-grade NAT",
	[ADDRESS_LOOPBACK] = "loopback",
	[ADDRESS_LINK_LOCAL] = "link-local",
	[ADDRESS_THIS_NETWORK] = "this network",
	[ADDRESS_MULTICAST] = "multicast",
	[ADDRESS_BROADCAST] = "broadcast",
	[ADDRESS_RESERVED] = "reserved",
};

const char *address_kind_name(enum address_kind k)
{
	return (unsigned)k < ADDRESS_KINDS ? kind_names[k] : "?";
}

bool address_is_intranet(enum address_kind k)
{
	return k == ADDRESS_PRIVATE || k == ADDRESS_SHARED;
}

bool address_in_prefix(const unsigned char *addr, const unsigned char *prefix, size_t len, unsigned bits)
{
	size_t whole = bits / 8;
	unsigned rest = bits % 8;

	if (bits > len * 8 || memcmp(addr, prefix, whole) != 0)
		return false;
	if (!rest)
		return true;
	return ((addr[whole] ^ prefix[whole]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

/* The kind of an address of family (AF_INET: 4 bytes, AF_INET6: 16), in network order. */
static enum address_kind classify(int family, const unsigned char *addr)
{
	unsigned char prefix[sizeof(struct in6_addr)];
	size_t len = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);

	for (size_t i = 0; i < COUNT(ranges); i++) {
		const struct range *r = &ranges[i];

		/* Every row's prefix is valid (test_address.c has a case in each row); a bad one covers nothing. */
		if (r->family != family || inet_pton(family, r->prefix, prefix) != 1 ||
		    !address_in_prefix(addr, prefix, len, r->bits))
			continue;
		return r->v4_at ? classify(AF_INET, addr + r->v4_at) : r->kind;
	}
	return ADDRESS_PUBLIC;
}

enum address_kind address_kind_of(const struct sockaddr *sa, size_t len)
{
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		return classify(AF_INET, (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
		return classify(AF_INET6, ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
	return ADDRESS_RESERVED;
}

int address_literal_kind(enum address_kind *out, const char *text)
{
	char plain[ADDRESS_TEXT_LEN];
	unsigned char addr[sizeof(struct in6_addr)];
	size_t n = strlen(text);

	/* "[v6]" as URLs write it; a zone ("%eth0") names an interface, not the address. */
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
		text++;
		n -= 2;
	}
	n = strcspn(text, "%") < n ? strcspn(text, "%") : n;
	if (n >= sizeof(plain))
		return -1;
	memcpy(plain, text, n);
	plain[n] = '\0';
	if (inet_pton(AF_INET, plain, addr) == 1) {
		*out = classify(AF_INET, addr);
		return 0;
	}
	if (inet_pton(AF_INET6, plain, addr) == 1) {
		*out = classify(AF_INET6, addr);
		return 0;
	}
	return -1;
}

void address_text(char *out, size_t len, const struct sockaddr *sa, size_t salen)
{
	const void *addr = NULL;

	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in))
		addr = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6))
		addr = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (!addr || !inet_ntop(sa->sa_family, addr, out, (socklen_t)len))
		snprintf(out, len, "?");
}
