/*
 * budget.c - a count of bytes held at once, against a cap (budget.h).
 */
#include "core/budget.h"

void budget_init(struct budget *b, size_t cap)
{
	b->cap = cap;
	atomic_init(&b->held, 0);
	atomic_init(&b->peak, 0);
}

bool budget_fits(const struct budget *b, size_t n)
{
	size_t held = atomic_load(&b->held);

	return held <= b->cap && n <= b->cap - held;
}

void budget_take(struct budget *b, size_t n)
{
	size_t now = atomic_fetch_add(&b->held, n) + n;
	size_t peak = atomic_load(&b->peak);

	while (now > peak && !atomic_compare_exchange_weak(&b->peak, &peak, now))
		;
}

void budget_give(struct budget *b, size_t n)
{
	atomic_fetch_sub(&b->held, n);
}

size_t budget_held(const struct budget *b)
{
	return atomic_load(&b->held);
}

size_t budget_peak(const struct budget *b)
{
	return atomic_load(&b->peak);
}
