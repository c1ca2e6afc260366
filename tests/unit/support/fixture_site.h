/*
 * fixture_site.h - a temporary tree of web sites served over real HTTP by
 * build/fixture-server, for the unit tests that need a server (test_crawl,
 * test_warc, test_audit).
 *
 * A struct fixture_site owns a mkdtemp directory (its root), everything
 * written into it through these functions, the server process and the list
 * of curl --resolve lines ("HOST:PORT:127.0.0.1") that reach its hosts.
 * fixture_site_free() stops the server and removes what was recorded, in
 * reverse, then the root. Sites live in ROOT/HOST/; the server reads files
 * and _site.conf at every request, so the sites are written once the
 * server runs (the fill function), and a test may change them later.
 *
 * The server binary is $FIXTURE_SERVER, else BUILD/fixture-server next to
 * the test's BUILD/tests/, else build/fixture-server (tests run from the
 * repository root).
 *
 * Every function returns 0 on success and -1 on failure, with one line on
 * stderr that starts with the name given to fixture_site_new() and names
 * the path. No cmocka here: a test asserts on the return value. To extend,
 * add a fixture_site_ function taking the site first, with the same style.
 */
#ifndef MA_FIXTURE_SITE_H
#define MA_FIXTURE_SITE_H

#include <stddef.h>

struct fixture_site;
struct strvec;

/* Writes a test's sites into the running server's tree; 0 or -1 like the rest. */
typedef int (*fixture_site_fill_fn)(struct fixture_site *site);

/*
 * Make a root /tmp/ma-NAME-XXXXXX with a directory ROOT/HOST for each of the
 * n hosts, start the server over it on an ephemeral port (--http 0
 * --port-file; its output goes to ROOT/server.log), wait for it (10 s at
 * most), add a resolve line for each host, then call fill (unless NULL).
 * Sets no_proxy=* since these hosts exist only here. *out is the caller's,
 * freed with fixture_site_free(); NULL on failure, with nothing left
 * behind. name (e.g. "test_crawl") starts every message.
 */
int fixture_site_new(struct fixture_site **out, const char *name, const char *const *hosts, size_t n,
                     fixture_site_fill_fn fill);

/* Stop the server, remove the tree, free site. Accepts NULL. */
void fixture_site_free(struct fixture_site *site);

/* Add "HOST:PORT:127.0.0.1" to the resolve list, e.g. for a port nothing listens on. */
int fixture_site_add_resolve(struct fixture_site *site, const char *host, unsigned port);

/*
 * Resolve host to a loopback port nothing listens on (one bound, then
 * closed), so that connecting is refused; the port goes to *port.
 */
int fixture_site_add_refused(struct fixture_site *site, const char *host, unsigned *port);

/* ROOT/REL as a directory; one that exists already is fine. */
int fixture_site_mkdir(struct fixture_site *site, const char *rel);

/* ROOT/REL with exactly these len bytes, replacing what was there. */
int fixture_site_write(struct fixture_site *site, const char *rel, const void *data, size_t len);
int fixture_site_write_text(struct fixture_site *site, const char *rel, const char *text);

/*
 * ROOT/REL into out (n bytes), recorded so that a file the test makes
 * there itself (an archive) is removed with the tree.
 */
int fixture_site_path(struct fixture_site *site, const char *rel, char *out, size_t n);

/* Borrowed from site, valid until fixture_site_free(). */
const char *fixture_site_root(const struct fixture_site *site);
const struct strvec *fixture_site_resolve(const struct fixture_site *site);

/* The server's HTTP port. */
unsigned fixture_site_port(const struct fixture_site *site);

#endif
