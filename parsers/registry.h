/*
 * registry.h - the department's registry of organisations (CSV) in memory.
 *
 * registry_parse() takes the file's bytes; it does no I/O.
 *
 * Encoding: UTF-8 with or without BOM; bytes that are not valid UTF-8 are
 * read as windows-1251; a UTF-16 BOM (Excel's "Unicode text" export) is
 * honoured. Delimiter: the commonest of `;`, `,` and TAB outside quotes in
 * the header line (ties: `;`, then `,`). RFC 4180 quoting (delimiters,
 * doubled quotes and newlines inside quotes); CRLF, LF or CR line ends.
 * Every field is trimmed and its white-space runs (newlines, U+00A0) are
 * folded into one space. Blank lines are skipped.
 *
 * Header: the first non-blank record, or one of the next few if the first
 * ones are titles. Names may be English (id, name, url, ...) or Russian
 * (№, Наименование, Ссылка, Сайт, ...), in any case, with quotes or a
 * trailing ':' or '.'; a header containing «ссылка»/«сайт»/«url» or
 * «наименование»/«название» also serves. When several columns fit, the
 * more specific name wins (the table in registry_header.c), then the
 * leftmost. The name and URL columns are required. Without an id column
 * each row's id is its ordinal among the non-blank data records ("1", "2",
 * ...).
 *
 * Columns: the header's other columns are kept, in order, as "extra"
 * columns, named by their header cell. Empty header cells at the end are
 * Excel padding and dropped, unless a data row has text under them: a row
 * with text past the columns so far adds columns up to its last non-empty
 * cell (at most CAP_REGISTRY_COLUMNS in all), and every row, earlier ones
 * too, then has a value there ("" when it has none). An extra column whose
 * header cell is empty or missing is named "столбец N", N its 1-based
 * place in the file (Russian: it heads a column of noncompliant.csv).
 *
 * Data rows: a short row is padded with ""; an id like "12." loses its
 * dot. Blank records (only delimiters, white space, or "") are skipped, and
 * so are records with text in none of the id, name and URL columns
 * (subtotals, notes under a row): they name no organisation. Excel writes
 * a cell merged over several rows into the first one only, so a record
 * with a URL but an empty name (and an empty id, when there is an id
 * column) right after a row is that row's organisation again: it takes the
 * row's name (and id) and is a row of its own, repeating it. Without a row
 * right before it (the first record, or one after an issue) it is an
 * empty id.
 *
 * These become a registry_issue with the line the record starts on, and
 * are not rows: an unterminated quote (reading resumes at the line after
 * the record's first line), text after a closing quote, a field over
 * CAP_REGISTRY_FIELD, text past CAP_REGISTRY_COLUMNS columns, an empty id
 * when there is an id column. A row repeating an earlier row's id or name
 * is no issue: both are rows, the later one's repeats says which
 * (registry_mark_repeats()). A row whose URL or name is empty is still a
 * row: deciding that a URL is unusable is the caller's business. Issue
 * reasons carry no line number (it is in .line). Reading never stops
 * early: a row past CAP_REGISTRY_ROWS is an issue, and issues past
 * CAP_REGISTRY_ISSUES are counted in issues_dropped, not kept. So every
 * record that names an organisation is a row or counts as an issue.
 */
#ifndef MA_REGISTRY_H
#define MA_REGISTRY_H

#include <stddef.h>

struct registry_row {
	size_t line;        /* 1-based line where the record starts */
	char *id;           /* trimmed, never NULL */
	char *name;         /* trimmed, never NULL */
	char *url;          /* trimmed, never NULL (may be "") */
	char **extra;       /* nextra values, never NULL items */
	long repeats;       /* the group's first row (0-based) when this row repeats an
	                       earlier one (registry_mark_repeats()), else -1; a row
	                       filled by hand must say -1: 0 means "repeats row 0" */
};

/*
 * Why a record is not a row. Tables are indexed by it (the Russian words
 * in reports/registry_words.c): add a kind before REGISTRY_ISSUE_KINDS and
 * give it a row there.
 */
