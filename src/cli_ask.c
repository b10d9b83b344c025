/* cli_ask.c — reading a secret someone types or pipes in (a grant code): from the terminal
 * without echo, else the first line of stdin; never from argv, which ps shows. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The terminal's settings while echo is off, put back by a signal that ends tock. */
static struct termios saved;
static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void restore_and_die(int sig)
{
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line from fd into buf (without the newline), reading byte by byte so that nothing past
 * it is taken from a pipe. Returns its length, or -1 at the end of input with nothing read. */
static long read_line(int fd, char *buf, size_t size)
{
    size_t n = 0;
    bool any = false, over = false;
    for (;;) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        any = true;
        if (c == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = c;
        else
            over = true;
    }
    buf[n] = '\0';
    if (over)
        n = size; /* too long: the caller refuses it */
    return any ? (long)n : -1;
}

long cli_ask_secret(const char *prompt, char *buf, size_t size)
{
    if (!isatty(STDIN_FILENO))
        return read_line(STDIN_FILENO, buf, size);
    struct sigaction sa, old[sizeof caught / sizeof *caught];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = restore_and_die;
    sigemptyset(&sa.sa_mask);
    bool got = tcgetattr(STDIN_FILENO, &saved) == 0, quiet = false;
    if (got) {
        for (size_t i = 0; i < sizeof caught / sizeof *caught; i++)
            sigaction(caught[i], &sa, &old[i]);
        struct termios t = saved;
        t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        t.c_lflag |= ICANON;
        quiet = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
    }
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    long n = read_line(STDIN_FILENO, buf, size);
    if (quiet)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    for (size_t i = 0; got && i < sizeof caught / sizeof *caught; i++)
        sigaction(caught[i], &old[i], NULL);
    fputc('\n', stderr);
    return n;
}
