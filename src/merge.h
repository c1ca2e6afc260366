/*
 * merge.h - `mentor-audit merge DIR... --out DIR`: the outputs of
 * `audit --shard K/N` for K = 1..N put back together into the reports one
 * audit of the whole registry writes (timestamps aside).
 */
#ifndef MA_MERGE_H
#define MA_MERGE_H

struct config;

/* Exit code as in cli.h. */
int merge_command(const struct config *cfg);

#endif
