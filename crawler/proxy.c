/*
 * proxy.c - the environment's proxies, read as curl reads them, and
 * no_proxy matched as curl matches it.
 */
#include "crawler/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "crawler/address.h"

#define NO_PROXY_SEPARATORS ", \t"

/* The first of the variables that is set and not empty, or NULL; upper may be NULL. */
static const char *env_first(const char *lower, const char *upper)
{
	const char *v = getenv(lower);

	if ((!v || !*v) && upper)
		v = getenv(upper);
	return v && *v ? v : NULL;
}

static int dup_or_null(char **out, const char *s)
{
	*out = s ? strdup(s) : NULL;
	return s && !*out ? -1 : 0;
}

int proxy_env_read(struct proxy_env *out)
{
	const char *all = env_first("all_proxy", "ALL_PROXY");
	const char *http = env_first("http_proxy", NULL);
	const char *https = env_first("https_proxy", "HTTPS_PROXY");

	memset(out, 0, sizeof(*out));
	if (dup_or_null(&out->http, http ? http : all) || dup_or_null(&out->https, https ? https : all) ||
	    dup_or_null(&out->no_proxy, env_first("no_proxy", "NO_PROXY"))) {
		proxy_env_clear(out);
		return -1;
	}
	return 0;
}

void proxy_env_clear(struct proxy_env *pe)
{
	free(pe->http);
	free(pe->https);
	free(pe->no_proxy);
	memset(pe, 0, sizeof(*pe));
}

const char *proxy_for(const struct proxy_env *pe, const char *scheme, const char *host)
{
	const char *proxy = NULL;

	if (strcmp(scheme, "http") == 0)
		proxy = pe->http;
	else if (strcmp(scheme, "https") == 0)
		proxy = pe->https;
	return proxy && !proxy_excluded(pe->no_proxy, host) ? proxy : NULL;
}

/* An address entry ("10.0.0.0/8", "::1") covers the address host of family. */
static bool entry_covers_address(const char *entry, size_t n, int family, const unsigned char *addr)
{
	char text[CAP_NO_PROXY_ENTRY];
	unsigned char net[sizeof(struct in6_addr)];
	size_t len = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	unsigned bits = 0;
	char *slash;

	if (n >= sizeof(text))
		return false;
	memcpy(text, entry, n);
	text[n] = '\0';
	slash = strchr(text, '/');
	if (slash) {
		*slash = '\0';
		bits = (unsigned)strtoul(slash + 1, NULL, 10);
	}
	/* As curl: no bits (or /0) is the whole address. */
	if (!bits)
		bits = (unsigned)len * 8;
	return inet_pton(family, text, net) == 1 && address_in_prefix(addr, net, len, bits);
}

/* A name entry covers name (n bytes, no trailing dot): the same name, or a name below it. */
static bool entry_covers_name(const char *entry, size_t elen, const char *name, size_t n)
{
	if (elen && entry[elen - 1] == '.')
		elen--;
	if (elen && entry[0] == '.') {
		entry++;
		elen--;
	}
	if (!elen || elen > n)
		return false;
	if (elen == n)
		return strncasecmp(entry, name, n) == 0;
	return name[n - elen - 1] == '.' && strncasecmp(entry, name + n - elen, elen) == 0;
}

bool proxy_excluded(const char *no_proxy, const char *host)
{
	unsigned char addr[sizeof(struct in6_addr)];
	char plain[ADDRESS_TEXT_LEN];
	size_t n = strlen(host);
	int family = 0;

	if (!no_proxy || !*no_proxy || !n)
		return false;
	if (strcmp(no_proxy, "*") == 0)
		return true;
	if (host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(plain)) {
		memcpy(plain, host + 1, n - 2);
		plain[n - 2] = '\0';
		if (inet_pton(AF_INET6, plain, addr) == 1)
			family = AF_INET6;
	} else if (inet_pton(AF_INET, host, addr) == 1) {
		family = AF_INET;
	} else if (inet_pton(AF_INET6, host, addr) == 1) {
		family = AF_INET6;
	} else if (host[n - 1] == '.') {
		n--;
	}
	for (const char *p = no_proxy; *p;) {
		size_t elen;

		p += strspn(p, NO_PROXY_SEPARATORS);
		elen = strcspn(p, NO_PROXY_SEPARATORS);
		if (elen && (family ? entry_covers_address(p, elen, family, addr)
		                    : entry_covers_name(p, elen, host, n)))
			return true;
		p += elen;
	}
	return false;
}
