#include "reports/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report_util.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* Letters for documents the rule file gives none, as the department's table would. */
static const char *const spare_letters[] = {
	"N", "P", "K", "A", "B", "H", "C", "D", "E", "G", "J", "L", "R", "S", "U", "W", "X", "Y",
};
_Static_assert(sizeof(spare_letters) / sizeof(spare_letters[0]) >= CAP_RULE_DOCS,
               "a spare letter for every document kind");

#define SECTION_NAME "Доля ОО, создавших специальный раздел «Наставничество» на официальных сайтах"
#define SECTION_LETTER "F"
#define SYSTEM_NAME "Доля ОО, реализующих систему наставничества педагогических работников"
#define SYSTEM_LETTER "Q"
#define DOCUMENT_NAME_PREFIX "Доля ОО, разместивших на сайте: "

static const char *const kind_names[] = {
	[INDICATOR_DOCUMENT] = "document",
	[INDICATOR_SECTION] = "section",
	[INDICATOR_SYSTEM] = "system",
};

const char *report_indicator_kind_name(enum indicator_kind k)
{
	return (unsigned)k <= INDICATOR_SYSTEM ? kind_names[k] : "unknown";
}

static bool letter_taken(const struct indicator_row *rows, size_t n, const char *letter)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].letter && strcmp(rows[i].letter, letter) == 0)
			return true;
	return false;
}

static void fill(struct indicator_row *row, enum indicator_kind kind, const struct rule_indicator *ind,
                 size_t count, size_t unchecked, size_t total)
{
	row->kind = kind;
	row->number = ind->number;
	row->letter = ind->letter[0] ? ind->letter : NULL;
	row->name = ind->name;
	row->count = count;
	row->unchecked = unchecked;
	row->total = total;
	row->share = verdict_share(count, total);
	row->checked_share = verdict_share(count, total - (unchecked < total ? unchecked : total));
}

static int by_number(const void *a, const void *b)
{
	const struct indicator_row *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

/* Rows the rule file did not number come after the numbered ones, in their order. */
static void number_the_rest(struct indicator_row *rows, size_t n)
{
	unsigned next = 0;

	for (size_t i = 0; i < n; i++)
		if (rows[i].number > next)
			next = rows[i].number;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].number)
			rows[i].number = ++next;
}

static void letter_the_rest(struct indicator_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (rows[i].letter)
			continue;
		if (rows[i].kind == INDICATOR_SECTION)
			rows[i].letter = SECTION_LETTER;
		else if (rows[i].kind == INDICATOR_SYSTEM)
			rows[i].letter = SYSTEM_LETTER;
		for (size_t k = 0; !rows[i].letter && k < sizeof(spare_letters) / sizeof(spare_letters[0]); k++)
			if (!letter_taken(rows, n, spare_letters[k]))
				rows[i].letter = spare_letters[k];
		if (!rows[i].letter)
			rows[i].letter = "?";
	}
}

size_t report_indicators(const struct ruleset *rs, const struct run_summary *s,
                         struct indicator_row rows[INDICATOR_ROWS])
{
	size_t n = 0, ndocs = report_doc_count(rs);

	memset(rows, 0, INDICATOR_ROWS * sizeof(*rows));
	for (size_t d = 0; d < ndocs; d++) {
		if (rules_doc(rs, d)->indicator.none)
			continue;
		fill(&rows[n], INDICATOR_DOCUMENT, &rules_doc(rs, d)->indicator, s->doc_count[d],
		     s->doc_unchecked[d], s->total);
		rows[n++].doc = d;
	}
	fill(&rows[n++], INDICATOR_SECTION, rules_section_indicator(rs), s->with_section,
	     s->section_unchecked, s->total);
	fill(&rows[n++], INDICATOR_SYSTEM, rules_system_indicator(rs), s->system, s->system_unchecked,
	     s->total);
	/* Numbered first, so a letter the rule file gives is never taken by a spare one. */
	number_the_rest(rows, n);
	letter_the_rest(rows, n);
	qsort(rows, n, sizeof(*rows), by_number);
	return n;
}

/* The documents that make up the system, by their short names. */
static void system_documents(char *out, size_t len, const struct ruleset *rs)
{
	bool which[CAP_RULE_DOCS] = { false };
	size_t ndocs = report_doc_count(rs);

	for (size_t d = 0; d < ndocs; d++)
		which[d] = rules_doc_in_system(rs, d);
	report_join_doc_names(out, len, rs, which, ", ");
}

void report_indicator_what(char *out, size_t len, const struct ruleset *rs,
                           const struct indicator_row *row)
{
	char docs[1024];

	switch (row->kind) {
	case INDICATOR_DOCUMENT:
		snprintf(out, len, "количество ОО, разместивших на сайте: %s", rules_doc(rs, row->doc)->name);
		return;
	case INDICATOR_SECTION:
		snprintf(out, len, "количество ОО, создавших специальный раздел «Наставничество» на официальных сайтах");
		return;
	case INDICATOR_SYSTEM:
		system_documents(docs, sizeof(docs), rs);
		snprintf(out, len, "количество ОО, разместивших все документы системы наставничества (%s)", docs);
		return;
	}
	out[0] = '\0';
}

/* The row's name: the rule file's, else one made from the document's name. */
const char *report_indicator_name(char *buf, size_t len, const struct ruleset *rs,
                                  const struct indicator_row *row)
{
	if (row->name)
		return row->name;
	if (row->kind == INDICATOR_SECTION)
		return SECTION_NAME;
	if (row->kind == INDICATOR_SYSTEM)
		return SYSTEM_NAME;
	snprintf(buf, len, DOCUMENT_NAME_PREFIX "%s", rules_doc(rs, row->doc)->name);
	return buf;
}
