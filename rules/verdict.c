#include "rules/verdict.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/registry.h"
#include "rules/finding.h"
#include "rules/rules.h"

static const char *const status_names[ORG_STATUS_COUNT] = {
	[ORG_COMPLIANT] = "compliant",
	[ORG_NONCOMPLIANT] = "noncompliant",
	[ORG_NO_SECTION] = "no_section",
	[ORG_BLOCKED] = "blocked",
	[ORG_UNREACHABLE] = "unreachable",
	[ORG_INVALID_URL] = "invalid_url",
	[ORG_INCOMPLETE] = "incomplete",
};

static const char *const status_labels_ru[ORG_STATUS_COUNT] = {
	[ORG_COMPLIANT] = "соответствует",
	[ORG_NONCOMPLIANT] = "не соответствует",
	[ORG_NO_SECTION] = "нет раздела",
	[ORG_BLOCKED] = "не проверено: доступ закрыт",
	[ORG_UNREACHABLE] = "не проверено: сайт недоступен",
	[ORG_INVALID_URL] = "не проверено: некорректная ссылка",
	[ORG_INCOMPLETE] = "не проверено: раздел прочитан не полностью",
};

static const char *const cause_names[UNCHECKED_COUNT] = {
	[UNCHECKED_NONE] = "",
	[UNCHECKED_ROBOTS] = "robots",
	[UNCHECKED_ROBOTS_ERROR] = "robots_error",
	[UNCHECKED_DENIED] = "denied",
	[UNCHECKED_DNS] = "dns",
	[UNCHECKED_CONNECT] = "connect",
	[UNCHECKED_TIMEOUT] = "timeout",
	[UNCHECKED_TLS] = "tls",
	[UNCHECKED_SERVER_ERROR] = "server_error",
	[UNCHECKED_NETWORK] = "network",
	[UNCHECKED_TIME_BUDGET] = "time_budget",
	[UNCHECKED_INVALID_URL] = "invalid_url",
	[UNCHECKED_LINKS_CAP] = "links_cap",
	[UNCHECKED_TRUNCATED] = "truncated",
	[UNCHECKED_PAGE_COMPLEX] = "page_too_complex",
	[UNCHECKED_RULE_ERROR] = "rule_error",
	[UNCHECKED_SCRIPT_PAGE] = "script_page",
};

static const char *const cause_labels_ru[UNCHECKED_COUNT] = {
	[UNCHECKED_NONE] = "",
	[UNCHECKED_ROBOTS] = "сайт запрещает автоматическую проверку этих страниц (файл robots.txt)",
	/* One string in two lines: parenthesised, so clang does not take it for a missing comma. */
	[UNCHECKED_ROBOTS_ERROR] = ("сайт отвечает ошибкой на запрос правил для роботов (robots.txt), "
	                            "поэтому проверять его нельзя, пока ошибка не исчезнет"),
	[UNCHECKED_DENIED] = "сайт отказал в доступе",
	[UNCHECKED_DNS] = "адрес сайта не найден: такого доменного имени нет или оно не отвечает",
	[UNCHECKED_CONNECT] = "сервер сайта не принимает соединение",
	[UNCHECKED_TIMEOUT] = "сайт не ответил вовремя",
	[UNCHECKED_TLS] = "не удалось установить защищённое соединение с сайтом (ошибка сертификата)",
	[UNCHECKED_SERVER_ERROR] = "сервер сайта отвечает ошибкой",
	[UNCHECKED_NETWORK] = "ошибка связи с сайтом",
	[UNCHECKED_TIME_BUDGET] = "истекло время, отведённое на проверку одной организации",
	[UNCHECKED_INVALID_URL] = "ссылка в реестре некорректна",
	[UNCHECKED_LINKS_CAP] = "на странице раздела больше ссылок, чем прочитано",
	[UNCHECKED_TRUNCATED] = "страница раздела больше допустимого размера и прочитана не до конца",
	[UNCHECKED_PAGE_COMPLEX] = "разметка страницы сайта слишком сложна для автоматического разбора",
	[UNCHECKED_RULE_ERROR] = ("шаблон из файла правил не удалось применить к ссылке раздела "
	                          "(ошибка сопоставления регулярного выражения)"),
	[UNCHECKED_SCRIPT_PAGE] = ("страница строится скриптом: без браузера на ней нет ни ссылок, ни текста, "
	                           "и раздел на ней найти нельзя"),
};

