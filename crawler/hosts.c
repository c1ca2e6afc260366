/*
 * hosts.c - the per-host and per-domain tables of the crawler.
 */
#include "crawler/hosts.h"

#include <arpa/inet.h>
#include <libpsl.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/robots.h"
#include "parsers/url.h"

/* An IP literal is its own domain: the suffix list knows nothing of it. */
static int is_ip_literal(const char *host)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return host[0] == '[' || strchr(host, ':') || inet_pton(AF_INET, host, addr) == 1;
}

int hosts_parent_domain(char **out, const char *host)
{
	const char *reg = NULL;

	if (!is_ip_literal(host))
		reg = psl_registrable_domain(psl_builtin(), host);
	*out = strdup(reg ? reg : host);
	return *out ? 0 : -1;
}

static int grow(void **items, size_t *alloc, size_t n, size_t size)
{
	size_t want;
	void *p;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 64;
	p = realloc(*items, want * size);
	if (!p)
		return -1;
	*items = p;
	*alloc = want;
	return 0;
}

static const char *host_key(const void *items, size_t pos)
{
	return ((const struct host *)items)[pos].root;
}

static const char *domain_key(const void *items, size_t pos)
{
	return ((const struct domain *)items)[pos].name;
}

static int domain_for(struct host_table *t, const char *url, size_t *index)
{
	size_t found;
	char *host = NULL, *name = NULL;
	int rc = -1;

	if (url_host(&host, url) || hosts_parent_domain(&name, host))
		goto out;
	found = strindex_find(&t->domain_ix, name, t->domains, domain_key);
	if (found != (size_t)-1) {
		*index = found;
		rc = 0;
		goto out;
	}
	if (grow((void **)&t->domains, &t->domains_alloc, t->ndomains, sizeof(*t->domains)))
		goto out;
	t->domains[t->ndomains].name = name;
	t->domains[t->ndomains].active = 0;
	if (strindex_add(&t->domain_ix, t->ndomains, t->domains, domain_key))
		goto out;               /* name is freed below; the slot is not counted */
	name = NULL;
	*index = t->ndomains++;
	rc = 0;
out:
	free(host);
	free(name);
	return rc;
}

int hosts_slot_for(struct host_table *t, const char *url, long delay_ms, size_t *index)
{
	char *root = NULL;
	struct host *h;
	size_t domain, found;
	int rc = -1;

	if (url_root(&root, url))
		return -1;
	found = strindex_find(&t->host_ix, root, t->hosts, host_key);
	if (found != (size_t)-1) {
		*index = found;
		rc = 0;
		goto out;
	}
	if (domain_for(t, url, &domain) ||
	    grow((void **)&t->hosts, &t->hosts_alloc, t->nhosts, sizeof(*t->hosts)))
		goto out;
	h = &t->hosts[t->nhosts];
	memset(h, 0, sizeof(*h));
	h->root = root;
	h->domain = domain;
	h->delay_ms = delay_ms;
	if (strindex_add(&t->host_ix, t->nhosts, t->hosts, host_key)) {
		h->root = NULL;
		goto out;
	}
	root = NULL;
	*index = t->nhosts++;
	rc = 0;
out:
	free(root);
	return rc;
}

void hosts_free(struct host_table *t)
{
	for (size_t i = 0; i < t->nhosts; i++) {
		free(t->hosts[i].root);
		free(t->hosts[i].robots_url);
		robots_free(t->hosts[i].robots);
	}
	for (size_t i = 0; i < t->ndomains; i++)
		free(t->domains[i].name);
	free(t->hosts);
	free(t->domains);
	strindex_free(&t->host_ix);
	strindex_free(&t->domain_ix);
	memset(t, 0, sizeof(*t));
}
