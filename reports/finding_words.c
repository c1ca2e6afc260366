/*
 * finding_words.c - the words of each finding. A row's text names its
 * arguments in braces: {U} the URL, {D} the document's short name (its id
 * in English), {F} the failure in words, {T} the detail, {C} the cap, {N}
 * the count, {H} the HTTP status. No format string comes from a table.
 */
#include "reports/finding_words.h"

#include <stdio.h>
#include <string.h>

#include "parsers/url.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

struct words {
	const char *text;        /* with {U} {D} {F} {T} {C} {N} {H} where the arguments go */
};

static const struct words ru[FIND_KINDS] = {
	[FIND_TEXT] = { "{T}" },
	[FIND_TIME_BUDGET] = { "исчерпано время на организацию, часть страниц не просмотрена" },
	[FIND_SECTION_ROBOTS] = { "страница раздела закрыта для роботов правилом robots.txt: {U}" },
	[FIND_SECTION_FAILED] = { "страница раздела не открывается: {U} ({F})" },
	[FIND_ROBOTS_ERROR] = { "{F} (код ответа {H})" },
	[FIND_SITE_REFUSED] = { "{F}: {U}" },
	[FIND_SITE_UNREACHABLE] = { "сайт недоступен: {U} ({F})" },
	[FIND_ENTRY_FAILED] = { "ссылка из реестра не открывается ({F})" },
	[FIND_PAGE_FAILED] = { "{U} не открывается ({F})" },
	[FIND_PAGE_TRUNCATED] = { "страница {U} обрезана по пределу размера" },
	[FIND_LINKS_CAP] = { "на странице {U} прочитаны только первые {C} ссылок, ещё {N} не просмотрены" },
	[FIND_INVALID_URL] = { "некорректная ссылка в реестре: «{U}»" },
	[FIND_SECTION_ELSEWHERE] = { "раздел найден по адресу {U} — исправьте ссылку в реестре" },
	[FIND_NOT_A_SECTION] = { "страница {U} не похожа на раздел о наставничестве" },
	[FIND_NO_SECTION] = { "на сайте не найден раздел о наставничестве" },
	[FIND_PAGES_CAP] = { "достигнут предел страниц на организацию ({C}), часть страниц не просмотрена" },
	[FIND_STALE_ONLY] = { "«{D}»: размещён только за {T}, не за текущий учебный год" },
	[FIND_ENDED_ONLY] = { "«{D}»: размещён только на {T}, а этот срок уже закончился" },
	[FIND_LINK_UNVERIFIED] = { "ссылка на «{D}» не проверена: {F}" },
	[FIND_UNDATED] = { "«{D}» без даты: принадлежность к текущему учебному году не подтверждена" },
	[FIND_BROKEN_LINK] = { "битая ссылка на документ «{D}»: {U} ({F})" },
	[FIND_HOST_DOWN] = { "{U} не запрашивался: сайт уже не ответил раньше в этой проверке" },
	[FIND_PAGE_TOO_COMPLEX] = { "страница {U} прочитана не до конца: её разметка слишком сложна "
	                            "для автоматического разбора ({N} при допустимых {C})" },
	[FIND_PRIVATE_ADDRESS] = { "ссылка ведёт на внутренний адрес сети ({T}) — не открывалась: {U}" },
	[FIND_DOC_PRIVATE_ADDRESS] = {
		"ссылка на документ «{D}» ведёт на внутренний адрес сети ({T}) — не открывалась, "
		"документ не засчитан: {U}" },
	[FIND_RULE_ERROR] = { "не удалось определить, является ли ссылка {U} документом «{D}»: ошибка правила {T}" },
	[FIND_SECTION_RULE_ERROR] = { "не удалось определить, ведёт ли {U} в раздел о наставничестве: "
	                              "ошибка правила {T}" },
	[FIND_SCRIPT_PAGE] = { "страница {U} строится скриптом: в ней нет ни ссылок, ни текста без браузера" },
	[FIND_DOC_UNREAD] = { "файл документа «{D}» не удалось прочитать, документ засчитан по ссылке: {U}" },
	[FIND_SEARCHED_MENUS] = { "раздел искали в меню сайта на два уровня от главной страницы: "
	                          "открыто страниц — {N}" },
	[FIND_SEARCHED_SITEMAPS] = { "раздел искали в карте сайта (sitemap.xml и карты, названные в robots.txt): "
	                             "прочитано адресов — {N}" },
	[FIND_SEARCHED_PATHS] = { "раздел искали по типовым адресам платформ школьных сайтов: "
	                          "проверено адресов — {N}" },
	[FIND_SEARCH_CAP] = { "поиск раздела остановлен на пределе страниц ({C})" },
	[FIND_LIST_CAP] = { "список документов раздела длиннее {C} страниц подряд, дальше он читался "
	                    "не до конца: {U}" },
};

