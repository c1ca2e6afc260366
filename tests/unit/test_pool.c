/*
 * test_pool.c - the worker pool: work on workers, done on the draining
 * thread in submission order (within a key), notify, cancel and free with
 * jobs pending.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "core/pool.h"

struct job {
	size_t index;
	long sleep_us;            /* the work takes this long */
	pthread_t worked_on;
	bool worked;
	size_t *order;            /* done appends index here */
	size_t *ndone;
	size_t *ndropped;
	pthread_t *done_on;       /* the thread done ran on, last one */
	struct pool *resubmit;    /* done submits one more job here; NULL: none */
	pthread_t *worker_out;    /* done copies worked_on here; NULL: not */
};

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static void work(void *ctx)
{
	struct job *j = ctx;

	if (j->sleep_us)
		sleep_us(j->sleep_us);
	j->worked_on = pthread_self();
	j->worked = true;
}

static void done(void *ctx, bool dropped);

static struct job *job_new(size_t index, long sleep, size_t *order, size_t *ndone, size_t *ndropped,
                           pthread_t *done_on)
{
	struct job *j = calloc(1, sizeof(*j));

	assert_non_null(j);
	*j = (struct job){ .index = index, .sleep_us = sleep, .order = order, .ndone = ndone,
	                   .ndropped = ndropped, .done_on = done_on };
	return j;
}

static void done(void *ctx, bool dropped)
{
	struct job *j = ctx;

	if (dropped)
		(*j->ndropped)++;
	else
		assert_true(j->worked);
	if (j->order)
		j->order[*j->ndone] = j->index;
	(*j->ndone)++;
	if (j->done_on)
		*j->done_on = pthread_self();
	if (j->worker_out)
		*j->worker_out = j->worked_on;
	if (j->resubmit) {
		struct job *more = job_new(j->index + 1000, 0, j->order, j->ndone, j->ndropped, NULL);

		assert_int_equal(pool_submit(j->resubmit, work, done, more), 0);
	}
	free(j);
}

static void count_notify(void *arg)
{
	(*(size_t *)arg)++;    /* called with the pool's lock held */
}

/* Drain until n done ran (or about 10 s passed). */
static void drain_until(struct pool *p, const size_t *ndone, size_t n)
{
	for (int i = 0; i < 10000 && *ndone < n; i++) {
		pool_drain(p);
		if (*ndone < n)
			sleep_us(1000);
	}
	assert_int_equal(*ndone, n);
}

/* Jobs run off the caller's thread; done runs on it, in drain, in submission order; notify per job. */
static void test_jobs_run_done_on_caller(void **state)
{
	struct pool *p = NULL;
	size_t order[8], ndone = 0, ndropped = 0, notified = 0;
	pthread_t done_on;
	struct job *jobs[8];

	(void)state;
	assert_int_equal(pool_new(&p, 3), 0);
	assert_int_equal(pool_threads(p), 3);
	pool_set_notify(p, count_notify, &notified);
	for (size_t i = 0; i < 8; i++) {
		/* The first ones the slowest: they finish last, and still come first. */
		jobs[i] = job_new(i, (long)(8 - i) * 3000, order, &ndone, &ndropped, &done_on);
		assert_int_equal(pool_submit(p, work, done, jobs[i]), 0);
	}
	assert_int_equal(ndone, 0);    /* done waits for a drain */
	drain_until(p, &ndone, 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(order[i], i);
	assert_true(pthread_equal(done_on, pthread_self()));
	assert_int_equal(ndropped, 0);
	assert_int_equal(pool_pending(p), 0);
	assert_int_equal(notified, 8);
	pool_free(p);
}

/* Work runs on a worker, not on the submitting thread. */
static void test_work_on_worker(void **state)
{
	struct pool *p = NULL;
	size_t ndone = 0, ndropped = 0;
	struct job *j = job_new(0, 0, NULL, &ndone, &ndropped, NULL);
	pthread_t worked_on = pthread_self();

	(void)state;
	j->worker_out = &worked_on;
	assert_int_equal(pool_new(&p, 1), 0);
	assert_int_equal(pool_submit(p, work, done, j), 0);
	drain_until(p, &ndone, 1);
	assert_false(pthread_equal(worked_on, pthread_self()));
	pool_free(p);
}

/* With 0 threads the work runs inside submit; done still waits for drain. */
static void test_zero_threads_inline(void **state)
{
	struct pool *p = NULL;
	size_t order[3], ndone = 0, ndropped = 0, notified = 0;
	struct job *j;

	(void)state;
	assert_int_equal(pool_new(&p, 0), 0);
	pool_set_notify(p, count_notify, &notified);
	for (size_t i = 0; i < 3; i++) {
		j = job_new(i, 0, order, &ndone, &ndropped, NULL);
		assert_int_equal(pool_submit(p, work, done, j), 0);
		assert_true(j->worked);
		assert_true(pthread_equal(j->worked_on, pthread_self()));
	}
	assert_int_equal(ndone, 0);
	assert_int_equal(pool_pending(p), 3);
	assert_int_equal(pool_waiting(p), 0);
	assert_int_equal(pool_drain(p), 3);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[2], 2);
	assert_int_equal(notified, 3);
	pool_free(p);
}

