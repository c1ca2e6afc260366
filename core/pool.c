/*
 * pool.c - worker threads, one lock, two kinds of list.
 *
 * Every job not yet drained is on one list in submission order (prev and
 * next). Workers take jobs in that order, so the jobs still queued are the
 * list's tail from next_queued on. Each job is also on the list of its key
 * (next_in_key): drain takes a finished job at the head of its key's list,
 * which is what keeps done in submission order within a key, while a slow
 * job holds back only the jobs of its own key.
 */
#include "core/pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/caps.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_FINISHED };

struct pool_job {
	struct pool_job *prev, *next;   /* every job not drained, in submission order */
	struct pool_job *next_in_key;   /* the next job of the same key */
	const void *key;
	pool_work_fn work;
	pool_done_fn done;
	void *ctx;
	enum job_state state;
	bool dropped;
};

/* The jobs of one key not yet drained, in submission order. */
struct pool_key {
	const void *key;
	struct pool_job *head, *tail;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work_ready;    /* a job was queued, or the pool is stopping */
	pthread_cond_t job_finished;  /* for pool_cancel, waiting for running jobs */
	struct pool_job *head, *tail; /* every job not yet drained */
	struct pool_job *next_queued; /* the first job no worker took; NULL: none */
	struct pool_key *keys;        /* keys with a job not drained; nkeys of them */
	size_t nkeys, keys_alloc;
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
	free(p->keys);
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

/* The list of key's jobs, made when it has none. NULL when out of memory. Lock held. */
static struct pool_key *key_list(struct pool *p, const void *key)
{
	for (size_t i = 0; i < p->nkeys; i++)
		if (p->keys[i].key == key)
			return &p->keys[i];
	if (p->nkeys == p->keys_alloc) {
		size_t n = p->keys_alloc ? 2 * p->keys_alloc : 16;
		struct pool_key *more = realloc(p->keys, n * sizeof(*more));

		if (!more)
			return NULL;
		p->keys = more;
		p->keys_alloc = n;
	}
	p->keys[p->nkeys] = (struct pool_key){ .key = key };
	return &p->keys[p->nkeys++];
}

/* j at the end of both lists. -1 when out of memory (then on neither). Lock held. */
static int append(struct pool *p, struct pool_job *j)
{
	struct pool_key *k = key_list(p, j->key);

	if (!k)
		return -1;
	if (k->tail)
		k->tail->next_in_key = j;
	else
		k->head = j;
	k->tail = j;
	j->prev = p->tail;
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	p->pending++;
	return 0;
}

int pool_submit(struct pool *p, pool_work_fn work, pool_done_fn done, void *ctx)
{
	return pool_submit_keyed(p, NULL, work, done, ctx);
}

int pool_submit_keyed(struct pool *p, const void *key, pool_work_fn work, pool_done_fn done, void *ctx)
{
	struct pool_job *j = calloc(1, sizeof(*j));
	int rc;

	if (!j)
		return -1;
	*j = (struct pool_job){ .key = key, .work = work, .done = done, .ctx = ctx };
	pthread_mutex_lock(&p->lock);
	rc = append(p, j);
	if (rc == 0 && p->nthreads) {
		if (!p->next_queued)
			p->next_queued = j;
		p->waiting++;
		pthread_cond_signal(&p->work_ready);
	}
	pthread_mutex_unlock(&p->lock);
	if (rc) {
		free(j);
		return -1;
	}
	if (!p->nthreads) {
		/* No worker: the work runs here, on the owner's thread. */
		j->work(j->ctx);
		pthread_mutex_lock(&p->lock);
		j->state = JOB_FINISHED;
		if (p->notify)
			p->notify(p->notify_arg);
		pthread_mutex_unlock(&p->lock);
	}
	return 0;
}

/* key's list; it has one, the caller knows. Lock held. */
static struct pool_key *key_of(struct pool *p, const void *key)
{
	size_t i = 0;

	while (p->keys[i].key != key)
		i++;
	return &p->keys[i];
}

/* j, finished and at the head of its key's list, off both lists. Lock held. */
static void unlink_job(struct pool *p, struct pool_key *k, struct pool_job *j)
{
	k->head = j->next_in_key;
	if (!k->head) {
		k->tail = NULL;
		*k = p->keys[--p->nkeys];   /* the key has no job left */
	}
	if (j->prev)
		j->prev->next = j->next;
	else
		p->head = j->next;
	if (j->next)
		j->next->prev = j->prev;
	else
		p->tail = j->prev;
	p->pending--;
}

/*
 * The first job in submission order that is finished and the first of its
 * key, taken off both lists; NULL: none. Lock held.
 */
static struct pool_job *take_finished(struct pool *p)
{
	for (struct pool_job *j = p->head; j; j = j->next) {
		struct pool_key *k;

		if (j->state != JOB_FINISHED)
			continue;
		k = key_of(p, j->key);
		if (k->head != j)
			continue;
		unlink_job(p, k, j);
		return j;
	}
	return NULL;
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
