/*
 * judge.c - each document's verdict and the organisation's status, from
 * the facts the audit collected (see judge.h).
 */
#include "rules/judge_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/log.h"
#include "rules/finding.h"

/* A problem line is at most a URL and a sentence around it. */
#define JUDGE_LINE_LEN (CAP_URL_BYTES + 512u)

/* One finding about document doc (with a URL, a detail and a failure where they apply), once. */
static void finding(struct judging *jg, enum finding_kind kind, size_t doc, const char *url,
                    const char *detail, const struct judge_check *k)
{
	struct finding f = { .kind = kind, .doc = (int)doc, .url = (char *)url, .detail = (char *)detail };

	if (k) {
		f.failure.cause = k->cause;
		f.failure.code = k->status;
		f.failure.transfer_error = k->curl_code != 0;
	}
	if (verdict_add_finding(jg->o, &f))
		jg->failed = 1;
}

bool judge_check_ok(const struct judge_check *c)
{
	return c->done && (c->unverified || (c->curl_code == 0 && c->status >= 200 && c->status < 300));
}

/* "HTTP 404" or curl's own message: the technical detail, for results.json. */
void judge_failure_text(char *out, size_t len, int curl_code, const char *error, long status)
{
	if (curl_code)
		snprintf(out, len, "%s", error ? error : "error");
	else
		snprintf(out, len, "HTTP %ld", status);
}

static void describe_check(char *out, size_t len, const struct judge_check *k)
{
	judge_failure_text(out, len, k->curl_code, k->error, k->status);
}

static int set_found(struct doc_result *d, const struct judge_candidate *c, const struct judge_check *k,
                     const struct ruleset *rules)
{
	char pattern[CAP_ERROR_TEXT];

	snprintf(pattern, sizeof(pattern), "%s:%u", rules_origin(rules), c->line);
	d->pattern = strdup(pattern);
	if (rules_doc(rules, c->doc)->fresh == RULE_FRESH_YEAR)
		d->freshness = rules_freshness_name(c->freshness);
	d->found = true;
	d->url = strdup(c->url);
	d->title = strdup(c->title);
	d->page = strdup(c->page);
	d->source = strdup(rules_source_name(c->source));
	d->http_status = k->status;
	d->content_type = strdup(k->content_type ? k->content_type : "");
	d->link_record = k->record;
	return d->url && d->title && d->page && d->source && d->content_type && d->pattern ? 0 : -1;
}

/* A required-fresh document found only in old versions: say which year, or which period ended. */
static void note_stale(struct judging *jg, size_t d)
{
	const struct org_result *o = jg->o;
	enum finding_kind kind = rules_doc(jg->in->rules, d)->fresh == RULE_FRESH_PERIOD ? FIND_ENDED_ONLY
	                                                                                   : FIND_STALE_ONLY;

	for (size_t i = 0; i < o->nrejected; i++) {
		const struct rejected *r = &o->rejected[i];

		if (r->reason == REJECT_STALE && r->doc == (int)d) {
			finding(jg, kind, d, NULL, r->detail, NULL);
			return;
		}
	}
}

/* A candidate whose link answered: the document is found there. */
static void take_found(struct judging *jg, size_t d, const struct judge_candidate *c)
{
	const struct judge_check *k = &jg->in->checks[c->check];
	const struct evidence_ref *page_rec = verdict_evidence_for(jg->o, c->page);

	if (set_found(&jg->o->docs[d], c, k, jg->in->rules))
		jg->failed = 1;
	if (page_rec)
		jg->o->docs[d].page_record = *page_rec;
	if (k->unverified)
		finding(jg, FIND_LINK_UNVERIFIED, d, NULL, NULL, k);
}

void judge_reject(struct judging *jg, const struct judge_candidate *c, size_t d, enum reject_reason reason,
                  const char *detail)
{
	if (verdict_add_rejected(jg->o, c->url, c->title, c->page, (int)d, reason, detail ? detail : ""))
		jg->failed = 1;
}

/*
 * Document d: the first candidate whose link answers, and whose file, when
 * read, does not say otherwise (judge_doc.c), is the document; the dead
 * ones are rejected. Returns the first dead candidate, or NULL.
 */
static const struct judge_candidate *judge_candidates(struct judging *jg, size_t d)
{
	const struct judge_input *in = jg->in;
	const struct judge_candidate *broken = NULL;
	char why[CAP_ERROR_TEXT];

	for (size_t i = 0; i < in->ncands && !jg->o->docs[d].found; i++) {
		const struct judge_candidate *c = &in->cands[i];
		const struct judge_check *k;

		if (c->doc != d || c->check >= in->nchecks ||
		    (in->ignored_urls && strvec_contains(in->ignored_urls, c->url)))
			continue;
		k = &in->checks[c->check];
		if (judge_check_ok(k)) {
			const struct content_fact *fact;

			if (judge_doc_read(jg, d, c, k, &fact) == JUDGE_READ_REJECTED)
				continue;
			take_found(jg, d, c);
			if (judge_doc_record(&jg->o->docs[d], k, fact, in->rules, d))
				jg->failed = 1;
			continue;
		}
		/* A link into a private network is no published document: dead, and said so with the address. */
		if (k->refused_address)
			finding(jg, FIND_DOC_PRIVATE_ADDRESS, d, c->url, k->refused_address, NULL);
		describe_check(why, sizeof(why), k);
		judge_reject(jg, c, d, REJECT_BROKEN, why);
		if (!broken)
			broken = c;
	}
	return broken;
}

