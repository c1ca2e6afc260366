/*
 * test_rules.c - the rule file parser (errors with file:line) and the
 * classification of realistic link texts by the built-in rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "parsers/html.h"
#include "rules/builtin.h"
#include "rules/rules.h"

/* A minimal valid rule file to build error cases from. */
#define DOC_OK "[document order]\nname = Приказ\nmatch = приказ\n"

struct err_case {
	const char *title;
	const char *text;
	const char *expect;      /* the error text must contain this */
	const char *also;        /* ...and this, when not NULL */
};

static const struct err_case err_cases[] = {
	{ "bad pattern", DOC_OK "match = (unclosed\n", "t.rules:4: bad pattern at offset 9", "missing closing parenthesis" },
	{ "bad pattern in exclude, after comments and blanks",
	  "# comment\n\n[document order]\nname = X\n   # indented comment\nexclude = [a-\nmatch = x\n",
	  "t.rules:6: bad pattern at offset", NULL },
	{ "bad pattern in ignore", DOC_OK "[ignore fed]\nmatch = a{2,1}\n", "t.rules:5: bad pattern at offset", NULL },
	{ "bad pattern in section url", DOC_OK "[section]\nurl = *x\n", "t.rules:5: bad pattern at offset 0", NULL },
	{ "unknown block", DOC_OK "[documents x]\n", "t.rules:4: unknown block [documents]", NULL },
	{ "unknown one-word block", "[foo]\n", "t.rules:1: unknown block [foo]", NULL },
	{ "header not closed", "[document x\n", "t.rules:1: block header must look like", NULL },
	{ "text after header", "[document x] y\n", "t.rules:1: block header must look like", NULL },
	{ "setting outside a block", "name = X\n" DOC_OK, "t.rules:1: setting 'name' outside a block", NULL },
	{ "line without =", DOC_OK "match\n", "t.rules:4: expected 'key = value'", NULL },
	{ "empty value", DOC_OK "short =   \n", "t.rules:4: empty value for 'short'", NULL },
	{ "unknown setting in document", DOC_OK "colour = red\n", "t.rules:4: unknown setting 'colour'", NULL },
	{ "url is only for [section]", DOC_OK "url = x\n", "t.rules:4: unknown setting 'url'", NULL },
	{ "name is not for [ignore]", DOC_OK "[ignore x]\nname = y\n", "t.rules:5: unknown setting 'name'", NULL },
	{ "required not yes/no", DOC_OK "required = да\n", "t.rules:4: required must be yes or no, got 'да'", NULL },
	{ "required Yes (case matters)", DOC_OK "required = Yes\n", "t.rules:4: required must be yes or no", NULL },
	{ "fresh neither yes, no nor period", DOC_OK "fresh = years\n",
	  "t.rules:4: fresh must be yes, no or period, got 'years'", NULL },
	{ "document without name", "[document order]\nmatch = x\n", "t.rules:2: document 'order' has no name", NULL },
	{ "document without match", "[document order]\nname = X\nexclude = y\n\n",
	  "t.rules:4: document 'order' has no match pattern", NULL },
	{ "second document without name", DOC_OK "[document pairs]\nmatch = x\n",
	  "t.rules:5: document 'pairs' has no name", NULL },
	{ "duplicate id", DOC_OK "\n[document order]\n", "t.rules:5: document 'order' defined twice", NULL },
	{ "upper-case id", "[document Order]\n", "t.rules:1: document id 'Order' must be lower-case", NULL },
	{ "document without id", "[document ]\n", "t.rules:1:", NULL },
	{ "empty file", "", "t.rules:0: no [document ...] block", NULL },
	{ "only comments", "# nothing\n\n", "t.rules:2: no [document ...] block", NULL },
	{ "only a section", "[section]\nmatch = x\n", "t.rules:2: no [document ...] block", NULL },
	{ "NUL byte", DOC_OK "name = a\0b\n", "t.rules:4: NUL byte", NULL },
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(err_cases); i++) {
		const struct err_case *c = &err_cases[i];
		struct ruleset *rs = (struct ruleset *)1;
		char err[512] = "";
		size_t len = strlen(c->text);

		if (strcmp(c->title, "NUL byte") == 0)
			len = sizeof(DOC_OK "name = a\0b\n") - 1;
		print_message("case: %s\n", c->title);
		assert_int_equal(rules_parse(&rs, c->text, len, "t.rules", err, sizeof(err)), -1);
		assert_null(rs);
		print_message("  -> %s\n", err);
		assert_non_null(strstr(err, c->expect));
		if (c->also)
			assert_non_null(strstr(err, c->also));
	}
}

