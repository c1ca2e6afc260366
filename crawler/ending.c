/*
 * ending.c - requests that end without their answer: stopped from outside
 * (a signal), or their deadline passed (the caller's time budget). Either
 * way the caller is answered at once, as skipped, so it can finish what it
 * holds; a transfer in flight is abandoned then, not left to run out its
 * timeout.
 */
#include "crawler/xfer.h"

#include <stdbool.h>
#include <stddef.h>

void xfer_answer_unsent(struct crawler *c, struct xfer *x, struct crawl_result *r)
{
	r->url = x->origin ? x->origin : x->url;
	r->effective_url = x->url;
	r->content_type = "";
	r->body = "";
	if (!r->error)
		r->error = "";
	if (!r->robots_rule)
		r->robots_rule = "";
	if (!r->refused_address)
		r->refused_address = "";
	if (!r->warc_record_id || !r->warc_record_id[0]) {
		r->warc_record_id = "";
		r->warc_offset = -1;
		r->warc_target = "";
	}
	if (x->done)
		x->done(x->userdata, r);
	xfer_free(c, x);
}

/*
 * Every request in flight or queued is answered as skipped, so callers
 * free what they hold; requests their callbacks add are answered the same
 * way until none is left.
 */
void xfer_drain(struct crawler *c)
{
	while (c->active) {
		struct xfer *x = c->active;

		xfer_untrack(c, x);
		xfer_answer_unsent(c, x, &(struct crawl_result){ .skipped = true });
	}
	while (c->queue_head) {
		struct xfer *x = c->queue_head;

		xfer_unqueue(c, NULL, x);
		xfer_answer_unsent(c, x, &(struct crawl_result){ .skipped = true });
	}
}

static bool is_due(const struct xfer *x, long long now)
{
	return x->done && x->deadline_ms && now >= x->deadline_ms;
}

/* Is a queued request (not a robots.txt one) waiting for the host of slot? */
static bool host_awaited(const struct crawler *c, size_t slot)
{
	for (const struct xfer *q = c->queue_head; q; q = q->next)
		if (!q->is_robots && q->slot == slot)
			return true;
	return false;
}

/*
 * A robots.txt request no queued request waits for any more goes too, in
 * flight or queued: its host is asked again when a request for it comes.
 */
static void drop_unawaited_robots(struct crawler *c)
{
	struct xfer *x, *next, *prev = NULL;

	for (x = c->active; x; x = next) {
		next = x->next;
		if (x->is_robots && !host_awaited(c, x->slot)) {
			xfer_untrack(c, x);
			xfer_host_of(c, x)->robots_state = ROBOTS_UNKNOWN;
			xfer_free(c, x);
		}
	}
	for (x = c->queue_head; x; x = next) {
		next = x->next;
		if (x->is_robots && !host_awaited(c, x->slot)) {
			xfer_unqueue(c, prev, x);
			xfer_host_of(c, x)->robots_state = ROBOTS_UNKNOWN;
			xfer_free(c, x);
			continue;
		}
		prev = x;
	}
}

/*
 * The due requests are first taken out of both lists, then answered: an
 * answer's callback may add requests, which must not be walked over.
 */
void xfer_expire(struct crawler *c, long long now)
{
	struct xfer *due = NULL, *x, *next, *prev = NULL;
	long long earliest = 0;

	if (!c->next_deadline_ms || now < c->next_deadline_ms)
		return;
	for (x = c->active; x; x = next) {
		next = x->next;
		if (is_due(x, now)) {
			xfer_untrack(c, x);
			x->next = due;
			due = x;
		} else if (x->deadline_ms && (!earliest || x->deadline_ms < earliest)) {
			earliest = x->deadline_ms;
		}
	}
	for (x = c->queue_head; x; x = next) {
		next = x->next;
		if (is_due(x, now)) {
			xfer_unqueue(c, prev, x);
			x->next = due;
			due = x;
			continue;
		}
		if (x->deadline_ms && (!earliest || x->deadline_ms < earliest))
			earliest = x->deadline_ms;
		prev = x;
	}
	c->next_deadline_ms = earliest;
	if (due)
		drop_unawaited_robots(c);
	for (x = due; x; x = next) {
		next = x->next;
		x->next = NULL;
		xfer_answer_unsent(c, x, &(struct crawl_result){ .skipped = true, .error = XFER_DEADLINE_ERROR });
	}
}
