/*
 * shard.h - `--shard K/N`: a stable slice of the registry, so one audit can
 * be split across machines by an existing scheduler and put back together
 * with `mentor-audit merge`.
 */
#ifndef MA_SHARD_H
#define MA_SHARD_H

struct registry;

/* The shard (1..n) the organisation with this id belongs to: FNV-1a of the id, mod n. */
unsigned shard_of(const char *id, unsigned n);

/*
 * A registry holding only shard k of n of reg's rows, in reg's order; the
 * rows are reg's (not copied), so free it with shard_free() before reg.
 * NULL when out of memory.
 */
struct registry *shard_select(const struct registry *reg, unsigned k, unsigned n);
void shard_free(struct registry *view);

#endif