static void test_parse_limits(void **state)
{
	struct ruleset *rs = NULL;
	char err[512];
	struct buf b;

	(void)state;
	/* A line longer than the cap. */
	buf_init(&b, 1u << 22);
	assert_int_equal(buf_addstr(&b, "[document order]\nname = "), 0);
	for (size_t i = 0; i < CAP_RULE_LINE; i++)
		assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(buf_addstr(&b, "\nmatch = x\n"), 0);
	assert_int_equal(rules_parse(&rs, buf_str(&b), b.len, "big", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "big:2: line longer than"));

	/* A line of exactly the cap loads, ended by LF or CR LF: the cap counts the line, not its end. */
	for (int crlf = 0; crlf <= 1; crlf++) {
		const char *end = crlf ? "\r\n" : "\n";

		buf_reset(&b);
		assert_int_equal(buf_printf(&b, "[document order]%sname = ", end), 0);
		while (b.len < sizeof("[document order]") - 1 + strlen(end) + CAP_RULE_LINE - 1)
			assert_int_equal(buf_addc(&b, 'x'), 0);
		assert_int_equal(buf_printf(&b, "%smatch = x%s", end, end), 0);
		assert_int_equal(rules_parse(&rs, buf_str(&b), b.len, "edge", err, sizeof(err)), 0);
		rules_free(rs);
		rs = NULL;
	}

	/* Too many documents. */
	buf_reset(&b);
	for (unsigned i = 0; i <= CAP_RULE_DOCS; i++)
		assert_int_equal(buf_printf(&b, "[document d%u]\nname = D\nmatch = d%u\n", i, i), 0);
	assert_int_equal(rules_parse(&rs, buf_str(&b), b.len, "many", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "many:49: too many documents"));

	/* Too many patterns in one block. */
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "[document d]\nname = D\n"), 0);
	for (unsigned i = 0; i <= CAP_RULE_PATTERNS; i++)
		assert_int_equal(buf_printf(&b, "match = p%u\n", i), 0);
	assert_int_equal(rules_parse(&rs, buf_str(&b), b.len, "pats", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "pats:67: too many patterns"));

	/* Larger than the file cap: refused before reading a line. */
	assert_int_equal(rules_parse(&rs, "x", CAP_RULE_FILE_BYTES + 1, "huge", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "huge:0: rule file larger than"));

	/* A tiny error buffer is truncated, not overrun. */
	{
		char small[8];

		memset(small, 'Z', sizeof(small));
		assert_int_equal(rules_parse(&rs, "[foo]\n", 6, "origin", small, sizeof(small)), -1);
		assert_non_null(memchr(small, '\0', sizeof(small)));
		assert_int_equal(strncmp(small, "origin:", 7), 0);
	}
	assert_null(rs);
	buf_free(&b);
}

static void test_parse_ok(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBF# BOM, CRLF and blanks around everything\r\n"
		"  [ document  order ]  \r\n"
		"name =  Приказ о внедрении \r\n"
		"match = приказ\r\n"
		"[document pairs]\n"
		"name = Пары\n"
		"short = Пары (кор.)\n"
		"required = no\n"
		"match = пар\n"
		"[ignore federal act]\n"
		"match = минпросвещени\n"
		"[section]\n"
		"match = наставничеств\n"
		"url = nastavnich";
	struct ruleset *rs = NULL;
	char err[256] = "";

	(void)state;
	assert_int_equal(rules_parse(&rs, text, sizeof(text) - 1, "ok", err, sizeof(err)), 0);
	assert_non_null(rs);
	assert_int_equal(rules_doc_count(rs), 2);
	assert_string_equal(rules_doc(rs, 0)->id, "order");
	assert_string_equal(rules_doc(rs, 0)->name, "Приказ о внедрении");
	assert_string_equal(rules_doc(rs, 0)->short_name, "Приказ о внедрении");
	assert_true(rules_doc(rs, 0)->required);
	assert_string_equal(rules_doc(rs, 1)->short_name, "Пары (кор.)");
	assert_false(rules_doc(rs, 1)->required);
	assert_null(rules_doc(rs, 2));
	assert_int_equal(rules_doc_index(rs, "pairs"), 1);
	assert_int_equal(rules_doc_index(rs, "nope"), -1);
	rules_free(rs);
	rules_free(NULL);
}

/*
 * ё is read as е, in patterns' subjects; file names, and link texts written
 * like one (no space, two or more '-' or '_'), read _ - + . as spaces.
 */
static void test_folding(void **state)
{
	static const char text[] =
		"[document a]\nname = A\nmatch = утвержденн\\w*\\s+план\n"
		"[document b]\nname = B\nmatch = prikaz o vnedrenii\n";
	struct ruleset *rs = NULL;
	char err[256];
	struct rule_verdict v;
	struct html_link l = { .url = "http://x.ru/", .text = "", .title = "", .context = "", .filename = "" };

	(void)state;
	assert_int_equal(rules_parse(&rs, text, strlen(text), "fold", err, sizeof(err)), 0);
	l.text = "Утверждённый план";
	rules_classify(rs, &l, &v);
	assert_true(v.any && v.docs[0]);
	l.text = "УТВЕРЖДЁННЫЙ ПЛАН";
	rules_classify(rs, &l, &v);
	assert_true(v.any && v.docs[0]);
	l.text = "Prikaz_o_vnedrenii";   /* a text written like a file name folds as one */
	rules_classify(rs, &l, &v);
	assert_true(v.any && v.docs[1]);
	assert_int_equal(v.source, RULE_SRC_TEXT);
	l.text = "Prikaz o_vnedrenii";   /* a text with a space does not */
	rules_classify(rs, &l, &v);
	assert_false(v.any);
	l.text = "";
	l.filename = "Prikaz_o-vnedrenii+2023.pdf";
	rules_classify(rs, &l, &v);
	assert_true(v.any && v.docs[1]);
	assert_int_equal(v.source, RULE_SRC_FILENAME);
	assert_string_equal(v.text, "Prikaz_o-vnedrenii+2023.pdf");
	rules_free(rs);
}

