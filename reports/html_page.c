/*
 * html_page.c - escaping, links and the frame of the HTML pages.
 */
#include "reports/html_page.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "parsers/url.h"
#include "reports/report_util.h"
#include "rules/verdict.h"

void html_text(FILE *f, const char *s)
{
	if (s)
		html_text_n(f, s, strlen(s));
}

void html_text_n(FILE *f, const char *s, size_t n)
{
	for (const char *end = s + n; s < end && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f); break;
		}
	}
}

static bool is_web_url(const char *url)
{
	return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

void html_link(FILE *f, const char *url, const char *text)
{
	bool shows_url = !text || !*text;
	char shown[CAP_URL_BYTES + 1];

	/* A Cyrillic host is shown in Cyrillic; the link goes to its ASCII form. */
	if (shows_url)
		text = url_for_people(shown, sizeof(shown), url);
	if (!is_web_url(url)) {
		html_text(f, text);
		return;
	}
	fputs(shows_url ? "<a class=\"url\" href=\"" : "<a href=\"", f);
	html_text(f, url);
	fputs("\" rel=\"noopener noreferrer\">", f);
	html_text(f, text);
	fputs("</a>", f);
}

void html_id_sort_key(FILE *f, const char *id, size_t position)
{
	size_t n = id ? strspn(id, "0123456789") : 0;

	if (n && n < 16 && id[n] == '\0')
		fprintf(f, " data-value=\"%s\"", id);
	else
		fprintf(f, " data-value=\"%zu\"", position);
}

void html_status_badge(FILE *f, enum org_status st)
{
	fprintf(f, "<span class=\"st st-%s\">", verdict_status_name(st));
	html_text(f, verdict_status_label_ru(st));
	fputs("</span>", f);
}

void html_share(FILE *f, double percent)
{
	char s[32];

	report_fmt_share(s, sizeof(s), percent, ',');
	fprintf(f, "%s\xC2\xA0%%", s);
}

static const char page_style[] =
	":root{--ok:#1b7f3b;--bad:#c62828;--warn:#e08a00;--mute:#6b7280;--ink:#1f2933;--line:#d9dee4}"
	"*{box-sizing:border-box}[hidden]{display:none!important}"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:var(--ink);"
	"margin:0 auto;max-width:1200px;padding:24px}"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px}"
	".meta{color:var(--mute);margin:0 0 18px}"
	".headline{display:flex;gap:32px;align-items:baseline;flex-wrap:wrap}"
	".share{font-size:44px;font-weight:700}"
	".counts{display:flex;gap:10px;flex-wrap:wrap;padding:0;list-style:none}"
	".counts li{border:1px solid var(--line);border-radius:8px;padding:6px 12px}"
	".counts .count{font-weight:700;margin-left:6px}"
	".legend dt{margin-top:10px}.legend dd{margin:4px 0 0 0;max-width:60em}.legend dd p{margin:2px 0}"
	".st{display:inline-block;border-radius:10px;padding:1px 8px;font-size:13px;white-space:nowrap;color:#fff}"
	".st-compliant{background:var(--ok)}.st-noncompliant{background:var(--bad)}"
	".st-no_section{background:var(--warn)}.st-blocked{background:#6a3fa0}"
	".st-unreachable{background:var(--mute)}.st-invalid_url{background:#8d5a2b}"
	".st-incomplete{background:#2f7f86}"
	"svg text{font:13px system-ui,Arial,sans-serif;fill:var(--ink)}"
	".bar{fill:#2f6db5}.bar-bg{fill:#e8edf3}.bar-section{fill:#5f8fc7}"
	"svg.trend .grid{stroke:#d9dee4}svg.trend .line{fill:none;stroke:#2f6db5;stroke-width:2}"
	"svg.trend circle{fill:#2f6db5}svg.trend .axis,svg.trend .date{fill:var(--mute);font-size:12px}"
	"svg.trend .value{font-size:12px;font-weight:600}svg.trend{max-width:100%;height:auto}.groups th .note{white-space:nowrap}"
	".trend-grid{display:flex;flex-wrap:wrap;gap:8px 24px}.trend-grid figure{margin:0;width:360px}"
	".trend-grid figcaption{font-size:13px;min-height:3em}figure{break-inside:avoid}"
	".history ol{margin:4px 0;padding-left:22px}.history li{margin:2px 0}"
	".controls{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:10px}"
	".controls input{min-width:320px;padding:6px 8px}.controls select{padding:6px}"
	".wide{overflow-x:auto}"
	"table{border-collapse:collapse;width:100%}"
	"th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}"
	"th{background:#f4f6f8;position:sticky;top:0}"
	"th[data-sort]{cursor:pointer;user-select:none}"
	"th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}"
	"td.num{white-space:nowrap}"
	"details summary{cursor:pointer;color:#2f6db5}"
	".steps li{margin:4px 0;max-width:60em}"
	".docs{margin:6px 0;padding-left:18px}.docs li{margin:3px 0}"
	".found{color:var(--ok)}.missing{color:var(--bad)}.note{color:var(--mute);font-size:13px}"
	".plus{color:var(--ok)}.minus{color:var(--bad)}"
	"a{color:#2f6db5}a.url{word-break:break-all}"
	/*
	 * Fixed column widths: a word breaks only when it cannot fit a line of
	 * its column (a long URL), never because a neighbour took the room; the
	 * narrowest columns still hold their header and a status badge.
	 */
	"#orgs{table-layout:fixed;min-width:980px}#orgs td{overflow-wrap:break-word}"
	".c-id{width:5%}.c-name{width:22%}.c-status{width:13%}.c-docs{width:10%}.c-missing{width:19%}"
	".c-problems{width:20%}.c-links{width:11%}#orgs td:nth-child(6){font-size:13px}"
	"th{overflow-wrap:normal;hyphens:manual}"
	".evidence{border-top:1px solid var(--line);padding:8px 0}.evidence h3{font-size:16px;margin:6px 0}"
	".has-dialog #evidence{display:none}"
	"#ev-dialog{width:min(1100px,94vw);max-height:88vh;overflow:auto;border:1px solid var(--line);"
	"border-radius:8px;padding:16px 20px}#ev-dialog::backdrop{background:rgba(0,0,0,.35)}"
	"#ev-dialog form{float:right}#ev-dialog .ev-body{overflow-wrap:break-word}#ev-dialog .evidence{border:0}";

