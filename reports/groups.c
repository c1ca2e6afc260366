/*
 * groups.c - the run's organisations grouped by a registry column
 * (--group-by: a municipality, a type of organisation), each group's
 * summary counted as the whole run's is (verdict_summarize_groups), so
 * every indicator is given per group and overall by the same code.
 */
#include "reports/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/text.h"
#include "parsers/registry.h"
#include "reports/indicators.h"
#include "reports/report_util.h"
#include "rules/verdict.h"

/* A header cell compared as people type it: white space squeezed, letters lower-cased. */
static void header_key(char *out, size_t cap, const char *s)
{
	struct buf squeezed;

	buf_init(&squeezed, cap - 1);
	text_append_squeezed(&squeezed, s, strlen(s));
	text_trim_end(&squeezed);
	text_lower_copy(out, cap, buf_str(&squeezed), squeezed.len);
	buf_free(&squeezed);
}

int report_group_column(const struct registry *reg, const char *name)
{
	char want[256], have[256];

	header_key(want, sizeof(want), name);
	for (size_t k = 0; reg && k < reg->nextra; k++) {
		header_key(have, sizeof(have), reg->extra_names[k]);
		if (strcmp(want, have) == 0)
			return (int)k;
	}
	return -1;
}

static const struct org_result *group_org(void *ctx, size_t i)
{
	return report_org(ctx, i);
}

/* The group of each row: the index of its column's value among the values met so far. 0, -1 (memory), -2 (cap). */
static int assign_groups(struct report_groups *g, const struct report_input *in, int column, size_t *group_of)
{
	for (size_t i = 0; i < in->norgs; i++) {
		const struct registry_row *row = report_org_row(in, i);
		const char *value = row && (size_t)column < in->registry->nextra ? row->extra[column] : "";
		size_t k = 0;

		while (k < g->n && strcmp(g->names[k], value) != 0)
			k++;
		if (k == g->n) {
			if (g->n == CAP_REPORT_GROUPS)
				return -2;
			g->names[g->n++] = value;
		}
		group_of[i] = k;
	}
	return 0;
}

int report_groups_compute(struct report_input *in, const char *column_name, struct report_groups *g,
                          char *err, size_t errlen)
{
	int column = report_group_column(in->registry, column_name);
	size_t *group_of;
	int rc = -1;

	memset(g, 0, sizeof(*g));
	g->column = column_name;
	if (column < 0) {
		snprintf(err, errlen, "--group-by: the registry has no column \"%s\"", column_name);
		return -1;
	}
	g->names = calloc(CAP_REPORT_GROUPS, sizeof(*g->names));
	g->group_of = calloc(in->norgs ? in->norgs : 1, sizeof(*g->group_of));
	group_of = g->group_of;
	if (!g->names || !group_of) {
		snprintf(err, errlen, "out of memory grouping the organisations");
		goto out;
	}
	rc = assign_groups(g, in, column, group_of);
	if (rc) {
		snprintf(err, errlen, rc == -2 ? "--group-by: column \"%s\" has more than %u different values"
		                               : "out of memory grouping by \"%s\"", column_name, CAP_REPORT_GROUPS);
		rc = -1;
		goto out;
	}
	g->summaries = calloc(g->n ? g->n : 1, sizeof(*g->summaries));
	if (!g->summaries || verdict_summarize_groups(in->rules, in->norgs, in->stand_in, group_org, in, group_of,
	                                              g->n, g->summaries)) {
		snprintf(err, errlen, "the organisations could not be read back to group them");
		rc = -1;
		goto out;
	}
	g->indicators = calloc(g->n ? g->n * INDICATOR_ROWS : 1, sizeof(*g->indicators));
	if (!g->indicators) {
		snprintf(err, errlen, "out of memory grouping the organisations");
		rc = -1;
		goto out;
	}
	for (size_t k = 0; k < g->n; k++)
		g->nindicators = report_indicators(in->rules, &g->summaries[k], &g->indicators[k * INDICATOR_ROWS]);
	in->groups = g;
out:
	if (rc)
		report_groups_free(g);
	return rc;
}

void report_groups_free(struct report_groups *g)
{
	free(g->names);
	free(g->summaries);
	free(g->indicators);
	free(g->group_of);
	memset(g, 0, sizeof(*g));
}
