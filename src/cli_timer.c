/* cli_timer.c — tock start, stop, cancel, status and run. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "duration.h"
#include "secrets.h"
#include "text.h"
#include "app_timer.h"
#include "app_billing.h"
#include "billing.h"
#include "money.h"
#include "retainer.h"
#include "retainer_roll.h"
#include "app_team_week.h"

extern char **environ;

/* "HH:MM" today, or a full local date and time; never in the future. */
static int parse_at(const char *s, int64_t *out, tk_err *err)
{
    int64_t now = clock_now();
    if (!s) {
        *out = now;
        return 0;
    }
    int sod;
    if (strlen(s) <= 5) {
        if (parse_hhmm(s, &sod, err) || local_make_checked(app_today(), sod, out, err))
            return -1;
    } else if (local_parse_datetime(s, out, err)) {
        return -1;
    }
    if (*out > now)
        return tk_fail(err, "%s is in the future", s);
    return 0;
}

static void spec_of(const char *client, const char *project, strbuf *sb)
{
    sb_add(sb, client);
    if (project && *project)
        sb_addf(sb, "/%s", project);
}

/* Shared by start and run: resolve the target and the tier, start the timer. */
static int start_timer(tk_app *app, const char *spec, const char *tier, const char *note,
                       const char *ref, bool non_billable, int64_t at, tk_err *err)
{
    tk_client c;
    tk_project p;
    if (tier && app_check_tier(app, tier, err))
        return -1;
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    bool billable = !non_billable && c.billable && (!p.id || p.billable);
    int rc = app_timer_switch_ref(app, &c, p.id ? &p : NULL, tier, billable, note, ref, at, NULL,
                                  err);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}

static int print_stopped(tk_app *app, int64_t entry_id, FILE *out)
{
    tk_entry e;
    tk_err err;
    if (app_entry_get(app, entry_id, &e, &err) != 1)
        return 0;
    strbuf sb = { 0 };
    char hm[DAY_TIME_BUF], d[32];
    spec_of(e.client, e.project, &sb);
    fprintf(out, "stopped %s at %s (%s), entry %lld\n", sb_str(&sb), local_format_hm(e.end, hm),
           dur_format_brief(e.seconds, d), (long long)e.id);
    sb_free(&sb);
    tk_entry_clear(&e);
    return 0;
}

int cmd_start(tk_app *app, const cli_args *args)
{
    const char *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *at_s = cli_args_get(args, "at"),
               *ref = cli_args_get(args, "ref");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    tk_err err = { "" };
    int64_t at;
    tk_timer before;
    if (cli_check_text("note", note, &err) || parse_at(at_s, &at, &err))
        return cli_error(&err);
    int had = app_timer_get(app, &before, &err);
    if (had < 0)
        return cli_error(&err);
    if (start_timer(app, pos[0], tier, note, ref, non_billable, at, &err)) {
        if (had == 1)
            tk_timer_clear(&before);
        return cli_error(&err);
    }
    char hm[DAY_TIME_BUF];
    if (had == 1) {
        strbuf sb = { 0 };
        char d[32];
        spec_of(before.client, before.project, &sb);
        printf("stopped %s (%s)\n", sb_str(&sb), dur_format_brief(at - before.start, d));
        sb_free(&sb);
        tk_timer_clear(&before);
    }
    size_t len = strlen(pos[0]);   /* "acme/" (as completion leaves it) is acme */
    printf("started %.*s at %s\n", (int)(len > 1 && pos[0][len - 1] == '/' ? len - 1 : len), pos[0],
           local_format_hm(at, hm));
    return EXIT_OK;
}

int cmd_stop(tk_app *app, const cli_args *args)
{
    const char *note = cli_args_get(args, "note"),
               *at_s = cli_args_get(args, "at");
    int rc = 0;
    tk_err err = { "" };
    int64_t at, id = 0;
    if (cli_check_text("note", note, &err) || parse_at(at_s, &at, &err))
        return cli_error(&err);
    rc = app_timer_stop(app, at, note, &id, &err);
    if (rc < 0)
        return cli_error(&err);
    if (rc == 0)
        return cli_errorf("no timer is running");
    return print_stopped(app, id, stdout);
}

