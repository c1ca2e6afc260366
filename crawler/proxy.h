/*
 * proxy.h - which requests go through a proxy. The crawler decides it here
 * once per request, from the environment curl reads (http_proxy;
 * https_proxy or HTTPS_PROXY; all_proxy or ALL_PROXY; no_proxy or
 * NO_PROXY) by curl's rules, and hands curl the decision (CURLOPT_PROXY,
 * empty for none, with an empty CURLOPT_NOPROXY). So the route and the
 * address check at connect time (crawler/guard.h) come from one decision:
 * a request through a proxy connects to the proxy, any other to the site.
 */
#ifndef MA_PROXY_H
#define MA_PROXY_H

#include <stdbool.h>

struct proxy_env {
	char *http;        /* the proxy of http:// URLs, or NULL */
	char *https;       /* the proxy of https:// URLs, or NULL */
	char *no_proxy;    /* the hosts reached directly, or NULL */
};

/*
 * Read the environment as curl does: http_proxy only in lower case (curl
 * ignores HTTP_PROXY, which a CGI request can set), the others lower case
 * first; all_proxy for a scheme without its own; an empty variable is
 * unset. 0, or -1 when out of memory.
 */
int proxy_env_read(struct proxy_env *out);
void proxy_env_clear(struct proxy_env *pe);

/* The proxy a request to scheme://host goes through, or NULL when it connects itself. */
const char *proxy_for(const struct proxy_env *pe, const char *scheme, const char *host);

/*
 * Does no_proxy name host? Its entries are separated by commas or blanks;
 * "*" alone names every host; a name matches itself and the names below it
 * (a leading or trailing dot ignored: "school.ru" and ".school.ru" both
 * name "www.school.ru"), case-insensitively; an IPv4 or IPv6 address,
 * optionally with /bits, matches an address host (written "[::1]" or "::1").
 */
bool proxy_excluded(const char *no_proxy, const char *host);

#endif