static struct ruleset *builtin(void)
{
	struct ruleset *rs = NULL;
	char err[512] = "";

	if (rules_parse(&rs, rules_builtin_text, rules_builtin_len, "builtin", err, sizeof(err)))
		print_error("builtin rules: %s\n", err);
	return rs;
}

static void test_builtin_loads(void **state)
{
	static const char *const ids[] = { "order", "regulation", "roadmap", "pair_orders", "programs",
	                                   "mentor_base", "mentee_base", "org_program", "curator_order" };
	/* Table 1 of the Izhevsk methodology: indicator numbers and letters, and what makes up 15. */
	static const unsigned numbers[] = { 1, 2, 5, 9, 0, 3, 4, 6, 7 };
	static const char *const letters[] = { "N", "P", "K", "H", "", "Q", "T", "A", "B" };
	static const bool in_system[] = { true, true, false, true, true, false, false, false, false };
	/* Pairs, programmes and bases are of the year; the road map's period must not have ended. */
	static const enum rule_fresh fresh[] = { RULE_FRESH_NO, RULE_FRESH_NO, RULE_FRESH_PERIOD, RULE_FRESH_YEAR,
	                                         RULE_FRESH_YEAR, RULE_FRESH_YEAR, RULE_FRESH_YEAR, RULE_FRESH_NO,
	                                         RULE_FRESH_NO };
	struct ruleset *rs = builtin();
	char err[512] = "";
	struct ruleset *from_file = NULL;

	(void)state;
	assert_non_null(rs);
	assert_int_equal(rules_doc_count(rs), COUNT(ids));
	for (size_t i = 0; i < COUNT(ids); i++) {
		assert_string_equal(rules_doc(rs, i)->id, ids[i]);
		assert_int_equal(rules_doc(rs, i)->required, i < 5);
		assert_int_equal(rules_doc(rs, i)->indicator.number, numbers[i]);
		assert_string_equal(rules_doc(rs, i)->indicator.letter, letters[i]);
		assert_int_equal(rules_doc(rs, i)->indicator.none, numbers[i] == 0);
		assert_int_equal(rules_doc_in_system(rs, i), in_system[i]);
		assert_int_equal(rules_doc(rs, i)->fresh, fresh[i]);
		assert_true(rules_doc(rs, i)->name[0] != '\0');
		assert_true(rules_doc(rs, i)->short_name[0] != '\0');
	}
	assert_string_equal(rules_doc(rs, 0)->name, "Приказ о внедрении целевой модели наставничества");
	assert_int_equal(rules_section_indicator(rs)->number, 14);
	assert_string_equal(rules_section_indicator(rs)->letter, "F");
	assert_int_equal(rules_system_indicator(rs)->number, 15);
	assert_string_equal(rules_system_indicator(rs)->letter, "Q");
	rules_free(rs);

	/* The same text through the file wrapper (tests run from the repo root). */
	assert_int_equal(rules_load(&from_file, "rules/mentor.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_doc_count(from_file), COUNT(ids));
	rules_free(from_file);
	assert_int_equal(rules_load(&from_file, "rules/no-such.rules", err, sizeof(err)), -1);
	assert_null(from_file);
	assert_non_null(strstr(err, "no-such.rules"));
}

struct class_case {
	const char *text;
	const char *title;
	const char *filename;
	const char *context;
	const char *docs;          /* comma-separated ids, "" for none */
	enum rule_source source;   /* when docs is not "" */
	const char *ignored_by;    /* NULL: not ignored */
};

#define T(text, docs) { text, "", "", "", docs, RULE_SRC_TEXT, NULL }
#define F(filename, docs) { "Скачать", "", filename, "", docs, RULE_SRC_FILENAME, NULL }
#define IGN(text, docs, label) { text, "", "", "", docs, RULE_SRC_TEXT, label }

static const struct class_case class_cases[] = {
	/* orders */
	T("Приказ о внедрении целевой модели наставничества", "order"),
	T("О внедрении системы (целевой модели) наставничества педагогических работников", "order"),
	T("Об организации наставничества педагогических работников", "order"),
	T("Приказ о внедрении ЦМН", "order"),
	T("О реализации системы наставничества", "order"),
	T("Приказ от 30.08.2023 № 127-од «О внедрении целевой модели наставничества педагогических работников»",
	  "order"),
	T("ПРИКАЗ О ВНЕДРЕНИИ ЦЕЛЕВОЙ МОДЕЛИ НАСТАВНИЧЕСТВА", "order"),
	T("Приказ № 41-од от 13.09.2021г. о введении системы наставничества в МБОУ СОШ № 5", "order"),
	T("Приказ «О создании системы наставничества» № 17 – ОД", "order"),
	F("Prikaz_o_vnedrenii_tselevoy_modeli_nastavnichestva.pdf", "order"),
	F("prikaz-o-realizacii-sistemy-nastavnichestva.pdf", "order"),
	/* regulations */
	T("Положение о наставничестве", "regulation"),
	T("Положение о системе наставничества педагогических работников", "regulation"),
	T("Положение о системе (целевой модели) наставничества педагогических работников (новая редакция)",
	  "regulation"),
	T("ПОЛОЖЕНИЕ О НАСТАВНИЧЕСТВЕ В МБОУ «ЛИЦЕЙ № 1»", "regulation"),
	/* A regulation "об организации ..." is not also the order. */
	T("Положение об организации наставничества", "regulation"),
	T("Положение о реализации целевой модели наставничества", "regulation"),
	F("polozhenie_ob_organizacii_nastavnichestva.pdf", "regulation"),
	T("Отчет о реализации целевой модели наставничества за 2025-2026 учебный год", ""),
	T("Положение о целевой модели наставничества", "regulation"),
	T("Положение о наставничестве (новая редакция от «30» августа 2023 г.)", "regulation"),
	F("polozhenie-o-nastavnichestve.pdf", "regulation"),
	F("Polojenie_o_sisteme_nastavnichestva.docx", "regulation"),
	/* road maps */
	T("Дорожная карта внедрения целевой модели наставничества", "roadmap"),
	T("План мероприятий (дорожная карта) по реализации Положения о системе наставничества", "roadmap"),
	T("«Дорожная карта» по внедрению ЦМН на 2021-2024 г.г.", "roadmap"),
	T("Дорожная карта", "roadmap"),
	T("План мероприятий (дорожная карта)", "roadmap"),
	T("План работы по реализации целевой модели наставничества на 2023-2024 учебный год", "roadmap"),
	T("ДОРОЖНАЯ КАРТА внедрения системы наставничества (сентябрь 2022 г. - май 2024 г.)", "roadmap"),
	F("doroznaya_karta_vnedreniya_tselevoj_modeli_nastavnichestva.pdf", "roadmap"),
	F("Dorozhnaya_karta_2023.pdf", "roadmap"),
	/* pair orders */
	T("Приказ о закреплении наставнических пар", "pair_orders"),
	T("Приказ о закреплении наставнических пар/групп на 2023/2024 уч. год", "pair_orders"),
	T("Приказ об утверждении наставнических пар", "pair_orders"),
	T("Приказ о формировании наставнических пар № 181/1", "pair_orders"),
	T("Приказ об утверждении списочного состава наставников и наставляемых", "pair_orders"),
	T("О закреплении наставнических групп на 2023-2024 учебный год", "pair_orders"),
	T("Приказ о назначении наставников молодым специалистам", "pair_orders"),
	T("Приказ от 02.09.2026 № 141-од «О закреплении наставнических пар на 2026-2027 учебный год»",
	  "pair_orders"),
	T("Приказ о закреплении наставников за молодыми педагогами", "pair_orders"),
	F("prikaz_o_zakreplenii_nastavnicheskih_par_2026.pdf", "pair_orders"),
	F("Spisochnyj_sostav_nastavnikov_i_nastavlyaemyh.pdf", "pair_orders"),
	/* personalised programmes */
	T("Персонализированная программа наставничества", "programs"),
	T("Персонифицированная программа наставничества педагога", "programs"),
	T("Персонализированные программы наставничества на 2026-2027 учебный год", "programs"),
	T("Программа наставничества (персонализированная) «Учитель – учитель»", "programs"),
	T("ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА", "programs"),
	F("personalizirovannaya_programma_nastavnichestva_2026-2027.pdf", "programs"),
	F("Personificirovannaya-programma.pdf", "programs"),
	/* ё / е */
	T("Положение о наставничестве, утверждённое приказом № 5", "regulation"),
	T("Приказ о закреплении наставнических пар (утверждён 01.09.2023)", "pair_orders"),
	/* one link naming two documents */
	T("Приказ о внедрении целевой модели наставничества и об утверждении Положения о наставничестве",
	  "order,regulation"),
	/* not a mentorship document */
	T("Приказ от 25.08.2023 № 98-од «О внедрении обновлённых ФГОС НОО и ФГОС ООО»", ""),
	T("Положение о ГИА выпускников 9 и 11 классов", ""),
	T("План мероприятий по подготовке к ГИА на 2026-2027 учебный год", ""),
	T("Дорожная карта по введению обновлённых ФГОС на 2022-2027 гг.", ""),
	T("Рабочая программа воспитания на 2026-2027 учебный год", ""),
	T("Приказ от 01.09.2026 № 150-од «О закреплении учебных кабинетов за учителями»", ""),
	T("Положение об аттестации педагогических работников", ""),
	T("Приказ об утверждении графика аттестации", ""),
	T("Наставничество", ""),
	T("Индивидуальный план развития наставляемого", ""),
	T("Программа повышения квалификации «Наставник»", ""),
	T("Скачать", ""),
	{ "", "", "", "", "", RULE_SRC_TEXT, NULL },
	/* acts of higher bodies: matched, then ignored */
	IGN("Распоряжение Минпросвещения России № Р-145 «О внедрении целевой модели наставничества»", "order",
	    "federal act"),
	IGN("Письмо Минпросвещения России от 21.12.2021 № АЗ-1128/08 «О направлении методических рекомендаций» "
	    "(методические рекомендации по разработке и внедрению системы (целевой модели) наставничества "
	    "педагогических работников, шаблон персонализированной программы наставничества)",
	    "programs", "federal act"),
	IGN("Письмо АЗ-1128/08 «Положение о системе наставничества (примерное)»", "regulation", "federal act"),
	IGN("Приказ Департамента образования и науки Ханты-Мансийского автономного округа – Югры от "
	    "15.03.2022 № 10-П-411 «О внедрении системы (целевой модели) наставничества педагогических работников»",
	    "order", "regional or municipal act"),
	IGN("Приказ ХМАО-Югры № 10-П-411 «О внедрении системы (целевой модели) наставничества»", "order",
	    "regional or municipal act"),
	IGN("Приказ департамента образования администрации города Нефтеюганска от 20.04.2022 № 312 «Об "
	    "утверждении дорожной карты (плана мероприятий) по внедрению целевой модели наставничества в "
	    "муниципальных образовательных организациях»",
	    "roadmap", "regional or municipal act"),
	/* the real Р-145 title names no school document, and is still named as a federal act */
	{ "Распоряжение Минпросвещения России от 25.12.2019 № Р-145 «Об утверждении методологии (целевой "
	  "модели) наставничества обучающихся для организаций, осуществляющих образовательную деятельность»",
	  "", "", "", "", RULE_SRC_TEXT, "federal act" },
	/* decision order: text, then title, then file name, then context */
	{ "Положение о наставничестве", "Приказ о внедрении ЦМН", "dorozhnaya_karta.pdf",
	  "Персонализированная программа наставничества", "regulation", RULE_SRC_TEXT, NULL },
	{ "Скачать", "Приказ о внедрении ЦМН", "dorozhnaya_karta.pdf",
	  "Персонализированная программа наставничества", "order", RULE_SRC_TITLE, NULL },
	{ "Скачать", "Открыть в новом окне", "dorozhnaya_karta.pdf",
	  "Персонализированная программа наставничества", "roadmap", RULE_SRC_FILENAME, NULL },
	{ "Скачать", "", "scan_0012.pdf", "Приказ о закреплении наставнических пар № 5 Скачать", "pair_orders",
	  RULE_SRC_CONTEXT, NULL },
	{ "открыть", "", "card", "Персонифицированная программа наставничества открыть", "programs",
	  RULE_SRC_CONTEXT, NULL },
	/* a 1С-Битрикс table row: number, the bare name, a download link */
	{ "Скачать (PDF, 367 Кб)", "", "c32592e3228a45c05c88bde4f989b559.pdf",
	  "4 Дорожная карта Скачать (PDF, 1 556 Кб)", "roadmap", RULE_SRC_CONTEXT, NULL },
	{ "Скачать", "", "c32592e3228a45c05c88bde4f989b559.pdf", "Дорожная карта | Открыть", "roadmap",
	  RULE_SRC_CONTEXT, NULL },
	/* ...but not a road map of something else in such a row */
	{ "Скачать", "", "c32592e3228a45c05c88bde4f989b559.pdf", "4 Дорожная карта ГИА-2027 Скачать (PDF, 300 Кб)",
	  "", RULE_SRC_CONTEXT, NULL },
	/* the ignore check reads only the deciding text */
	{ "Приказ о внедрении ЦМН", "", "", "Распоряжение Минпросвещения Р-145 | Приказ о внедрении ЦМН", "order",
	  RULE_SRC_TEXT, NULL },
	{ "Скачать", "", "", "Приказ ХМАО-Югры № 10-П-411 «О внедрении системы наставничества» Скачать", "order",
	  RULE_SRC_CONTEXT, "regional or municipal act" },
	/* a generic text and file name with an ignored title */
	{ "Скачать", "Письмо Минпросвещения АЗ-1128/08 о внедрении целевой модели наставничества", "p.pdf", "",
	  "order", RULE_SRC_TITLE, "federal act" },
};

static void docs_string(const struct ruleset *rs, const struct rule_verdict *v, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < rules_doc_count(rs); i++) {
		if (!v->docs[i])
			continue;
		if (out[0])
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, rules_doc(rs, i)->id, n - strlen(out) - 1);
	}
}

