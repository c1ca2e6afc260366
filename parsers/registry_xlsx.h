/*
 * registry_xlsx.h - a registry saved as an Excel workbook, read as the text
 * the CSV reader takes (registry_xlsx.c); internal to parsers/registry*.c.
 */
#ifndef MA_REGISTRY_XLSX_H
#define MA_REGISTRY_XLSX_H

#include <stdbool.h>
#include <stddef.h>

/* Is buf a workbook (a zip holding xl/workbook.xml)? */
bool registry_is_xlsx(const char *buf, size_t len);

/*
 * The sheet named sheet (NULL: the first) of the workbook buf[0..len) as
 * UTF-8 text in *text (caller frees), *tlen bytes: sheet row N on line N,
 * cells tab-separated and quoted. 0, or -1 with a one-line reason in err.
 */
int registry_xlsx_text(char **text, size_t *tlen, const char *buf, size_t len, const char *sheet, char *err,
                       size_t errlen);

/*
 * The sheet's XML sheet[0..nsheet) as that text, its shared strings from
 * strs[0..nstrs) (NULL: none): the part registry_xlsx_text() reads past the
 * zip, on its own for the fuzz target. 0, or -1 with a reason in err.
 */
int registry_xlsx_sheet_text(char **text, size_t *tlen, const char *strs, size_t nstrs, const char *sheet,
                             size_t nsheet, char *err, size_t errlen);

#endif
