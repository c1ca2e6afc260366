/*
 * caps.h - every size and count limit in mentor-audit, in one place.
 *
 * Each buffer or list that grows with input taken from a registry or a web
 * site has a named cap here. Code that hits a cap stops growing the buffer
 * and reports it; it never allocates past the cap.
 */
#ifndef MA_CAPS_H
#define MA_CAPS_H

/* Registry (CSV) input */
#define CAP_REGISTRY_BYTES      (64u * 1024u * 1024u) /* whole registry file */
#define CAP_RESULTS_BYTES       (1024u * 1024u * 1024u) /* a results.json read back (diff, --previous) */
#define CAP_REGISTRY_FIELD      (64u * 1024u)         /* one CSV field */
#define CAP_REGISTRY_COLUMNS    256u                  /* columns per row */
#define CAP_REGISTRY_ROWS       1000000u              /* rows per registry; later ones are issues */
#define CAP_REGISTRY_ISSUES     1000u                 /* issues kept per registry; later ones only counted */
#define CAP_REPORT_GROUPS       500u                  /* different values of the --group-by column */
#define CAP_TREND_RUNS          36u                   /* earlier runs in report.html's trend: three years monthly */
#define CAP_REGISTRY_TITLE_ROWS 10u                   /* records above the header (titles) tried as header */

/* HTTP */
#define CAP_BODY_BYTES          (8u * 1024u * 1024u)  /* one HTML page body */
/*
 * Page bodies held at once in the whole run: in transfer, and handed over
 * until their parse freed them. Past it a transfer pauses until bodies are
 * freed; one at a time may go on past it by its own CAP_BODY_BYTES (so the
 * run never waits on itself), and only while no body waits for a parse.
 */
#define CAP_RUN_BODY_BYTES      (24u * 1024u * 1024u)
#define CAP_PROBE_BYTES         (16u * 1024u)         /* body kept when checking a document link */
#define CAP_REDIRECTS           10L                   /* redirects per request */
#define CAP_URL_BYTES           8192u                 /* one URL */
#define CAP_HEADER_VALUE        1024u                 /* one kept header value */
#define CAP_ERROR_TEXT          320u                  /* one transfer's error text */
#define CAP_NO_PROXY_ENTRY      128u                  /* one no_proxy entry; a longer one matches nothing, as in curl */

/* robots.txt (RFC 9309 asks crawlers to read at least 500 KiB) */
#define CAP_ROBOTS_BYTES        (512u * 1024u)        /* robots.txt bytes parsed */
#define CAP_ROBOTS_RULES        10000u                /* Allow/Disallow lines kept per file */
#define CAP_ROBOTS_PATTERN      2048u                 /* one Allow/Disallow path pattern, bytes */
#define CAP_ROBOTS_AGENT        128u                  /* one user-agent product token, bytes */
#define CAP_IDLE_HOSTS          256u                  /* hosts kept with no request naming them */

/* Politeness and retries */
#define CAP_CRAWL_DELAY_MS      10000L                /* Crawl-delay honoured up to this */
#define CAP_RETRY_AFTER_MS      30000L                /* Retry-After honoured up to this; longer: no retry */
#define CAP_BACKOFF_MS          30000L                /* longest exponential backoff */

/* Crawl */
#define CAP_THREADS             64u                   /* --threads: threads that parse */
#define CAP_POOL_BACKLOG_PER_THREAD 4u                /* parses waiting per thread before no transfer starts */
#define CAP_PAGES_PER_ORG       40u                   /* HTML pages fetched per organisation */
#define CAP_DOC_CHECKS_PER_ORG  120u                  /* document links checked per organisation */
#define CAP_DEPTH               5u                    /* highest accepted --depth */
#define CAP_QUERY_VARIANTS      5u                    /* pages per organisation sharing a path, differing in query */
#define CAP_LIST_PAGES          30u                   /* further pages of the section's paginated lists (?PAGEN_1=N, «Следующая») */
#define CAP_SECTION_REFERENCES  4u                    /* pages of the site outside the section that its text sends to («опубликованы в разделе «Документы»») */

/*
 * Looking for the section away from the registry URL (src/discover.c):
 * menus two levels below the home page, sitemaps, the platforms' known
 * paths. All of it also counts toward --max-pages.
 */
