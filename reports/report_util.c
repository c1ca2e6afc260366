#include "reports/report_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/rules.h"
#include "rules/verdict.h"

size_t report_doc_count(const struct ruleset *rs)
{
	size_t n = rs ? rules_doc_count(rs) : 0;

	return n < CAP_RULE_DOCS ? n : CAP_RULE_DOCS;
}

bool report_doc_missing(const struct ruleset *rs, const struct org_result *o, size_t i)
{
	const struct rule_doc *d;

	if (!rs || !o || i >= report_doc_count(rs))
		return false;
	d = rules_doc(rs, i);
	if (!d->required)
		return false;
	if (o->status == ORG_COMPLIANT || o->status == ORG_NONCOMPLIANT)
		return !o->docs[i].found;
	return true;
}

static const struct org_result *input_org(void *ctx, size_t i)
{
	return report_org(ctx, i);
}

int report_summarize(struct report_input *in, struct run_summary *out, size_t **stand_in)
{
	*stand_in = NULL;
	if (verdict_group_stand_ins(in->registry, input_org, in, stand_in))
		return -1;
	in->stand_in = *stand_in;
	if (verdict_summarize_at(in->rules, in->norgs, in->stand_in, input_org, in, out))
		return -1;
	in->summary = out;
	return 0;
}

bool report_row_counted(const struct report_input *in, size_t i)
{
	return !in->stand_in || in->stand_in[i] == i;
}

const struct run_summary *report_summary_of(const struct report_input *in,
                                            struct run_summary *local)
{
	if (in->summary)
		return in->summary;
	/* A writer called on its own (tests): what it can count, organisations as rows. */
	if (verdict_summarize_at(in->rules, in->norgs, in->stand_in, input_org, (void *)in, local))
		memset(local, 0, sizeof(*local));
	return local;
}

const struct registry_row *report_org_row(const struct report_input *in, size_t i)
{
	if (!in || i >= in->norgs)
		return NULL;
	if (in->orgs && in->orgs[i].row)
		return in->orgs[i].row;
	if (in->registry && i < in->registry->nrows)
		return &in->registry->rows[i];
	return NULL;
}

const struct org_result *report_org(const struct report_input *in, size_t i)
{
	if (!in || i >= in->norgs)
		return NULL;
	if (in->orgs)
		return &in->orgs[i];
	return in->org_at ? in->org_at(in->org_ctx, i) : NULL;
}

bool report_has_orgs(const struct report_input *in)
{
	return in && (!in->norgs || in->orgs || in->org_at);
}

unsigned long report_share_tenths(double percent)
{
	if (!(percent > 0.0))       /* also catches NaN */
		percent = 0.0;
	if (percent > 100.0)
		percent = 100.0;
	/*
	 * The epsilon absorbs binary representation error (0.15 is stored as
	 * 0.1499...), far below the gap between two distinct count/total ratios.
	 */
	return (unsigned long)(percent * 10.0 + 0.5 + 1e-9);
}

void report_fmt_share(char *out, size_t outlen, double percent, char point)
{
	unsigned long tenths = report_share_tenths(percent);

	if (!out || !outlen)
		return;
	snprintf(out, outlen, "%lu%c%lu", tenths / 10, point, tenths % 10);
}

/* "2022-05-06" -> "06.05.2022", the way Russian reports write dates; anything else as given. */
void report_date_ru(char *out, size_t outlen, const char *iso)
{
	size_t i;
	bool ok = iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-';

	for (i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && !(iso[i] >= '0' && iso[i] <= '9'))
			ok = false;
	if (ok)
		snprintf(out, outlen, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, outlen, "%s", iso ? iso : "");
}

const char *report_doc_short(const struct rule_doc *d)
{
	return d->short_name && d->short_name[0] ? d->short_name : d->name;
}

