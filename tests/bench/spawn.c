/* spawn.c — times whole processes for bench.py: runs a command `runs` times (after `warmup`
 * untimed runs), each by fork+exec with its output sent to /dev/null, and prints the wall time
 * of each run in microseconds, then the largest peak RSS in KiB (wait4's ru_maxrss).
 *
 *   spawn RUNS WARMUP COMMAND [ARG...]
 *
 * A small C parent, because a child's ru_maxrss starts at the parent's own peak (Linux keeps
 * the high-water mark across exec): from Python every command would weigh 16 MB. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* One run: its wall time in microseconds, its peak RSS in *rss; -1 if it failed. */
static double run_once(char **argv, long *rss)
{
    double t0 = now_us();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return -1;
    double t = now_us() - t0;
    *rss = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: spawn RUNS WARMUP COMMAND [ARG...]\n");
        return 2;
    }
    int runs = atoi(argv[1]), warmup = atoi(argv[2]);
    long rss = 0, peak = 0;
    for (int i = 0; i < warmup; i++)
        if (run_once(argv + 3, &rss) < 0) {
            fprintf(stderr, "spawn: %s failed\n", argv[3]);
            return 1;
        }
    for (int i = 0; i < runs; i++) {
        double t = run_once(argv + 3, &rss);
        if (t < 0) {
            fprintf(stderr, "spawn: %s failed\n", argv[3]);
            return 1;
        }
        printf("%.1f ", t);
        if (rss > peak)
            peak = rss;
    }
    printf("\n%ld\n", peak);
    return 0;
}
