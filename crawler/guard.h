/*
 * guard.h - where a request may connect. A crawler inside a department's
 * network follows links and redirects that thousands of foreign sites
 * choose; none of them may lead it to 127.0.0.1, the department's intranet
 * or 169.254.169.254. For each request (each redirect hop) the guard gives
 * its route: the proxy it goes through (crawler/proxy.h), if any, and what
 * the address it reaches may be (crawler/address.h):
 *  - REACH_PUBLIC: public addresses only. Every link and redirect of the
 *    sites, by default.
 *  - REACH_INTRANET: also private networks (RFC 1918, unique local,
 *    carrier-grade NAT). A host named by a registry URL (own_urls): the
 *    registry is the department's list, and a school site may be on its
 *    intranet. Never loopback, link-local, multicast or reserved addresses:
 *    no school site lives there.
 *  - REACH_ANY: anything. With --allow-private; for a host and port the user
 *    mapped with --resolve, or with --connect-to to another host (the user
 *    chose the address); and for the socket of a request through a proxy,
 *    which connects to the proxy, the department's own.
 * The crawler checks twice: an IP address written as the URL's host before
 * anything is sent (through a proxy too: there it is all that can be
 * checked), and the address curl resolved as it opens the socket
 * (CURLOPT_OPENSOCKETFUNCTION), so a name that resolves inward, or does so
 * only the second time (DNS rebinding), is refused all the same.
 */
#ifndef MA_GUARD_H
#define MA_GUARD_H

#include <stdbool.h>

#include "core/strvec.h"
#include "crawler/address.h"

enum guard_reach {
	REACH_PUBLIC,
	REACH_INTRANET,
	REACH_ANY,
};

struct guard_opts {
	bool allow_private;                /* --allow-private: every address */
	const struct strvec *own_urls;     /* the registry's URLs, or NULL */
	const struct strvec *resolve;      /* "[+]HOST:PORT:ADDR[,ADDR]" as curl --resolve, or NULL */
	const struct strvec *connect_to;   /* "HOST:PORT:HOST2:PORT2" as curl --connect-to, or NULL */
};

struct guard_route {
	const char *proxy;                 /* the proxy it goes through (the guard's), or NULL */
	enum guard_reach target;           /* what the URL's host may be */
	enum guard_reach socket;           /* what the socket curl opens may reach: target, or any for a proxy */
	bool literal_refused;              /* the URL's host is an IP address target does not allow */
	enum address_kind literal_kind;    /* ... of this kind */
	char literal[ADDRESS_TEXT_LEN];    /* ... written so ("" otherwise) */
};

struct guard;

/* Reads the proxy environment (crawler/proxy.h). 0, or -1 when out of memory. */
int guard_new(struct guard **out, const struct guard_opts *opts);
void guard_free(struct guard *g);

/* The route of a request to url. 0, or -1 when url does not parse (out is then public, direct). */
int guard_route(const struct guard *g, const char *url, struct guard_route *out);

/* May a connection allowed reach go to an address of kind? */
bool guard_allows(enum guard_reach reach, enum address_kind kind);

#endif