#define CAP_DISCOVERY_PAGES     24u                   /* pages, sitemaps and robots.txt fetched to find the section */
#define CAP_DISCOVERY_MENU_PAGES 10u                  /* of them, menu pages (a parent area, one or two levels below home) */
#define CAP_DISCOVERY_SITEMAPS  6u                    /* of them, sitemap files (an index's children included) */
#define CAP_DISCOVERY_CONFIRM   3u                    /* section candidates a sitemap gave, opened to confirm */
#define CAP_SITEMAP_URLS        50000u                /* <loc> URLs read per organisation, over all its sitemaps */
#define CAP_SITEMAP_BYTES       (8u * 1024u * 1024u)  /* one sitemap's bytes parsed (as curl decoded them) */
#define CAP_ROBOTS_SITEMAPS     16u                   /* Sitemap: lines kept from one robots.txt */
#define CAP_MENU_LINK_TEXT      160u                  /* a menu item's text, bytes: a longer link text is a news item, not a menu's */

/* HTML */
#define CAP_LINKS_PER_PAGE      5000u                 /* links extracted from one page */
#define CAP_DOWN_HOSTS          100000u               /* hosts remembered as not answering, per run */
/* The shape of one page libxml2 is given (parsers/html_shape.h); past them it is not parsed. */
#define CAP_HTML_TAG_ATTRIBUTES 256u                  /* attributes in one tag (libxml2: quadratic) */
#define CAP_HTML_ATTRIBUTES     100000u               /* attributes in the page */
#define CAP_HTML_ELEMENTS       50000u                /* start tags in the page (the tree's size) */
#define CAP_HTML_DEPTH          1024u                 /* nesting of elements that must be closed */
#define CAP_LINK_TEXT           2048u                 /* anchor or title text of one link, bytes */
#define CAP_SCRIPT_SHELL_TEXT   200u                  /* visible bytes (title aside) below which a page of scripts and no links is a shell */
#define CAP_FILE_LIKE_NAME      64u                   /* a link text taken for a file's name (IMG_20260904_0812), bytes */
#define CAP_CONTEXT_TEXT        4096u                 /* text of the enclosing item/row/card, bytes */
#define CAP_PAGE_TITLE          1024u                 /* <title> or <h1>, bytes */
#define CAP_PAGE_TEXT           (64u * 1024u)         /* a page's visible text kept (a document typed into it), bytes */
#define CAP_HREF_MEMO_BYTES     (1024u * 1024u)       /* hrefs and their URLs remembered per page */

/* Rules */
#define CAP_RULE_FILE_BYTES     (1024u * 1024u)
#define CAP_RULE_DOCS           16u                   /* document kinds in a rule file */
#define CAP_RULE_PATTERNS       64u                   /* patterns per list */
#define CAP_RULE_LINE           4096u                 /* one line of the rule file */
#define CAP_RULE_WORDS          64u                   /* items of one plain list ([links] file, title; [http] refusal) */
#define CAP_RULE_LITERALS       256u                  /* prefilter literals per rule file; more are not used */
#define CAP_RULE_PREFILTER_NODES 4096u                /* prefilter condition nodes per rule file */
/* A document's own text (rules/content.c) */
#define CAP_CONTENT_BLOCKS      64u                   /* title blocks read per document */
#define CAP_CONTENT_BLOCK_BYTES 1536u                 /* one title block: where its heading is looked for */
#define CAP_CONTENT_DATE_TAIL   400u                  /* bytes past the heading whose dates are its own */
#define CAP_CONTENT_FACTS       32u                   /* blocks naming a document, kept per document */
#define CAP_CONTENT_HEADING     160u                  /* a matched heading, kept for the evidence */
#define CAP_CONTENT_ISSUERS     4u                    /* organisations a title block names by number, kept ([content] organisation) */
#define CAP_CONTENT_ISSUER_TAIL 240u                  /* bytes past a block's heading where they are looked for («… в МБОУ СОШ № 5») */
#define CAP_CONTENT_ISSUER_TEXT 96u                   /* the first of them as written, for the evidence */
#define CAP_ORG_NUMBER          99999u                /* highest number read as an organisation's («СОШ № 5») */
#define CAP_RULE_MEMO_TEXTS     16384u                /* link texts whose verdicts a rule_cache keeps */
#define CAP_RULE_MEMO_BYTES     (1024u * 1024u)       /* ...and their bytes */
/*
 * PCRE2's limits on one pattern run over one text (a text is at most
 * CAP_CONTEXT_TEXT bytes): past one the pattern cannot tell, which is a rule
 * error (rules.h), never "no match". The match limit stops runaway
 * backtracking, (a+)+$ on 19 letters and more, in about 20 ms (JIT gets
 * there in 2 ms, and the interpreter then runs it again, see below); the
 * built-in rules give the same verdicts on the test corpus with a limit of
 * 2 000. Depth and heap are the interpreter's and sized so that a text at
 * the cap with a few nested groups per character stays well inside them (a
 * group repeated over 4 KiB takes some 8 000 levels and 1 MiB); the JIT
 * stack gives JIT the same room. An error under JIT is run again without it, so the interpreter's
 * limits decide and a verdict does not depend on JIT.
 */
