/*
 * test_discover.c - looking for the section away from the registry URL:
 * the rule file's [discovery] block (menu ranks, pager links, known paths,
 * errors, inheritance) and the pure choices of src/discover.h (which menu
 * links are opened, in which order; which sitemap URLs may be the section).
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

#include "core/macros.h"
#include "parsers/html.h"
#include "rules/builtin.h"
#include "rules/discovery.h"
#include "rules/rules.h"
#include "src/discover.h"

static struct ruleset *builtin_rules(void)
{
	struct ruleset *rs = NULL;
	char err[256];

	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	return rs;
}

static struct html_link mk(const char *url, const char *text, bool nav)
{
	const char *slash = strrchr(url, '/');
	struct html_link l = { .url = (char *)url, .text = (char *)text, .title = "", .context = "",
	                       .filename = (char *)(slash && strchr(slash, '.') ? slash + 1 : ""), .in_nav = nav };

	return l;
}

/* Which link texts name a parent area, and which do not. */
static void test_menu_rank(void **state)
{
	static const struct {
		const char *text;
		bool area;
	} cases[] = {
		{ "Педагогам и сотрудникам", true },
		{ "Методическая работа", true },
		{ "Родителям", true },
		{ "Воспитателям", true },
		{ "Дополнительное образование", true },
		{ "Сведения об образовательной организации", true },
		{ "Документы", true },
		{ "Кадровое обеспечение", true },
		{ "Образовательная деятельность", true },
		{ "О детском саде", true },
		{ "Наша школа", true },
		{ "Новости", false },
		{ "Контакты", false },
		{ "Главная", false },
		{ "Фотогалерея", false },
		{ "", false },
	};
	struct ruleset *rs = builtin_rules();
	struct rule_error err;
	struct html_link a = mk("http://s.test/a/", "Педагогам", true), b = mk("http://s.test/b/", "Документы", true);

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct html_link l = mk("http://s.test/x/", cases[i].text, true);

		print_message("%s\n", cases[i].text);
		assert_int_equal(rules_menu_rank(rs, &l, &err) != 0, cases[i].area);
		assert_int_equal(err.code, 0);
	}
	/* The rule file lists the likelier areas first. */
	assert_true(rules_menu_rank(rs, &a, NULL) < rules_menu_rank(rs, &b, NULL));
	rules_free(rs);
}

static void test_pager(void **state)
{
	static const struct {
		const char *url;
		const char *text;
		bool pager;
	} cases[] = {
		{ "http://s.test/n/?PAGEN_1=2", "2", true },
		{ "http://s.test/n/?PAGEN_2=7&x=1", "Конец", true },
		{ "http://s.test/n/?page=3", "3", true },
		{ "http://s.test/n/page/2/", "Следующая »", true },
		{ "http://s.test/n/page/2/", "След.", true },
		{ "http://s.test/n/page/2/", "Далее", true },
		{ "http://s.test/n/page/2/", "»", true },
		{ "http://s.test/n/page/2/", "Вперёд →", true },
		{ "http://s.test/events/?month=2026-12", "Следующий месяц", false },
		{ "http://s.test/n/?id=2", "Положение", false },
		{ "http://s.test/n/?pagename=x", "x", false },
		{ "http://s.test/n/next/", "Следующее заседание наставников", false },
	};
	struct ruleset *rs = builtin_rules();

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct html_link l = mk(cases[i].url, cases[i].text, false);

		print_message("%s %s\n", cases[i].url, cases[i].text);
		assert_int_equal(rules_is_pager_link(rs, &l, NULL), cases[i].pager);
	}
	rules_free(rs);
}

static const char minimal[] =
	"[document order]\nname = Приказ\nmatch = приказ\n";

