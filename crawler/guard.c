/*
 * guard.c - the route of a request: its proxy and the addresses it may
 * reach, from --allow-private, the registry's hosts, the user's mappings
 * and the proxy environment (see guard.h).
 */
#include "crawler/guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strindex.h"
#include "crawler/proxy.h"
#include "parsers/url.h"

#define PORT_MAX 65535ul

/* One --resolve or --connect-to entry: the host and port it applies to, where it sends them. */
struct mapping {
	char *host;          /* "" any host (--connect-to), "*" any host (--resolve) */
	unsigned port;       /* 0: any port */
	char *to_host;       /* --connect-to's HOST2: "" keeps the URL's host */
	unsigned to_port;    /* --connect-to's PORT2: 0 keeps the URL's port */
};

struct guard {
	bool allow_private;
	struct strvec own_hosts;     /* the registry's hosts, once each */
	struct strindex own_ix;
	struct mapping *resolve;
	size_t nresolve;
	struct mapping *connect_to;
	size_t nconnect_to;
	struct proxy_env proxy;
};

/* A part of an entry: n bytes at s. */
struct span {
	const char *s;
	size_t n;
};

/*
 * "HOST:PORT:rest" (HOST may be "[v6]"; either part may be empty): the
 * host, the port (0 when empty) and *rest after the second colon, or NULL
 * when the entry ends after PORT. -1 when it is not so.
 */
static int split_host_port(const char *s, struct span *host, unsigned *port, const char **rest)
{
	size_t n = s[0] == '[' ? strcspn(s, "]") + 1 : strcspn(s, ":");
	const char *p;
	unsigned long number = 0;
	char *end = NULL;

	if (n > strlen(s) || s[n] != ':')
		return -1;
	p = s + n + 1;
	end = (char *)p;
	if (*p != ':' && *p != '\0') {
		number = strtoul(p, &end, 10);
		if (end == p || (*end != ':' && *end != '\0') || number == 0 || number > PORT_MAX)
			return -1;
	}
	host->s = s;
	host->n = n;
	*port = (unsigned)number;
	*rest = *end == ':' ? end + 1 : NULL;
	return 0;
}

/*
 * One --resolve or --connect-to entry. One that does not parse maps
 * nothing (curl refuses it as well). 0, or -1 when out of memory.
 */
static int add_mapping(struct mapping **list, size_t *n, const char *entry, bool connect_to)
{
	struct span host, to_host = { "", 0 };
	struct mapping m = { 0 };
	const char *rest = NULL;
	struct mapping *grown;

	if (!connect_to && entry[0] == '-')
		return 0;                      /* "-HOST:PORT" takes a mapping away */
	if (!connect_to && entry[0] == '+')
		entry++;
	if (split_host_port(entry, &host, &m.port, &rest) || !rest ||
	    (connect_to && split_host_port(rest, &to_host, &m.to_port, &rest)))
		return 0;
	m.host = strndup(host.s, host.n);
	m.to_host = strndup(to_host.s, to_host.n);
	grown = m.host && m.to_host ? realloc(*list, (*n + 1) * sizeof(**list)) : NULL;
	if (!grown) {
		free(m.host);
		free(m.to_host);
		return -1;
	}
	*list = grown;
	(*list)[(*n)++] = m;
	return 0;
}

static void free_mappings(struct mapping *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].host);
		free(list[i].to_host);
	}
	free(list);
}

static const char *own_key(const void *items, size_t pos)
{
	return ((char *const *)items)[pos];
}

/* The host of a registry URL, once. 0, or -1 when out of memory (a URL that does not parse names no host). */
static int add_own_host(struct guard *g, const char *url)
{
	struct url_origin o;
	int rc = 0;

	if (url_origin(&o, url))
		return 0;
	if (strindex_find(&g->own_ix, o.host, g->own_hosts.items, own_key) == (size_t)-1) {
		rc = strvec_push(&g->own_hosts, o.host);
		if (!rc)
			rc = strindex_add(&g->own_ix, g->own_hosts.len - 1, g->own_hosts.items, own_key);
	}
	url_origin_clear(&o);
	return rc;
}

int guard_new(struct guard **out, const struct guard_opts *opts)
{
	struct guard *g = calloc(1, sizeof(*g));
	int rc = -1;

	*out = NULL;
	if (!g)
		return -1;
	g->allow_private = opts->allow_private;
	strvec_init(&g->own_hosts, 0);
	if (proxy_env_read(&g->proxy))
		goto out;
	for (size_t i = 0; opts->own_urls && i < opts->own_urls->len; i++)
		if (add_own_host(g, opts->own_urls->items[i]))
			goto out;
	for (size_t i = 0; opts->resolve && i < opts->resolve->len; i++)
		if (add_mapping(&g->resolve, &g->nresolve, opts->resolve->items[i], false))
			goto out;
	for (size_t i = 0; opts->connect_to && i < opts->connect_to->len; i++)
		if (add_mapping(&g->connect_to, &g->nconnect_to, opts->connect_to->items[i], true))
			goto out;
	*out = g;
	g = NULL;
	rc = 0;
out:
	guard_free(g);
	return rc;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	strindex_free(&g->own_ix);
	strvec_free(&g->own_hosts);
	free_mappings(g->resolve, g->nresolve);
	free_mappings(g->connect_to, g->nconnect_to);
	proxy_env_clear(&g->proxy);
	free(g);
}

/*
 * Did the user choose where a request to o connects? Yes when the first
 * --connect-to entry that changes something sends it to another host, or
 * when a --resolve entry names its host (or "*") and port, the port being
 * the one a --connect-to entry put in its place.
 */
static bool mapped(const struct guard *g, const struct url_origin *o)
{
	unsigned port = o->port;

	for (size_t i = 0; i < g->nconnect_to; i++) {
		const struct mapping *m = &g->connect_to[i];

		if ((*m->host && strcasecmp(m->host, o->host) != 0) || (m->port && m->port != o->port))
			continue;
		if (*m->to_host)
			return true;
		if (m->to_port) {
			port = m->to_port;
			break;
		}
	}
	for (size_t i = 0; i < g->nresolve; i++) {
		const struct mapping *m = &g->resolve[i];

		if (m->port == port && (strcmp(m->host, "*") == 0 || strcasecmp(m->host, o->host) == 0))
			return true;
	}
	return false;
}

bool guard_allows(enum guard_reach reach, enum address_kind kind)
{
	return reach == REACH_ANY || kind == ADDRESS_PUBLIC ||
	       (reach == REACH_INTRANET && address_is_intranet(kind));
}

int guard_route(const struct guard *g, const char *url, struct guard_route *out)
{
	struct url_origin o;
	enum address_kind kind;

	memset(out, 0, sizeof(*out));
	if (url_origin(&o, url))
		return -1;
	if (g->allow_private || mapped(g, &o))
		out->target = REACH_ANY;
	else if (strindex_find(&g->own_ix, o.host, g->own_hosts.items, own_key) != (size_t)-1)
		out->target = REACH_INTRANET;
	out->proxy = proxy_for(&g->proxy, o.scheme, o.host);
	out->socket = out->proxy ? REACH_ANY : out->target;
	if (address_literal_kind(&kind, o.host) == 0 && !guard_allows(out->target, kind)) {
		size_t n = strlen(o.host);
		const char *text = o.host[0] == '[' ? o.host + 1 : o.host;

		out->literal_refused = true;
		out->literal_kind = kind;
		snprintf(out->literal, sizeof(out->literal), "%.*s", (int)(o.host[0] == '[' ? n - 2 : n), text);
	}
	url_origin_clear(&o);
	return 0;
}
