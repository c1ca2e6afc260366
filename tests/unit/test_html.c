/*
 * test_html.c - html_parse() over a table of small pages.
 *
 * Each case renders the links found as one line each,
 *   "url | text | title | context | filename | nav"
 * (nav is "nav" or "-"), and compares that with the expected rendering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "parsers/html.h"

#define PAGE "http://school.test/nastavnichestvo/index.html"

struct page_case {
	const char *title;
	const char *html;
	const char *content_type;
	const char *expect;
};

static const struct page_case page_cases[] = {
	{ "a link whose href leads nowhere opens the address its onclick names; a script naming none is no link",
	  "<p><a href=\"javascript:void(0)\" onclick=\"window.open('/files/prikaz.pdf', '_blank'); return false;\">"
	  "Приказ</a> <a href=\"#\" onclick=\"document.location.href = &quot;pol.pdf&quot;\">Положение</a> "
	  "<a href=\"#\" onclick=\"showMenu(); return false\">Меню</a> "
	  "<a href=\"/real.pdf\" onclick=\"window.open('/other.pdf')\">Свой</a> "
	  "<a href=\"javascript:;\" onclick=\"window.open('javascript:alert(1)')\">x</a></p>",
	  "text/html",
	  "http://school.test/files/prikaz.pdf | Приказ |  | Приказ Положение Меню Свой x | prikaz.pdf | -\n"
	  "http://school.test/nastavnichestvo/pol.pdf | Положение |  | Приказ Положение Меню Свой x | pol.pdf | -\n"
	  "http://school.test/real.pdf | Свой |  | Приказ Положение Меню Свой x | real.pdf | -\n" },
	{ "a jump menu's options that are addresses are menu links; a form's plain values are not",
	  "<select onchange=\"location=this.value\"><option value=\"\">Разделы</option>"
	  "<optgroup label=\"Педагогам\"><option value=\"/nastavnichestvo/\">Наставничество</option></optgroup>"
	  "<option value=\"https://school.test/sveden/\">Сведения</option></select>"
	  "<select name=\"k\"><option value=\"5\">5 класс</option></select><option value=\"/x/\">вне списка</option>",
	  "text/html",
	  "http://school.test/nastavnichestvo/ | Наставничество |  |  |  | nav\n"
	  "https://school.test/sveden/ | Сведения |  |  |  | nav\n" },
	{ "plain link, no enclosing item",
	  "<html><body><a href=\"/docs/prikaz.pdf\" title=\" Приказ\n № 5 \">Приказ о "
	  "внедрении</a></body></html>",
	  "text/html; charset=utf-8",
	  "http://school.test/docs/prikaz.pdf | Приказ о внедрении | Приказ № 5 |  | prikaz.pdf | -\n" },
	{ "relative link and white space folded in text",
	  "<body><div><a href=\"files/a.pdf\">  Положение\n\t о   наставничестве </a></div></body>",
	  "text/html",
	  "http://school.test/nastavnichestvo/files/a.pdf | Положение о наставничестве |  |  | a.pdf | -\n" },
	{ "generic «Скачать» in a table row: context holds the title cell",
	  "<table><tr><td>1</td><td>Положение о системе наставничества педагогических работников</td>"
	  "<td><a href=\"/f/pol.pdf\">Скачать</a></td></tr>"
	  "<tr><td>2</td><td>Дорожная карта</td><td><a href=\"/f/dk.pdf\">Скачать</a></td></tr></table>",
	  "text/html; charset=utf-8",
	  "http://school.test/f/pol.pdf | Скачать |  | 1 Положение о системе наставничества педагогических "
	  "работников Скачать | pol.pdf | -\n"
	  "http://school.test/f/dk.pdf | Скачать |  | 2 Дорожная карта Скачать | dk.pdf | -\n" },
	{ "list item",
	  "<ul><li>Приказ № 41-од <span><a href=\"/p41.pdf\">открыть</a></span></li>"
	  "<li><b>Персонализированная программа</b> (<a href=\"/pp.docx\">docx</a>)</li></ul>",
	  "text/html",
	  "http://school.test/p41.pdf | открыть |  | Приказ № 41-од открыть | p41.pdf | -\n"
	  "http://school.test/pp.docx | docx |  | Персонализированная программа (docx) | pp.docx | -\n" },
	{ "definition list: the dt before the dd is context",
	  "<dl><dt>Дорожная карта внедрения целевой модели</dt><dd><a href=\"dk.pdf\">открыть</a></dd>"
	  "<dt>Положение</dt>\n<dd>редакция 2023 <a href=\"pol.pdf\">открыть</a></dd></dl>",
	  "text/html",
	  "http://school.test/nastavnichestvo/dk.pdf | открыть |  | Дорожная карта внедрения целевой модели "
	  "открыть | dk.pdf | -\n"
	  "http://school.test/nastavnichestvo/pol.pdf | открыть |  | Положение редакция 2023 открыть | pol.pdf | -\n" },
	{ "lines of a <br> list: each link's context is its own line",
	  "<p>Документы:<br><a href=\"a.pdf\">Приказ от 02.09.2026</a><br>"
	  "<a href=\"b.pdf\">Программа 2024-2025</a> (PDF)<br></p>",
	  "text/html",
	  "http://school.test/nastavnichestvo/a.pdf | Приказ от 02.09.2026 |  | Приказ от 02.09.2026 | a.pdf | -\n"
	  "http://school.test/nastavnichestvo/b.pdf | Программа 2024-2025 |  | Программа 2024-2025 (PDF) | b.pdf | -\n" },
	{ "one link under its title in a <br> block: the whole block",
	  "<p>Положение о наставничестве<br><a href=\"p.pdf\">Открыть</a></p>",
	  "text/html",
	  "http://school.test/nastavnichestvo/p.pdf | Открыть |  | Положение о наставничестве Открыть | p.pdf | -\n" },
	{ "document card",
	  "<div class=\"docs\"><div class=\"doc-card\"><div class=\"t\">Персонализированная программа "
	  "наставничества</div><div class=\"btns\"><a href=\"/file/card?id=5\">подробнее</a></div></div></div>",
	  "text/html",
	  "http://school.test/file/card?id=5 | подробнее |  | Персонализированная программа наставничества "
	  "подробнее | card | -\n" },
	{ "nav, header, menu block vs main content",
	  "<header><a href=\"/\">Главная</a></header>"
	  "<nav><a href=\"/nastavnichestvo/\">Наставничество</a></nav>"
	  "<div class=\"Main-Menu\"><ul><li><a href=\"/svedeniya/\">Сведения</a></li></ul></div>"
	  "<div id=\"topnav\"><a href=\"/news/\">Новости</a></div>"
	  "<main><p><a href=\"/doc.pdf\">Документ</a></p></main>",
	  "text/html",
	  "http://school.test/ | Главная |  |  |  | nav\n"
	  "http://school.test/nastavnichestvo/ | Наставничество |  |  |  | nav\n"
	  "http://school.test/svedeniya/ | Сведения |  | Сведения |  | nav\n"
	  "http://school.test/news/ | Новости |  |  |  | nav\n"
	  "http://school.test/doc.pdf | Документ |  | Документ | doc.pdf | -\n" },
	{ "base href",
	  "<html><head><base href=\"http://cdn.school.test/files/\"></head>"
	  "<body><a href=\"x.pdf\">X</a><a href=\"/y.pdf\">Y</a></body></html>",
	  "text/html",
	  "http://cdn.school.test/files/x.pdf | X |  |  | x.pdf | -\n"
	  "http://cdn.school.test/y.pdf | Y |  |  | y.pdf | -\n" },
	{ "relative base href resolved against the page",
	  "<head><base href=\"../files/\"></head><body><a href=\"x.pdf\">X</a></body>",
	  "text/html",
	  "http://school.test/files/x.pdf | X |  |  | x.pdf | -\n" },
	{ "links that lead nowhere are skipped",
	  "<a href=\"javascript:void(0)\">js</a><a href=\" JavaScript:go()\">js2</a>"
	  "<a href=\"mailto:a@school.test\">mail</a><a href=\"tel:+7123\">tel</a>"
	  "<a href=\"#top\">top</a><a href=\"\">empty</a><a>no href</a><a name=\"x\">anchor</a>"
	  "<a href=\"ftp://school.test/f\">ftp</a><a href=\"http://intranet/x\">nodot</a>"
	  "<a href=\"ok.pdf\">ok</a>",
	  "text/html",
	  "http://school.test/nastavnichestvo/ok.pdf | ok |  |  | ok.pdf | -\n" },
	{ "script and style text are not context or link text",
	  "<ul><li><script>var s = \"секрет\";</script><style>.x{}</style>Приказ о внедрении "
	  "<a href=\"p.pdf\"><script>document.write(1)</script>скачать</a><noscript>nojs</noscript></li></ul>",
	  "text/html",
	  "http://school.test/nastavnichestvo/p.pdf | скачать |  | Приказ о внедрении скачать | p.pdf | -\n" },
	{ "links inside a script are not links",
	  "<script>var h = '<a href=\"/inside.pdf\">x</a>';</script><a href=\"/out.pdf\">out</a>",
	  "text/html",
	  "http://school.test/out.pdf | out |  |  | out.pdf | -\n" },
	{ "Cyrillic href is percent-encoded, file name decoded",
	  "<a href=\"/files/Приказ о внедрении.pdf\">Приказ</a>"
	  "<a href=\"/files/%D0%9F%D0%BE%D0%BB%D0%BE%D0%B6%D0%B5%D0%BD%D0%B8%D0%B5.pdf\">П</a>",
	  "text/html",
	  "http://school.test/files/%d0%9f%d1%80%d0%b8%d0%ba%d0%b0%d0%b7%20%d0%be%20%d0%b2%d0%bd%d0%b5%d0%b4"
	  "%d1%80%d0%b5%d0%bd%d0%b8%d0%b8.pdf | Приказ |  |  | Приказ о внедрении.pdf | -\n"
	  "http://school.test/files/%D0%9F%D0%BE%D0%BB%D0%BE%D0%B6%D0%B5%D0%BD%D0%B8%D0%B5.pdf | П |  |  | "
	  "Положение.pdf | -\n" },
	{ "<area> links count as links",
	  "<map><area href=\"/map.pdf\" title=\"Карта\"></map>",
	  "text/html",
	  "http://school.test/map.pdf |  | Карта |  | map.pdf | -\n" },
	{ "malformed: unclosed li, p, td and table, attributes without quotes",
	  "<html><body><ul><li><a href=\"a.pdf\">Один</a><li><a href=b.pdf>Два</a></ul><p><a href=c.pdf>Три</a>"
	  "<div><table><tr><td><a href='d.pdf'>Четыре</a>",
	  "text/html",
	  "http://school.test/nastavnichestvo/a.pdf | Один |  | Один | a.pdf | -\n"
	  "http://school.test/nastavnichestvo/b.pdf | Два |  | Два | b.pdf | -\n"
	  "http://school.test/nastavnichestvo/c.pdf | Три |  | Три | c.pdf | -\n"
	  "http://school.test/nastavnichestvo/d.pdf | Четыре |  | Четыре | d.pdf | -\n" },
	{ "entities decoded",
	  "<ul><li>&laquo;Положение&raquo;&nbsp;&#8470;&nbsp;1 <a href=\"p.pdf?a=1&amp;b=2\">Скачать&nbsp;файл</a></li></ul>",
	  "text/html",
	  "http://school.test/nastavnichestvo/p.pdf?a=1&b=2 | Скачать файл |  | «Положение» № 1 Скачать файл "
	  "| p.pdf | -\n" },
	{ "text only, no links", "<p>Раздел в разработке</p>", "text/html", "" },
};

static char *render(const struct html_page *p)
{
	struct buf b;

	buf_init(&b, 1u << 24);
	for (size_t i = 0; i < p->nlinks; i++) {
		const struct html_link *l = &p->links[i];

		assert_int_equal(buf_printf(&b, "%s | %s | %s | %s | %s | %s\n", l->url, l->text, l->title,
		                            l->context, l->filename, l->in_nav ? "nav" : "-"), 0);
	}
	return buf_detach(&b);
}

static void test_page_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(page_cases); i++) {
		const struct page_case *c = &page_cases[i];
		struct html_page *p = NULL;
		char *got;

		print_message("case: %s\n", c->title);
		assert_int_equal(html_parse(&p, c->html, strlen(c->html), c->content_type, PAGE), 0);
		assert_non_null(p);
		assert_string_equal(p->url, PAGE);
		assert_int_equal(p->links_dropped, 0);
		got = render(p);
		assert_string_equal(got, c->expect);
		free(got);
		html_page_free(p);
	}
}

static void test_title_h1(void **state)
{
	static const char html[] =
		"<html><head><title>\n  Наставничество —\n МБОУ СОШ № 5 </title></head>"
		"<body><h1>Целевая <b>модель</b>\nнаставничества</h1><h1>Второй</h1>"
		"<title>late</title></body></html>";
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, html, strlen(html), "text/html", PAGE), 0);
	assert_string_equal(p->title, "Наставничество — МБОУ СОШ № 5");
	assert_string_equal(p->h1, "Целевая модель наставничества");
	assert_string_equal(p->charset, "utf-8");
	assert_int_equal(p->nlinks, 0);
	html_page_free(p);

	assert_int_equal(html_parse(&p, "<p>x</p>", 8, "text/html", PAGE), 0);
	assert_string_equal(p->title, "");
	assert_string_equal(p->h1, "");
	html_page_free(p);
}

/* «Приказ» / «Положение о наставничестве» in windows-1251. */
#define CP_PRIKAZ "\xCF\xF0\xE8\xEA\xE0\xE7"
#define CP_TITLE "\xCD\xE0\xF1\xF2\xE0\xE2\xED\xE8\xF7\xE5\xF1\xF2\xE2\xEE"

