/*
 * test_prefilter.c - the literals rules/prefilter.c derives from patterns:
 * never "cannot match" where PCRE2 finds a match (the whole point), the
 * patterns it must give up on, the texts it must not judge, and the case
 * folding it relies on checked against PCRE2 itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/macros.h"
#include "parsers/html.h"
#include "rules/builtin.h"
#include "rules/prefilter.h"
#include "rules/rules.h"

static pcre2_code *compile(const char *pattern)
{
	int errcode;
	PCRE2_SIZE offset;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                                 PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &errcode, &offset, NULL);

	if (!code)
		print_error("pattern %s does not compile (offset %zu)\n", pattern, (size_t)offset);
	assert_non_null(code);
	return code;
}

static bool pcre_matches(pcre2_code *code, const char *text)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	int rc = pcre2_match(code, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

static bool may_match(const struct prefilter *pf, int cond, const char *text)
{
	struct prefilter_text t;
	size_t len = strlen(text);
	char *lower = malloc(len + 1);
	bool may;

	assert_non_null(lower);
	prefilter_scan(pf, text, len, 0, lower, &t);
	may = prefilter_may_match(pf, cond, &t);
	free(lower);
	return may;
}

struct case_ {
	const char *pattern;
	const char *text;
	bool may;             /* what the prefilter must say */
};

/* Each text the pattern matches must be let through; the others may be ruled out. */
static const struct case_ cases[] = {
	{ "приказ.{0,100}наставничеств", "ПРИКАЗ о наставничестве", true },
	{ "приказ.{0,100}наставничеств", "Приказ о внедрении", false },
	{ "приказ.{0,100}наставничеств", "Главная страница", false },
	{ "ПРИКАЗ", "приказ", true },
	{ "Prikaz", "PRIKAZ_o_vnedrenii", true },
	{ "(?-i)ПРИКАЗ", "ПРИКАЗ", true },
	{ "абв?где", "абгде", true },
	{ "абв?где", "абвгде", true },
	{ "абв?где", "абвгд", false },
	{ "абв+где", "абвввгде", true },
	{ "приказ(о внедрении)?план", "приказплан", true },
	{ "приказ(?:ещё){0}план", "приказплан", true },
	{ "приказ(?:ещё){0,2}план", "приказещёещёплан", true },
	{ "(план|программ)\\w*\\s+работ", "Программа работы", true },
	{ "(план|программ)\\w*\\s+работ", "Отчёт о работе", false },
	{ "(?=.*внедрени)приказ", "приказ о внедрении", true },
	{ "(?<!не)приказ", "приказ", true },
	{ "(?!план)приказ", "приказ", true },
	{ "[]a]приказ", "]приказ", true },
	{ "[^]]приказ", "Xприказ", true },
	{ "[\\]]приказ", "]приказ", true },
	{ "[\\cA]приказ", "\x01приказ", true },
	{ "\\.pdf$", "FILE.PDF", true },
	{ "\\.pdf$", "file.doc", false },
	{ "\\x{41}bcd", "Abcd", true },
	{ "\\x41bcd", "Abcd", true },
	{ "\\p{Lu}приказ", "Нприказ", true },
	{ "\\p{Lu}приказ", "план", false },
	{ "\\pLприказ", "Нприказ", true },
	{ "(?<name>приказ)", "ПРИКАЗ", true },
	{ "(?'name'приказ)", "ПРИКАЗ", true },
	{ "(?P<name>приказ)", "ПРИКАЗ", true },
	{ "(?|приказ|план)", "план", true },
	{ "(?>приказ)", "приказ", true },
	{ "(?i:ПРИКАЗ)", "приказ", true },
	{ "(?s)приказ.план", "приказ\nплан", true },
	{ "a{2}приказ", "aaприказ", true },
	{ "a{2,}приказ", "aaaприказ", true },
	{ "приказ\\b|план", "план", true },
	{ "\\bр\\W{0,2}145\\b", "Р-145", true },
	{ "\\bр\\W{0,2}145\\b", "Р-146", false },
	{ "^test_file_\\d+(\\.\\w+)?$", "TEST_FILE_3.PDF", true },
	{ "#x", "#X", true },
	{ "a b c d", "A B C D", true },
	{ "ещё", "ещё", true },
	{ "ёлка", "ЁЛКА", true },
	{ "Ёлка", "ёлка", true },
	/* characters whose caseless matches are not all known: the text is not judged */
	{ "kelvin", "\xE2\x84\xAA" "elvin", true },            /* U+212A KELVIN SIGN */
	{ "sense", "\xC5\xBF" "en\xC5\xBF" "e", true },         /* U+017F LONG S */
	{ "внедрени", "\xE1\xB2\x80" "недрени", true },         /* U+1C80 ROUNDED VE */
	{ "приказ", "приказ \xF0\x9F\x98\x80", true },          /* beyond the BMP */
	{ "приказ", "прик\xFF" "аз", true },                    /* not UTF-8 */
	/* caseless symbols keep the text usable */
	{ "приказ.{0,9}№", "Приказ № 5 «О наставничестве» — 2026", true },
	{ "план", "Приказ № 5 «О наставничестве» — 2026", false },
};

