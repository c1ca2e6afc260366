/*
 * changes.c - what changed between two runs, and changes.csv.
 *
 * Organisations are matched by registry id. A document counts as newly
 * published when the earlier run looked and did not find it and this run
 * found it; newly missing the other way round. A run that could not look
 * (blocked, unreachable, invalid URL) shows as a status change only.
 */
#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "reports/snapshot.h"
#include "reports/csv_cell.h"
#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

#define CHANGES_JOIN "; "
#define CHANGES_CELL_CAP (64u * 1024u)

static const char *const changes_header[] = {
	"№", "Наименование", "Статус был", "Статус стал", "Опубликованы", "Пропали",
	"Документов было", "Документов стало",
};

bool report_docs_known(const struct results_org *o)
{
	enum org_status st;

	if (!o || verdict_status_parse(&st, o->status))
		return false;
	return verdict_docs_seen(st);
}

static void compare_docs(struct org_change *ch, const struct results_snapshot *before,
                         const struct results_snapshot *after)
{
	if (!report_docs_known(ch->before) || !report_docs_known(ch->after))
		return;
	for (size_t i = 0; i < after->ndocs; i++) {
		int j = results_doc_index(before, after->doc_keys[i]);

		if (j < 0)
			continue;
		if (ch->after->found[i] && !ch->before->found[j])
			ch->published |= 1u << i;
		else if (!ch->after->found[i] && ch->before->found[j])
			ch->lost |= 1u << i;
	}
}

static size_t bits(unsigned v)
{
	size_t n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static void count(struct run_changes *c, const struct org_change *ch)
{
	c->published += bits(ch->published);
	c->lost += bits(ch->lost);
	c->status_changed += ch->status_changed;
	c->added += !ch->before;
	c->removed += !ch->after;
}

int report_changes_compute(struct run_changes *out, const struct results_snapshot *before,
                           const struct results_snapshot *after)
{
	memset(out, 0, sizeof(*out));
	out->before = before;
	out->after = after;
	if (before->norgs + after->norgs) {
		out->items = calloc(before->norgs + after->norgs, sizeof(*out->items));
		if (!out->items)
			return -1;
	}
	for (size_t i = 0; i < after->norgs; i++) {
		struct org_change ch = { .after = &after->orgs[i] };

		ch.before = results_find(before, ch.after->id);
		ch.status_changed = ch.before && strcmp(ch.before->status, ch.after->status) != 0;
		compare_docs(&ch, before, after);
		if (!ch.before || ch.status_changed || ch.published || ch.lost) {
			out->items[out->n++] = ch;
			count(out, &ch);
		}
	}
	for (size_t i = 0; i < before->norgs; i++) {
		struct org_change ch = { .before = &before->orgs[i] };

		if (results_find(after, ch.before->id))
			continue;
		out->items[out->n++] = ch;
		count(out, &ch);
	}
	return 0;
}

void report_changes_free(struct run_changes *c)
{
	if (!c)
		return;
	free(c->items);
	memset(c, 0, sizeof(*c));
}

/* The Russian name of the newer run's document i, from the rule file when it knows the key. */
static const char *doc_name(const struct report_input *in, size_t i)
{
	const char *key = in->changes->after->doc_keys[i];
	int k = in->rules ? rules_doc_index(in->rules, key) : -1;

	return k >= 0 ? rules_doc(in->rules, (size_t)k)->name : key;
}

/* The documents of mask by name; false only when memory ran out (past its cap a cell is cut). */
static bool join_docs(struct buf *b, const struct report_input *in, unsigned mask)
{
	for (size_t i = 0; i < in->changes->after->ndocs; i++) {
		if (!(mask & (1u << i)))
			continue;
		if ((b->len && buf_addstr(b, CHANGES_JOIN) == BUF_ERR_NOMEM) ||
		    buf_addstr(b, doc_name(in, i)) == BUF_ERR_NOMEM)
			return false;
	}
	return true;
}

static const char *status_ru(const struct results_org *o, const char *absent)
{
	enum org_status st;

	if (!o)
		return absent;
	return verdict_status_parse(&st, o->status) ? o->status : verdict_status_label_ru(st);
}

void report_docs_found_text(char *out, size_t outlen, const struct results_snapshot *s,
                            const struct results_org *o)
{
	size_t found = 0;

	if (!report_docs_known(o)) {
		snprintf(out, outlen, "—");
		return;
	}
	for (size_t i = 0; i < s->ndocs; i++)
		found += o->found[i];
	snprintf(out, outlen, "%zu из %zu", found, s->ndocs);
}

int report_changes_csv(FILE *f, const struct report_input *in)
{
	const struct csv_dialect *d;
	char count[32];
	struct buf cell;
	int rc = -1;

	buf_init(&cell, CHANGES_CELL_CAP);
	if (!f || !in || !in->changes)
		goto out;
	d = csv_dialect_of(in->csv_dialect);
	csv_begin(f, d);
	for (size_t j = 0; j < sizeof(changes_header) / sizeof(changes_header[0]); j++)
		csv_cell(f, d, changes_header[j], j == 0);
	csv_end_row(f, d);
	for (size_t i = 0; i < in->changes->n; i++) {
		const struct org_change *ch = &in->changes->items[i];
		const struct results_org *o = ch->after ? ch->after : ch->before;

		csv_cell(f, d, o->id, true);
		csv_cell(f, d, o->name, false);
		csv_cell(f, d, status_ru(ch->before, "не было в реестре"), false);
		csv_cell(f, d, status_ru(ch->after, "нет в реестре"), false);
		buf_reset(&cell);
		if (!join_docs(&cell, in, ch->published))
			goto out;
		csv_cell(f, d, buf_str(&cell), false);
		buf_reset(&cell);
		if (!join_docs(&cell, in, ch->lost))
			goto out;
		csv_cell(f, d, buf_str(&cell), false);
		report_docs_found_text(count, sizeof(count), in->changes->before, ch->before);
		csv_cell(f, d, count, false);
		report_docs_found_text(count, sizeof(count), in->changes->after, ch->after);
		csv_cell(f, d, count, false);
		csv_end_row(f, d);
	}
	rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
out:
	buf_free(&cell);
	return rc;
}