int cmd_toggle(tk_app *app, const cli_args *args)
{
    const char *at_s = cli_args_get(args, "at");
    int rc = 0;
    tk_err err = { "" };
    int64_t at, id = 0;
    tk_entry last;
    if (parse_at(at_s, &at, &err))
        return cli_error(&err);
    rc = app_timer_toggle(app, at, &id, &last, &err);
    if (rc < 0)
        return cli_error(&err);
    if (rc == 1)
        return print_stopped(app, id, stdout);
    strbuf sb = { 0 };
    char hm[DAY_TIME_BUF];
    spec_of(last.client, last.project, &sb);
    printf("started %s at %s\n", sb_str(&sb), local_format_hm(at, hm));
    sb_free(&sb);
    tk_entry_clear(&last);
    return EXIT_OK;
}

int cmd_cancel(tk_app *app, const cli_args *args)
{
    (void)args; /* no options */
    int rc;
    tk_err err = { "" };
    rc = app_timer_cancel(app, &err);
    if (rc < 0)
        return cli_error(&err);
    if (rc == 0)
        return cli_errorf("no timer is running");
    printf("cancelled the running timer\n");
    return EXIT_OK;
}

/* The running timer as the entry it would become if stopped now. */
static tk_entry timer_entry(const tk_timer *t)
{
    int64_t now = clock_now();
    tk_entry e = { .user_id = t->user_id, .client_id = t->client_id,
                   .project_id = t->project_id, .tier = t->tier, .billable = t->billable,
                   .has_range = true, .start = t->start, .end = now > t->start ? now : t->start,
                   .day = local_day_of(t->start), .note = t->note };
    e.seconds = e.end - e.start;
    e.last_day = local_day_of(e.end);
    return e;
}

/* Remaining prepaid hours of the running client as h:mm, or "" without a retainer. Only
 * computed when the format asks, so plain `tock status` stays a single lookup. The running
 * timer counts, as in `tock retainer` and the TUI's panel (app_biller_count_timer). */
static void retainer_left(tk_app *app, const tk_timer *t, char code, strbuf *out)
{
    tk_err err;
    app_biller *b = app_biller_new(app, &err);
    const tk_client *c = b ? app_biller_client(b, t->client_id, &err) : NULL;
    tk_retainer r;
    tk_retainer_status s;
    tk_retainer_forecast f;
    char buf[32];
    if (b)
        app_biller_standings(b);
    if (c && app_biller_count_timer(b, clock_now(), &err) >= 0 &&
        app_retainer_status(app, b, c, app_today(), &r, &s, &err) == 1) {
        if (code == 'f') { /* the period's total at this pace, as tock retainer's forecast */
            if (retainer_forecast(&r, &s, app_today(), &f, &err) == 0)
                sb_addf(out, "%s %s", money_format(f.total_minor, currency_exponent(c->currency),
                                                   buf), c->currency);
        } else if (code == 'R') {
            /* " · %r left", and nothing at all without a retainer: one format for every
             * client in a status line. */
            sb_addf(out, " · %s left", dur_format_hmm(s.remaining_seconds, buf));
        } else
            sb_add(out, dur_format_hmm(s.remaining_seconds, buf));
    }
    app_biller_free(b);
}

/* The tier or tiers the running time bills at until now: by the clock (business hours), the
 * timer's own tier when it has one. */
static void timer_tiers(tk_app *app, const tk_timer *t, strbuf *out)
{
    if (t->tier) { /* a timer given a tier bills at it, whatever the clock (and from 0:00) */
        sb_add(out, t->tier);
        return;
    }
    tk_err err;
    app_biller *b = app_biller_new(app, &err);
    tk_entry e = timer_entry(t);
    tk_bill bill;
    if (b && app_bill(b, &e, &bill, &err) == 0)
        bill_tiers(&bill, out);
    else
        sb_add(out, TIER_STANDARD);
    app_biller_free(b);
}

/* Expands a status format: %k client[/project], %c, %p, %e h:mm, %E h:mm:ss, %s start,
 * %t tier, %n note, %r prepaid hours left (%R: " · H:MM left" or nothing), %% a percent sign. */