/* Many jobs from one thread, on 4 workers: every one done once, in order. */
static void test_many_jobs(void **state)
{
	enum { N = 20000 };
	struct pool *p = NULL;
	size_t *order = calloc(N, sizeof(*order)), ndone = 0, ndropped = 0;

	(void)state;
	assert_non_null(order);
	assert_int_equal(pool_new(&p, 4), 0);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(pool_submit(p, work, done, job_new(i, 0, order, &ndone, &ndropped, NULL)), 0);
		if (i % 1000 == 0)
			pool_drain(p);
	}
	drain_until(p, &ndone, N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(order[i], i);
	assert_int_equal(ndropped, 0);
	pool_free(p);
	free(order);
}

/* A done may submit more: drain runs it in turn. */
static void test_done_submits(void **state)
{
	struct pool *p = NULL;
	size_t order[2], ndone = 0, ndropped = 0;
	struct job *j;

	(void)state;
	assert_int_equal(pool_new(&p, 2), 0);
	j = job_new(1, 0, order, &ndone, &ndropped, NULL);
	j->resubmit = p;
	assert_int_equal(pool_submit(p, work, done, j), 0);
	drain_until(p, &ndone, 2);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 1001);
	pool_free(p);
}

/* Cancel: queued jobs are not run, the running one is waited for, every done runs dropped. */
static void test_cancel_pending(void **state)
{
	struct pool *p = NULL;
	size_t ndone = 0, ndropped = 0;

	(void)state;
	assert_int_equal(pool_new(&p, 1), 0);
	for (size_t i = 0; i < 50; i++)
		assert_int_equal(pool_submit(p, work, done, job_new(i, 20000, NULL, &ndone, &ndropped, NULL)), 0);
	sleep_us(5000);
	pool_cancel(p);
	assert_int_equal(ndone, 50);
	assert_int_equal(ndropped, 50);
	assert_int_equal(pool_pending(p), 0);
	assert_int_equal(pool_waiting(p), 0);
	/* The pool goes on after a cancel. */
	assert_int_equal(pool_submit(p, work, done, job_new(99, 0, NULL, &ndone, &ndropped, NULL)), 0);
	drain_until(p, &ndone, 51);
	assert_int_equal(ndropped, 50);
	pool_free(p);
}

/* Free with jobs queued, running and finished but not drained: each done runs once, dropped. */
static void test_free_with_pending(void **state)
{
	struct pool *p = NULL;
	size_t ndone = 0, ndropped = 0;

	(void)state;
	assert_int_equal(pool_new(&p, 2), 0);
	for (size_t i = 0; i < 30; i++)
		assert_int_equal(pool_submit(p, work, done, job_new(i, i < 2 ? 0 : 10000, NULL, &ndone, &ndropped,
		                                                     NULL)), 0);
	sleep_us(3000);
	pool_free(p);
	assert_int_equal(ndone, 30);
	assert_int_equal(ndropped, 30);
	pool_free(NULL);
}

/* Keyed jobs: a slow job holds back only its own key's; each key's done in submission order. */
static void test_keys_hold_back_only_their_own(void **state)
{
	static const char key_a = 'a', key_b = 'b';
	/* A1 slow, then B1, A2, B2: B's come while A1 works; A2 waits for A1. */
	const struct { const char *key; size_t index; long sleep_us; } jobs[] = {
		{ &key_a, 1, 300000 }, { &key_b, 2, 0 }, { &key_a, 3, 0 }, { &key_b, 4, 0 },
	};
	struct pool *p = NULL;
	size_t order[4], ndone = 0, ndropped = 0;

	(void)state;
	assert_int_equal(pool_new(&p, 2), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(pool_submit_keyed(p, jobs[i].key, work, done,
		                                   job_new(jobs[i].index, jobs[i].sleep_us, order, &ndone,
		                                           &ndropped, NULL)), 0);
	drain_until(p, &ndone, 2);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 4);
	assert_int_equal(pool_pending(p), 2);      /* A1 still working, A2 behind it */
	drain_until(p, &ndone, 4);
	assert_int_equal(order[2], 1);
	assert_int_equal(order[3], 3);
	pool_free(p);
}

/* With no worker, keyed jobs are done in submission order across keys too. */
static void test_keys_inline_in_order(void **state)
{
	static const char key_a = 'a', key_b = 'b';
	struct pool *p = NULL;
	size_t order[4], ndone = 0, ndropped = 0;

	(void)state;
	assert_int_equal(pool_new(&p, 0), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(pool_submit_keyed(p, i % 2 ? &key_b : &key_a, work, done,
		                                   job_new(i, 0, order, &ndone, &ndropped, NULL)), 0);
	assert_int_equal(pool_drain(p), 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(order[i], i);
	pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_run_done_on_caller),
		cmocka_unit_test(test_work_on_worker),
		cmocka_unit_test(test_zero_threads_inline),
		cmocka_unit_test(test_many_jobs),
		cmocka_unit_test(test_done_submits),
		cmocka_unit_test(test_cancel_pending),
		cmocka_unit_test(test_free_with_pending),
		cmocka_unit_test(test_keys_hold_back_only_their_own),
		cmocka_unit_test(test_keys_inline_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