/*
 * Sorting (click or Enter on a header) and filtering of every table.sortable:
 * the search box and every select[data-filter=NAME] of its controls, a row
 * shown when it matches all (its data-NAME equal to the select's value).
 * The evidence links open their block in the dialog when there is one.
 */
static const char page_script[] =
	"(function(){'use strict';\n"
	"var dlg=document.getElementById('ev-dialog');\n"
	"if(dlg&&dlg.showModal){document.documentElement.classList.add('has-dialog');\n"
	"document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a.ev-open');\n"
	"var ev=a&&document.getElementById(a.getAttribute('href').slice(1));if(!ev)return;e.preventDefault();\n"
	"var c=ev.cloneNode(true),b=dlg.querySelector('.ev-body');c.removeAttribute('id');\n"
	"c.querySelectorAll('.back').forEach(function(x){x.remove();});b.textContent='';b.appendChild(c);\n"
	"dlg.showModal();});}\n"
	"function key(r,c,t){var d=r.cells[c];var v=d.getAttribute('data-value');"
	"if(v===null)v=d.textContent;return t==='num'?(parseFloat(v)||0):v.trim().toLowerCase();}\n"
	"document.querySelectorAll('table.sortable').forEach(function(tb){\n"
	"var body=tb.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
	"rows.forEach(function(r){var a=r.cells[1].querySelector('a');r.setAttribute('data-search',"
	"(r.cells[0].textContent+' '+r.cells[1].textContent+' '+(a?a.getAttribute('href'):''))"
	".toLowerCase());});\n"
	"var heads=tb.tHead.rows[0].cells;\n"
	"Array.prototype.forEach.call(heads,function(th,c){var t=th.getAttribute('data-sort');if(!t)return;\n"
	"th.tabIndex=0;function go(){var asc=th.getAttribute('aria-sort')!=='ascending';\n"
	"Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});\n"
	"th.setAttribute('aria-sort',asc?'ascending':'descending');\n"
	"rows.sort(function(a,b){var x=key(a,c,t),y=key(b,c,t);"
	"var d=t==='num'?x-y:x.localeCompare(y,'ru');return asc?d:-d;});\n"
	"rows.forEach(function(r){body.appendChild(r);});}\n"
	"th.addEventListener('click',go);th.addEventListener('keydown',function(e){"
	"if(e.key==='Enter'||e.key===' '){e.preventDefault();go();}});});\n"
	"var box=document.querySelector('[data-filter-for=\"'+tb.id+'\"]');if(!box)return;\n"
	"var q=box.querySelector('input'),n=box.querySelector('.shown');\n"
	"var sels=Array.prototype.slice.call(box.querySelectorAll('select[data-filter]'));box.hidden=false;\n"
	"function apply(){var w=q.value.trim().toLowerCase(),k=0;\n"
	"rows.forEach(function(r){var ok=(!w||r.getAttribute('data-search').indexOf(w)>=0)&&"
	"sels.every(function(s){return !s.value||r.getAttribute('data-'+s.getAttribute('data-filter'))===s.value;});\n"
	"r.hidden=!ok;if(ok)k++;});\n"
	"if(n)n.textContent=k;}\n"
	"q.addEventListener('input',apply);sels.forEach(function(s){s.addEventListener('change',apply);});apply();});\n"
	"})();\n";

void html_page_begin(FILE *f, const char *title)
{
	fputs("<!doctype html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"generator\" content=\"mentor-audit " MA_VERSION "\">\n<title>", f);
	html_text(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
}

void html_page_end(FILE *f)
{
	fprintf(f, "<script>\n%s</script>\n</body>\n</html>\n", page_script);
}
