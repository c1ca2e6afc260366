/*
 * pool.c - worker threads, one lock, one list.
 *
 * Every job not yet drained is on one list in submission order. Workers
 * take jobs in that order too, so the jobs still queued are the list's tail
 * from next_queued on; drain takes finished jobs from the head and stops at
 * the first unfinished one, which is what keeps done in submission order.
 */
#include "core/pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/caps.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_FINISHED };

struct pool_job {
	struct pool_job *next;
	pool_work_fn work;
	pool_done_fn done;
	void *ctx;
	enum job_state state;
	bool dropped;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work_ready;    /* a job was queued, or the pool is stopping */
	pthread_cond_t job_finished;  /* for pool_cancel, waiting for running jobs */
	struct pool_job *head, *tail; /* every job not yet drained */
	struct pool_job *next_queued; /* the first job no worker took; NULL: none */
	size_t pending, waiting, running;
	bool stopping;
	pool_notify_fn notify;
	void *notify_arg;
	pthread_t *threads;
	unsigned nthreads;            /* started */
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct pool_job *j;

		while (!p->stopping && !p->next_queued)
			pthread_cond_wait(&p->work_ready, &p->lock);
		if (p->stopping)
			break;
		j = p->next_queued;
		p->next_queued = j->next;
		j->state = JOB_RUNNING;
		p->waiting--;
		p->running++;
		pthread_mutex_unlock(&p->lock);
		j->work(j->ctx);
		pthread_mutex_lock(&p->lock);
		j->state = JOB_FINISHED;
		p->running--;
		pthread_cond_broadcast(&p->job_finished);
		if (p->notify)
			p->notify(p->notify_arg);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int pool_new(struct pool **out, unsigned threads)
{
	struct pool *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return -1;
	if (threads > CAP_THREADS)
		threads = CAP_THREADS;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work_ready, NULL);
	pthread_cond_init(&p->job_finished, NULL);
	if (threads) {
		p->threads = calloc(threads, sizeof(*p->threads));
		if (!p->threads) {
			pool_free(p);
			return -1;
		}
	}
	for (; p->nthreads < threads; p->nthreads++) {
		if (pthread_create(&p->threads[p->nthreads], NULL, worker, p)) {
			pool_free(p);
			return -1;
		}
	}
	*out = p;
	return 0;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pool_cancel(p);
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->work_ready);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	pthread_cond_destroy(&p->job_finished);
	pthread_cond_destroy(&p->work_ready);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void pool_set_notify(struct pool *p, pool_notify_fn fn, void *arg)
{
	pthread_mutex_lock(&p->lock);
	p->notify = fn;
	p->notify_arg = arg;
	pthread_mutex_unlock(&p->lock);
}

int pool_submit(struct pool *p, pool_work_fn work, pool_done_fn done, void *ctx)
{
	struct pool_job *j = calloc(1, sizeof(*j));

	if (!j)
		return -1;
	j->work = work;
	j->done = done;
	j->ctx = ctx;
	if (!p->nthreads) {
		j->work(j->ctx);
		j->state = JOB_FINISHED;
	}
	pthread_mutex_lock(&p->lock);
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	p->pending++;
	if (p->nthreads) {
		if (!p->next_queued)
			p->next_queued = j;
		p->waiting++;
		pthread_cond_signal(&p->work_ready);
	} else if (p->notify) {
		p->notify(p->notify_arg);
	}
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* The head job when it is finished, taken off the list; NULL otherwise. Lock held. */
static struct pool_job *take_finished(struct pool *p)
{
	struct pool_job *j = p->head;

	if (!j || j->state != JOB_FINISHED)
		return NULL;
	p->head = j->next;
	if (!p->head)
		p->tail = NULL;
	p->pending--;
	return j;
}

size_t pool_drain(struct pool *p)
{
	size_t n = 0;

	for (;;) {
		struct pool_job *j;

		pthread_mutex_lock(&p->lock);
		j = take_finished(p);
		pthread_mutex_unlock(&p->lock);
		if (!j)
			break;
		/* Unlocked: done may submit more. */
		j->done(j->ctx, j->dropped);
		free(j);
		n++;
	}
	return n;
}

void pool_cancel(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	for (struct pool_job *j = p->head; j; j = j->next) {
		if (j->state == JOB_QUEUED)
			j->state = JOB_FINISHED;
		j->dropped = true;
	}
	p->next_queued = NULL;
	p->waiting = 0;
	while (p->running)
		pthread_cond_wait(&p->job_finished, &p->lock);
	pthread_mutex_unlock(&p->lock);
	/* Every job is finished now and none is queued: this delivers them all. */
	pool_drain(p);
}

/* One of the pool's counters, read under its lock. */
static size_t read_count(struct pool *p, const size_t *count)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = *count;
	pthread_mutex_unlock(&p->lock);
	return n;
}

size_t pool_pending(struct pool *p)
{
	return read_count(p, &p->pending);
}

size_t pool_waiting(struct pool *p)
{
	return read_count(p, &p->waiting);
}

unsigned pool_threads(const struct pool *p)
{
	return p->nthreads;
}
