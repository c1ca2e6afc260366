/*
 * freshness.c - does a document belong to the academic year of the audit
 * date (rules.h: rules_freshness), or has the period of a plan not ended
 * (rules_period_freshness)?
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/macros.h"
#include "parsers/dates.h"
#include "rules/rules.h"

static const char *const freshness_names[] = {
	[RULE_FRESH] = "fresh",
	[RULE_UNDATED] = "undated",
	[RULE_STALE] = "stale",
};

const char *rules_freshness_name(enum rule_freshness f)
{
	return freshness_names[f];
}

const char *rules_freshness_static(const char *name)
{
	for (size_t i = 0; name && i < COUNT(freshness_names); i++)
		if (strcmp(freshness_names[i], name) == 0)
			return freshness_names[i];
	return NULL;
}

/* The latest of the dates given, as the document gave it, into label. */
static void stale_label(const struct date_scan *dates, bool periods_only, char *label, size_t label_len)
{
	int latest = 0;

	for (size_t i = 0; !periods_only && i < dates->ndates; i++) {
		if (dates->dates[i] > latest) {
			latest = dates->dates[i];
			snprintf(label, label_len, "%02d.%02d.%04d", latest % 100, (latest / 100) % 100,
			         latest / 10000);
		}
	}
	for (size_t i = 0; i < dates->nperiods; i++) {
		int key = dates->periods[i].to * 10000 + 831;

		if (key > latest) {
			latest = key;
			snprintf(label, label_len, "%d-%d", dates->periods[i].from, dates->periods[i].to);
		}
	}
	for (size_t i = 0; !periods_only && i < dates->nyears; i++) {
		int key = dates->years[i] * 10000 + 1231;

		if (key > latest) {
			latest = key;
			snprintf(label, label_len, "%d", dates->years[i]);
		}
	}
}

enum rule_freshness rules_freshness(const struct date_scan *dates, int as_of,
                                    char *label, size_t label_len)
{
	/* The academic year began in year y on 1 September. */
	int y = as_of / 10000 - ((as_of / 100) % 100 < 9 ? 1 : 0);
	int start = y * 10000 + 901;

	if (label_len)
		label[0] = '\0';
	if (dates->ndates + dates->nperiods + dates->nyears == 0)
		return RULE_UNDATED;
	for (size_t i = 0; i < dates->ndates; i++)
		if (dates->dates[i] >= start)
			return RULE_FRESH;
	for (size_t i = 0; i < dates->nperiods; i++)
		if (dates->periods[i].to >= y + 1)
			return RULE_FRESH;
	for (size_t i = 0; i < dates->nyears; i++)
		if (dates->years[i] >= y)
			return RULE_FRESH;
	/* Stale: name the most recent date given. */
	stale_label(dates, false, label, label_len);
	return RULE_STALE;
}

/* The last day of a period, yyyymmdd: 31 August of an academic year's, 31 December of years'. */
static int period_end(const struct date_period *p)
{
	return p->to * 10000 + (p->to == p->from + 1 ? 831 : 1231);
}

enum rule_freshness rules_period_freshness(const struct date_scan *dates, int as_of,
                                           char *label, size_t label_len)
{
	if (label_len)
		label[0] = '\0';
	if (dates->nperiods == 0)
		return RULE_UNDATED;
	for (size_t i = 0; i < dates->nperiods; i++)
		if (period_end(&dates->periods[i]) >= as_of)
			return RULE_FRESH;
	stale_label(dates, true, label, label_len);
	return RULE_STALE;
}

enum rule_freshness rules_doc_freshness(const struct rule_doc *doc, const struct date_scan *dates,
                                        int as_of, char *label, size_t label_len)
{
	if (label_len)
		label[0] = '\0';
	if (doc->fresh == RULE_FRESH_YEAR)
		return rules_freshness(dates, as_of, label, label_len);
	if (doc->fresh == RULE_FRESH_PERIOD)
		return rules_period_freshness(dates, as_of, label, label_len);
	return RULE_FRESH;
}