struct cp_case {
	const char *title;
	const char *html;
	const char *content_type;
	const char *charset;
};

static const struct cp_case cp_cases[] = {
	{ "charset in Content-Type",
	  "<html><head><title>" CP_TITLE "</title></head><body><ul><li><a href=\"p.pdf\">" CP_PRIKAZ
	  "</a></li></ul></body></html>",
	  "text/html; charset=windows-1251", "windows-1251" },
	{ "charset cp1251 alias in Content-Type",
	  "<title>" CP_TITLE "</title><ul><li><a href=\"p.pdf\">" CP_PRIKAZ "</a></li></ul>",
	  "text/html; charset=cp1251", "windows-1251" },
	{ "charset in meta http-equiv",
	  "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
	  "<title>" CP_TITLE "</title></head><body><ul><li><a href=\"p.pdf\">" CP_PRIKAZ
	  "</a></li></ul></body></html>",
	  "text/html", "windows-1251" },
	{ "charset in meta charset",
	  "<html><head><meta charset=\"windows-1251\"><title>" CP_TITLE "</title></head><body><ul><li>"
	  "<a href=\"p.pdf\">" CP_PRIKAZ "</a></li></ul></body></html>",
	  "text/html", "windows-1251" },
	{ "undeclared",
	  "<html><head><title>" CP_TITLE "</title></head><body><ul><li><a href=\"p.pdf\">" CP_PRIKAZ
	  "</a></li></ul></body></html>",
	  "text/html", "windows-1251" },
	{ "Apache default iso-8859-1 in the header is not believed",
	  "<title>" CP_TITLE "</title><ul><li><a href=\"p.pdf\">" CP_PRIKAZ "</a></li></ul>",
	  "text/html; charset=iso-8859-1", "windows-1251" },
	{ "header beats a wrong meta",
	  "<meta charset=\"utf-8\"><title>" CP_TITLE "</title><ul><li><a href=\"p.pdf\">" CP_PRIKAZ
	  "</a></li></ul>",
	  "text/html; charset=windows-1251", "windows-1251" },
};

