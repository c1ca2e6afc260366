/*
 * test_content.c - what a document's own text says it is, read with the
 * built-in rules (rules/mentor.rules): one table row per document, its
 * pages in, the documents its title blocks name out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/content.h"
#include "rules/rules.h"

#define AS_OF 20261122
#define MAX_PAGES 4
#define MAX_FACTS 4

struct fact_spec {
	const char *doc;                /* NULL ends the list */
	unsigned page;
	bool excluded;
	bool appendix;
	enum rule_freshness freshness;
};

static const struct {
	const char *name;
	const char *pages[MAX_PAGES];
	struct fact_spec facts[MAX_FACTS];   /* in the order of the blocks */
} cases[] = {
	{ "a pair order: ПРИКАЗ, its number and date, «О закреплении наставнических пар»",
	  { "Муниципальное бюджетное общеобразовательное учреждение\n«Средняя общеобразовательная школа № 5»\n"
	    "ПРИКАЗ\n01.09.2026                                   № 214\n"
	    "О закреплении наставнических пар\nна 2026-2027 учебный год\n\n"
	    "В соответствии с распоряжением Минпросвещения России от 25.12.2019 № Р-145\nприказываю:\n"
	    "1. Закрепить наставнические пары согласно приложению.\n" },
	  { { "pair_orders", 1, false, false, RULE_FRESH } } },
	{ "the same pair order of 2023: stale by its own dates",
	  { "ПРИКАЗ\n04.09.2023 № 118\nО закреплении наставнических пар на 2023-2024 учебный год\nприказываю:\n" },
	  { { "pair_orders", 1, false, false, RULE_STALE } } },
	{ "a scan read by OCR: П Р И К А З spaced out, the subject over two lines",
	  { "МБОУ СОШ № 7\n\nП Р И К А З\n\n02.09.2026 № 88-од\n\nО внедрении целевой модели\nнаставничества\n"
	    "приказываю:\n" },
	  { { "order", 1, false, false, RULE_FRESH } } },
	{ "an order whose appendices are the regulation and the road map: three documents in one file",
	  { "ПРИКАЗ\n30.08.2026 № 201\nО внедрении целевой модели наставничества\nприказываю:\n"
	    "1. Утвердить\nПоложение о системе наставничества педагогических работников (приложение 1).\n"
	    "2. Утвердить дорожную карту (приложение 2).\n\n"
	    "Приложение 1\nк приказу от 30.08.2026 № 201\n\nПОЛОЖЕНИЕ\nо системе наставничества "
	    "педагогических работников\n1. Общие положения\n",
	    "Приложение 2 к приказу от 30.08.2026 № 201\n\nДОРОЖНАЯ КАРТА\nвнедрения целевой модели "
	    "наставничества на 2026-2027 учебный год\n" },
	  { { "order", 1, false, false, RULE_FRESH }, { "regulation", 1, false, true, RULE_FRESH },
	    { "roadmap", 2, false, false, RULE_FRESH } } },
	{ "a road map whose table names all five documents counts as the road map only",
	  { "План мероприятий (дорожная карта)\nпо внедрению целевой модели наставничества\n"
	    "№ | Мероприятие | Срок\n1 | Приказ о внедрении целевой модели наставничества | сентябрь\n"
	    "2 | Положение о системе наставничества | сентябрь\n"
	    "3 | Приказ о закреплении наставнических пар | сентябрь\n"
	    "4 | Персонализированные программы наставничества | октябрь\n",
	    "5 | Положение о наставничестве, корректировка | май\n"
	    "Приказ о закреплении наставнических пар на следующий год | май\n" },
	  { { "roadmap", 1, false, false, RULE_UNDATED } } },
	{ "a regulation on the mentorship of pupils does not count",
	  { "УТВЕРЖДЕНО\nприказом от 01.09.2026 № 5\n\nПОЛОЖЕНИЕ\nо наставничестве обучающихся\n"
	    "в форме «ученик – ученик»\n" },
	  { { "regulation", 1, true, false, RULE_FRESH } } },
	{ "a regulation for teachers and pupils counts",
	  { "ПОЛОЖЕНИЕ\nо системе наставничества педагогических работников и обучающихся\n" },
	  { { "regulation", 1, false, false, RULE_FRESH } } },
	{ "a programme for a pupil does not count; one for a young teacher does",
	  { "Персонализированная программа наставничества\nобучающегося 7 «Б» класса\n",
	    "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА\nмолодого специалиста, учителя математики\n"
	    "на 2026-2027 учебный год\n" },
	  { { "programs", 1, true, false, RULE_UNDATED }, { "programs", 2, false, false, RULE_FRESH } } },
	{ "the order appointing the curator is not a pair order",
	  { "ПРИКАЗ\n01.09.2026 № 210\nО назначении куратора внедрения целевой модели наставничества\n" },
	  { { "curator_order", 1, false, false, RULE_FRESH } } },
	{ "another regulation, titled correctly on the site, names nothing of ours",
	  { "ПОЛОЖЕНИЕ\nо школьной форме и внешнем виде обучающихся\n" },
	  { { NULL } } },
	{ "a placeholder's text names nothing",
	  { "Placeholder document: order" },
	  { { NULL } } },
	{ "an order to fix classes to teachers is not a pair order",
	  { "ПРИКАЗ\n01.09.2026 № 77\nО закреплении воспитателей за возрастными группами\n" },
	  { { NULL } } },
	{ "a blank pair-order form (the year left blank) names the pair order, not counting",
	  { "МБОУ «СОШ № 8»\nПРИКАЗ\n«___» ____________ 20___ г.          № ______\n"
	    "О закреплении наставнических пар на 20___ – 20___ учебный год\nприказываю:\n" },
	  { { "pair_orders", 1, true, false, RULE_UNDATED } } },
	{ "an order signed off with a blank line far below its head still counts",
	  { "ПРИКАЗ\n02.09.2026 № 205\nО закреплении наставнических пар на 2026-2027 учебный год\n"
	    "приказываю:\n1. Закрепить наставнические пары согласно приложению.\n"
	    "2. Наставникам разработать персонализированные программы наставничества.\n"
	    "3. Заместителю директора обеспечить методическое сопровождение наставнических пар.\n"
	    "4. Контроль за исполнением приказа оставляю за собой.\nДиректор                    В.И. Носков\n"
	    "С приказом ознакомлены: ______________ «___» ________ 20___ г.\n" },
	  { { "pair_orders", 1, false, false, RULE_FRESH } } },
	{ "a draft road map («ПРОЕКТ», «на стадии согласования») does not count",
	  { "ПРОЕКТ\nДокумент находится на стадии согласования.\nДОРОЖНАЯ КАРТА\n"
	    "(план мероприятий) по внедрению целевой модели наставничества на 2026-2028 годы\n" },
	  { { "roadmap", 1, true, false, RULE_FRESH } } },
	{ "the pupils' road map (Р-145) does not count; the teachers' and pupils' one does",
	  { "ДОРОЖНАЯ КАРТА\nвнедрения целевой модели наставничества обучающихся\nна 2026-2027 учебный год\n",
	    "ДОРОЖНАЯ КАРТА\nвнедрения целевой модели наставничества обучающихся и педагогических работников\n" },
	  { { "roadmap", 1, true, false, RULE_FRESH }, { "roadmap", 2, false, false, RULE_UNDATED } } },
	{ "mentors fixed to pupils are no teachers' pairs",
	  { "ПРИКАЗ\n02.09.2026 № 181\nО закреплении наставников за обучающимися, состоящими на учёте,\n"
	    "на 2026-2027 учебный год\n" },
	  { { "pair_orders", 1, true, false, RULE_FRESH } } },
	{ "pupils' pairs («ученик – ученик») under the teachers' pair order's title do not count",
	  { "ПРИКАЗ\n02.09.2026 № 203\nО закреплении наставнических пар на 2026-2027 учебный год\n"
	    "В соответствии с распоряжением Минпросвещения России от 25.12.2019 № Р-145\nприказываю:\n"
	    "1. Закрепить наставнические пары по форме «ученик – ученик» согласно приложению.\n" },
	  { { "pair_orders", 1, true, false, RULE_FRESH } } },
	{ "a regulation titled only «о наставничестве» for the pupils' forms does not count",
	  { "ПОЛОЖЕНИЕ\nо наставничестве в МБУ ДО «ЦДО № 9»\n1. Формы: «обучающийся – обучающийся», "
	    "«педагог – обучающийся», «работодатель – обучающийся».\n" },
	  { { "regulation", 1, true, false, RULE_FRESH } } },
	{ "an order introducing the pupils' model only is not the teachers' order",
	  { "ПРИКАЗ\n30.08.2021 № 112\nО внедрении целевой модели наставничества обучающихся\nприказываю:\n" },
	  { { "order", 1, true, false, RULE_FRESH } } },
	{ "a road map whose period has ended is stale; the year it was approved in does not age one",
	  { "УТВЕРЖДЕНА\nприказом от 30.08.2021 № 32-о\n\nДОРОЖНАЯ КАРТА\nпо внедрению целевой модели "
	    "наставничества педагогических работников на 2021–2024 годы\n",
	    "УТВЕРЖДЕНА\nприказом от 31.08.2022 № 45-од\n\nДОРОЖНАЯ КАРТА\nпо внедрению целевой модели "
	    "наставничества педагогических работников на 2022–2027 годы\n" },
	  { { "roadmap", 1, false, false, RULE_STALE }, { "roadmap", 2, false, false, RULE_FRESH } } },
};