/* Constructs the reader does not follow: the pattern must get no condition. */
static const char *const always[] = {
	"(приказ)\\1", "\\Qприказ\\E", "(*COMMIT)приказ", "(*UTF)приказ", "(?x)при каз",
	"(?#note)приказ", "приказ{,3}", "приказ{x}", "[[:alpha:]]приказ", "\\g1приказ",
	"(?<n>a)\\k<n>приказ", "(?1)(приказ)", "(?R)?приказ", "(?(1)a|b)приказ", "(?C1)приказ",
	"(?P=n)приказ", "(?&n)приказ", "\\Kприказ", "приказ|", "|приказ", "\\w+", ".*",
	"приказ**", "(?-1)приказ", "\\N{U+0041}приказ", "\\o12приказ", "\\12приказ",
	"[a-z]{3}", "п", "ab", "(?:приказ)?", "(?=приказ)", "\\Eприказ",
};

static void test_cases(void **state)
{
	struct prefilter *pf = NULL;

	(void)state;
	assert_int_equal(prefilter_new(&pf), 0);
	for (size_t i = 0; i < COUNT(cases); i++) {
		pcre2_code *code = compile(cases[i].pattern);
		int cond = prefilter_add(pf, cases[i].pattern);
		bool may = may_match(pf, cond, cases[i].text);

		if (pcre_matches(code, cases[i].text) && !may)
			fail_msg("/%s/ matches '%s' but the prefilter rules it out", cases[i].pattern, cases[i].text);
		if (may != cases[i].may)
			fail_msg("/%s/ on '%s': prefilter says %d", cases[i].pattern, cases[i].text, may);
		pcre2_code_free(code);
	}
	prefilter_free(pf);
}

static void test_always(void **state)
{
	struct prefilter *pf = NULL;

	(void)state;
	assert_int_equal(prefilter_new(&pf), 0);
	for (size_t i = 0; i < COUNT(always); i++)
		if (prefilter_add(pf, always[i]) != PREFILTER_ALWAYS)
			fail_msg("/%s/ got a condition", always[i]);
	prefilter_free(pf);
}

/* Texts a built-in pattern matches: the prefilter lets every one through. */
static const char *const texts[] = {
	"Приказ о внедрении целевой модели наставничества",
	"ПРИКАЗ ОБ ОРГАНИЗАЦИИ НАСТАВНИЧЕСТВА В ШКОЛЕ",
	"Положение о системе наставничества педагогических работников",
	"Дорожная карта (план мероприятий) по внедрению целевой модели наставничества",
	"Приказ о закреплении наставнических пар (групп) на 2026/27 учебный год",
	"Персонализированные программы наставничества",
	"prikaz o vnedrenii tselevoy modeli nastavnichestva",
	"Polozhenie o nastavnichestve",
	"Распоряжение Минпросвещения России от 25.12.2019 № Р-145",
	"Методические рекомендации по внедрению методологии (целевой модели) наставничества",
	"Приказ Департамента образования и науки ХМАО",
	"Приказ № 10-П-411 от 01.09.2026",
	"plan meropriyatiy po realizacii nastavnichestva",
	"Список закреплённых наставников",
	"Дорожная карта",
	"ЦМН приказ",
};

static void test_builtin_sound(void **state)
{
	struct prefilter *pf = NULL;
	const char *p = rules_builtin_text, *end = rules_builtin_text + rules_builtin_len;
	size_t conds = 0, hits = 0;

	(void)state;
	assert_int_equal(prefilter_new(&pf), 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[4096];
		const char *eq;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + 1;
		eq = strstr(line, " = ");
		if (line[0] == '#' || line[0] == '[' || !eq || (strncmp(line, "match", 5) && strncmp(line, "exclude", 7) &&
		    strncmp(line, "filename", 8) && strncmp(line, "url", 3)))
			continue;
		{
			const char *pattern = eq + 3;
			pcre2_code *code = compile(pattern);
			int cond = prefilter_add(pf, pattern);

			conds += cond != PREFILTER_ALWAYS;
			for (size_t t = 0; t < COUNT(texts); t++) {
				if (!pcre_matches(code, texts[t]))
					continue;
				hits++;
				if (!may_match(pf, cond, texts[t]))
					fail_msg("/%s/ matches '%s' but the prefilter rules it out", pattern, texts[t]);
			}
			pcre2_code_free(code);
		}
	}
	assert_true(conds > 30);   /* the built-in patterns are plain enough to read */
	assert_true(hits > 30);
	prefilter_free(pf);
}