static void test_classify_table(void **state)
{
	struct ruleset *rs = builtin();
	size_t failures = 0;

	(void)state;
	assert_non_null(rs);
	for (size_t i = 0; i < COUNT(class_cases); i++) {
		const struct class_case *c = &class_cases[i];
		struct html_link l = {
			.url = "http://school.test/f", .text = (char *)c->text, .title = (char *)c->title,
			.filename = (char *)c->filename, .context = (char *)c->context,
		};
		struct rule_verdict v;
		char got[128];
		bool ok;

		rules_classify(rs, &l, &v);
		docs_string(rs, &v, got, sizeof(got));
		ok = strcmp(got, c->docs) == 0 && v.any == (c->docs[0] != '\0');
		if (ok && v.any) {
			ok = v.source == c->source && v.ignored == (c->ignored_by != NULL) &&
			     (!c->ignored_by || strcmp(v.ignored_by, c->ignored_by) == 0);
			ok = ok && v.text == (c->source == RULE_SRC_TEXT ? l.text : c->source == RULE_SRC_TITLE ? l.title
			                      : c->source == RULE_SRC_FILENAME ? l.filename : l.context);
		}
		if (ok && !v.any)
			ok = v.ignored == (c->ignored_by != NULL) &&
			     (c->ignored_by ? strcmp(v.ignored_by, c->ignored_by) == 0 && v.text == l.text
			                    : v.text == NULL);
		if (!ok) {
			print_error("case %zu: text '%s' title '%s' file '%s' context '%s'\n"
			            "  want docs '%s' source %s ignored '%s'\n"
			            "  got  docs '%s' source %s ignored '%s'\n",
			            i, c->text, c->title, c->filename, c->context, c->docs,
			            rules_source_name(c->source), c->ignored_by ? c->ignored_by : "",
			            got, rules_source_name(v.source), v.ignored ? v.ignored_by : "");
			failures++;
		}
	}
	rules_free(rs);
	assert_int_equal(failures, 0);
}