static struct ruleset *rules;

static int setup(void **state)
{
	char err[256];

	(void)state;
	return rules_load_or_builtin(&rules, NULL, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return 0;
}

static void check_case(size_t c)
{
	struct content_page pages[MAX_PAGES];
	struct content_verdict v;
	size_t np = 0, nf = 0;

	for (; np < MAX_PAGES && cases[c].pages[np]; np++)
		pages[np] = (struct content_page){ .number = (unsigned)np + 1, .text = cases[c].pages[np],
		                                   .len = strlen(cases[c].pages[np]) };
	assert_int_equal(rules_read_content(rules, pages, np, AS_OF, &v), 0);
	assert_int_equal(v.error.code, 0);
	while (nf < MAX_FACTS && cases[c].facts[nf].doc)
		nf++;
	if (v.nfacts != nf) {
		for (size_t i = 0; i < v.nfacts; i++)
			print_error("  got %s page %u: %s\n", rules_doc(rules, v.facts[i].doc)->id, v.facts[i].page,
			            v.facts[i].heading);
		fail_msg("%s: %zu documents named, %zu expected", cases[c].name, v.nfacts, nf);
	}
	for (size_t i = 0; i < nf; i++) {
		const struct fact_spec *want = &cases[c].facts[i];
		const struct content_fact *got = &v.facts[i];

		assert_string_equal(rules_doc(rules, got->doc)->id, want->doc);
		assert_int_equal(got->page, want->page);
		assert_int_equal(got->excluded, want->excluded);
		assert_int_equal(got->appendix, want->appendix);
		assert_int_equal(got->freshness, want->freshness);
		assert_true(got->heading[0] != '\0');
	}
}

/* The pairs of a pair order as poppler reads its table (fixtures/docs/order.pdf): one row number per pair. */
static const char pair_order_text[] =
	"ПРИКАЗ № 214\nот 01.09.2026\nО закреплении наставнических пар на 2026-2027 учебный год\n"
	"ПРИКАЗЫВАЮ:\n1. Закрепить наставнические пары на 2026-2027 учебный год согласно\nприложению 1.\n"
	"2. Наставникам разработать персонализированные программы\nнаставничества до 15.09.2026.\n"
	"3. Контроль за исполнением приказа возложить на заместителя\n"
	"Приложение 1 к приказу от 01.09.2026 № 214\nНаставнические пары на 2026-2027 учебный год\n№\n\n"
	"Наставник\n\nСидорова Мария\n1 Петровна, учитель\nматематики\nОрлова Елена\n2 Викторовна, учитель\n"
	"русского языка\nБелов Сергей\n3 Николаевич, учитель\nфизики\n\nНаставляемый\n";

static void test_count_rows(void **state)
{
	struct content_page page = { .number = 1, .text = pair_order_text, .len = strlen(pair_order_text) };
	/* Rows numbered alone on their lines, a clause, and a page number out of the run. */
	static const char rows_text[] = "1. Иванова М. П. — наставник\n2\nПетров Иван Ильич\n3. Закрепить за ними\n"
	                                "7\n3 Сидорова Анна, учитель\n";
	struct content_page other = { .number = 1, .text = rows_text, .len = strlen(rows_text) };
	int pairs = rules_doc_index(rules, "pair_orders"), order = rules_doc_index(rules, "order");
	struct rule_error e;

	(void)state;
	assert_true(pairs >= 0 && order >= 0);
	assert_true(rules_doc_counts(rules, (size_t)pairs));
	assert_false(rules_doc_counts(rules, (size_t)order));
	assert_int_equal(rules_count_rows(rules, (size_t)pairs, &page, 1, &e), 3);
	assert_int_equal(e.code, 0);
	assert_int_equal(rules_count_rows(rules, (size_t)pairs, &other, 1, &e), 3);
	assert_int_equal(rules_count_rows(rules, (size_t)order, &page, 1, &e), 0);
}

/*
 * A file of two documents (an archive's pair order, then its programme):
 * the pair order's rows are counted from its title block to the
 * programme's, not in the plan's rows 4 and 5, which go on with the
 * pairs' run 1, 2, 3.
 */
static void test_count_rows_headed(void **state)
{
	static const char programme_text[] =
		"УТВЕРЖДЕНА\nприказом от 15.09.2026 № 93-од\nПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА № 1\n"
		"педагогического работника на 2026-2027 учебный год\n3. План мероприятий\n1\nВходная диагностика\n"
		"2\nПосещение уроков\n3\nОткрытый урок\n4\nСамоанализ\n5\nИтоговая встреча\n";
	struct content_page pages[2] = {
		{ .number = 1, .text = pair_order_text, .len = strlen(pair_order_text) },
		{ .number = 2, .text = programme_text, .len = strlen(programme_text) },
	};
	int pairs = rules_doc_index(rules, "pair_orders"), order = rules_doc_index(rules, "order");
	struct content_verdict v;
	struct rule_error e;

	(void)state;
	assert_int_equal(rules_read_content(rules, pages, 2, AS_OF, &v), 0);
	assert_int_equal(rules_count_rows(rules, (size_t)pairs, pages, 2, &e), 5);
	assert_int_equal(rules_count_rows_headed(rules, (size_t)pairs, &v, pages, 2, &e), 3);
	/* Read without the programme's block, the pair order runs to the end. */
	v.nfacts = 1;
	assert_int_equal(v.facts[0].doc, (size_t)pairs);
	assert_int_equal(rules_count_rows_headed(rules, (size_t)pairs, &v, pages, 2, &e), 5);
	/* No block names the order: nothing of it is counted. */
	assert_int_equal(rules_count_rows_headed(rules, (size_t)order, &v, pages, 2, &e), 0);
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		check_case(c);
}

/* A web page's own text: a typed document's block starts at its title word alone on a line, not at the top. */
static void test_typed_page(void **state)
{
	static const char page[] =
		"Главная\nНаставничество\nПриказ о закреплении наставнических пар\nПОЛОЖЕНИЕ О СИСТЕМЕ НАСТАВНИЧЕСТВА\n"
		"Муниципальное бюджетное общеобразовательное учреждение\nП Р И К А З\n№_214___ от_02.09.2026 г.\n"
		"О закреплении наставнических пар на 2026-2027 учебный год\nприказываю:\n";
	struct content_page p = { .number = 1, .typed = true, .text = page, .len = sizeof(page) - 1 };
	struct content_verdict v;

	(void)state;
	assert_true(rules_reads_typed(rules));
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 1);
	assert_string_equal(rules_doc(rules, v.facts[0].doc)->id, "pair_orders");
	assert_int_equal(v.facts[0].freshness, RULE_FRESH);
	assert_int_equal(v.facts[0].appendix, false);
}

