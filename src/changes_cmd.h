/*
 * changes_cmd.h - comparing runs: `audit --previous DIR` and
 * `mentor-audit diff OLD_DIR NEW_DIR`. Both compare results.json files, so
 * both say exactly the same thing about the same two runs.
 */
#ifndef MA_CHANGES_CMD_H
#define MA_CHANGES_CMD_H

#include <stddef.h>

struct config;
struct results_snapshot;

/* Read DIR/results.json. err gets one line naming the file. */
int changes_load(struct results_snapshot **out, const char *dir, char *err, size_t errlen);

/* `diff`: exit code as in cli.h. */
int diff_command(const struct config *cfg);

#endif