static void test_source_names(void **state)
{
	(void)state;
	assert_string_equal(rules_source_name(RULE_SRC_TEXT), "text");
	assert_string_equal(rules_source_name(RULE_SRC_TITLE), "title");
	assert_string_equal(rules_source_name(RULE_SRC_FILENAME), "filename");
	assert_string_equal(rules_source_name(RULE_SRC_CONTEXT), "context");
	assert_string_equal(rules_source_name(RULE_SRC_COUNT), "?");
}

struct section_link_case {
	const char *text;
	const char *title;
	bool yes;
};

static const struct section_link_case section_link_cases[] = {
	{ "Наставничество", "", true },
	{ "НАСТАВНИЧЕСТВО", "", true },
	{ "Целевая модель наставничества", "", true },
	{ "ЦМН", "", true },
	{ "Система наставничества педагогических работников", "", true },
	{ "Подробнее", "Раздел «Наставничество»", true },
	{ "Новости", "", false },
	{ "Документы", "", false },
	{ "Наставник года", "", false },
	{ "ЦМНО", "", false },
	{ "", "", false },
};

static void test_section_link(void **state)
{
	struct ruleset *rs = builtin();

	(void)state;
	assert_non_null(rs);
	for (size_t i = 0; i < COUNT(section_link_cases); i++) {
		const struct section_link_case *c = &section_link_cases[i];
		struct html_link l = { .url = "http://school.test/x", .text = (char *)c->text,
		                       .title = (char *)c->title, .context = "", .filename = "" };

		print_message("section link: '%s' / '%s'\n", c->text, c->title);
		assert_int_equal(rules_is_section_link(rs, &l, NULL), c->yes);
		/* What names the section as a link names it as a reference too. */
		assert_int_equal(rules_is_section_reference(rs, &l, NULL), c->yes);
	}
	rules_free(rs);
}