static const char *const doc_state_names[] = {
	[DOC_FOUND] = "found",
	[DOC_MISSING] = "missing",
	[DOC_UNCHECKED] = "unchecked",
};

const char *verdict_cause_name(enum unchecked_cause c)
{
	return (unsigned)c < UNCHECKED_COUNT ? cause_names[c] : "";
}

const char *verdict_cause_label_ru(enum unchecked_cause c)
{
	return (unsigned)c < UNCHECKED_COUNT ? cause_labels_ru[c] : "";
}

int verdict_cause_parse(enum unchecked_cause *out, const char *name)
{
	for (size_t i = 0; i < UNCHECKED_COUNT; i++) {
		if (strcmp(cause_names[i], name) == 0) {
			*out = (enum unchecked_cause)i;
			return 0;
		}
	}
	return -1;
}

const char *verdict_doc_state_name(enum doc_state st)
{
	return (unsigned)st <= DOC_UNCHECKED ? doc_state_names[st] : "unknown";
}

static const char *const reject_names[REJECT_COUNT] = {
	[REJECT_STALE] = "stale",
	[REJECT_HIGHER_ACT] = "higher_level_act",
	[REJECT_BROKEN] = "broken_link",
	[REJECT_PLACEHOLDER] = "placeholder",
	[REJECT_OTHER_TOPIC] = "other_topic",
	[REJECT_NOT_DOCUMENT] = "not_a_document",
	[REJECT_CONTENT_OTHER] = "content_other_document",
	[REJECT_CONTENT_EXCLUDED] = "content_excluded",
	[REJECT_CONTENT_SILENT] = "content_names_none",
	[REJECT_CONTENT_OTHER_ORG] = "content_other_organisation",
};

static const char *const reject_labels_ru[REJECT_COUNT] = {
	[REJECT_STALE] = "устарел: не текущего учебного года или срок закончился",
	[REJECT_HIGHER_ACT] = "акт вышестоящего органа",
	[REJECT_BROKEN] = "битая ссылка",
	[REJECT_PLACEHOLDER] = "заглушка шаблона",
	[REJECT_OTHER_TOPIC] = "документ на другую тему",
	[REJECT_NOT_DOCUMENT] = "файл не является документом",
	[REJECT_CONTENT_OTHER] = "по содержанию это другой документ",
	[REJECT_CONTENT_EXCLUDED] = "по содержанию не засчитывается",
	[REJECT_CONTENT_SILENT] = "в тексте файла такого документа нет",
	[REJECT_CONTENT_OTHER_ORG] = "документ другой организации",
};

const char *verdict_reject_name(enum reject_reason r)
{
	return (unsigned)r < REJECT_COUNT ? reject_names[r] : "unknown";
}

const char *verdict_reject_label_ru(enum reject_reason r)
{
	return (unsigned)r < REJECT_COUNT ? reject_labels_ru[r] : "неизвестно";
}

const char *verdict_status_name(enum org_status st)
{
	if ((unsigned)st >= ORG_STATUS_COUNT)
		return "unknown";
	return status_names[st];
}

int verdict_reject_parse(enum reject_reason *out, const char *name)
{
	for (size_t i = 0; i < REJECT_COUNT; i++) {
		if (strcmp(reject_names[i], name) == 0) {
			*out = (enum reject_reason)i;
			return 0;
		}
	}
	return -1;
}

bool verdict_docs_seen(enum org_status st)
{
	return st == ORG_COMPLIANT || st == ORG_NONCOMPLIANT || st == ORG_NO_SECTION;
}

int verdict_status_parse(enum org_status *out, const char *name)
{
	for (size_t i = 0; i < ORG_STATUS_COUNT; i++) {
		if (strcmp(status_names[i], name) == 0) {
			*out = (enum org_status)i;
			return 0;
		}
	}
	return -1;
}

const char *verdict_status_label_ru(enum org_status st)
{
	if ((unsigned)st >= ORG_STATUS_COUNT)
		return "неизвестно";
	return status_labels_ru[st];
}

/* The rule file caps its documents, but the arrays here are fixed: never trust a count blindly. */
static size_t doc_count(const struct ruleset *rs)
{
	size_t n = rs ? rules_doc_count(rs) : 0;

	return n < CAP_RULE_DOCS ? n : CAP_RULE_DOCS;
}