/*
 * A section page's list titled «Приложение 1 к приказу …: Положение …» appends nothing: an
 * appendix line starts a block of a page's text only below a document typed into it.
 */
static void test_typed_appendix(void **state)
{
	static const char list[] =
		"Наставничество\nПриказ от 31.08.2023 № 367 «Об утверждении локальных актов»\n"
		"Приложение 1 к приказу № 367: Положение о системе наставничества педагогических работников\n"
		"Персонализированная программа наставничества № 1 (2026-2027)\n"
		"Персонализированная программа наставничества № 2 (2026-2027)\n";
	static const char typed[] =
		"Наставничество\nП Р И К А З\n02.09.2026 № 214\nО закреплении наставнических пар\nприказываю:\n"
		"1. Закрепить пары согласно приложению.\nПриложение\nк приказу от 02.09.2026 № 214\n"
		"Список наставнических пар на 2026-2027 учебный год\n";
	struct content_page p = { .number = 1, .typed = true, .text = list, .len = sizeof(list) - 1 };
	struct content_verdict v;

	(void)state;
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 0);
	p = (struct content_page){ .number = 1, .typed = true, .text = typed, .len = sizeof(typed) - 1 };
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 2);
	assert_int_equal(v.facts[1].appendix, true);
	assert_string_equal(rules_doc(rules, v.facts[1].doc)->id, "pair_orders");
}