/* A section's sentence sending its reader elsewhere names the section in the link's context, not its text. */
static void test_section_reference(void **state)
{
	struct ruleset *rs = builtin();
	struct html_link l = { .url = "http://school.test/sveden/document/", .text = "«Документы»", .title = "",
	                       .context = "Приказы, положение и программы наставничества размещены в разделе "
	                                  "«Документы».",
	                       .filename = "" };

	(void)state;
	assert_non_null(rs);
	assert_false(rules_is_section_link(rs, &l, NULL));
	assert_true(rules_is_section_reference(rs, &l, NULL));
	l.context = "Все локальные акты школы размещены в разделе «Документы».";
	assert_false(rules_is_section_reference(rs, &l, NULL));
	rules_free(rs);
}

struct section_page_case {
	const char *url;
	const char *title;
	const char *h1;
	bool yes;
};

static const struct section_page_case section_page_cases[] = {
	{ "/pedagogam-i-sotrudnikam/nastavnichestvo/", "", "", true },
	{ "/pedagogam-i-sotrudnikam/mentoring/", "", "", true },
	{ "/nasha-shkola/Наставничество", "", "", true },
	{ "/celevaya-model/", "", "", true },
	{ "/svedeniya/tsmn/", "", "", true },
	{ "/svedeniya/cmn/", "", "", true },
	{ "/svedeniya/", "Наставничество — МБОУ СОШ № 5", "", true },
	{ "/svedeniya/", "МБОУ СОШ № 5", "Целевая модель наставничества", true },
	{ "/svedeniya/", "МБОУ СОШ № 5", "Сведения об организации", false },
	{ "/news/", "Новости", "", false },
	{ "/", NULL, NULL, false },
	{ NULL, NULL, NULL, false },
};

static void test_section_page(void **state)
{
	struct ruleset *rs = builtin();

	(void)state;
	assert_non_null(rs);
	for (size_t i = 0; i < COUNT(section_page_cases); i++) {
		const struct section_page_case *c = &section_page_cases[i];

		print_message("section page: '%s' '%s' '%s'\n", c->url ? c->url : "(null)",
		              c->title ? c->title : "(null)", c->h1 ? c->h1 : "(null)");
		assert_int_equal(rules_is_section_page(rs, c->url, c->title, c->h1, NULL), c->yes);
	}
	rules_free(rs);
}

/* A rule set without [section] recognises no section and does not crash. */
static void test_no_section_block(void **state)
{
	static const char text[] = DOC_OK;
	struct ruleset *rs = NULL;
	char err[128];
	struct html_link l = { .url = "http://x.ru/", .text = "Наставничество", .title = "", .context = "",
	                       .filename = "" };

	(void)state;
	assert_int_equal(rules_parse(&rs, text, strlen(text), "min", err, sizeof(err)), 0);
	assert_false(rules_is_section_link(rs, &l, NULL));
	assert_false(rules_is_section_page(rs, "/nastavnichestvo/", "Наставничество", "Наставничество", NULL));
	rules_free(rs);
}