void report_join_doc_names(char *out, size_t len, const struct ruleset *rs,
                           const bool which[CAP_RULE_DOCS], const char *sep)
{
	size_t used = 0, ndocs = report_doc_count(rs);

	if (!len)
		return;
	out[0] = '\0';
	for (size_t d = 0; d < ndocs && used < len; d++) {
		int n;

		if (!which[d])
			continue;
		n = snprintf(out + used, len - used, "%s%s", used ? sep : "", report_doc_short(rules_doc(rs, d)));
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

void report_docs_in_state(char *out, size_t len, const struct ruleset *rs, const struct org_result *o,
                          enum doc_state st, const char *sep)
{
	bool which[CAP_RULE_DOCS] = { false };
	size_t ndocs = report_doc_count(rs);

	for (size_t d = 0; d < ndocs; d++)
		which[d] = rules_doc(rs, d)->required && verdict_doc_state(o, d) == st;
	report_join_doc_names(out, len, rs, which, sep);
}

/* How every status label of an organisation that could not be checked begins. */
#define UNCHECKED_PREFIX_RU "не проверено: "

const char *report_unchecked_why(const struct org_result *o)
{
	const char *label;

	/* A compliant or noncompliant one has a cause when a rule could not tell one of its documents. */
	if (o->cause != UNCHECKED_NONE)
		return verdict_cause_label_ru(o->cause);
	if (verdict_docs_seen(o->status))
		return "";
	/* A result without a cause (schema 1): the status says enough, without its prefix. */
	label = verdict_status_label_ru(o->status);
	return strncmp(label, UNCHECKED_PREFIX_RU, strlen(UNCHECKED_PREFIX_RU)) == 0
	       ? label + strlen(UNCHECKED_PREFIX_RU) : label;
}

/* Is iso a UTC time as results.json writes generated_at ("2026-11-22T10:05:00Z")? */
static bool iso_utc_shaped(const char *iso)
{
	return iso && strlen(iso) == 20 && iso[10] == 'T' && iso[13] == ':' && iso[19] == 'Z';
}

void report_time_ru(char *out, size_t outlen, const char *iso)
{
	char date[16];
	bool ok = iso_utc_shaped(iso);

	if (!ok) {
		snprintf(out, outlen, "%s", iso ? iso : "");
		return;
	}
	snprintf(date, sizeof(date), "%.10s", iso);
	report_date_ru(out, outlen, date);
	if (strlen(out) == 10)
		snprintf(out + 10, outlen > 10 ? outlen - 10 : 0, " %.5s (UTC)", iso + 11);
}

const char *report_group_name_ru(const char *name)
{
	return name && *name ? name : "(не указано)";
}

static const char *const months_genitive[12] = {
	"января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря",
};

void report_date_long_ru(char *out, size_t outlen, const char *iso)
{
	char *end;
	long d, m;

	report_date_ru(out, outlen, iso);
	if (strlen(out) != 10 || !iso || strlen(iso) != 10)
		return;   /* not a date: as given */
	m = strtol(iso + 5, &end, 10);
	d = strtol(iso + 8, &end, 10);
	if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
		snprintf(out, outlen, "%ld %s %.4s г.", d, months_genitive[m - 1], iso);
}

void report_tm_ru(char *out, size_t outlen, const struct tm *tm, long gmtoff)
{
	char zone[32];
	long h = gmtoff / 3600, mins = labs(gmtoff % 3600) / 60;
	const char *sign = gmtoff < 0 ? "\xE2\x88\x92" : "+";   /* U+2212 minus */

	if (gmtoff == 3 * 3600)
		snprintf(zone, sizeof(zone), "МСК");
	else if (!mins && h >= 2 && h <= 12)
		snprintf(zone, sizeof(zone), "МСК%s%ld", h < 3 ? "\xE2\x88\x92" : "+", labs(h - 3));
	else if (!gmtoff)
		snprintf(zone, sizeof(zone), "UTC");
	else if (!mins)
		snprintf(zone, sizeof(zone), "UTC%s%ld", sign, labs(h));
	else
		snprintf(zone, sizeof(zone), "UTC%s%ld:%02ld", sign, labs(h), mins);
	snprintf(out, outlen, "%d %s %d г., %02d:%02d (%s)", tm->tm_mday,
	         months_genitive[(unsigned)tm->tm_mon % 12], tm->tm_year + 1900, tm->tm_hour, tm->tm_min, zone);
}

void report_time_local_ru(char *out, size_t outlen, const char *iso)
{
	struct tm utc = { 0 }, local;
	bool ok = iso_utc_shaped(iso);
	time_t t;

	if (ok)
		ok = sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
		            &utc.tm_hour, &utc.tm_min, &utc.tm_sec) == 6 && utc.tm_mon >= 1 && utc.tm_mon <= 12;
	if (!ok) {
		snprintf(out, outlen, "%s", iso ? iso : "");
		return;
	}
	utc.tm_year -= 1900;
	utc.tm_mon -= 1;
	t = timegm(&utc);
	if (!localtime_r(&t, &local)) {
		snprintf(out, outlen, "%s", iso);
		return;
	}
	report_tm_ru(out, outlen, &local, local.tm_gmtoff);
}