/* Below a long menu: a file's text is read from its top only, a page's at its typed document too. */
static void test_typed_below_menu(void **state)
{
	static const char order[] = "П Р И К А З\n02.09.2026 № 214\nО закреплении наставнических пар\nприказываю:\n";
	char page[4096];
	struct content_page p = { .number = 1, .typed = false, .text = page };
	struct content_verdict v;
	size_t n = 0;

	(void)state;
	while (n < 2000)
		n += (size_t)snprintf(page + n, sizeof(page) - n, "Пункт меню %zu\n", n);
	n += (size_t)snprintf(page + n, sizeof(page) - n, "%s", order);
	p.len = n;
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 0);
	p.typed = true;
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 1);
	assert_string_equal(rules_doc(rules, v.facts[0].doc)->id, "pair_orders");
}

/* Words of the text layer are counted (a stub tells nothing); a page recognised by OCR adds none. */
static void test_text_words(void **state)
{
	struct content_page pages[] = {
		{ .number = 1, .text = "Приказ № 214 от 01.09.2026 — file_name.pdf «О наставничестве»", .len = 0 },
		{ .number = 2, .ocr = true, .text = "ПРИКАЗ О закреплении наставнических пар", .len = 0 },
	};
	struct content_verdict v;

	(void)state;
	for (size_t i = 0; i < 2; i++)
		pages[i].len = strlen(pages[i].text);
	assert_int_equal(rules_read_content(rules, pages, 2, AS_OF, &v), 0);
	/* Приказ, №, 214, от, 01.09.2026, file_name.pdf, «О, наставничестве»: a lone dash is no word, № is none. */
	assert_int_equal(v.text_words, 7);
}