/* The plain lists: [links] file and title, [http] refusal; a file without them takes the built-in ones. */
static void test_plain_lists(void **state)
{
	static const char own[] =
		"[document order]\nname = Приказ\nmatch = приказ\n"
		"[links]\nfile = .PDF\ntitle = Приказ\n[http]\nrefusal = 451\n";
	static const char bare[] = "[document order]\nname = Приказ\nmatch = приказ\n";
	static const struct { const char *text; const char *want; } bad[] = {
		{ "[document a]\nname = A\nmatch = a\n[links]\nfile = pdf\n", "x.rules:5: a file ending starts with '.'" },
		{ "[document a]\nname = A\nmatch = a\n[http]\nrefusal = 200\n", "x.rules:5: refusal must be an HTTP status" },
		{ "[document a]\nname = A\nmatch = a\n[http]\nfile = .pdf\n", "x.rules:5: unknown setting 'file'" },
	};
	struct ruleset *rs = NULL;
	char err[512] = "", path[] = "/tmp/test_rules_XXXXXX";
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(rules_parse(&rs, own, sizeof(own) - 1, "own.rules", err, sizeof(err)), 0);
	assert_true(rules_is_document_file(rs, "Prikaz_12.pdf"));
	assert_false(rules_is_document_file(rs, "page.html"));
	assert_true(rules_title_is_document(rs, "приказ № 5"));
	assert_false(rules_title_is_document(rs, "новости"));
	assert_true(rules_refuses(rs, 451));
	assert_false(rules_refuses(rs, 403));
	rules_free(rs);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_not_equal(rules_parse(&rs, bad[i].text, strlen(bad[i].text), "x.rules", err, sizeof(err)), 0);
		assert_non_null(strstr(err, bad[i].want));
	}
	/* A rule file written before the lists existed keeps the built-in behaviour. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(bare, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rules_load_or_builtin(&rs, path, err, sizeof(err)), 0);
	assert_true(rules_is_document_file(rs, "Polozhenie.docx"));
	assert_true(rules_title_is_document(rs, "дорожная карта на 2026 год"));
	assert_true(rules_refuses(rs, 403));
	assert_true(rules_refuses(rs, 429));
	rules_free(rs);
	unlink(path);
}

/*
 * Rule errors. Each of these patterns backtracks catastrophically on its
 * letter repeated and then something else: (a+)+$ on "aaa…a!" tries every
 * way to split the run before it gives up, some 2^29 of them, far past
 * CAP_RULE_MATCH_LIMIT.
 */
static const char blowup_rules[] =
	"[document order]\n"          /* 1 */
	"name = Приказ\n"
	"match = (a+)+$\n"            /* 3 */
	"match = приказ\n"            /* 4 */
	"[document plan]\n"
	"name = План\n"
	"match = план\n"              /* 7 */
	"exclude = (b+)+$\n"          /* 8 */
	"[ignore act]\n"
	"match = федеральн\n"         /* 10 */
	"match = (c+)+$\n"            /* 11 */
	"[placeholder]\n"
	"filename = ^(x+)+$\n"        /* 13 */
	"[section]\n"
	"match = (d+)+$\n";           /* 15 */

#define RUN30(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c "!"
#define AS RUN30("a")
#define BS RUN30("b")
#define CS RUN30("c")

