/* cli_sink.c — output that appears whole or not at all: a file written beside its place and
 * renamed over it, or stdout fed from an unnamed temporary file once everything is written. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_sink_open(cli_sink *s, const char *path, tk_err *err)
{
    memset(s, 0, sizeof *s);
    if (!path) {
        if (!(s->f = tmpfile()))
            return tk_fail(err, "cannot create a temporary file: %s", strerror(errno));
        return 0;
    }
    s->path = xstrdup(path);
    s->tmp = xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(s->tmp);
    if (fd < 0) {
        tk_fail(err, "cannot write %s: %s", path, strerror(errno));
        free(s->tmp);
        s->tmp = NULL;
        cli_sink_abort(s);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) || !(s->f = fdopen(fd, "w"))) {
        tk_fail(err, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        cli_sink_abort(s);
        return -1;
    }
    return 0;
}

static int copy_to_stdout(FILE *f)
{
    char buf[65536];
    size_t n;
    rewind(f);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, stdout) != n)
            return -1;
    return ferror(f) || fflush(stdout) || ferror(stdout) ? -1 : 0;
}

int cli_sink_commit(cli_sink *s, tk_err *err)
{
    int rc = 0;
    if (fflush(s->f) || ferror(s->f))
        rc = tk_fail(err, "cannot write the output: %s", strerror(errno));
    else if (!s->path && copy_to_stdout(s->f))
        rc = tk_fail(err, "cannot write to stdout: %s", strerror(errno));
    else if (s->path) {
        int closed = fsync(fileno(s->f)) | fclose(s->f);
        s->f = NULL;
        if (closed || rename(s->tmp, s->path))
            rc = tk_fail(err, "cannot write %s: %s", s->path, strerror(errno));
        else
            s->tmp[0] = '\0'; /* renamed: nothing to remove */
    }
    cli_sink_abort(s);
    return rc;
}

void cli_sink_abort(cli_sink *s)
{
    if (s->f)
        fclose(s->f);
    if (s->tmp && *s->tmp)
        unlink(s->tmp);
    free(s->tmp);
    free(s->path);
    memset(s, 0, sizeof *s);
}
