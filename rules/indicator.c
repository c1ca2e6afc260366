#include "rules/indicator.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* The methodology numbers its indicators 1, 2, ...; this is far beyond any table. */
#define INDICATOR_NUMBER_MAX 999u

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int rule_indicator_parse(struct rule_indicator *ind, const char *value, char *why, size_t whylen)
{
	const char *p = value, *letter;
	char *end = NULL;
	unsigned long number;
	size_t letter_len;

	if (strcmp(value, "none") == 0) {
		rule_indicator_clear(ind);
		ind->none = true;
		return 0;
	}
	errno = 0;
	number = strtoul(p, &end, 10);
	if (end == p || errno || number == 0 || number > INDICATOR_NUMBER_MAX || (*end != ' ' && *end != '\t')) {
		snprintf(why, whylen, "indicator must be 'NUMBER LETTER NAME' with NUMBER 1..%u, got '%s'",
		         INDICATOR_NUMBER_MAX, value);
		return -1;
	}
	letter = skip_blanks(end);
	letter_len = strcspn(letter, " \t");
	if (letter_len == 0 || letter_len >= sizeof(ind->letter) || !*skip_blanks(letter + letter_len)) {
		snprintf(why, whylen, "indicator must be 'NUMBER LETTER NAME' (a letter of at most %zu bytes, "
		         "then the name), got '%s'", sizeof(ind->letter) - 1, value);
		return -1;
	}
	free(ind->name);
	ind->name = strdup(skip_blanks(letter + letter_len));
	if (!ind->name) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	ind->number = (unsigned)number;
	ind->none = false;
	memcpy(ind->letter, letter, letter_len);
	ind->letter[letter_len] = '\0';
	return 0;
}

void rule_indicator_clear(struct rule_indicator *ind)
{
	free(ind->name);
	memset(ind, 0, sizeof(*ind));
}