static const struct error_case {
	const char *text, *title;
	const char *docs;          /* the documents named, by id */
	unsigned error_line[2];    /* order's, plan's failed pattern; 0 for none */
	bool ignored;
} error_cases[] = {
	/* The pattern fails: whether the link is the order cannot be told. */
	{ AS, "", "", { 3, 0 }, false },
	/* Another pattern of the order matches: any one is enough. */
	{ "приказ " AS, "", "order", { 0, 0 }, false },
	/* The text could not tell, the title names it: the order. */
	{ AS, "приказ", "order", { 0, 0 }, false },
	/* The title names the plan; had the text named the order, it would have decided. */
	{ AS, "план", "plan", { 3, 0 }, false },
	/* The plan is named and its exclude fails: it cannot be told. */
	{ "план " BS, "", "", { 0, 8 }, false },
	/* An [ignore] pattern fails on the text that names the plan: it may be an act. */
	{ "план " CS, "", "", { 0, 11 }, false },
	/* ...unless another [ignore] pattern matches: an act for sure. */
	{ "федеральный план " CS, "", "plan", { 0, 0 }, true },
	/* Text that is not UTF-8 names nothing, and that is no rule error. */
	{ "план \xFF " AS, "", "", { 0, 0 }, false },
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void check_error_cases(struct ruleset *rs, struct rule_cache *cache)
{
	for (size_t i = 0; i < COUNT(error_cases); i++) {
		const struct error_case *c = &error_cases[i];
		struct html_link l = { .url = "http://school.test/f", .text = (char *)c->text, .title = (char *)c->title,
		                       .filename = "", .context = "" };
		struct rule_verdict v;
		char got[64];

		print_message("rule error case %zu\n", i);
		rules_classify_cached(rs, cache, &l, &v);
		docs_string(rs, &v, got, sizeof(got));
		assert_string_equal(got, c->docs);
		assert_int_equal(v.ignored, c->ignored);
		for (size_t d = 0; d < 2; d++) {
			assert_int_equal(v.errors[d].line, c->error_line[d]);
			assert_true(c->error_line[d] ? v.errors[d].code < -1 : v.errors[d].code == 0);
		}
	}
}

/* A pattern PCRE2 cannot finish is an error with its file:line, the same with JIT and without. */
static void test_rule_errors(void **state)
{
	struct rule_error e = { 0, 0 };
	char err[256], text[256];

	(void)state;
	for (int jit = 1; jit >= 0; jit--) {
		struct ruleset *rs = NULL;
		struct rule_cache *cache = NULL;
		struct html_link l = { .url = "http://school.test/f", .text = AS, .title = "", .filename = "",
		                       .context = "" };
		struct rule_verdict v;
		struct timespec t0;

		rules_use_jit(jit);
		assert_int_equal(rules_parse(&rs, blowup_rules, strlen(blowup_rules), "blowup.rules", err,
		                             sizeof(err)), 0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rules_classify(rs, &l, &v);
		print_message("%s: one blow-up in %.1f ms\n", jit ? "JIT" : "no JIT", 1000 * seconds_since(&t0));
		rules_error_text(rs, &v.errors[0], text, sizeof(text));
		assert_string_equal(text, "blowup.rules:3: match limit exceeded");
		check_error_cases(rs, NULL);
		/* The memo keeps what a text could not tell, as it keeps what it named. */
		assert_int_equal(rules_cache_new(&cache), 0);
		check_error_cases(rs, cache);
		check_error_cases(rs, cache);
		rules_cache_free(cache);

		l.text = "";
		l.filename = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.pdf";
		assert_false(rules_is_placeholder(rs, &l, &e));
		assert_int_equal(e.line, 13);
		l.text = RUN30("d");
		assert_false(rules_is_section_link(rs, &l, &e));
		assert_int_equal(e.line, 15);
		assert_false(rules_is_section_page(rs, "/", RUN30("d"), "", &e));
		assert_int_equal(e.line, 15);
		/* One test that matches answers, whatever another could not tell. */
		assert_true(rules_is_section_page(rs, "/", RUN30("d"), "ddd", &e));
		assert_int_equal(e.code, 0);
		rules_free(rs);
	}
	rules_use_jit(true);
}

/* The limits are the ruleset's: lowered, a short text reaches them too. */
static void test_rule_limits(void **state)
{
	static const struct rule_limits low = { 100, CAP_RULE_DEPTH_LIMIT, CAP_RULE_HEAP_KIB };
	static const struct rule_limits caps = { CAP_RULE_MATCH_LIMIT, CAP_RULE_DEPTH_LIMIT, CAP_RULE_HEAP_KIB };
	struct html_link l = { .url = "http://school.test/f", .text = "aaaaaaaaaa!", .title = "", .filename = "",
	                       .context = "" };
	struct rule_verdict v;
	char err[256];

	(void)state;
	for (int jit = 1; jit >= 0; jit--) {
		struct ruleset *rs = NULL;

		rules_use_jit(jit);
		assert_int_equal(rules_parse(&rs, blowup_rules, strlen(blowup_rules), "blowup.rules", err,
		                             sizeof(err)), 0);
		rules_classify(rs, &l, &v);
		assert_int_equal(v.errors[0].code, 0);
		rules_set_limits(rs, &low);
		rules_classify(rs, &l, &v);
		assert_int_equal(v.errors[0].line, 3);
		rules_set_limits(rs, &caps);
		rules_classify(rs, &l, &v);
		assert_int_equal(v.errors[0].code, 0);
		rules_free(rs);
	}
	rules_use_jit(true);
}

/*
 * A pattern that goes deep, not wide: one level per character of a text at
 * the cap. It stays inside the interpreter's depth and heap limits and
 * inside JIT's stack, so it matches, with JIT and without.
 */
static void test_deep_pattern(void **state)
{
	static const char deep[] = "[document long]\nname = L\nmatch = ^(?:a|b)*!$\n";
	char err[256], *context = malloc(CAP_CONTEXT_TEXT);

	(void)state;
	assert_non_null(context);
	memset(context, 'a', CAP_CONTEXT_TEXT - 2);
	context[CAP_CONTEXT_TEXT - 2] = '!';
	context[CAP_CONTEXT_TEXT - 1] = '\0';
	for (int jit = 1; jit >= 0; jit--) {
		struct ruleset *rs = NULL;
		struct html_link l = { .url = "http://school.test/f", .text = "", .title = "", .filename = "",
		                       .context = context };
		struct rule_verdict v;

		rules_use_jit(jit);
		assert_int_equal(rules_parse(&rs, deep, strlen(deep), "deep.rules", err, sizeof(err)), 0);
		rules_classify(rs, &l, &v);
		assert_true(v.any && v.docs[0]);
		assert_int_equal(v.errors[0].code, 0);
		rules_free(rs);
	}
	rules_use_jit(true);
	free(context);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_builtin_loads),
		cmocka_unit_test(test_classify_table),
		cmocka_unit_test(test_source_names),
		cmocka_unit_test(test_section_link),
		cmocka_unit_test(test_section_reference),
		cmocka_unit_test(test_section_page),
		cmocka_unit_test(test_no_section_block),
		cmocka_unit_test(test_plain_lists),
		cmocka_unit_test(test_rule_errors),
		cmocka_unit_test(test_rule_limits),
		cmocka_unit_test(test_deep_pattern),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