/* Is f another organisation's than the one the registry calls name (NULL: none given)? */
static bool elsewhere(const struct content_fact *f, const char *name)
{
	unsigned own[CAP_CONTENT_ISSUERS];
	size_t n = name ? rules_org_numbers(rules, name, strlen(name), own, CAP_CONTENT_ISSUERS, NULL, 0) : 0;

	return rules_issued_elsewhere(f, own, n);
}

/*
 * Whose document: the organisations a title block names by number, from its
 * letterhead or stamp to a little past its heading, against the registry's
 * name. Another kindergarten's regulation is another organisation's; the
 * school's own order under its founder's letterhead is its own; a name or a
 * document with no number concludes nothing; a licence's number is no
 * organisation's.
 */
static void test_issuers(void **state)
{
	static const char other_reg[] =
		"ПРИНЯТО\nпротокол педагогического совета\nот 28.08.2025 № 1\nПОЛОЖЕНИЕ\nУТВЕРЖДЕНО\n"
		"приказом МБДОУ «Детский сад № 17»\nот 26.08.2022 № 41-од\n"
		"о системе наставничества педагогических работников\nв МБДОУ «Детский сад № 17»\n1. Общие положения\n";
	static const char own_order[] =
		"УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА УРАЙ\nМУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ "
		"УЧРЕЖДЕНИЕ «СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 73»\nЛицензия № 2417 от 12.03.2015\nПРИКАЗ\n"
		"30.08.2025 № 171/01-08\nО внедрении целевой модели наставничества педагогических работников\n";
	static const char unnumbered[] = "ПОЛОЖЕНИЕ\nо системе наставничества педагогических работников\n"
	                                 "в МАОУ «Лицей» г. Саранска\n";
	struct content_page p = { .number = 1 };
	struct content_verdict v;

	(void)state;
	p.text = other_reg;
	p.len = strlen(other_reg);
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 1);
	assert_int_equal(v.facts[0].nissuers, 2);
	assert_int_equal(v.facts[0].issuers[0], 17);
	assert_string_equal(v.facts[0].issuer, "сад № 17");
	assert_true(elsewhere(&v.facts[0], "МАДОУ «Детский сад № 74 «Сказка»»"));
	assert_false(elsewhere(&v.facts[0], "МБДОУ детский сад № 17 «Ручеёк»"));
	assert_false(elsewhere(&v.facts[0], "МБДОУ «Детский сад «Ручеёк»»"));
	assert_false(elsewhere(&v.facts[0], NULL));

	p.text = own_order;
	p.len = strlen(own_order);
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 1);
	assert_int_equal(v.facts[0].nissuers, 1);
	assert_int_equal(v.facts[0].issuers[0], 73);
	assert_false(elsewhere(&v.facts[0], "МБОУ «СОШ № 73» г. Урай"));
	assert_true(elsewhere(&v.facts[0], "МБОУ «СОШ № 5» г. Урай"));

	p.text = unnumbered;
	p.len = strlen(unnumbered);
	assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
	assert_int_equal(v.nfacts, 1);
	assert_int_equal(v.facts[0].nissuers, 0);
	assert_false(elsewhere(&v.facts[0], "МБОУ «СОШ № 5»"));
}

