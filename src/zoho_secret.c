/* zoho_secret.c — reading a secret from a command such as `pass show zoho/tock`: the command
 * runs under /bin/sh -c and the secret comes back through a pipe, never through argv. */
#include "zoho_internal.h"
#include "secrets.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECRET_MAX 65536

void zoho_secret_free(char *secret)
{
    if (!secret)
        return;
    volatile char *p = secret;
    while (*p)
        *p++ = '\0';
    free(secret);
}

/* How many holders of secrets there are; the process is not dumpable while there is one. */
/* One guard for the process: the config's secrets hold it too (secrets.c). */
void zoho_secret_guard(bool on)
{
    secret_guard(on);
}

static void wipe_sb(strbuf *sb)
{
    if (sb->buf)
        memset(sb->buf, 0, sb->cap);
    sb_free(sb);
}

/* Reads fd to its end (so the writer never blocks), keeping at most SECRET_MAX bytes. */
static void read_all(int fd, strbuf *sb)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (sb->len < SECRET_MAX)
            sb_addn(sb, buf, (size_t)n);
    }
    memset(buf, 0, sizeof buf);
}

static int wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

extern char **environ;

static pid_t spawn(const char *cmd, int out_fd, int close_fd)
{
    char **env = secret_free_environ();
    pid_t pid = fork();
    if (pid == 0) {
        environ = env;
        signal(SIGPIPE, SIG_DFL);
        if (dup2(out_fd, STDOUT_FILENO) < 0)
            _exit(127);
        close(out_fd);
        close(close_fd);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    free(env);
    return pid;
}

static int exit_fail(const char *cmd, int status, tk_err *err)
{
    char *c = zoho_text_oneline(cmd, 100);
    if (status < 0)
        tk_fail(err, "`%s`: cannot wait for it: %s", c, strerror(errno));
    else if (WIFSIGNALED(status))
        tk_fail(err, "`%s` was killed by signal %d", c, WTERMSIG(status));
    else
        tk_fail(err, "`%s` failed with exit status %d", c,
                WEXITSTATUS(status));
    free(c);
    return -1;
}

int zoho_secret_from_command(const char *cmd, char **out, tk_err *err)
{
    *out = NULL;
    if (!cmd || !*cmd)
        return tk_fail(err, "the command is empty");
    int fds[2];
    if (pipe(fds) < 0)
        return tk_fail(err, "cannot make a pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = spawn(cmd, fds[1], fds[0]);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return tk_fail(err, "cannot fork: %s", strerror(errno));
    }
    strbuf sb = {0};
    read_all(fds[0], &sb);
    close(fds[0]);
    int status = wait_child(pid);
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        wipe_sb(&sb);
        return exit_fail(cmd, status, err);
    }
    size_t n = strcspn(sb_str(&sb), "\n");
    if (n > 0 && sb_str(&sb)[n - 1] == '\r')
        n--;
    if (n == 0) {
        wipe_sb(&sb);
        char *c = zoho_text_oneline(cmd, 100);
        tk_fail(err, "`%s` printed nothing on its first line", c);
        free(c);
        return -1;
    }
    *out = xstrndup(sb.buf, n);
    wipe_sb(&sb);
    return 0;
}
