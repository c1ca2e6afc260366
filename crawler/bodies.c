/*
 * bodies.c - the page bodies of the whole run against one budget
 * (crawl_opts.bodies, CAP_RUN_BODY_BYTES): what each transfer's body
 * holds is taken from it as the body grows and given back when the body is
 * freed, or by whoever crawl_take_body() handed it to.
 *
 * A body that would take the budget past its cap pauses its transfer
 * (CURL_WRITEFUNC_PAUSE) until bodies are freed. So that the run cannot
 * wait on itself, one transfer at a time may go on past the cap by its own
 * cap, and only while every byte held is in a transfer: when a body waits
 * for a parse instead, that parse will give its bytes back. At most
 * CAP_RUN_BODY_BYTES + CAP_BODY_BYTES are held at once.
 */
#include "crawler/xfer.h"

#include <curl/curl.h>

#include "core/budget.h"

/* Bytes held by bodies handed over and not given back yet. */
static size_t held_elsewhere(const struct crawler *c)
{
	size_t held = budget_held(c->opts.bodies);

	return held > c->bodies_in_transfer ? held - c->bodies_in_transfer : 0;
}

bool xfer_body_may_grow(struct crawler *c, struct xfer *x, size_t n)
{
	struct budget *b = c->opts.bodies;

	if (!b || !xfer_keeps_body(x) || x == c->overdraft)
		return true;
	/* What the body's buffer would take from the budget, not only the n bytes. */
	if (budget_fits(b, buf_alloc_after(&x->body, n) - x->charged))
		return true;
	if (!c->overdraft && held_elsewhere(c) == 0) {
		c->overdraft = x;
		return true;
	}
	return false;
}

void xfer_body_pause(struct crawler *c, struct xfer *x)
{
	if (x->paused)
		return;
	x->paused = true;
	c->bodies_paused++;
	c->stats.bodies_paused++;
}

/* The body grew: its allocation is taken from the budget. */
void xfer_body_charge(struct crawler *c, struct xfer *x)
{
	size_t more;

	if (!c->opts.bodies || !xfer_keeps_body(x) || x->body.alloc <= x->charged)
		return;
	more = x->body.alloc - x->charged;
	budget_take(c->opts.bodies, more);
	x->charged += more;
	c->bodies_in_transfer += more;
}

/* x's body leaves the transfer (freed, or handed over with its charge). */
static void body_leaves(struct crawler *c, struct xfer *x)
{
	c->bodies_in_transfer -= x->charged;
	x->charged = 0;
	if (c->overdraft == x)
		c->overdraft = NULL;
}

void xfer_body_free(struct crawler *c, struct xfer *x, size_t cap)
{
	if (c->opts.bodies)
		budget_give(c->opts.bodies, x->charged);
	body_leaves(c, x);
	buf_free(&x->body);
	buf_init(&x->body, cap);
}

void xfer_body_untrack(struct crawler *c, struct xfer *x)
{
	if (!x->paused)
		return;
	x->paused = false;
	c->bodies_paused--;
}

void xfer_body_resume(struct crawler *c)
{
	struct xfer *x, *next;

	for (x = c->active; x && c->bodies_paused; x = next) {
		next = x->next;
		/* A write of curl's usual size must fit, or x may be the one to go past. */
		if (!x->paused || !xfer_body_may_grow(c, x, CURL_MAX_WRITE_SIZE))
			continue;
		xfer_body_untrack(c, x);
		/* curl may deliver what it held at once, and x may pause again. */
		curl_easy_pause(x->easy, CURLPAUSE_CONT);
	}
}

char *crawl_take_body(const struct crawl_result *r, size_t *charge)
{
	struct xfer *x = r->xfer;
	char *body;

	*charge = 0;
	if (!x || !xfer_keeps_body(x))
		return NULL;
	body = buf_detach(&x->body);
	if (!body)
		return NULL;
	*charge = x->charged;
	body_leaves(x->crawler, x);
	return body;
}