static void test_cp1251(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(cp_cases); i++) {
		const struct cp_case *c = &cp_cases[i];
		struct html_page *p = NULL;

		print_message("case: %s\n", c->title);
		assert_int_equal(html_parse(&p, c->html, strlen(c->html), c->content_type, PAGE), 0);
		assert_string_equal(p->charset, c->charset);
		assert_string_equal(p->title, "Наставничество");
		assert_int_equal(p->nlinks, 1);
		assert_string_equal(p->links[0].text, "Приказ");
		assert_string_equal(p->links[0].context, "Приказ");
		assert_string_equal(p->links[0].url, "http://school.test/nastavnichestvo/p.pdf");
		html_page_free(p);
	}
}

/* A UTF-8 page with no Content-Type is read as its meta says. */
static void test_utf8_page(void **state)
{
	static const char html[] = "<meta charset=\"utf-8\"><a href=\"p.pdf\">Приказ</a>";
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, html, strlen(html), NULL, PAGE), 0);
	assert_string_equal(p->charset, "utf-8");
	assert_int_equal(p->nlinks, 1);
	assert_string_equal(p->links[0].text, "Приказ");
	html_page_free(p);
}

static void test_deep_nesting(void **state)
{
	const size_t depth = CAP_HTML_DEPTH - 24;   /* deeper than libxml2's default 256, under the cap */
	struct buf b;
	struct html_page *p = NULL;

	(void)state;
	buf_init(&b, 1u << 24);
	assert_int_equal(buf_addstr(&b, "<html><body><ul><li>Положение <a href=\"before.pdf\">до</a></li></ul>"),
	                 0);
	for (size_t i = 0; i < depth; i++)
		assert_int_equal(buf_addstr(&b, i % 3 == 0 ? "<div class=\"doc\">" : i % 3 == 1 ? "<ul><li>" : "<span>"),
		                 0);
	assert_int_equal(buf_addstr(&b, "Приказ <a href=\"deep.pdf\">скачать</a>"), 0);
	for (size_t i = depth; i-- > 0;)
		assert_int_equal(buf_addstr(&b, i % 3 == 0 ? "</div>" : i % 3 == 1 ? "</li></ul>" : "</span>"), 0);
	assert_int_equal(buf_addstr(&b, "<a href=\"after.pdf\">after</a></body></html>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_non_null(p);
	assert_true(p->nlinks >= 1 && p->nlinks <= 3);
	assert_string_equal(p->links[0].url, "http://school.test/nastavnichestvo/before.pdf");
	assert_string_equal(p->links[0].context, "Положение до");
	/* Nesting deeper than libxml2's default 256 levels loses no link. */
	assert_int_equal(p->nlinks, 3);
	html_page_free(p);

	/* 20000 plain nested divs, never closed: read up to the cap, said so. */
	buf_reset(&b);
	for (size_t i = 0; i < 20000; i++)
		assert_int_equal(buf_addstr(&b, "<div>"), 0);
	assert_int_equal(buf_addstr(&b, "<a href=\"x.pdf\">x</a>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_int_equal(p->excess, HTML_TOO_DEEP);
	assert_int_equal(p->shape.depth, CAP_HTML_DEPTH + 1);
	assert_int_equal(p->nlinks, 0);
	html_page_free(p);

	/* 200 levels are well within what is parsed: all three links found. */
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "<a href=\"w.pdf\">w</a>"), 0);
	for (size_t i = 0; i < 200; i++)
		assert_int_equal(buf_addstr(&b, "<div>"), 0);
	assert_int_equal(buf_addstr(&b, "<a href=\"x.pdf\">x</a>"), 0);
	for (size_t i = 0; i < 200; i++)
		assert_int_equal(buf_addstr(&b, "</div>"), 0);
	assert_int_equal(buf_addstr(&b, "<a href=\"y.pdf\">y</a>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_int_equal(p->nlinks, 3);
	assert_string_equal(p->links[2].url, "http://school.test/nastavnichestvo/y.pdf");
	html_page_free(p);
	buf_free(&b);
}

static void test_link_cap(void **state)
{
	const size_t n = CAP_LINKS_PER_PAGE + 37;
	struct buf b;
	struct html_page *p = NULL;

	(void)state;
	buf_init(&b, 1u << 24);
	assert_int_equal(buf_addstr(&b, "<html><body><ul>"), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "<li><a href=\"/f/%zu.pdf\">doc %zu</a></li>", i, i), 0);
	/* Skipped links are neither kept nor counted as dropped. */
	assert_int_equal(buf_addstr(&b, "<li><a href=\"#x\">top</a></li><li><a href=\"mailto:x@y.ru\">m</a></li>"),
	                 0);
	assert_int_equal(buf_addstr(&b, "</ul></body></html>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_int_equal(p->nlinks, CAP_LINKS_PER_PAGE);
	assert_int_equal(p->links_dropped, 37);
	assert_string_equal(p->links[0].url, "http://school.test/f/0.pdf");
	assert_string_equal(p->links[CAP_LINKS_PER_PAGE - 1].text, "doc 4999");
	html_page_free(p);
	buf_free(&b);
}

/* The shape of a page, measured before libxml2 sees it; each cap passed by one. */
static void test_shape(void **state)
{
	static const struct {
		const char *html;
		size_t elements, attributes, tag_attributes, depth;
	} cases[] = {
		{ "<p>a<p>b<ul><li>c<li>d</ul>", 5, 0, 0, 1 },
		{ "<div class=a id='b' data-x=\"y>z\" hidden><br/><img src=x></div>", 3, 5, 4, 1 },
		{ "<!-- <div><div> --><!DOCTYPE html><?xml x?><div><span>x</span></div>", 2, 0, 0, 2 },
		{ "<script>if (a<b) { '<div>'; }</script><style>p>a{}</style><div>", 3, 0, 0, 1 },
		{ "<SCRIPT>x</Script><DIV><Div></DIV></div></div></div><div>", 4, 0, 0, 2 },
		{ "<svg/><a href=/x/>t</a>", 2, 1, 1, 1 },
		{ "< div>x</ div><a", 1, 0, 0, 1 },
	};
	struct html_shape s;
	enum html_excess e;

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		print_message("shape: %s\n", cases[i].html);
		html_shape_scan(cases[i].html, strlen(cases[i].html), &s, &e);
		assert_int_equal(e, HTML_SHAPE_OK);
		assert_int_equal(s.elements, cases[i].elements);
		assert_int_equal(s.attributes, cases[i].attributes);
		assert_int_equal(s.tag_attributes, cases[i].tag_attributes);
		assert_int_equal(s.depth, cases[i].depth);
	}
}

/* At each cap the page is read whole; one past it, up to the tag that passed it. */
static void test_shape_caps(void **state)
{
	static const struct {
		enum html_excess excess;
		const char *open, *unit;   /* open, unit reps times, a link: the cap reached */
		size_t reps;
		const char *one_more;      /* one past it */
	} cases[] = {
		{ HTML_TOO_MANY_TAG_ATTRIBUTES, "<a href=x.pdf>x</a><div", " a", CAP_HTML_TAG_ATTRIBUTES, " b" },
		{ HTML_TOO_MANY_ATTRIBUTES, "<a href=x.pdf>x</a><br a b>", "<br a b c d>",
		  (CAP_HTML_ATTRIBUTES - 4) / 4, "<br z>" },
		{ HTML_TOO_MANY_ELEMENTS, "<a href=x.pdf>x</a>", "<b>x</b>", CAP_HTML_ELEMENTS - 2, "<b>y</b>" },
		{ HTML_TOO_DEEP, "<a href=x.pdf>x</a>", "<div>", CAP_HTML_DEPTH - 1, "<div>" },
	};
	struct buf b;
	struct html_page *p = NULL;

	(void)state;
	buf_init(&b, 1u << 24);
	for (size_t i = 0; i < COUNT(cases); i++) {
		for (size_t over = 0; over <= 1; over++) {
			buf_reset(&b);
			assert_int_equal(buf_addstr(&b, cases[i].open), 0);
			for (size_t k = 0; k < cases[i].reps; k++)
				assert_int_equal(buf_addstr(&b, cases[i].unit), 0);
			assert_int_equal(buf_addstr(&b, over ? cases[i].one_more : ""), 0);
			assert_int_equal(buf_addstr(&b, "><a href=after.pdf>after</a>"), 0);
			assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
			print_message("%s, %s the cap\n", html_excess_name(cases[i].excess), over ? "past" : "at");
			assert_int_equal(p->excess, over ? cases[i].excess : HTML_SHAPE_OK);
			/* Past the cap, read up to the tag that passed it: the link after it is not seen. */
			assert_int_equal(p->nlinks, over ? 1 : 2);
			assert_int_equal(html_excess_count(&p->shape, cases[i].excess),
			                 html_excess_cap(cases[i].excess) + over);
			html_page_free(p);
			p = NULL;
		}
	}
	buf_free(&b);
}

/* Texts are capped at their limits and stay valid UTF-8. */
static void test_text_caps(void **state)
{
	struct buf b;
	struct html_page *p = NULL;
	const struct html_link *l;

	(void)state;
	buf_init(&b, 1u << 24);
	assert_int_equal(buf_addstr(&b, "<ul><li>"), 0);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(buf_addstr(&b, "Ж"), 0);
	assert_int_equal(buf_addstr(&b, "<a href=\"x.pdf\" title=\""), 0);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(buf_addstr(&b, "Ю"), 0);
	assert_int_equal(buf_addstr(&b, "\">"), 0);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(buf_addstr(&b, "Я"), 0);
	assert_int_equal(buf_addstr(&b, "</a></li></ul>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_int_equal(p->nlinks, 1);
	l = &p->links[0];
	assert_true(strlen(l->text) <= CAP_LINK_TEXT);
	assert_true(strlen(l->text) > CAP_LINK_TEXT / 2);
	assert_int_equal(strlen(l->text) % 2, 0);
	assert_int_equal((unsigned char)l->text[0], 0xD0);
	assert_true(strlen(l->title) <= CAP_LINK_TEXT);
	assert_true(strlen(l->title) > CAP_LINK_TEXT / 2);
	assert_int_equal(strlen(l->title) % 2, 0);
	assert_true(strlen(l->context) <= CAP_CONTEXT_TEXT);
	assert_int_equal(strlen(l->context) % 2, 0);
	assert_int_equal(strncmp(l->context, "ЖЖ", 4), 0);
	html_page_free(p);
	buf_free(&b);
}

/* The page's visible text: a line per block element, no script or title, cut at the cap on a whole letter. */
static void test_page_text(void **state)
{
	static const char html[] =
		"<html><head><title>Заголовок</title><script>var x = 1;</script></head><body>"
		"<p style=\"text-align:center\"><b>П Р И К А З</b></p><p>№_214 от 02.09.2026</p>"
		"<p><b>О закреплении</b> наставнических пар</p><table><tr><td>1</td><td>Сидорова</td></tr></table>"
		"</body></html>";
	struct html_page *p = NULL;
	struct buf b;

	(void)state;
	assert_int_equal(html_parse(&p, html, strlen(html), "text/html", PAGE), 0);
	assert_string_equal(p->text, "П Р И К А З\n№_214 от 02.09.2026\nО закреплении наставнических пар\n1\nСидорова");
	assert_int_equal(p->text_len, strlen(p->text));
	html_page_free(p);

	buf_init(&b, 1u << 24);
	assert_int_equal(buf_addstr(&b, "<p>"), 0);
	for (size_t i = 0; i < CAP_PAGE_TEXT; i++)
		assert_int_equal(buf_addstr(&b, "Ж"), 0);
	assert_int_equal(buf_addstr(&b, "</p>"), 0);
	assert_int_equal(html_parse(&p, buf_str(&b), b.len, "text/html", PAGE), 0);
	assert_int_equal(p->text_len, CAP_PAGE_TEXT);
	assert_int_equal((unsigned char)p->text[0], 0xD0);
	html_page_free(p);
	buf_free(&b);
}

/* Files shown inside the page are links with no text of their own; an <object>'s fallback is its text. */
static void test_embedded(void **state)
{
	static const char html[] =
		"<html><body><h3>Положение</h3><iframe src=\"/v/viewer.html?file=%2Fd%2F1.pdf\" title=\"Положение\">"
		"не поддерживается</iframe><div class=\"doc\"><embed src=\"/d/2.pdf\" type=\"application/pdf\"></div>"
		"<object data=\"/d/3.pdf\"><p>Приказ № 5</p></object>"
		"<iframe></iframe><embed src=\"javascript:void(0)\"><a href=\"/d/5.pdf\">Ссылка</a></body></html>";
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, html, strlen(html), "text/html", PAGE), 0);
	assert_int_equal(p->nlinks, 4);
	assert_string_equal(p->links[0].url, "http://school.test/v/viewer.html?file=%2Fd%2F1.pdf");
	assert_string_equal(p->links[0].text, "");
	assert_string_equal(p->links[0].title, "Положение");
	assert_true(p->links[0].embedded);
	assert_string_equal(p->links[1].filename, "2.pdf");
	assert_true(p->links[1].embedded);
	assert_string_equal(p->links[2].text, "Приказ № 5");
	assert_true(p->links[2].embedded);
	assert_string_equal(p->links[3].url, "http://school.test/d/5.pdf");
	assert_false(p->links[3].embedded);
	html_page_free(p);
}

/* Unclosed <a> and everything else unclosed: every href is still found, in order. */
static void test_malformed_links(void **state)
{
	static const char html[] =
		"<html><body><ul><li><a href=\"a.pdf\">Один<li><a href=b.pdf>Два</ul><p><a href=c.pdf>Три"
		"<div><table><tr><td><a href='d.pdf'>Четыре<a href=\"e.pdf\"><b><i>Пять</b>";
	static const char *const urls[] = { "a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf" };
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, html, strlen(html), "text/html", PAGE), 0);
	assert_int_equal(p->nlinks, COUNT(urls));
	for (size_t i = 0; i < COUNT(urls); i++) {
		char want[128];

		snprintf(want, sizeof(want), "http://school.test/nastavnichestvo/%s", urls[i]);
		assert_string_equal(p->links[i].url, want);
		assert_non_null(strstr(p->links[i].text, i == 0 ? "Один" : i == 4 ? "Пять" : ""));
	}
	html_page_free(p);
}

static void test_empty(void **state)
{
	static const char *const bodies[] = { "", " \n\t ", "<", "<!-- only a comment -->", "\xEF\xBB\xBF" };
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, NULL, 0, NULL, PAGE), 0);
	html_page_free(p);
	assert_int_equal(html_parse(&p, "", 0, NULL, PAGE), 0);
	assert_int_equal(p->nlinks, 0);
	assert_string_equal(p->title, "");
	html_page_free(p);
	for (size_t i = 0; i < COUNT(bodies); i++) {
		print_message("body: '%s'\n", bodies[i]);
		assert_int_equal(html_parse(&p, bodies[i], strlen(bodies[i]), "text/html", PAGE), 0);
		assert_non_null(p);
		assert_int_equal(p->nlinks, 0);
		assert_int_equal(p->links_dropped, 0);
		assert_string_equal(p->title, "");
		assert_string_equal(p->h1, "");
		html_page_free(p);
	}
	html_page_free(NULL);
}

/* Bytes after a NUL and binary junk do not crash the parser. */
static void test_binary(void **state)
{
	static const char junk[] = "<a href=\"a.pdf\">A</a>\0<a href=\"b.pdf\">B</a>\xFF\xFE\x01<a href=\"c.pdf\">C</a>";
	struct html_page *p = NULL;

	(void)state;
	assert_int_equal(html_parse(&p, junk, sizeof(junk) - 1, "text/html", PAGE), 0);
	assert_non_null(p);
	assert_true(p->nlinks >= 1);
	assert_string_equal(p->links[0].url, "http://school.test/nastavnichestvo/a.pdf");
	html_page_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_table),
		cmocka_unit_test(test_title_h1),
		cmocka_unit_test(test_cp1251),
		cmocka_unit_test(test_utf8_page),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_link_cap),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_shape_caps),
		cmocka_unit_test(test_text_caps),
		cmocka_unit_test(test_page_text),
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_malformed_links),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