void verdict_org_init(struct org_result *o, const struct registry_row *row)
{
	if (!o)
		return;
	memset(o, 0, sizeof(*o));
	o->row = row;
	/*
	 * Until the audit reaches a section page nothing says the school has
	 * one; the audit overwrites this with unreachable / invalid_url, or
	 * scores the organisation once a section is reached.
	 */
	o->status = ORG_NO_SECTION;
}

static void doc_result_clear(struct doc_result *d)
{
	free(d->url);
	free(d->title);
	free(d->page);
	free(d->source);
	free(d->content_type);
	free(d->broken_url);
	free(d->pattern);
	free(d->heading);
	free(d->file_url);
	memset(d, 0, sizeof(*d));
}

void verdict_org_clear(struct org_result *o)
{
	size_t i;

	if (!o)
		return;
	free(o->section_url);
	o->section_url = NULL;
	free(o->reason);
	o->reason = NULL;
	for (i = 0; i < CAP_RULE_DOCS; i++)
		doc_result_clear(&o->docs[i]);
	for (i = 0; i < o->nfindings; i++) {
		free(o->findings[i].url);
		free(o->findings[i].detail);
	}
	free(o->findings);
	o->findings = NULL;
	o->nfindings = 0;
	o->findings_dropped = 0;
	for (i = 0; i < o->nrejected; i++) {
		free(o->rejected[i].url);
		free(o->rejected[i].text);
		free(o->rejected[i].page);
		free(o->rejected[i].detail);
	}
	free(o->rejected);
	o->rejected = NULL;
	o->nrejected = 0;
	for (i = 0; i < o->nevidence; i++)
		free(o->evidence[i].url);
	free(o->evidence);
	o->evidence = NULL;
	o->nevidence = 0;
}

int verdict_add_evidence(struct org_result *o, const char *url, long http_status,
                         const struct evidence_ref *ref)
{
	struct evidence *e;

	if (!ref->record_id[0] || o->nevidence >= CAP_EVIDENCE_PER_ORG)
		return 0;
	if (!o->evidence) {
		o->evidence = calloc(CAP_EVIDENCE_PER_ORG, sizeof(*o->evidence));
		if (!o->evidence)
			return -1;
	}
	e = &o->evidence[o->nevidence];
	e->url = strdup(url ? url : "");
	if (!e->url)
		return -1;
	e->http_status = http_status;
	e->ref = *ref;
	o->nevidence++;
	return 0;
}

