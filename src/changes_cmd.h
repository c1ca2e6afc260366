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

/*
 * The earlier runs of report.html's trend, into t: --previous DIR and,
 * when DIR's real path is a dated run (runs/YYYY-MM-DD, runs/latest
 * leading there), every dated run beside it but out_dir (this run's), the
 * latest CAP_TREND_RUNS of them that read and are earlier than this run.
 * A results.json that does not read is left out with a warning naming it.
 */
struct report_trend;
void changes_load_trend(struct report_trend *t, const char *previous, const char *out_dir);

/* `diff`: exit code as in cli.h. */
int diff_command(const struct config *cfg);

#endif
