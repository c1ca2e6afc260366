/*
 * pool.h - a pool of worker threads for CPU work that must not run on the
 * network loop (parsing a page now; extracting a document's text and OCR
 * next).
 *
 * One thread owns the pool (the loop): it submits jobs and drains them.
 * A job is a work function that runs on a worker with only its own context
 * (a copy of its input, or the ownership of a buffer; never the crawler's
 * or the audit's state), and a done function that runs later on the owner's
 * thread, in pool_drain(), with the context and whatever the work left in
 * it. Jobs have a key (an organisation, say; pool_submit's is NULL): the
 * done functions of one key run in the order its jobs were submitted,
 * whatever the number of threads or the order they finished in, so what a
 * key's jobs decide does not depend on --threads; and a slow job (a scan
 * to OCR) holds back only the jobs of its own key. Among the finished jobs
 * free to go, drain takes them in submission order.
 *
 * With 0 threads the work runs inside pool_submit() on the owner's thread,
 * and done still waits for pool_drain(): one code path for both.
 *
 * When a job finishes on a worker, the pool calls the notify function (set
 * by whoever sleeps in the loop, e.g. to curl_multi_wakeup), with the
 * pool's lock held: it must be quick and must not call the pool.
 *
 * To add a kind of job: a context struct, a work function that reads and
 * writes only that struct, and a done function that frees it.
 */
#ifndef MA_POOL_H
#define MA_POOL_H

#include <stdbool.h>
#include <stddef.h>

struct pool;

/* On a worker (or in pool_submit with 0 threads): touch only ctx. */
typedef void (*pool_work_fn)(void *ctx);
/*
 * On the owner's thread, once per job: frees ctx. dropped: the job was
 * cancelled (pool_cancel, pool_free): its work may or may not have run, and
 * its result must be thrown away, not used.
 */
typedef void (*pool_done_fn)(void *ctx, bool dropped);
/* From a worker, a job having finished; the pool's lock is held. */
typedef void (*pool_notify_fn)(void *arg);

/* threads workers (0: run the work in pool_submit). 0, or -1 (out of memory, no thread). */
int pool_new(struct pool **out, unsigned threads);
/* Cancel what is left (as pool_cancel), stop and join the workers, free. NULL is fine. */
void pool_free(struct pool *p);

/* Who to tell when a job finishes; fn NULL: nobody. Safe while workers run. */
void pool_set_notify(struct pool *p, pool_notify_fn fn, void *arg);

/*
 * Queue a job. 0; -1 when out of memory, and then neither function is
 * called and ctx stays the caller's.
 */
int pool_submit(struct pool *p, pool_work_fn work, pool_done_fn done, void *ctx);
/* The same, for a job of key (compared as a pointer; NULL is pool_submit's key). */
int pool_submit_keyed(struct pool *p, const void *key, pool_work_fn work, pool_done_fn done,
                      void *ctx);

/*
 * Run the done function of every finished job that no unfinished job of its
 * key was submitted before, in submission order; done may submit more.
 * Returns how many ran.
 */
size_t pool_drain(struct pool *p);

/*
 * Drop every job submitted and not yet drained: those still queued are not
 * run, those running are waited for (a job is bounded by its own budget),
 * and each one's done runs with dropped set. Afterwards nothing is pending.
 */
void pool_cancel(struct pool *p);

/* Jobs submitted whose done has not run yet. */
size_t pool_pending(struct pool *p);
/* Jobs submitted and not yet started by a worker: the backlog. */
size_t pool_waiting(struct pool *p);
/* Worker threads (0: the work runs in pool_submit). */
unsigned pool_threads(const struct pool *p);

#endif
