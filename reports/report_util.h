/*
 * report_util.h - what the three report writers must agree on, so that
 * results.json, noncompliant.csv and summary.md never tell different
 * stories (which documents are missing, how a share is rounded).
 * Private to reports/.
 */
#ifndef MA_REPORT_UTIL_H
#define MA_REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"
#include "rules/verdict.h"

struct ruleset;
struct registry_row;
struct org_result;
struct report_input;
struct run_summary;

/* Document kinds to report: the rule file's count, clamped to CAP_RULE_DOCS. */
size_t report_doc_count(const struct ruleset *rs);

/*
 * Is required document i missing for this organisation? For scored
 * organisations (compliant / noncompliant) a required document not found;
 * for the others every required document, since nothing was seen.
 */
bool report_doc_missing(const struct ruleset *rs, const struct org_result *o, size_t i);

/* The run's summary: in->summary, or computed into *local when not given. */
const struct run_summary *report_summary_of(const struct report_input *in,
                                            struct run_summary *local);

/* The registry row of organisation i (o->row, else the registry's row i), or NULL. */
const struct registry_row *report_org_row(const struct report_input *in, size_t i);
/* Organisation i (in->orgs or in->org_at), or NULL when it cannot be had. */
const struct org_result *report_org(const struct report_input *in, size_t i);
/* Are the organisations there to be written (none, an array, or org_at)? */
bool report_has_orgs(const struct report_input *in);

/*
 * A percentage rounded half-up to one decimal ("56.25" gives "56.3"; printf
 * would round to even and give "56.2") with the given decimal point, so it
 * never depends on the locale.
 */
void report_fmt_share(char *out, size_t outlen, double percent, char point);

/* Documents a run found for o: "3 из 5", or "—" when that run could not look. */
struct results_org;
struct results_snapshot;
void report_docs_found_text(char *out, size_t outlen, const struct results_snapshot *s,
                            const struct results_org *o);

/* "2022-05-06" -> "06.05.2022", the way Russian reports write dates; anything else as given. */
void report_date_ru(char *out, size_t outlen, const char *iso);

/* "2026-12-03T08:23:50Z" -> "03.12.2026 08:23 (UTC)"; anything else as given. */
void report_time_ru(char *out, size_t outlen, const char *iso);

/* "2026-12-03" -> "3 декабря 2026 г."; anything else as given. */
void report_date_long_ru(char *out, size_t outlen, const char *iso);
/*
 * A moment in the local time zone (TZ) in Russian: "3 декабря 2026 г., 14:05 (МСК)".
 * report_tm_ru formats a broken-down time whose zone is gmtoff seconds east
 * of UTC: МСК at +3, МСК+N / МСК−N at the other whole hours from +2 to +12
 * (Russia's zones), UTC at 0, else UTC+H or UTC+H:MM.
 */
struct tm;
void report_tm_ru(char *out, size_t outlen, const struct tm *tm, long gmtoff);
/* report_tm_ru of "2026-12-03T08:23:50Z" in the local time zone; anything else as given. */
void report_time_local_ru(char *out, size_t outlen, const char *iso);
/* A document's short name for tables (its full name when it has none). */
struct rule_doc;
const char *report_doc_short(const struct rule_doc *d);

/* The short names of the documents d with which[d], joined by sep (cut to fit len). */
void report_join_doc_names(char *out, size_t len, const struct ruleset *rs,
                           const bool which[CAP_RULE_DOCS], const char *sep);
/*
 * The required documents of o in state st (DOC_MISSING: looked for and not
 * found; DOC_UNCHECKED: not looked for), by short name, joined by sep.
 */
void report_docs_in_state(char *out, size_t len, const struct ruleset *rs, const struct org_result *o,
                          enum doc_state st, const char *sep);
/* Why o could not be checked, or not in full (a document a rule could not tell), in plain Russian; "" when it was. */
const char *report_unchecked_why(const struct org_result *o);

/* A group's name as people read it: the --group-by column's value, «(не указано)» for none. */
const char *report_group_name_ru(const char *name);

#endif