/* A literal or text character, as UTF-8. */
static size_t utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	out[0] = (char)(0xC0 | (cp >> 6));
	out[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

static uint32_t fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	return cp;
}

/*
 * What the prefilter assumes of PCRE2: among ASCII and Cyrillic А-я, a
 * character matches another caselessly exactly when both lower-case to the
 * same letter.
 */
static void test_alphabet_folds_as_pcre2(void **state)
{
	uint32_t alphabet[128 + 64];
	size_t n = 0;
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);

	(void)state;
	for (uint32_t cp = 1; cp < 0x80; cp++)
		alphabet[n++] = cp;
	for (uint32_t cp = 0x410; cp <= 0x44F; cp++)
		alphabet[n++] = cp;
	for (size_t a = 0; a < n; a++) {
		char pattern[16];
		pcre2_code *code;

		snprintf(pattern, sizeof(pattern), "\\x{%x}", (unsigned)alphabet[a]);
		code = compile(pattern);
		for (size_t b = 0; b < n; b++) {
			char s[4];
			size_t len = utf8(alphabet[b], s);
			bool match = pcre2_match(code, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;

			if (match != (fold(alphabet[a]) == fold(alphabet[b])))
				fail_msg("U+%04X against U+%04X: PCRE2 says %d", (unsigned)alphabet[a],
				         (unsigned)alphabet[b], match);
		}
		pcre2_code_free(code);
	}
	pcre2_match_data_free(md);
}

/* rules.c's fold: ё, Ё as е, Е; in file names _ - + . as spaces. */
static void fold_text(char *out, const char *s, bool filename)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0xD1 && (unsigned char)s[1] == 0x91) {
			*out++ = (char)0xD0;
			*out++ = (char)0xB5;
			s++;
		} else if (c == 0xD0 && (unsigned char)s[1] == 0x81) {
			*out++ = (char)0xD0;
			*out++ = (char)0x95;
			s++;
		} else {
			*out++ = filename && strchr("_-+.", c) && c ? ' ' : (char)c;
		}
	}
	*out = '\0';
}

/* Folding while scanning reads a text as scanning the folded text does. */
static void test_scan_folds(void **state)
{
	static const char *const samples[] = {
		"Утверждённый_план-2026.pdf", "ЁЛКА+ёж.doc", "ё", "Ё", "\xD1", "\xD1\x91\xD0",
		"Приказ № 5 — ЁЁЁ", "prikaz_o_vnedrenii.PDF", "\xE2\x84\xAA" "ё", "a.b-c+d_e",
	};
	struct prefilter *pf = NULL;

	(void)state;
	assert_int_equal(prefilter_new(&pf), 0);
	assert_true(prefilter_add(pf, "утвержденн\\w*\\s+план") >= 0);
	assert_true(prefilter_add(pf, "ёлк") >= 0);
	assert_true(prefilter_add(pf, "план 2026") >= 0);
	for (size_t i = 0; i < COUNT(samples); i++) {
		for (int filename = 0; filename < 2; filename++) {
			size_t len = strlen(samples[i]);
			char folded[128], a[128], b[128];
			struct prefilter_text ta, tb;

			fold_text(folded, samples[i], filename);
			assert_int_equal(strlen(folded), len);
			prefilter_scan(pf, samples[i], len, PREFILTER_FOLD_YO |
			               (filename ? PREFILTER_FOLD_SEPARATORS : 0u), a, &ta);
			prefilter_scan(pf, folded, len, 0, b, &tb);
			assert_int_equal(ta.usable, tb.usable);
			if (ta.usable)
				assert_memory_equal(a, b, len);
			assert_memory_equal(ta.atoms, tb.atoms, sizeof(ta.atoms));
		}
	}
	prefilter_free(pf);
}