/*
 * A letterhead naming a higher body and no organisation is that body's act;
 * a school's letterhead with its founder above its name is the school's.
 */
static void test_higher_body(void **state)
{
	static const char dept[] = "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА РАДУЖНЫЙ\nПРИКАЗ\n03.09.2026 № 612\n"
	                           "О закреплении наставников за молодыми педагогами на 2026-2027 учебный год\n";
	static const char school[] = "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА РАДУЖНЫЙ\nМУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ "
	                             "ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ «ЛИЦЕЙ»\nПРИКАЗ\n03.09.2026 № 61\n"
	                             "О закреплении наставнических пар на 2026-2027 учебный год\n";
	static const char bare[] = "ПРИКАЗ\n03.09.2026 № 61\nО закреплении наставнических пар на 2026-2027 учебный год\n";
	const char *texts[] = { dept, school, bare };
	const bool want[] = { true, false, false };
	struct content_page p = { .number = 1 };
	struct content_verdict v;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		p.text = texts[i];
		p.len = strlen(texts[i]);
		assert_int_equal(rules_read_content(rules, &p, 1, AS_OF, &v), 0);
		assert_int_equal(v.nfacts, 1);
		assert_int_equal(v.facts[0].higher_body != NULL, want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_count_rows),
		cmocka_unit_test(test_count_rows_headed),
		cmocka_unit_test(test_text_words),
		cmocka_unit_test(test_typed_page),
		cmocka_unit_test(test_typed_appendix),
		cmocka_unit_test(test_typed_below_menu),
		cmocka_unit_test(test_issuers),
		cmocka_unit_test(test_higher_body),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
