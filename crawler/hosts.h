/*
 * hosts.h - what the crawler knows per site host and per parent domain:
 * transfers in flight, when the next request may start, the host's
 * robots.txt. A site host is scheme, host and port of the URL itself (so
 * limits hold through a proxy); its parent domain is the registrable
 * domain from the Public Suffix List (libpsl), so that hundreds of
 * school.gosuslugi.ru sites share one limit for gosuslugi.ru.
 *
 * A host no request names any more is kept a while, idle (its robots.txt
 * and pacing hold if the registry comes back to it); past CAP_IDLE_HOSTS
 * idle hosts the longest idle one whose delay has passed is forgotten and
 * its slot reused, so the tables do not grow with the registry.
 */
#ifndef MA_HOSTS_H
#define MA_HOSTS_H

#include <stddef.h>

#include "core/caps.h"
#include "core/strindex.h"
#include "crawler/address.h"
#include "crawler/warc.h"

struct robots;

enum robots_state {
	ROBOTS_UNKNOWN,     /* not asked yet */
	ROBOTS_FETCHING,    /* its request is queued or running */
	ROBOTS_READY,       /* rules known (4xx: allow all) */
	ROBOTS_FAILED,      /* 5xx or no answer after retries: nothing may be fetched */
};

struct host {
	char *root;                     /* "scheme://host[:port]/" */
	size_t domain;                  /* index into host_table.domains */
	unsigned active;                /* transfers in flight */
	long long last_start_ms;        /* when the last request started (monotonic ms) */
	long long hold_until_ms;        /* Retry-After: nothing starts before this */
	long delay_ms;                  /* gap between request starts (Crawl-delay may raise it) */
	enum robots_state robots_state;
	struct robots *robots;          /* ROBOTS_READY */
	int robots_curl_code;           /* ROBOTS_FAILED: curl's code, or 0 ... */
	long robots_status;             /* ... with the HTTP status */
	char robots_error[CAP_ERROR_TEXT];
	char robots_refused[ADDRESS_TEXT_LEN];  /* ROBOTS_FAILED: the address refused for its host, or "" */
	char *robots_url;               /* the robots.txt fetched, once it answered */
	long robots_answer;             /* its HTTP status */
	struct warc_ref robots_record;  /* its answer in the archive ("" id when none) */
	unsigned users;                 /* requests, queued or in flight, that name it */
	bool suspect;                   /* a request is being tried again after no connection or no
	                                   answer: the others wait for its verdict (down.c) */
	long long idle_since_ms;        /* users fell to 0 (monotonic ms) */
};

struct domain {
	char *name;                     /* NULL: a free slot */
	unsigned active;
	unsigned hosts;                 /* hosts kept that belong to it */
};

struct host_table {
	struct host *hosts;
	size_t nhosts, hosts_alloc;
	struct domain *domains;
	size_t ndomains, domains_alloc;
	struct strindex host_ix;        /* root -> hosts[] position */
	struct strindex domain_ix;      /* name -> domains[] position */
	size_t *free_hosts, nfree_hosts, free_hosts_alloc;        /* hosts[] slots to reuse */
	size_t *free_domains, nfree_domains, free_domains_alloc;  /* domains[] slots to reuse */
	size_t idle;                    /* hosts kept with no users */
};

/*
 * The host entry for url's site, created on first use with the given
 * delay; one more user of it until hosts_release(). 0, or -1 when out of
 * memory.
 */
int hosts_slot_for(struct host_table *t, const char *url, long delay_ms, size_t *index);

/* A request naming host slot is done with it (now_ms: the crawl clock). */
void hosts_release(struct host_table *t, size_t slot, long long now_ms);

/* The earliest a request to h may start: the delay after the last one, or Retry-After. */
long long hosts_next_start(const struct host *h);

/* The parent domain of a host name: registrable domain, or the name itself. */
int hosts_parent_domain(char **out, const char *host);

void hosts_free(struct host_table *t);

#endif