/* Each Cyrillic character (U+0400-U+047F) lower-cased as the reference mapping says. */
static void test_scan_cyrillic(void **state)
{
	struct prefilter *pf = NULL;

	(void)state;
	assert_int_equal(prefilter_new(&pf), 0);
	for (uint32_t cp = 0x400; cp < 0x480; cp++) {
		for (unsigned flags = 0; flags <= PREFILTER_FOLD_YO; flags += PREFILTER_FOLD_YO) {
			char text[8], lower[8], want[8];
			uint32_t low = cp >= 0x410 && cp <= 0x42F ? cp + 0x20 : cp;
			struct prefilter_text t;

			if (flags && (cp == 0x401 || cp == 0x451))
				low = 0x435;
			text[0] = 'x';
			utf8(cp, text + 1);
			text[3] = 'y';
			text[4] = '\0';
			want[0] = 'x';
			utf8(low, want + 1);
			want[3] = 'y';
			prefilter_scan(pf, text, 4, flags, lower, &t);
			/* U+0460 and up are not checked caseless symbols: such a text is not judged */
			assert_int_equal(t.usable, cp < 0x460);
			if (t.usable)
				assert_memory_equal(lower, want, 4);
		}
	}
	prefilter_free(pf);
}

static void assert_same_verdict(const struct rule_verdict *a, const struct rule_verdict *b)
{
	assert_int_equal(a->any, b->any);
	assert_int_equal(a->ignored, b->ignored);
	assert_string_equal(a->ignored_by, b->ignored_by);
	assert_int_equal(a->source, b->source);
	assert_ptr_equal(a->text, b->text);
	for (size_t d = 0; d < CAP_RULE_DOCS; d++) {
		assert_int_equal(a->docs[d], b->docs[d]);
		assert_int_equal(a->line[d], b->line[d]);
		assert_int_equal(a->errors[d].line, b->errors[d].line);
		assert_int_equal(a->errors[d].code, b->errors[d].code);
	}
}

/* A cache remembers texts; its verdicts are rules_classify()'s, with any ruleset. */
static void test_cache_same_verdicts(void **state)
{
	/* (a+)+$ fails on a long run of a's: the memo keeps what a text could not tell too. */
	static const char other[] = "[document plan]\nname = План\nmatch = план\nmatch = (a+)+$\n"
	                            "[ignore x]\nmatch = карт\n";
	static const char *const link_texts[] = {
		"", "Скачать", "Приказ о внедрении целевой модели наставничества",
		"Дорожная карта (план мероприятий)", "Главная Сведения Наставничество Контакты",
		"Распоряжение Минпросвещения России № Р-145", "prikaz_o_vnedrenii.pdf",
		"\xE2\x84\xAA" "elvin plan", "Положение о наставничестве \xFF",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	};
	static const struct rule_limits low = { 1000, CAP_RULE_DEPTH_LIMIT, CAP_RULE_HEAP_KIB };
	struct ruleset *rs[2] = { NULL, NULL };
	struct rule_cache *cache = NULL;
	char err[256], *long_name = malloc(CAP_CONTEXT_TEXT + 100);

	(void)state;
	assert_non_null(long_name);
	memset(long_name, 'x', CAP_CONTEXT_TEXT + 99);
	memcpy(long_name + CAP_CONTEXT_TEXT + 10, "_prikaz.pdf", 11);   /* past the fold's cap */
	long_name[CAP_CONTEXT_TEXT + 99] = '\0';
	assert_int_equal(rules_load_or_builtin(&rs[0], NULL, err, sizeof(err)), 0);
	assert_int_equal(rules_parse(&rs[1], other, strlen(other), "other", err, sizeof(err)), 0);
	rules_set_limits(rs[1], &low);     /* the same errors, sooner */
	assert_int_equal(rules_cache_new(&cache), 0);
	for (int round = 0; round < 4; round++) {
		const struct ruleset *r = rs[round % 2];

		for (size_t i = 0; i < COUNT(link_texts) * COUNT(link_texts); i++) {
			struct html_link l = { .url = "http://school.test/a", .text = (char *)link_texts[i % COUNT(link_texts)],
			                       .title = (char *)link_texts[(i / 3) % COUNT(link_texts)],
			                       .filename = i % 7 ? (char *)link_texts[i / COUNT(link_texts)] : long_name,
			                       .context = (char *)link_texts[i / COUNT(link_texts)] };
			struct rule_verdict plain, cached;

			rules_classify(r, &l, &plain);
			rules_classify_cached(r, cache, &l, &cached);
			assert_same_verdict(&plain, &cached);
		}
	}
	rules_cache_free(cache);
	rules_cache_free(NULL);
	rules_free(rs[0]);
	rules_free(rs[1]);
	free(long_name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_always),
		cmocka_unit_test(test_builtin_sound),
		cmocka_unit_test(test_alphabet_folds_as_pcre2),
		cmocka_unit_test(test_cache_same_verdicts),
		cmocka_unit_test(test_scan_folds),
		cmocka_unit_test(test_scan_cyrillic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