const struct evidence_ref *verdict_evidence_for(const struct org_result *o, const char *url)
{
	for (size_t i = 0; url && i < o->nevidence; i++)
		if (strcmp(o->evidence[i].url, url) == 0)
			return &o->evidence[i].ref;
	return NULL;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_finding(const struct finding *a, const struct finding *b)
{
	return a->kind == b->kind && a->doc == b->doc && same_text(a->url, b->url) &&
	       same_text(a->detail, b->detail) && a->failure.cause == b->failure.cause &&
	       a->failure.code == b->failure.code && a->failure.transfer_error == b->failure.transfer_error &&
	       a->failure.redirect_refused == b->failure.redirect_refused && a->cap == b->cap &&
	       a->count == b->count;
}

/* Is there a rule_error finding about document doc (so that it is not missing, but unchecked)? */
static bool rule_error_on(const struct org_result *o, int doc)
{
	for (size_t i = 0; i < o->nfindings; i++)
		if (o->findings[i].kind == FIND_RULE_ERROR && o->findings[i].doc == doc)
			return true;
	return false;
}

int verdict_add_finding(struct org_result *o, const struct finding *f)
{
	struct finding *grown, *n;

	for (size_t i = 0; i < o->nfindings; i++)
		if (same_finding(&o->findings[i], f))
			return 0;
	/* At most one a document past the cap: it is what says the document is unchecked. */
	if (o->nfindings >= CAP_PROBLEMS_PER_ORG &&
	    (f->kind != FIND_RULE_ERROR || f->doc < 0 || rule_error_on(o, f->doc))) {
		o->findings_dropped++;
		return 0;
	}
	/* Grown one at a time: the list is short and capped. */
	grown = realloc(o->findings, (o->nfindings + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	o->findings = grown;
	n = &o->findings[o->nfindings];
	*n = *f;
	n->url = f->url ? strdup(f->url) : NULL;
	n->detail = f->detail ? strdup(f->detail) : NULL;
	if ((f->url && !n->url) || (f->detail && !n->detail)) {
		free(n->url);
		free(n->detail);
		return -1;
	}
	o->nfindings++;
	return 0;
}

/* Does a come after b: kind, then document, then URL (none first)? */
static bool finding_after(const struct finding *a, const struct finding *b)
{
	if (a->kind != b->kind)
		return a->kind > b->kind;
	if (a->doc != b->doc)
		return a->doc > b->doc;
	if (!a->url || !b->url)
		return a->url && !b->url;
	return strcmp(a->url, b->url) > 0;
}

void verdict_sort_findings(struct org_result *o)
{
	/* Insertion sort: stable, and the list is capped short (CAP_PROBLEMS_PER_ORG). */
	for (size_t i = 1; i < o->nfindings; i++) {
		struct finding f = o->findings[i];
		size_t k = i;

		for (; k > 0 && finding_after(&o->findings[k - 1], &f); k--)
			o->findings[k] = o->findings[k - 1];
		o->findings[k] = f;
	}
}

void verdict_drop_rejected(struct org_result *o, const char *url, enum reject_reason reason)
{
	size_t kept = 0;

	for (size_t i = 0; i < o->nrejected; i++) {
		struct rejected *r = &o->rejected[i];

		if (r->reason == reason && strcmp(r->url, url) == 0) {
			free(r->url);
			free(r->text);
			free(r->page);
			free(r->detail);
			continue;
		}
		o->rejected[kept++] = *r;
	}
	o->nrejected = kept;
}

int verdict_add_rejected(struct org_result *o, const char *url, const char *text,
                         const char *page, int doc, enum reject_reason reason,
                         const char *detail)
{
	struct rejected *r, *grown;

	if (!url)    /* a file read back may lack it */
		url = "";

	for (size_t i = 0; i < o->nrejected; i++)
		if (o->rejected[i].reason == reason && o->rejected[i].doc == doc &&
		    strcmp(o->rejected[i].url, url) == 0)
			return 0;
	if (o->nrejected >= CAP_REJECTED_PER_ORG) {
		o->rejected_dropped++;
		return 0;
	}
	/* Grown one at a time: the list is short and capped. */
	grown = realloc(o->rejected, (o->nrejected + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	o->rejected = grown;
	r = &o->rejected[o->nrejected];
	r->url = strdup(url);
	r->text = strdup(text ? text : "");
	r->page = strdup(page ? page : "");
	r->detail = strdup(detail ? detail : "");
	r->doc = doc;
	r->reason = reason;
	if (!r->url || !r->text || !r->page || !r->detail) {
		free(r->url);
		free(r->text);
		free(r->page);
		free(r->detail);
		return -1;
	}
	o->nrejected++;
	return 0;
}

void verdict_score(const struct ruleset *rs, struct org_result *o)
{
	size_t i, n;
	bool all = true;

	if (!rs || !o || !o->section_reached)
		return;
	n = doc_count(rs);
	for (i = 0; i < n; i++) {
		if (rules_doc(rs, i)->required && !o->docs[i].found) {
			all = false;
			break;
		}
	}
	o->status = all ? ORG_COMPLIANT : ORG_NONCOMPLIANT;
}

double verdict_share(size_t count, size_t total)
{
	return total ? (double)count * 100.0 / (double)total : 0.0;
}

enum doc_state verdict_doc_state(const struct org_result *o, size_t i)
{
	if (i < CAP_RULE_DOCS && o->docs[i].found)
		return DOC_FOUND;
	if (!verdict_docs_seen(o->status) || rule_error_on(o, (int)i))
		return DOC_UNCHECKED;
	return DOC_MISSING;
}

/* Add one organisation to the counts. */
static void summary_add(const struct ruleset *rs, struct run_summary *s, const struct org_result *o)
{
	size_t d, ndocs = doc_count(rs);
	bool system = true, system_unknown = false;

	s->total++;
	if ((unsigned)o->status < ORG_STATUS_COUNT)
		s->by_status[o->status]++;
	if (o->status == ORG_COMPLIANT)
		s->compliant++;
	if (!verdict_docs_seen(o->status))
		s->unchecked++;
	if (o->section_reached)
		s->with_section++;
	else if (!verdict_docs_seen(o->status))
		s->section_unchecked++;
	for (d = 0; d < ndocs; d++) {
		enum doc_state st = verdict_doc_state(o, d);

		if (o->counts[d].known && st != DOC_UNCHECKED) {
			s->count_sum[d] += o->counts[d].n;
			s->count_known[d]++;
		} else if (st == DOC_FOUND) {
			s->count_unknown[d]++;
		}
		if (st == DOC_FOUND)
			s->doc_count[d]++;
		else if (st == DOC_UNCHECKED)
			s->doc_unchecked[d]++;
		if (rules_doc_in_system(rs, d) && st != DOC_FOUND) {
			system = false;
			system_unknown |= st == DOC_UNCHECKED;
		}
	}
	if (system)
		s->system++;
	else if (system_unknown)
		s->system_unchecked++;
}

static void summary_finish(const struct ruleset *rs, struct run_summary *s)
{
	size_t d, ndocs = doc_count(rs);

	s->compliant_share = verdict_share(s->compliant, s->total);
	s->section_share = verdict_share(s->with_section, s->total);
	s->system_share = verdict_share(s->system, s->total);
	for (d = 0; d < ndocs; d++)
		s->doc_share[d] = verdict_share(s->doc_count[d], s->total);
}

/* The group's first row (registry_row.repeats points at it), or the row itself. */
static size_t group_first(const struct registry *reg, size_t i)
{
	long first = reg->rows[i].repeats;

	return first >= 0 && (size_t)first < i ? (size_t)first : i;
}

int verdict_group_stand_ins(const struct registry *reg, verdict_org_fn org_at, void *ctx,
                            size_t **out)
{
	size_t i, n = reg ? reg->nrows : 0;
	size_t *chosen = NULL;       /* per group's first row: the row that reached the section */
	bool *grouped = NULL;        /* per row: it is the first row of a group of several */
	bool any = false;
	int rc = -1;

	*out = NULL;
	for (i = 0; i < n && !any; i++)
		any = group_first(reg, i) != i;
	if (!any)
		return 0;
	chosen = malloc(n * sizeof(*chosen));
	grouped = calloc(n, sizeof(*grouped));
	if (!chosen || !grouped)
		goto out;
	for (i = 0; i < n; i++) {
		chosen[i] = SIZE_MAX;
		if (group_first(reg, i) != i)
			grouped[group_first(reg, i)] = true;
	}
	/* Registry order: the first row of a group that reached the section speaks for it. */
	for (i = 0; i < n; i++) {
		size_t first = group_first(reg, i);
		const struct org_result *o;

		if (!grouped[first] || chosen[first] != SIZE_MAX)
			continue;
		o = org_at(ctx, i);
		if (!o)
			goto out;
		if (o->section_reached)
			chosen[first] = i;
	}
	for (i = 0; i < n; i++) {
		size_t first = group_first(reg, i);

		chosen[i] = chosen[first] != SIZE_MAX && chosen[first] < n ? chosen[first] : first;
	}
	*out = chosen;
	chosen = NULL;
	rc = 0;
out:
	free(chosen);
	free(grouped);
	return rc;
}

int verdict_summarize_groups(const struct ruleset *rs, size_t nrows, const size_t *stand_in,
                             verdict_org_fn org_at, void *ctx, const size_t *group_of, size_t ngroups,
                             struct run_summary *outs)
{
	for (size_t g = 0; g < ngroups; g++)
		memset(&outs[g], 0, sizeof(outs[g]));
	for (size_t i = 0; i < nrows; i++) {
		struct run_summary *out = &outs[group_of ? group_of[i] : 0];
		const struct org_result *o;

		out->rows++;
		/* V counts an organisation once: its other registry rows are left out. */
		if (stand_in && stand_in[i] != i)
			continue;
		o = org_at(ctx, i);
		if (!o)
			return -1;
		summary_add(rs, out, o);
	}
	for (size_t g = 0; g < ngroups; g++)
		summary_finish(rs, &outs[g]);
	return 0;
}

int verdict_summarize_at(const struct ruleset *rs, size_t nrows, const size_t *stand_in,
                         verdict_org_fn org_at, void *ctx, struct run_summary *out)
{
	return verdict_summarize_groups(rs, nrows, stand_in, org_at, ctx, NULL, 1, out);
}

struct org_array {
	const struct org_result *orgs;
	size_t n;
};

static const struct org_result *org_array_at(void *ctx, size_t i)
{
	const struct org_array *a = ctx;

	return i < a->n ? &a->orgs[i] : NULL;
}

int verdict_summarize(const struct ruleset *rs, const struct org_result *orgs, size_t n,
                      const size_t *stand_in, struct run_summary *out)
{
	struct org_array a = { orgs, orgs ? n : 0 };

	return verdict_summarize_at(rs, a.n, stand_in, org_array_at, &a, out);
}
