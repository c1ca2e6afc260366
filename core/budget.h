/*
 * budget.h - bytes held at once by a run, counted against a cap: the page
 * bodies in transfer and waiting for their parse (CAP_RUN_BODY_BYTES).
 *
 * The count is shared by the network loop (which takes) and the workers
 * (which give back once they freed what they were handed), so it is
 * atomic. The budget only counts: who may go past the cap, and what waits
 * meanwhile, is its user's decision (crawler/bodies.c).
 */
#ifndef MA_BUDGET_H
#define MA_BUDGET_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct budget {
	size_t cap;
	atomic_size_t held;
	atomic_size_t peak;          /* the most ever held at once */
};

void budget_init(struct budget *b, size_t cap);
/* n more bytes held: at most cap held then. */
bool budget_fits(const struct budget *b, size_t n);
void budget_take(struct budget *b, size_t n);
/* n bytes taken earlier are freed. */
void budget_give(struct budget *b, size_t n);
size_t budget_held(const struct budget *b);
size_t budget_peak(const struct budget *b);

#endif
