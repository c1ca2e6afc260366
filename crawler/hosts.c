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

/* A slot to fill: a freed one, or the next at the end (grown). 0, or -1 when out of memory. */
static int take_slot(void **items, size_t *n, size_t *alloc, size_t size, size_t *free_list,
                     size_t *nfree, size_t *slot)
{
	if (*nfree) {
		*slot = free_list[--*nfree];
		return 0;
	}
	if (grow(items, alloc, *n, size))
		return -1;
	*slot = (*n)++;
	return 0;
}

/* Slot s is free for reuse. 0, or -1 when the list cannot grow (the slot is then not reused). */
static int give_slot(size_t **free_list, size_t *nfree, size_t *alloc, size_t s)
{
	if (grow((void **)free_list, alloc, *nfree, sizeof(**free_list)))
		return -1;
	(*free_list)[(*nfree)++] = s;
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
	size_t found, slot;
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
	if (take_slot((void **)&t->domains, &t->ndomains, &t->domains_alloc, sizeof(*t->domains),
	              t->free_domains, &t->nfree_domains, &slot))
		goto out;
	t->domains[slot] = (struct domain){ .name = name };
	if (strindex_add(&t->domain_ix, slot, t->domains, domain_key)) {
		t->domains[slot].name = NULL;   /* name is freed below */
		(void)give_slot(&t->free_domains, &t->nfree_domains, &t->free_domains_alloc, slot);
		goto out;
	}
	name = NULL;
	*index = slot;
	rc = 0;
out:
	free(host);
	free(name);
	return rc;
}

static void domain_drop_host(struct host_table *t, size_t d)
{
	struct domain *dom = &t->domains[d];

	if (--dom->hosts || dom->active)
		return;
	strindex_remove(&t->domain_ix, dom->name, t->domains, domain_key);
	free(dom->name);
	dom->name = NULL;
	(void)give_slot(&t->free_domains, &t->nfree_domains, &t->free_domains_alloc, d);
}

int hosts_slot_for(struct host_table *t, const char *url, long delay_ms, size_t *index)
{
	char *root = NULL;
	struct host *h;
	size_t domain, found, slot;
	int rc = -1;

	if (url_root(&root, url))
		return -1;
	found = strindex_find(&t->host_ix, root, t->hosts, host_key);
	if (found != (size_t)-1) {
		if (t->hosts[found].users++ == 0)
			t->idle--;
		*index = found;
		rc = 0;
		goto out;
	}
	if (domain_for(t, url, &domain) ||
	    take_slot((void **)&t->hosts, &t->nhosts, &t->hosts_alloc, sizeof(*t->hosts),
	              t->free_hosts, &t->nfree_hosts, &slot))
		goto out;
	h = &t->hosts[slot];
	memset(h, 0, sizeof(*h));
	h->root = root;
	h->domain = domain;
	h->delay_ms = delay_ms;
	h->users = 1;
	if (strindex_add(&t->host_ix, slot, t->hosts, host_key)) {
		h->root = NULL;
		(void)give_slot(&t->free_hosts, &t->nfree_hosts, &t->free_hosts_alloc, slot);
		goto out;
	}
	t->domains[domain].hosts++;
	root = NULL;
	*index = slot;
	rc = 0;
out:
	free(root);
	return rc;
}

long long hosts_next_start(const struct host *h)
{
	long long at = h->last_start_ms ? h->last_start_ms + h->delay_ms : 0;

	return at > h->hold_until_ms ? at : h->hold_until_ms;
}

static void forget_host(struct host_table *t, size_t slot)
{
	struct host *h = &t->hosts[slot];

	strindex_remove(&t->host_ix, h->root, t->hosts, host_key);
	domain_drop_host(t, h->domain);
	free(h->root);
	free(h->robots_url);
	robots_free(h->robots);
	memset(h, 0, sizeof(*h));
	t->idle--;
	(void)give_slot(&t->free_hosts, &t->nfree_hosts, &t->free_hosts_alloc, slot);
}

/* Past the cap, forget the longest idle host that no delay or Retry-After still holds. */
static void trim_idle(struct host_table *t, long long now_ms)
{
	while (t->idle > CAP_IDLE_HOSTS) {
		size_t oldest = (size_t)-1;

		for (size_t i = 0; i < t->nhosts; i++) {
			const struct host *h = &t->hosts[i];

			if (h->root && !h->users && hosts_next_start(h) <= now_ms &&
			    (oldest == (size_t)-1 || h->idle_since_ms < t->hosts[oldest].idle_since_ms))
				oldest = i;
		}
		if (oldest == (size_t)-1)
			return;
		forget_host(t, oldest);
	}
}

void hosts_release(struct host_table *t, size_t slot, long long now_ms)
{
	struct host *h = &t->hosts[slot];

	if (!h->users || --h->users)
		return;
	h->idle_since_ms = now_ms;
	t->idle++;
	trim_idle(t, now_ms);
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
	free(t->free_hosts);
	free(t->free_domains);
	strindex_free(&t->host_ix);
	strindex_free(&t->domain_ix);
	memset(t, 0, sizeof(*t));
}
