/*
 * registry_words.c - registry issues in plain Russian (see registry_words.h).
 */
#include "reports/registry_words.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

static const char *const issue_ru[REGISTRY_ISSUE_KINDS] = {
	[REGISTRY_ISSUE_UNREADABLE] = "запись не удалось прочитать",
	[REGISTRY_ISSUE_UNTERMINATED_QUOTE] = "не закрыта кавычка",
	[REGISTRY_ISSUE_QUOTED_TOO_LONG] = "слишком длинный текст в кавычках (вероятно, не закрыта кавычка)",
	[REGISTRY_ISSUE_TEXT_AFTER_QUOTE] = "текст после закрывающей кавычки",
	[REGISTRY_ISSUE_FIELD_TOO_LONG] = "слишком длинный текст в ячейке",
	[REGISTRY_ISSUE_TOO_MANY_FIELDS] = "слишком много заполненных столбцов",
	[REGISTRY_ISSUE_EMPTY_ID] = "пустой номер",
	[REGISTRY_ISSUE_TOO_MANY_ROWS] = "превышено предельное число строк реестра",
};

/* «запись» after a number: 1, 21 запись; 2-4, 22 записи; 5-20, 25 записей. */
enum plural { PLURAL_ONE, PLURAL_FEW, PLURAL_MANY, PLURALS };

static const char *const dropped_ru[PLURALS] = {
	[PLURAL_ONE] = "запись не показана",
	[PLURAL_FEW] = "записи не показаны",
	[PLURAL_MANY] = "записей не показаны",
};

static enum plural plural_of(size_t n)
{
	if (n % 100 >= 11 && n % 100 <= 14)
		return PLURAL_MANY;
	if (n % 10 == 1)
		return PLURAL_ONE;
	if (n % 10 >= 2 && n % 10 <= 4)
		return PLURAL_FEW;
	return PLURAL_MANY;
}

/* snprintf leaves whole bytes, not whole letters: drop a cut one. */
static char *whole_letters(char *out, size_t outlen)
{
	size_t n;

	if (!outlen)
		return out;
	n = strlen(out);
	while (n > 0 && !text_utf8_valid(out, n))
		out[--n] = '\0';
	return out;
}

const char *report_registry_issue_ru(enum registry_issue_kind kind)
{
	if ((unsigned)kind >= REGISTRY_ISSUE_KINDS || !issue_ru[kind])
		return issue_ru[REGISTRY_ISSUE_UNREADABLE];
	return issue_ru[kind];
}

char *report_registry_issue_text_ru(char *out, size_t outlen, const struct registry_issue *is)
{
	const char *phrase = report_registry_issue_ru(is->kind);

	if (!outlen)
		return out;
	if (is->column)
		snprintf(out, outlen, "%s (столбец %zu)", phrase, is->column);
	else
		snprintf(out, outlen, "%s", phrase);
	return whole_letters(out, outlen);
}

char *report_registry_dropped_ru(char *out, size_t outlen, size_t dropped)
{
	if (!outlen)
		return out;
	snprintf(out, outlen, "ещё %zu %s", dropped, dropped_ru[plural_of(dropped)]);
	return whole_letters(out, outlen);
}