static void format_status(tk_app *app, const char *fmt, const tk_timer *t, int64_t now, strbuf *out)
{
    char buf[DAY_TIME_BUF];
    for (const char *f = fmt; *f; f++) {
        if (*f != '%' || !f[1]) {
            sb_addc(out, *f);
            continue;
        }
        switch (*++f) {
        case 'k': spec_of(t->client, t->project, out); break;
        case 'c': sb_add(out, t->client); break;
        case 'p': sb_add(out, t->project); break;
        case 'n': text_add_printable(out, t->note); break; /* one line, whatever the note */
        case 'e': sb_add(out, dur_format_hmm(now - t->start, buf)); break;
        case 'E': sb_add(out, dur_format_hmmss(now - t->start, buf)); break;
        case 's': sb_add(out, local_format_hm(t->start, buf)); break;
        case 't': timer_tiers(app, t, out); break;
        case 'r': case 'R': case 'f': retainer_left(app, t, *f, out); break;
        case '%': sb_addc(out, '%'); break;
        default: sb_addc(out, '%'); sb_addc(out, *f); break;
        }
    }
}

int cmd_status(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    const char *format = cli_args_get(args, "format");
    tk_err err = { "" };
    tk_timer t;
    int running = app_timer_get(app, &t, &err);
    if (running < 0)
        return cli_error(&err);
    int64_t now = clock_now();
    strbuf sb = { 0 };
    /* Team mode: "week 48 not submitted", "3 weeks await approval" (app_team_notice). */
    char *notice = app_team_notice(app, now, &err);
    if (json) {
        jw w;
        char iso[DAY_TIME_BUF];
        jw_init(&w, &sb);
        jw_obj(&w);
        jw_kbool(&w, "running", running == 1);
        if (notice)
            jw_kstr(&w, "notice", notice);
        if (running == 1) {
            jw_kstr(&w, "client", t.client);
            jw_kstr(&w, "project", *t.project ? t.project : NULL);
            jw_kstr(&w, "tier", t.tier);
            jw_kstr(&w, "note", t.note);
            jw_kstr(&w, "started", utc_format(t.start, iso));
            jw_kint(&w, "elapsed", now > t.start ? now - t.start : 0);
        }
        jw_end_obj(&w);
        cli_print_json(&sb);
    } else if (running == 1) {
        format_status(app, format ? format : "%k %e", &t, now > t.start ? now : t.start, &sb);
        if (notice)
            sb_addf(&sb, " · %s", notice);
        puts(sb_str(&sb));
    } else if (notice) {
        puts(notice);
    }
    free(notice);
    sb_free(&sb);
    if (running == 1)
        tk_timer_clear(&t);
    return EXIT_OK;
}

/* Whether path is a file this process may execute; else 0 with the reason in *why. */
static int executable(const char *path, int *why)
{
    struct stat st;
    if (stat(path, &st)) {
        *why = errno;
        return 0;
    }
    if (S_ISDIR(st.st_mode) || access(path, X_OK)) {
        *why = S_ISDIR(st.st_mode) ? EACCES : errno;
        return 0;
    }
    return 1;
}

/* Whether execvp will find cmd (as is when it has a '/', else along $PATH), so a command that
 * cannot run is refused before the timer changes. 0 with the reason in *why. */
static int command_found(const char *cmd, int *why)
{
    if (strchr(cmd, '/'))
        return executable(cmd, why);
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    *why = ENOENT;
    for (const char *dir = path;; dir++) {
        size_t n = strcspn(dir, ":");
        char *full = xasprintf("%.*s%s%s", (int)n, n ? dir : ".", "/", cmd);
        int why_here, ok = executable(full, &why_here);
        free(full);
        if (ok)
            return 1;
        if (why_here == EACCES)
            *why = EACCES; /* as execvp reports a match it may not run */
        dir += n;
        if (!*dir)
            return 0;
    }
}

static volatile sig_atomic_t child_pid;

/* While the command runs, signals meant for it reach it; tock waits to record the time. */
static void forward(int sig)
{
    if (child_pid > 0)
        kill((pid_t)child_pid, sig);
}

