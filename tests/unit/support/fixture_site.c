/*
 * fixture_site.c - a temporary site tree and the fixture server over it.
 */
#include "tests/unit/support/fixture_site.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/strvec.h"

#define NAME_CAP      64        /* the test's name in messages and the root */
#define START_WAIT_MS 10000     /* how long the server may take to write its port */
#define POLL_MS       20

struct fixture_site {
	char name[NAME_CAP];
	char root[PATH_MAX];
	pid_t pid;                   /* 0 when no server runs */
	unsigned port;
	struct strvec created;       /* files and directories, removed in reverse */
	struct strvec resolve;
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ROOT/REL into out; -1 when it does not fit. */
static int site_path(const struct fixture_site *site, const char *rel, char *out, size_t n)
{
	int len = snprintf(out, n, "%s/%s", site->root, rel);

	if (len < 0 || (size_t)len >= n) {
		fprintf(stderr, "%s: path too long: %s/%s\n", site->name, site->root, rel);
		return -1;
	}
	return 0;
}

/* Remember path for removal; a path written twice is removed once. */
static int record(struct fixture_site *site, const char *path)
{
	if (strvec_contains(&site->created, path))
		return 0;
	if (strvec_push(&site->created, path)) {
		fprintf(stderr, "%s: out of memory recording %s\n", site->name, path);
		return -1;
	}
	return 0;
}

/* $FIXTURE_SERVER, else BUILD/fixture-server beside BUILD/tests/, else build/fixture-server. */
static const char *server_path(char *buf, size_t n)
{
	const char *env = getenv("FIXTURE_SERVER");
	char exe[PATH_MAX];
	char *slash = NULL;
	ssize_t len;
	int w;

	if (env && *env)
		return env;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		slash = strrchr(exe, '/');        /* BUILD/tests/test_x */
	}
	if (slash) {
		*slash = '\0';
		slash = strrchr(exe, '/');        /* BUILD/tests */
	}
	if (slash) {
		*slash = '\0';
		w = snprintf(buf, n, "%s/fixture-server", exe);
		if (w > 0 && (size_t)w < n && access(buf, X_OK) == 0)
			return buf;
	}
	snprintf(buf, n, "build/fixture-server");
	return buf;
}

/* The port from the server's port file ("http=N" lines); 0 while it is not written. */
static unsigned read_port(const char *port_file)
{
	char line[64];
	unsigned port = 0;
	FILE *f = fopen(port_file, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "http=%u", &port) == 1)
			break;
	fclose(f);
	return port;
}

static void stop_server(struct fixture_site *site)
{
	if (site->pid > 0) {
		kill(site->pid, SIGTERM);
		waitpid(site->pid, NULL, 0);
	}
	site->pid = 0;
	site->port = 0;
}

static void remove_tree(struct fixture_site *site)
{
	for (size_t i = site->created.len; i-- > 0;)
		if (unlink(site->created.items[i]) != 0)
			rmdir(site->created.items[i]);
	strvec_free(&site->created);
	if (site->root[0])
		rmdir(site->root);
}

int fixture_site_mkdir(struct fixture_site *site, const char *rel)
{
	char path[PATH_MAX];

	if (site_path(site, rel, path, sizeof(path)))
		return -1;
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: mkdir %s: %s\n", site->name, path, strerror(errno));
		return -1;
	}
	return record(site, path);
}

int fixture_site_write(struct fixture_site *site, const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	size_t done;
	FILE *f;

	if (site_path(site, rel, path, sizeof(path)))
		return -1;
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", site->name, path, strerror(errno));
		return -1;
	}
	done = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || done != len) {
		fprintf(stderr, "%s: %s: short write\n", site->name, path);
		return -1;
	}
	return record(site, path);
}

int fixture_site_write_text(struct fixture_site *site, const char *rel, const char *text)
{
	return fixture_site_write(site, rel, text, strlen(text));
}

int fixture_site_path(struct fixture_site *site, const char *rel, char *out, size_t n)
{
	if (site_path(site, rel, out, n))
		return -1;
	return record(site, out);
}