/* Document d's verdict; returns its dead candidate when the network, not the site, failed it. */
static const struct judge_candidate *judge_document(struct judging *jg, size_t d)
{
	struct doc_result *doc = &jg->o->docs[d];
	const struct judge_candidate *broken = judge_candidates(jg, d);

	judge_doc_from_content(jg, d);

	if (doc->found && doc->freshness && strcmp(doc->freshness, "undated") == 0)
		finding(jg, FIND_UNDATED, d, NULL, NULL, NULL);
	if (doc->found)
		return NULL;
	note_stale(jg, d);
	if (!broken)
		return NULL;
	doc->broken = true;
	doc->broken_url = strdup(broken->url);
	if (!doc->broken_url)
		jg->failed = 1;
	/* A refused link has its finding already (judge_candidates). */
	if (!jg->in->checks[broken->check].refused_address)
		finding(jg, FIND_BROKEN_LINK, d, broken->url, NULL, &jg->in->checks[broken->check]);
	return jg->in->checks[broken->check].unreachable ? broken : NULL;
}

static void set_unreachable(struct judging *jg, enum unchecked_cause cause, const char *why)
{
	jg->o->status = ORG_UNREACHABLE;
	jg->o->cause = cause;
	free(jg->o->reason);
	jg->o->reason = strdup(why);
	if (!jg->o->reason)
		jg->failed = 1;
}

/* Document d's rule error, when a link left it open: a finding, found or not. */
static const struct judge_rule_error *rule_error_for(const struct judge_input *in, size_t d)
{
	for (size_t i = 0; i < in->nrule_errors; i++)
		if (in->rule_errors[i].doc == d)
			return &in->rule_errors[i];
	return NULL;
}

static void note_rule_error(struct judging *jg, size_t d)
{
	const struct judge_rule_error *e = rule_error_for(jg->in, d);
	char rule[CAP_ERROR_TEXT];
	struct finding f = { .kind = FIND_RULE_ERROR, .doc = (int)d, .failure.cause = UNCHECKED_RULE_ERROR };

	if (!e)
		return;
	rules_error_text(jg->in->rules, &e->error, rule, sizeof(rule));
	f.url = e->url;
	f.detail = rule;
	if (verdict_add_finding(jg->o, &f))
		jg->failed = 1;
}

/*
 * Documents no link found and a rule error left open: any (*any), and
 * whether every required one not found is such (nothing is known missing).
 */
static bool all_missing_open(const struct judge_input *in, const struct org_result *o, bool *any)
{
	size_t ndocs = rules_doc_count(in->rules);
	bool all = true;

	*any = false;
	for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS; d++) {
		bool open = !o->docs[d].found && rule_error_for(in, d);

		*any |= open;
		if (rules_doc(in->rules, d)->required && !o->docs[d].found && !open)
			all = false;
	}
	return all;
}

/* The status, once every document is decided. */
static void judge_status(struct judging *jg, const struct judge_candidate *unchecked)
{
	const struct judge_input *in = jg->in;
	struct org_result *o = jg->o;
	bool open = false, only_open = all_missing_open(in, o, &open);

	verdict_score(in->rules, o);
	if (verdict_docs_seen(o->status))
		o->cause = UNCHECKED_NONE;
	/* A document may be missing only because the network failed: then it could not be checked. */
	if (o->status == ORG_NONCOMPLIANT && (in->unreachable_page || unchecked)) {
		char why[CAP_ERROR_TEXT + CAP_URL_BYTES], what[CAP_ERROR_TEXT];
		const struct judge_check *k = unchecked ? &in->checks[unchecked->check] : NULL;

		if (k)
			describe_check(what, sizeof(what), k);
		snprintf(why, sizeof(why), "%s: %s", k ? unchecked->url : in->unreachable_page,
		         k ? what : in->unreachable_why ? in->unreachable_why : "");
		set_unreachable(jg, k ? k->cause : in->unreachable_cause, why);
	}
	/* Not all of the section was read: what was not seen there is not known to be missing. */
	if (o->status == ORG_NONCOMPLIANT && in->partial != UNCHECKED_NONE) {
		o->status = ORG_INCOMPLETE;
		o->cause = in->partial;
	}
	/* A page read in part before any section was found: the section may be in the rest. */
	if (o->status == ORG_NO_SECTION && in->partial != UNCHECKED_NONE)
		set_unreachable(jg, in->partial, in->partial == UNCHECKED_SCRIPT_PAGE
		                ? "a page is built by scripts (no links, no text in its HTML): the section "
		                  "could not be looked for"
		                : "a page was read only in part and no section was found in what was read");
	/* A document a rule could not tell is not missing: only the others can make it noncompliant. */
	if (o->status == ORG_NONCOMPLIANT && only_open)
		o->status = ORG_INCOMPLETE;
	if (open && (o->status == ORG_INCOMPLETE ? o->cause == UNCHECKED_NONE : verdict_docs_seen(o->status)))
		o->cause = UNCHECKED_RULE_ERROR;
}

int judge_org(const struct judge_input *in, struct org_result *o)
{
	struct judging jg = { .in = in, .o = o };
	const struct judge_candidate *unchecked = NULL;   /* a missing document's link that did not answer */
	size_t ndocs = rules_doc_count(in->rules);

	free(o->section_url);
	o->section_url = in->section_url ? strdup(in->section_url) : NULL;
	if (in->section_url && !o->section_url)
		jg.failed = 1;
	for (size_t d = 0; d < ndocs && d < CAP_RULE_DOCS; d++) {
		const struct judge_candidate *dead = judge_document(&jg, d);

		judge_doc_count(&jg, d);
		note_rule_error(&jg, d);
		if (dead && !unchecked)
			unchecked = dead;
	}
	judge_status(&jg, unchecked);
	verdict_sort_findings(o);
	return jg.failed ? -1 : 0;
}