enum registry_issue_kind {
	REGISTRY_ISSUE_UNREADABLE,          /* no more said (an issue read back from results.json) */
	REGISTRY_ISSUE_UNTERMINATED_QUOTE,  /* a quote open at the end of the input */
	REGISTRY_ISSUE_QUOTED_TOO_LONG,     /* a quoted field past CAP_REGISTRY_FIELD: a lost quote? */
	REGISTRY_ISSUE_TEXT_AFTER_QUOTE,    /* "a"b: text after a closing quote */
	REGISTRY_ISSUE_FIELD_TOO_LONG,      /* an unquoted field past CAP_REGISTRY_FIELD */
	REGISTRY_ISSUE_TOO_MANY_FIELDS,     /* text past CAP_REGISTRY_COLUMNS columns */
	REGISTRY_ISSUE_EMPTY_ID,            /* an id column, and no id in it */
	REGISTRY_ISSUE_TOO_MANY_ROWS,       /* a row past CAP_REGISTRY_ROWS */
	REGISTRY_ISSUE_KINDS
};

/* One record that is not a row, so not audited. */
struct registry_issue {
	size_t line;
	enum registry_issue_kind kind;
	size_t column;      /* 1-based column the problem is in, 0 when none applies */
	char *reason;       /* one line, English */
};

struct registry {
	char **extra_names;          /* the extra columns' header cells, or "столбец N" */
	size_t nextra;
	struct registry_row *rows;
	size_t nrows;
	struct registry_issue *issues;   /* the first CAP_REGISTRY_ISSUES, in file order */
	size_t nissues;
	size_t issues_dropped;           /* issues past CAP_REGISTRY_ISSUES: counted, not kept */
	char delimiter;              /* ',', ';' or '\t' */
	const char *encoding;        /* "utf-8", "windows-1251", "utf-16le" or
	                                "utf-16be", or "xlsx" for a workbook (static) */
};

/*
 * Parse a registry. On success *out is owned by the caller (registry_free).
 * On failure returns -1 and writes a one-line reason to err (e.g.
 * "line 1: no URL column (expected one of: url, ссылка на раздел, ...)").
 * err may be NULL.
 */
int registry_parse(struct registry **out, const char *buf, size_t len,
                   char *err, size_t errlen);
/*
 * The same for a registry that may be an Excel workbook (.xlsx, told by its
 * bytes): its sheet named sheet, or the first when sheet is NULL; sheet
 * given for a CSV registry is an error. registry->encoding is "xlsx".
 */
int registry_parse_sheet(struct registry **out, const char *buf, size_t len, const char *sheet,
                         char *err, size_t errlen);
/*
 * Fill row's id, name, url and nextra extra values (copies, in one block
 * that registry_free() releases; NULL reads as ""), and set repeats to -1.
 * 0, or -1 when out of memory or past CAP_REGISTRY_COLUMNS.
 */
int registry_row_set(struct registry_row *row, size_t nextra, const char *id, const char *name,
                     const char *url, const char *const *extra);

/*
 * Set each row's repeats: a row repeats an earlier row with the same id or,
 * failing that, the same name compared as a key (lower case, white space
 * and the quotes " « » “ ” „ left out, ё read as е), whatever the URLs.
 * repeats names the group's first row, so a chain (3 repeats 2 repeats 1)
 * points at 1; a row matching one group by id and another by name joins
 * the one of its id. registry_parse() calls it; call it again on rows put
 * together otherwise (a shard's slice, a merge). 0, or -1 when out of
 * memory (every repeats is -1 then).
 */
int registry_mark_repeats(struct registry *r);

/* Records that are not rows (not audited): nissues + issues_dropped. */
size_t registry_unread(const struct registry *r);

/*
 * FNV-1a over every row's id, name and URL, in order: two registries with
 * the same digest list the same organisations (the journal, merge).
 */
unsigned long long registry_digest(const struct registry *r);

void registry_free(struct registry *r);

#endif
