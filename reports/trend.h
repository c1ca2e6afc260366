/*
 * trend.h - the earlier runs report.html's trend shows: each run's date,
 * compliant share and indicator shares, and the status each organisation
 * of this run had in it. Read from results.json texts, one at a time and
 * member by member (parsers/json_stream.h), keeping only those figures:
 * a run of N organisations costs N bytes and a few hundred more, so
 * CAP_TREND_RUNS runs of a large registry never become snapshots in
 * memory. No I/O: src/changes_cmd.c finds the runs and reads the files.
 *
 * Also the pure helpers the trend needs: which directory names are dated
 * runs, and where a share falls on a chart.
 */
#ifndef MA_TREND_H
#define MA_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"
#include "reports/indicators.h"

struct report_trend;

/* One earlier run, as the chart shows it. */
struct trend_run {
	char as_of[16];                      /* YYYY-MM-DD as the run said, or "" */
	double compliant_share;              /* percent */
	unsigned numbers[INDICATOR_ROWS];    /* summary.indicators[].number ... */
	double shares[INDICATOR_ROWS];       /* ... and its share, percent */
	size_t nindicators;
	bool other_rules;                    /* its rules_digest is not this run's */
	bool other_registry;                 /* its registry_digest is not this run's */
};

/*
 * A trend for this run: ids[i] is organisation i's registry id (borrowed,
 * must outlive the trend; NULL as ""), as_of and the digests this run's (copied; NULL
 * digests are never "other"). *out owned by the caller. 0, or -1 (memory).
 */
int report_trend_new(struct report_trend **out, const char *const *ids, size_t norgs, const char *as_of,
                     const char *rules_digest, const char *registry_digest);
void report_trend_free(struct report_trend *t);

/*
 * Add the run whose results.json text is buf (runs may come in any order;
 * report_trend_sort orders them). 0 added; 1 not added: the trend holds
 * CAP_TREND_RUNS runs, or the run is not earlier than this one (its as_of
 * is this run's or later); -1 not added, one line in err: not an audit's
 * results.json, or out of memory.
 */
int report_trend_add(struct report_trend *t, const char *buf, size_t len, char *err, size_t errlen);
/* Oldest first: by as_of, a run added earlier first among equal dates. */
void report_trend_sort(struct report_trend *t);

size_t report_trend_count(const struct report_trend *t);
/* Run k (0: the oldest once sorted). */
const struct trend_run *report_trend_run(const struct report_trend *t, size_t k);
/* Organisation i's status (enum org_status) in run k, or -1 when that run did not have its id. */
int report_trend_status(const struct report_trend *t, size_t k, size_t i);
/* The share of indicator number in run k, into *share; false when that run had no such row. */
bool report_trend_indicator(const struct report_trend *t, size_t k, unsigned number, double *share);

/* Is name a dated run's directory, "YYYY-MM-DD" (a real month and day)? */
bool report_trend_dir_name(const char *name);
/*
 * Keep the dated names of names[0..n) (report_trend_dir_name), in
 * ascending order, at its front; the others after them. Returns how many
 * are dated.
 */
size_t report_trend_dated(char **names, size_t n);

/* The plot area of a chart, in its own units. */
struct trend_scale {
	double left, top, width, height;
};
/* Point i of n, spread evenly from left to left + width; one point is in the middle. */
double report_trend_x(const struct trend_scale *s, size_t i, size_t n);
/* A share (percent) on the y axis: 100 at the top, 0 at the bottom; outside 0..100 (or NaN) clamped. */
double report_trend_y(const struct trend_scale *s, double share);

#endif