#define CAP_RULE_MATCH_LIMIT    1000000u              /* backtracking steps (PCRE2's default: 10 million) */
#define CAP_RULE_DEPTH_LIMIT    65536u                /* nested backtracking points (default: 10 million) */
#define CAP_RULE_HEAP_KIB       65536u                /* memory for them, KiB (default: 20 GiB) */
#define CAP_RULE_JIT_STACK      (8u * 1024u * 1024u)  /* JIT's stack, bytes (default: 32 KiB) */

/* Evidence archive (--warc) */
#define CAP_WARC_HEAD_BYTES     (64u * 1024u)         /* one response's status line and headers, as kept */

/* Reports */
#define CAP_PROBLEMS_PER_ORG    64u                   /* problems kept per organisation */
#define CAP_REJECTED_PER_ORG    100u                  /* rejected candidates kept per organisation */
#define CAP_EVIDENCE_PER_ORG    64u                   /* archived pages listed per organisation */
#define CAP_WARC_RECORD_ID      48u                   /* "<urn:uuid:...>" and its NUL */

/*
 * Documents (parsers/doc.h): a fetched document's bytes in, its text out. Each
 * cap bounds what one hostile file can make an extractor hold or do; a cap that
 * cuts a document is reported in its result (enum doc_cut), never silently.
 */
#define CAP_DOC_BODY_BYTES      (20u * 1024u * 1024u) /* a document's bytes read at all; a longer one is not opened */
#define CAP_DOC_PDF_TAIL        1024u                 /* where a PDF's %%EOF is looked for: its last bytes */
#define CAP_DOC_PAGES           10u                   /* pages read from the start; the heading and appendices are there */
#define CAP_DOC_TEXT_BYTES      (256u * 1024u)        /* UTF-8 text kept per document, over all pages read */
#define CAP_DOC_OCR_PAGES       3u                    /* pages without a text layer given to OCR per document */
#define CAP_DOC_OCR_PIXELS      (12u * 1000u * 1000u) /* pixels of one image OCR'd: A4 at 300 dpi is 8.7 M; a PDF page is rendered under it */
#define CAP_DOC_OCR_DPI         300u                  /* resolution a PDF page without text is rendered at for OCR, pixels cap first */
#define CAP_DOC_OCR_MS_PAGE     20000                 /* Tesseract's deadline for one page's recognition, ms */
#define CAP_DOC_OCR_MS_DOC      45000                 /* OCR time per document, ms; pages past it are not OCR'd */
#define CAP_DOC_IMAGE_SIDE      30000u                /* an image's width or height, pixels, before its pixels are counted */
#define CAP_DOC_ZIP_ENTRIES     4096u                 /* entries of a DOCX/ODT/XLSX zip's directory looked at */
#define CAP_DOC_ZIP_MEMBER_BYTES (32u * 1024u * 1024u) /* uncompressed bytes read from a zip: its one text member (document.xml) */
#define CAP_DOC_ZIP_RATIO       200u                  /* uncompressed : compressed bytes of a member; more is a bomb */
#define CAP_DOC_ZIP_RATIO_FREE  (1024u * 1024u)       /* bytes of a member read before the ratio applies (small XML packs well) */
#define CAP_DOC_ARCHIVE_MEMBERS 16u                   /* files of an archive of documents (a ZIP of programmes) read */
#define CAP_DOC_ARCHIVE_MEMBER_PAGES 2u               /* pages read from each of them: its title block is at its start */
#define CAP_DOC_XML_DEPTH       256u                  /* element nesting in a document's XML */
#define CAP_DOC_ODF_BREAK_STYLES 64u                  /* ODF paragraph styles that break the page, remembered */
#define CAP_DOC_RTF_DEPTH       256u                  /* RTF group nesting */
/*
 * The reader of documents runs in a child process (src/sandbox.c) held to
 * these: what poppler cannot be stopped on (a page of a million text
 * operators, an image drawn at full size) ends there, not in the audit.
 */
#define CAP_DOC_READ_MS         60000L                /* one document's reading, wall clock (--doc-time) */
#define CAP_DOC_READ_BYTES      (1024ul * 1024ul * 1024ul) /* the reader's address space (a 300 dpi OCR page peaks at 128 MB) */
#define CAP_DOC_WIRE_BYTES      (CAP_DOC_TEXT_BYTES + 64u * 1024u) /* one document's text sent back by the reader */

#endif
