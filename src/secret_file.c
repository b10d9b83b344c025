/* secret_file.c — one secret in a file of its own: read only when private to the user, written
 * as a 0600 temp file + rename, never through a symbolic link. */
#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#define SECRET_FILE_MAX 65536

char *secret_file_path(const char *configured, tk_err *err)
{
    if (configured[0] != '~' || configured[1] != '/')
        return xstrdup(configured);
    char *home = config_home();
    if (!home) {
        tk_fail(err, "%s", CONFIG_NO_HOME);
        return NULL;
    }
    char *path = xasprintf("%s%s", home, configured + 1);
    free(home);
    return path;
}

static void wipe(char *buf, size_t n)
{
    volatile char *p = buf;
    while (n--)
        *p++ = '\0';
}

static int check_fd(int fd, const char *path, tk_err *err)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return tk_fail(err, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return tk_fail(err, "%s is not a regular file", path);
    if (st.st_uid != geteuid())
        return tk_fail(err, "%s belongs to another user; refusing to read a secret from it", path);
    if (st.st_mode & 077)
        return tk_fail(err, "%s holds a secret and can be read by others; run: chmod 600 %s",
                       path, path);
    return 0;
}

int secret_file_read(const char *path, char **out, tk_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return tk_fail(err, errno == ELOOP ? "%s is a symbolic link; refusing to follow it"
                                           : "cannot read %s: %s", path, strerror(errno));
    if (check_fd(fd, path, err) < 0) {
        close(fd);
        return -1;
    }
    char *buf = xmalloc(SECRET_FILE_MAX + 1);
    size_t len = 0;
    ssize_t n = 0;
    while (len < SECRET_FILE_MAX && (n = read(fd, buf + len, SECRET_FILE_MAX - len)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        len += (size_t)n;
    }
    int saved = errno;
    close(fd);
    buf[len] = '\0';
    size_t line = strcspn(buf, "\r\n");
    int rc = 0;
    if (n < 0)
        rc = tk_fail(err, "cannot read %s: %s", path, strerror(saved));
    else if (line == 0)
        rc = tk_fail(err, "%s is empty on its first line", path);
    else
        *out = xstrndup(buf, line);
    wipe(buf, len);
    free(buf);
    return rc;
}

/* The folder of path and its missing parents, made 0700 (like mkdir -p). */
static int make_folders(const char *path, tk_err *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = strchr(dir + 1, '/');; p = strchr(p + 1, '/')) {
            if (p)
                *p = '\0';
            if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                rc = tk_fail(err, "cannot create %s: %s", dir, strerror(errno));
            if (!p || rc < 0)
                break;
            *p = '/';
        }
    }
    free(dir);
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int secret_file_check(const char *path, bool *exists, tk_err *err)
{
    struct stat st;
    *exists = false;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : tk_fail(err, "cannot write %s: %s", path, strerror(errno));
    if (S_ISLNK(st.st_mode))
        return tk_fail(err, "%s is a symbolic link; refusing to write a secret through it "
                       "(name the real file)", path);
    if (!S_ISREG(st.st_mode))
        return tk_fail(err, "%s is not a regular file", path);
    *exists = true;
    return 0;
}

/* mkstemp creates the temp file with O_CREAT|O_EXCL and mode 0600; rename makes it appear
 * whole, replacing what was there (a rename never follows a link). */
int secret_file_put(const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
    char *tmp = xasprintf("%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    int ok = fd >= 0 && fchmod(fd, 0600) == 0 && write_all(fd, a, alen) == 0 &&
             write_all(fd, b, blen) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) < 0 && ok)
        ok = 0, saved = errno;
    if (ok && rename(tmp, path) < 0)
        ok = 0, saved = errno;
    if (!ok && fd >= 0)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : saved ? saved : EIO;
}

/* The user's link is refused first: it points somewhere they meant the secret to go. */
int secret_file_write(const char *path, const char *secret, bool *replaced, tk_err *err)
{
    if (secret_file_check(path, replaced, err) < 0)
        return -1;
    if (make_folders(path, err) < 0)
        return -1;
    int e = secret_file_put(path, secret, strlen(secret), "\n", 1);
    if (e)
        return tk_fail(err, "cannot write %s: %s", path, strerror(e));
    return 0;
}
