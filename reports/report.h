/*
 * report.h - the files an audit writes into --out DIR.
 *
 *   results.json     machine-readable, the contract users script against
 *   noncompliant.csv one row per organisation that is not compliant
 *   summary.md       Russian summary in the form of the department's Table 1
 *   summary.docx     its indicator table as a Word document, to paste into a report
 *   report.html      one self-contained page: shares, chart, sortable table
 *   changes.csv      with a previous run: what changed per organisation
 *   notices/ID.html  the notice to each organisation not compliant (notice.c)
 *
 * Writers only write: they take finished results and never fetch or
 * classify. Each file is written to a temporary name and renamed, so an
 * interrupted run never leaves half a report.
 */
#ifndef MA_REPORT_H
#define MA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * results.json's schema_version: 2 added unchecked documents, repeated rows
 * and the indicators; 3 the registry's and the rule file's digests; 4 what
 * each document's file showed (recognised, heading, heading_page,
 * file_type, file_bytes) and the rejections by a file's own text; 5 the
 * file a document's card led to (file_url); 6 the groups of --group-by
 * (group_by, groups: each group's summary).
 */
#define RESULTS_SCHEMA_VERSION 6

struct ruleset;
struct registry;
struct org_result;
struct run_summary;
struct results_org;
struct results_snapshot;
struct report_trend;

/* noncompliant.csv flavours: Excel's (BOM, ';') by default, or plain RFC 4180 commas. */
enum report_csv_dialect {
	REPORT_CSV_EXCEL,
	REPORT_CSV_RFC4180,
	REPORT_CSV_DIALECTS
};

/* The name of dialect i ("excel", "rfc4180"), as --csv-dialect takes it; NULL past the last. */
const char *report_csv_dialect_name(unsigned i);

/*
 * What changed for one organisation between two runs. Bits index the
 * newer run's documents (after->doc_keys); documents are compared only
 * when both runs could see them (compliant, noncompliant, no_section).
 */
struct org_change {
	const struct results_org *before;  /* NULL: not in the earlier registry */
	const struct results_org *after;   /* NULL: gone from the registry */
	unsigned published;                /* newly found */
	unsigned lost;                     /* found before, missing now */
	bool status_changed;
};

struct run_changes {
	const struct results_snapshot *before, *after;   /* not owned */
	struct org_change *items;          /* newer registry order, then the gone ones */
	size_t n;
	size_t published, lost, status_changed, added, removed;   /* totals */
};

/* Compare two runs. 0, or -1 when out of memory. */
int report_changes_compute(struct run_changes *out, const struct results_snapshot *before,
                           const struct results_snapshot *after);
void report_changes_free(struct run_changes *c);
/* Does the run's status let documents be compared ("compliant", "noncompliant", "no_section")? */
bool report_docs_known(const struct results_org *o);

struct indicator_row;

/* The organisations grouped by a registry column (--group-by), each group's summary counted as the run's. */
struct report_groups {
	const char *column;                /* as given to --group-by */
	const char **names;                /* the column's values, in registry order of first use ("" for none); not owned */
	struct run_summary *summaries;     /* n items */
	/* Each group's indicator table, made once from its summary: group k's rows at k * INDICATOR_ROWS (indicators.h). */
	struct indicator_row *indicators;
	size_t nindicators;                /* rows of each table */
	size_t n;
	size_t *group_of;                  /* each organisation's group (index into names), norgs items */
};

struct report_input {
	const char *as_of;                 /* YYYY-MM-DD */
	const char *generated_at;          /* ISO 8601 UTC time the run ended */
	const char *registry_path;         /* as given on the command line */
	const struct ruleset *rules;
	const struct registry *registry;
	const struct org_result *orgs;     /* registry->nrows items, registry order; or NULL and: */
	/*
	 * Organisation i of a run that keeps them on disk, not in memory (the
	 * journal), valid until the next call; NULL when it cannot be read
	 * back (said on stderr). Writers ask in registry order, once a pass.
	 */
	const struct org_result *(*org_at)(void *ctx, size_t i);
	void *org_ctx;
	size_t norgs;
	const struct run_summary *summary;
	/*
	 * stand_in[i]: the registry row whose verdict stands for row i's
	 * organisation (rows repeating an id or a name are one organisation);
	 * NULL when every row is its own organisation. See report_summarize().
	 */
	const size_t *stand_in;
	enum report_csv_dialect csv_dialect;
	const struct run_changes *changes;  /* with a previous run, else NULL */
	const struct report_trend *trend;   /* the earlier runs (reports/trend.h), or NULL */
	const char *warc_path;              /* --warc FILE, or NULL */
	unsigned shard_index, shard_count;  /* --shard K/N; 0/0 for a whole run */
	const char *registry_digest;        /* "fnv1a64:…" of the whole registry's rows, or NULL */
	const char *rules_digest;           /* "fnv1a64:…" of the rule file's bytes, or NULL */
	const char *group_by;               /* --group-by COLUMN, or NULL */
	const struct report_groups *groups; /* its groups (report_groups_compute), or NULL */
	const char *contact;                /* --contact TEXT: the department's, in the notices; or NULL */
};

/*
 * The run's shares, each organisation counted once: sets in->stand_in
 * (*stand_in, the caller frees it) and in->summary (out). 0, or -1 when
 * out of memory or an organisation cannot be read back.
 */
int report_summarize(struct report_input *in, struct run_summary *out, size_t **stand_in);
/*
 * The extra column of reg whose header is name (white space and case of
 * letters aside), or -1.
 */
int report_group_column(const struct registry *reg, const char *name);
/*
 * Group in's organisations by the registry column named column (after
 * report_summarize): *g, and in->groups = g. 0; -1 with err (no such
 * column, more than CAP_REPORT_GROUPS values, out of memory).
 */
int report_groups_compute(struct report_input *in, const char *column, struct report_groups *g,
                          char *err, size_t errlen);
void report_groups_free(struct report_groups *g);
/* Does row i's verdict stand for its organisation (it is not a repeat counted elsewhere)? */
bool report_row_counted(const struct report_input *in, size_t i);

/* results.json; its format is reports/schema.h's (written and read back there). */
int report_json(FILE *f, const struct report_input *in);
/* Organisation o, registry row i, as one item of results.json's "organizations" (the journal). */
int report_json_org(FILE *f, const struct report_input *in, size_t i, const struct org_result *o);
int report_csv(FILE *f, const struct report_input *in);
/* noncompliant.xlsx: the same rows as text cells, and the indicator table's sheet (xlsx.c). */
int report_xlsx(FILE *f, const struct report_input *in);
int report_summary_md(FILE *f, const struct report_input *in);
/* summary.docx: the indicator table as a Word document (docx.c, wordml.h). */
int report_docx(FILE *f, const struct report_input *in);
int report_html(FILE *f, const struct report_input *in);
/* Need only in->changes, in->rules (document names) and in->csv_dialect. */
int report_changes_csv(FILE *f, const struct report_input *in);
/* diff: the changes section of report.html as a page of its own. */
int report_changes_html(FILE *f, const struct report_input *in);
/* `check`: every verdict and rejected candidate, in plain text. */
int report_explain(FILE *f, const struct report_input *in);
/* The notice to organisation i's director: one printable A4 page in Russian, with in->contact. */
int report_notice(FILE *f, const struct report_input *in, size_t i);

/*
 * audit's notices/: one per organisation whose status is not compliant
 * (counted rows only: a repeated row is its organisation's), in registry
 * order, at most REPORT_NOTICES_MAX (the rest are said on stderr). A notice
 * is about 5 KB, so the cap bounds the directory at about 250 MB; the
 * largest regional registries hold a few thousand organisations.
 */
#define REPORT_NOTICES_MAX 50000u
bool report_notice_due(const struct report_input *in, size_t i, const struct org_result *o);
/*
 * A notice's file name, safe on every file system and in a URL without
 * escaping: the id's bytes A-Z a-z 0-9 - _ as they are, every other byte as
 * ~XX (its hex value), then ".html"; an id past 80 such bytes is cut there
 * and ends with ~H and the FNV-1a hash of the whole id; an empty id is
 * ~L and the registry line. Different ids never share a name.
 */
#define REPORT_NOTICE_NAME_LEN 128
void report_notice_name(char out[REPORT_NOTICE_NAME_LEN], const char *id, size_t line);
/* The notices into dir (an empty directory); errors name shown_dir, the directory they will be in. */
int report_notices(const char *dir, const char *shown_dir, const struct report_input *in,
                   char *err, size_t errlen);

/* The few lines printed on stdout at the end of a run; dir is --out. */
int report_console(FILE *f, const struct report_input *in, const char *dir);

/* A share in tenths of a percent, rounded half-up as every report shows it (56.25 -> 563). */
unsigned long report_share_tenths(double percent);

/* The progress line on a terminal: organisations done / total, rate, time left. */
void report_progress(FILE *f, size_t done, size_t total, long long elapsed_ms);

/*
 * Write all reports into dir (created if missing) as one set: every file
 * replaces its old version, or none does (reports/write.c says how). err
 * gets one line naming the file.
 */
int report_write_all(const char *dir, const struct report_input *in,
                     char *err, size_t errlen);

/* diff: changes.csv and changes.html into dir (in->changes, rules, dialect), as one set. */
int report_write_changes(const char *dir, const struct report_input *in,
                         char *err, size_t errlen);

/*
 * What killed runs left in dir: a set of reports written whole is put in
 * place, a set written in part and other temporary files are removed.
 * Called before a run writes anything into dir. The number of sets put in
 * place; -1 when dir cannot be read.
 */
int report_recover(const char *dir);

#endif
