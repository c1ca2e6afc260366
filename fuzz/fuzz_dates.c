/*
 * fuzz_dates.c - dates_scan() on arbitrary text, then the academic-year
 * decision on what it found (rules_freshness()) for audit dates on both
 * sides of 1 September and at the ends of the year range, and
 * dates_parse_iso() (the --as-of option) on the same bytes.
 *
 * Input: a link text, title or file name; scanned as a NUL-terminated copy
 * (an embedded NUL ends the text, as it does in the audit). Besides memory
 * errors it checks what dates.h promises: counts within DATES_MAX, every
 * date a real calendar shape in 1990..2100, every period forward and at
 * most ten years, undated exactly when nothing was found.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "parsers/dates.h"
#include "rules/rules.h"

static const int audit_dates[] = { 20261122, 20260831, 20260901, 19900101, 21001231 };

static bool valid_yyyymmdd(int v)
{
	int y = v / 10000, m = (v / 100) % 100, d = v % 100;

	return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void check_scan(const struct date_scan *s)
{
	FUZZ_CHECK(s->ndates <= DATES_MAX && s->nperiods <= DATES_MAX && s->nyears <= DATES_MAX);
	for (size_t i = 0; i < s->ndates; i++)
		FUZZ_CHECK(valid_yyyymmdd(s->dates[i]));
	for (size_t i = 0; i < s->nperiods; i++) {
		FUZZ_CHECK(s->periods[i].from >= 1990 && s->periods[i].from <= 2100);
		FUZZ_CHECK(s->periods[i].to > s->periods[i].from);
		FUZZ_CHECK(s->periods[i].to - s->periods[i].from <= 10);
	}
	for (size_t i = 0; i < s->nyears; i++)
		FUZZ_CHECK(s->years[i] >= 1990 && s->years[i] <= 2100);
}

static void check_freshness(const struct date_scan *s, int as_of)
{
	bool dated = s->ndates + s->nperiods + s->nyears > 0;
	char label[32], tiny[5];
	enum rule_freshness f = rules_freshness(s, as_of, label, sizeof(label));

	FUZZ_CHECK(memchr(label, '\0', sizeof(label)) != NULL);
	FUZZ_CHECK((f == RULE_UNDATED) == !dated);
	FUZZ_CHECK(f != RULE_STALE || label[0] != '\0');
	FUZZ_CHECK(rules_freshness_name(f) != NULL);
	FUZZ_CHECK(rules_freshness(s, as_of, tiny, sizeof(tiny)) == f);
	FUZZ_CHECK(memchr(tiny, '\0', sizeof(tiny)) != NULL);
}

/* A plan's period: undated exactly when it names no period; stale ones say which. */
static void check_period_freshness(const struct date_scan *s, int as_of)
{
	char label[32];
	enum rule_freshness f = rules_period_freshness(s, as_of, label, sizeof(label));

	FUZZ_CHECK(memchr(label, '\0', sizeof(label)) != NULL);
	FUZZ_CHECK((f == RULE_UNDATED) == (s->nperiods == 0));
	FUZZ_CHECK(f != RULE_STALE || label[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct date_scan s;
	int ymd = 0;

	dates_scan(&s, text);
	check_scan(&s);
	for (size_t i = 0; i < FUZZ_COUNT(audit_dates); i++) {
		check_freshness(&s, audit_dates[i]);
		check_period_freshness(&s, audit_dates[i]);
	}
	if (dates_parse_iso(text, &ymd) == 0)
		FUZZ_CHECK(valid_yyyymmdd(ymd));
	free(text);
	return 0;
}