int fixture_site_add_resolve(struct fixture_site *site, const char *host, unsigned port)
{
	if (strvec_pushf(&site->resolve, "%s:%u:127.0.0.1", host, port)) {
		fprintf(stderr, "%s: out of memory adding %s:%u\n", site->name, host, port);
		return -1;
	}
	return 0;
}

/* A loopback port free a moment ago; 0 when none could be had. */
static unsigned free_port(void)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned port = 0;

	if (fd < 0)
		return 0;
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

int fixture_site_add_refused(struct fixture_site *site, const char *host, unsigned *port)
{
	*port = free_port();
	if (!*port) {
		fprintf(stderr, "%s: no free loopback port for %s\n", site->name, host);
		return -1;
	}
	return fixture_site_add_resolve(site, host, *port);
}

static int start_server(struct fixture_site *site)
{
	char bin[PATH_MAX], port_file[PATH_MAX], log_file[PATH_MAX];
	const char *server;
	int status;

	/* The port file and the log go with the tree. */
	if (fixture_site_path(site, "port", port_file, sizeof(port_file)) ||
	    fixture_site_path(site, "server.log", log_file, sizeof(log_file)))
		return -1;
	server = server_path(bin, sizeof(bin));
	if (access(server, X_OK) != 0) {
		fprintf(stderr, "%s: no fixture server at %s (make build/fixture-server)\n", site->name, server);
		return -1;
	}
	site->pid = fork();
	if (site->pid < 0) {
		fprintf(stderr, "%s: fork for %s: %s\n", site->name, server, strerror(errno));
		site->pid = 0;
		return -1;
	}
	if (site->pid == 0) {
		int fd = open(log_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execl(server, server, "--root", site->root, "--http", "0", "--port-file", port_file, (char *)NULL);
		_exit(127);
	}
	for (int waited = 0; waited < START_WAIT_MS; waited += POLL_MS) {
		site->port = read_port(port_file);
		if (site->port)
			break;
		if (waitpid(site->pid, &status, WNOHANG) == site->pid) {
			site->pid = 0;
			fprintf(stderr, "%s: fixture server exited early (see %s)\n", site->name, log_file);
			return -1;
		}
		sleep_ms(POLL_MS);
	}
	if (!site->port) {
		fprintf(stderr, "%s: no port from the fixture server in %d ms (see %s)\n", site->name,
		        START_WAIT_MS, log_file);
		return -1;
	}
	return 0;
}

int fixture_site_new(struct fixture_site **out, const char *name, const char *const *hosts, size_t n,
                     fixture_site_fill_fn fill)
{
	struct fixture_site *site;

	*out = NULL;
	site = calloc(1, sizeof(*site));
	if (!site) {
		fprintf(stderr, "%s: out of memory\n", name);
		return -1;
	}
	strvec_init(&site->created, 0);
	strvec_init(&site->resolve, 0);
	snprintf(site->name, sizeof(site->name), "%s", name);
	snprintf(site->root, sizeof(site->root), "/tmp/ma-%s-XXXXXX", site->name);
	if (!mkdtemp(site->root)) {
		fprintf(stderr, "%s: mkdtemp %s: %s\n", site->name, site->root, strerror(errno));
		site->root[0] = '\0';
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (fixture_site_mkdir(site, hosts[i]))
			goto fail;
	if (start_server(site))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (fixture_site_add_resolve(site, hosts[i], site->port))
			goto fail;
	if (fill && fill(site))
		goto fail;
	/* The crawler honours proxy variables; these hosts exist only here. */
	setenv("no_proxy", "*", 1);
	*out = site;
	return 0;
fail:
	fixture_site_free(site);
	return -1;
}

void fixture_site_free(struct fixture_site *site)
{
	if (!site)
		return;
	stop_server(site);
	remove_tree(site);
	strvec_free(&site->resolve);
	free(site);
}

const char *fixture_site_root(const struct fixture_site *site)
{
	return site->root;
}

const struct strvec *fixture_site_resolve(const struct fixture_site *site)
{
	return &site->resolve;
}

unsigned fixture_site_port(const struct fixture_site *site)
{
	return site->port;
}