/* The block's settings and errors; a rule file without it takes the built-in one's. */
static void test_block(void **state)
{
	static const char *const bad[] = {
		"[discovery]\npath = pedagogam/\n",
		"[discovery]\npath = /a b/\n",
		"[discovery]\nmenu = (\n",
		"[discovery]\nwhat = x\n",
	};
	struct ruleset *rs = NULL, *builtin = builtin_rules();
	char err[256], text[512];
	struct html_link l = mk("http://s.test/x/", "Кружки", true);

	(void)state;
	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(text, sizeof(text), "%s%s", minimal, bad[i]);
		assert_int_equal(rules_parse(&rs, text, strlen(text), "t.rules", err, sizeof(err)), -1);
		assert_non_null(strstr(err, "t.rules:5: "));
	}
	snprintf(text, sizeof(text), "%s[discovery]\nmenu = кружк\npath = /krug/\n", minimal);
	assert_int_equal(rules_parse(&rs, text, strlen(text), "t.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_inherit_lists(rs, builtin), 0);
	assert_int_equal(rules_menu_rank(rs, &l, NULL), 5);
	assert_int_equal(rules_known_path_count(rs), 1);
	assert_string_equal(rules_known_path(rs, 0), "/krug/");
	assert_null(rules_known_path(rs, 1));
	rules_free(rs);

	assert_int_equal(rules_parse(&rs, minimal, strlen(minimal), "t.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_known_path_count(rs), 0);
	assert_int_equal(rules_inherit_lists(rs, builtin), 0);
	assert_int_equal(rules_known_path_count(rs), rules_known_path_count(builtin));
	assert_true(rules_known_path_count(rs) > 0);
	l.text = "Педагогам";
	assert_int_equal(rules_menu_rank(rs, &l, NULL), rules_menu_rank(builtin, &l, NULL));
	rules_free(rs);
	rules_free(builtin);
}

/* Which of a home page's links are opened, and in which order. */
static void test_menu_links(void **state)
{
	struct html_link links[] = {
		mk("http://s.test/", "Главная", true),
		mk("http://s.test/docs/", "Документы", true),
		mk("http://s.test/ped/", "Педагогам", true),
		mk("http://other.test/ped/", "Педагогам", true),
		mk("http://s.test/files/plan.pdf", "Документы", true),
		mk("http://s.test/news/1/", "Вебинар для педагогов: как устроена методическая работа в школе "
		                          "и что делать молодому учителю в первый год работы, и ещё немного", false),
		mk("http://s.test/metod/", "Методическая работа", false),
		mk("http://www.s.test/rod/", "Родителям", true),
		mk("http://s.test/ped/", "Педагогам", false),
		mk("http://s.test/news/", "Новости", true),
	};
	struct html_page page = { .url = "http://s.test/", .title = "", .h1 = "", .links = links,
	                          .nlinks = COUNT(links) };
	struct discover_menu out[8];
	struct ruleset *rs = builtin_rules();
	size_t n;

	(void)state;
	n = discover_menu_links(rs, &page, out, COUNT(out));
	assert_int_equal(n, 4);
	assert_string_equal(links[out[0].link].url, "http://s.test/ped/");
	assert_string_equal(links[out[1].link].url, "http://www.s.test/rod/");
	assert_string_equal(links[out[2].link].url, "http://s.test/docs/");
	assert_string_equal(links[out[3].link].url, "http://s.test/metod/");
	/* A full list keeps the likeliest. */
	n = discover_menu_links(rs, &page, out, 1);
	assert_int_equal(n, 1);
	assert_string_equal(links[out[0].link].url, "http://s.test/ped/");
	rules_free(rs);
}

/* Which sitemap URLs may be the section, best first. */
static void test_rank_urls(void **state)
{
	static const char *const urls[] = {
		"http://s.test/",
		"http://s.test/news/2025/seminar-po-nastavnichestvu/",
		"http://s.test/ped/nastavnichestvo/arhiv/",
		"http://s.test/files/polozhenie-o-nastavnichestve.pdf",
		"http://other.test/nastavnichestvo/",
		"https://www.s.test/ped/nastavnichestvo/",
		"http://s.test/nastavnichestvo/?print=y",
		"http://s.test/nastavnichestvo/",
		"http://s.test/about/",
	};
	struct ruleset *rs = builtin_rules();
	size_t out[4], n;

	(void)state;
	n = discover_rank_section_urls(rs, "http://s.test/", urls, COUNT(urls), out, COUNT(out));
	assert_int_equal(n, 4);
	assert_int_equal(out[0], 7);   /* one segment, no query */
	assert_int_equal(out[1], 6);   /* one segment, a query */
	assert_int_equal(out[2], 5);   /* two, the last naming the section, shorter than the news item */
	assert_int_equal(out[3], 1);
	n = discover_rank_section_urls(rs, "http://s.test/", urls, COUNT(urls), out, 2);
	assert_int_equal(n, 2);
	assert_int_equal(out[1], 6);
	assert_int_equal(discover_rank_section_urls(rs, "http://s.test/", urls, 0, out, 2), 0);
	assert_true(discover_same_site("http://www.s.test/a", "https://s.test:8443/b"));
	assert_false(discover_same_site("http://s.test/", "http://s2.test/"));
	assert_false(discover_same_site("not a url", "http://s.test/"));
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menu_rank),
		cmocka_unit_test(test_pager),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_menu_links),
		cmocka_unit_test(test_rank_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