static const struct words en[FIND_KINDS] = {
	[FIND_TEXT] = { "{T}" },
	[FIND_TIME_BUDGET] = { "--org-time ran out; part of the site was not read" },
	[FIND_SECTION_ROBOTS] = { "a page of the section is disallowed by robots.txt: {U}" },
	[FIND_SECTION_FAILED] = { "a page of the section did not open: {U} ({F})" },
	[FIND_ROBOTS_ERROR] = { "{F} (HTTP {H})" },
	[FIND_SITE_REFUSED] = { "{F}: {U}" },
	[FIND_SITE_UNREACHABLE] = { "site unreachable: {U} ({F})" },
	[FIND_ENTRY_FAILED] = { "the registry URL did not open ({F})" },
	[FIND_PAGE_FAILED] = { "{U} did not open ({F})" },
	[FIND_PAGE_TRUNCATED] = { "page {U} cut at the size cap" },
	[FIND_LINKS_CAP] = { "page {U}: only the first {C} links read, {N} more not" },
	[FIND_INVALID_URL] = { "unusable registry URL: {U}" },
	[FIND_SECTION_ELSEWHERE] = { "section found at {U}: correct the registry" },
	[FIND_NOT_A_SECTION] = { "page {U} does not look like a mentorship section" },
	[FIND_NO_SECTION] = { "no mentorship section found on the site" },
	[FIND_PAGES_CAP] = { "pages cap per organisation ({C}) reached; part of the site not read" },
	[FIND_STALE_ONLY] = { "{D}: published only for {T}, not for the current academic year" },
	[FIND_ENDED_ONLY] = { "{D}: published only for {T}, a period that has ended" },
	[FIND_LINK_UNVERIFIED] = { "link to {D} not checked: {F}" },
	[FIND_UNDATED] = { "{D} has no date: the current academic year is not confirmed" },
	[FIND_BROKEN_LINK] = { "broken link to {D}: {U} ({F})" },
	[FIND_HOST_DOWN] = { "{U} not requested: its host did not answer earlier in this run" },
	[FIND_PAGE_TOO_COMPLEX] = { "page {U} read only in part: {N} {T}, over the cap of {C}" },
	[FIND_PRIVATE_ADDRESS] = { "a link leads to an internal network address ({T}), not opened: {U}" },
	[FIND_DOC_PRIVATE_ADDRESS] = {
		"the link to {D} leads to an internal network address ({T}), not opened; the document "
		"does not count: {U}" },
	[FIND_RULE_ERROR] = { "could not tell whether {U} is {D}: rule error {T}" },
	[FIND_SECTION_RULE_ERROR] = { "could not tell whether {U} is the mentorship section: rule error {T}" },
	[FIND_SCRIPT_PAGE] = { "page {U} is built by scripts: its HTML has no links and no text" },
	[FIND_DOC_UNREAD] = { "the file of {D} could not be read ({T}); judged by its link: {U}" },
	[FIND_SEARCHED_MENUS] = { "looked for the section in the menus two levels below the home page: "
	                          "{N} pages opened" },
	[FIND_SEARCHED_SITEMAPS] = { "looked for the section in the sitemaps (sitemap.xml, robots.txt's): "
	                             "{N} URLs read" },
	[FIND_SEARCHED_PATHS] = { "looked for the section at the platforms' known paths: {N} tried" },
	[FIND_SEARCH_CAP] = { "the search for the section stopped at its cap of {C} pages" },
	[FIND_LIST_CAP] = { "a list of the section has more than {C} pages in a row; the rest read "
	                    "only as far as --depth goes: {U}" },
};