int cmd_run(tk_app *app, const cli_args *args)
{
    const char *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *ref = cli_args_get(args, "ref");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    char **cmd = args->rest;
    int ncmd = args->nrest;
    if (!cmd || ncmd == 0) {
        fprintf(stderr, "tock run: missing command after '--' (see tock run --help)\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    int why;
    if (cli_check_text("note", note, &err))
        return cli_error(&err);
    if (!command_found(cmd[0], &why))
        return cli_errorf("cannot run %s: %s", cmd[0], strerror(why));
    if (!note) {
        /* A command line need not be UTF-8; the note made of it must be. */
        strbuf sb = { 0 };
        for (int i = 0; i < ncmd; i++)
            sb_addf(&sb, "%s%s", i ? " " : "", cmd[i]);
        note = text_utf8_lossy(sb_str(&sb));
        sb_free(&sb);
    } else {
        note = xstrdup(note);
    }
    /* The timer lives in the database while the command runs: if tock itself is killed, it is
     * still there to stop. */
    tk_timer started, own = { 0 };
    int have = -1;
    if (start_timer(app, pos[0], tier, note, ref, non_billable, clock_now(), &err) ||
        (have = app_timer_get(app, &started, &err)) < 0) {
        free((char *)note);
        return cli_error(&err);
    }
    if (have == 1) { /* only what identifies it is kept */
        own.client_id = started.client_id;
        own.project_id = started.project_id;
        own.start = started.start;
        tk_timer_clear(&started);
    }
    int pipefd[2];
    if (pipe(pipefd) || fcntl(pipefd[1], F_SETFD, FD_CLOEXEC)) {
        free((char *)note);
        app_timer_cancel(app, &err);
        return cli_errorf("cannot run %s: %s", cmd[0], strerror(errno));
    }
    /* Ctrl-C reaches tock and the command alike: tock ignores it and waits to record the time,
     * the command gets it. Blocked from before fork until the child has its own handlers back
     * (and until the parent knows the child to forward to), none is lost in between. */
    sigset_t block, old_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGQUIT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old_mask);
    struct sigaction ign = { .sa_handler = SIG_IGN }, fwd = { .sa_handler = forward }, old_int,
                     old_quit, old_term, old_hup;
    sigemptyset(&ign.sa_mask);
    sigemptyset(&fwd.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    sigaction(SIGTERM, &fwd, &old_term);
    sigaction(SIGHUP, &fwd, &old_hup);
    char **env = secret_free_environ(); /* built here: the child only assigns it */
    const char *pause_ms = getenv("TOCK_TEST_FORK_PAUSE_MS"); /* widens the window for a test */
    struct timespec pause = { 0, 0 };
    if (pause_ms)
        pause.tv_sec = atol(pause_ms) / 1000, pause.tv_nsec = atol(pause_ms) % 1000 * 1000000L;
    pid_t pid = fork();
    if (pid == 0) {
        environ = env;
        if (pause.tv_sec || pause.tv_nsec)
            nanosleep(&pause, NULL);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        close(pipefd[0]);
        execvp(cmd[0], cmd);
        int e = errno;
        if (write(pipefd[1], &e, sizeof e) < 0)
            _exit(127);
        _exit(127);
    }
    int fork_errno = errno;
    if (pid > 0)
        child_pid = pid;
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    free(env);
    close(pipefd[1]);
    int exec_errno = 0, status = 0;
    if (pid > 0) {
        ssize_t n;
        while ((n = read(pipefd[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
            ;
        if (n != (ssize_t)sizeof exec_errno)
            exec_errno = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    } else {
        exec_errno = fork_errno;
    }
    close(pipefd[0]);
    free((char *)note);
    if (exec_errno) {
        app_timer_cancel(app, &err);
        return cli_errorf("cannot run %s: %s", cmd[0], strerror(exec_errno));
    }
    int64_t id = 0;
    /* A clock set back while the command ran still records the run, as 0:00. */
    int stopped = app_timer_stop_if(app, &own, clock_now(), &id, &err);
    int child_rc = WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                   : WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    if (stopped < 0) {
        /* The command's 0 must not say all went well: its time is not saved yet. */
        cli_errorf("%s; the timer is kept running: stop it with 'tock stop' to record the run",
                   err.msg);
        return child_rc ? child_rc : EXIT_USER;
    }
    if (stopped && id)
        print_stopped(app, id, stderr); /* stdout belongs to the command */
    return child_rc;
}
