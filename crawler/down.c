/*
 * down.c - hosts that did not answer at all (no connection, no answer in
 * time, no such name), remembered for the whole run: a dead host costs
 * --timeout × --tries once, not once per request, and its later requests
 * are answered at once with the first failure (crawl_result.host_down).
 * Kept apart from the host table, whose idle entries are reused.
 */
#include "crawler/xfer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool xfer_code_means_down(int code)
{
	return code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT ||
	       code == CURLE_COULDNT_RESOLVE_HOST;
}

static const char *root_of(const void *items, size_t pos)
{
	return ((const struct down_host *)items)[pos].root;
}

const struct down_host *xfer_down_host(const struct crawler *c, const char *root)
{
	size_t pos = strindex_find(&c->down.ix, root, c->down.items, root_of);

	return pos < c->down.n ? &c->down.items[pos] : NULL;
}

void xfer_host_down(struct crawler *c, const char *root, int code, const char *error)
{
	struct down_hosts *d = &c->down;
	struct down_host *h;

	if (xfer_down_host(c, root))
		return;
	if (d->n == CAP_DOWN_HOSTS) {
		d->dropped++;
		return;
	}
	if (d->n == d->alloc) {
		size_t want = d->alloc ? d->alloc * 2 : 16;
		struct down_host *grown = realloc(d->items, want * sizeof(*grown));

		if (!grown)
			return;    /* out of memory: the host is only not remembered */
		d->items = grown;
		d->alloc = want;
	}
	h = &d->items[d->n];
	h->root = strdup(root);
	if (!h->root)
		return;
	h->curl_code = code;
	snprintf(h->error, sizeof(h->error), "%s", error ? error : "");
	if (strindex_add(&d->ix, d->n, d->items, root_of)) {
		free(h->root);
		return;
	}
	d->n++;
	c->stats.hosts_down++;
}

/*
 * x's host did not answer earlier in this run: x is answered at once with
 * that failure (a robots.txt request fails for its host the same way).
 * true when x was taken out of the queue (after prev) and answered.
 */
bool xfer_drop_if_down(struct crawler *c, struct xfer *prev, struct xfer *x)
{
	const struct down_host *d = xfer_down_host(c, xfer_host_of(c, x)->root);

	if (!d)
		return false;
	xfer_unqueue(c, prev, x);
	c->stats.down_skipped++;
	if (x->is_robots) {
		snprintf(x->errbuf, sizeof(x->errbuf), "%.*s", (int)sizeof(x->errbuf) - 1, d->error);
		xfer_robots_done(c, x, (CURLcode)d->curl_code, 0);
		xfer_free(c, x);
		return true;
	}
	xfer_answer_unsent(c, x, &(struct crawl_result){ .curl_code = d->curl_code, .error = d->error,
	                                                 .host_down = true });
	return true;
}

void xfer_down_free(struct down_hosts *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].root);
	free(d->items);
	strindex_free(&d->ix);
	memset(d, 0, sizeof(*d));
}