/* Why a fetch failed, in Russian: «сайт не ответил вовремя», «код ответа 404». */
static void failure_ru(char *out, size_t len, const struct finding_failure *f)
{
	if (f->redirect_refused)
		snprintf(out, len, "перенаправляет на адрес, который не является веб-страницей");
	else if (f->transfer_error || f->code <= 0)
		snprintf(out, len, "%s", verdict_cause_label_ru(f->cause));
	else if (f->cause != UNCHECKED_NONE)
		snprintf(out, len, "%s, код ответа %ld", verdict_cause_label_ru(f->cause), f->code);
	else
		snprintf(out, len, "код ответа %ld", f->code);
}

static void failure_en(char *out, size_t len, const struct finding_failure *f)
{
	if (f->redirect_refused)
		snprintf(out, len, "redirected to something that is not a web page");
	else if (f->transfer_error || f->code <= 0)
		snprintf(out, len, "%s", f->cause != UNCHECKED_NONE ? verdict_cause_name(f->cause) : "no answer");
	else
		snprintf(out, len, "HTTP %ld", f->code);
}

/* The document's name: its short name in Russian, its id in English. */
static const char *doc_word(const struct ruleset *rs, int doc, int russian)
{
	const struct rule_doc *d = rs && doc >= 0 ? rules_doc(rs, (size_t)doc) : NULL;

	if (!d)
		return "?";
	return russian ? d->short_name : d->id;
}

/* One argument of f in words. */
static void argument(char *out, size_t len, char name, const struct ruleset *rs, const struct finding *f,
                     int russian)
{
	switch (name) {
	case 'U': url_for_people(out, len, f->url ? f->url : ""); break;
	case 'D': snprintf(out, len, "%s", doc_word(rs, f->doc, russian)); break;
	case 'T': snprintf(out, len, "%s", f->detail ? f->detail : ""); break;
	case 'C': snprintf(out, len, "%u", f->cap); break;
	case 'N': snprintf(out, len, "%zu", f->count); break;
	case 'H': snprintf(out, len, "%ld", f->failure.code); break;
	case 'F':
		if (russian)
			failure_ru(out, len, &f->failure);
		else
			failure_en(out, len, &f->failure);
		break;
	default: out[0] = '\0'; break;
	}
}

static char *render(char *out, size_t len, const struct words *w, const struct ruleset *rs,
                    const struct finding *f, int russian)
{
	char arg[REPORT_FINDING_LEN];
	size_t used = 0;

	if (!len)
		return out;
	out[0] = '\0';
	for (const char *t = w->text; *t && used + 1 < len; t++) {
		size_t n;

		if (t[0] == '{' && t[1] && t[2] == '}') {
			argument(arg, sizeof(arg), t[1], rs, f, russian);
			t += 2;
		} else {
			arg[0] = *t;
			arg[1] = '\0';
		}
		n = strlen(arg);
		if (n > len - 1 - used)
			n = len - 1 - used;
		memcpy(out + used, arg, n);
		used += n;
		out[used] = '\0';
	}
	return out;
}

char *report_finding_ru(char *out, size_t len, const struct ruleset *rs, const struct finding *f)
{
	const struct words *w = (unsigned)f->kind < FIND_KINDS ? &ru[f->kind] : &ru[FIND_TEXT];

	return render(out, len, w, rs, f, 1);
}

char *report_finding_en(char *out, size_t len, const struct ruleset *rs, const struct finding *f)
{
	const struct words *w = (unsigned)f->kind < FIND_KINDS ? &en[f->kind] : &en[FIND_TEXT];

	return render(out, len, w, rs, f, 0);
}
