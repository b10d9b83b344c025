/* ui_main.c — `tock` with no command: checks the terminal, owns curses and the signals, and
 * runs the loop: poll the database (cheap), draw a frame, wait for a key until the next
 * second. Resizes are handled here and only here (KEY_RESIZE → a new layout next frame). */
#include "ui.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"

static volatile sig_atomic_t got_signal;
static SCREEN *screen;

/* Handlers only set a flag; the loop sees it, leaves, and endwin runs. */
static void on_signal(int sig)
{
    got_signal = sig;
}

static void catch_signals(void)
{
    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a signal wakes the key wait */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* Whatever way the process leaves, the terminal is given back. */
static void restore_terminal(void)
{
    if (screen && !isendwin())
        endwin();
}

static int terminal_usable(void)
{
    const char *term = getenv("TERM");
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
        return cli_errorf("the weekly grid needs a terminal; for a table use: tock week");
    if (!term || !*term || !strcmp(term, "dumb"))
        return cli_errorf("the weekly grid needs a full-screen terminal (TERM=%s); for a table "
                          "use: tock week", term && *term ? term : "unset");
    return 0;
}

static bool want_color(const tk_app *app)
{
    const char *setting = app->cfg.ui_color ? app->cfg.ui_color : "auto";
    const char *no_color = getenv("NO_COLOR");
    if (!strcmp(setting, "never"))
        return false;
    if (!strcmp(setting, "always"))
        return true;
    return !(no_color && *no_color);
}

static int start_curses(const tk_app *app)
{
    text_init_locale();   /* ncursesw reads the character set when it starts */
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return cli_errorf("cannot drive terminal type '%s'; for a table use: tock week",
                          getenv("TERM"));
    set_term(screen);
    static bool registered;
    if (!registered && atexit(restore_terminal) == 0)
        registered = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    ui_colors_init(want_color(app));
    return 0;
}

static void draw_too_small(const ui_layout *l)
{
    char msg[64];
    snprintf(msg, sizeof msg, "terminal too small (need %d×%d)", UI_MIN_COLS, UI_MIN_ROWS);
    int w = text_width(msg) < l->cols ? text_width(msg) : l->cols;
    ui_put(l->rows / 2, (l->cols - w) / 2, w, UI_ROLE_NORMAL, msg, 0);
}

/* One frame: everything is drawn into stdscr and curses sends only what changed. */
static void frame(ui *u)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    ui_layout_compute(u, rows, cols);
    erase();
    ui_cursor_reset();
    if (u->lay.too_small)
        draw_too_small(&u->lay);
    else
        for (int i = 0; i < u->depth; i++)
            u->stack[i].screen->draw(u, u->stack[i].st);
    ui_cursor_place();
    if (u->force_redraw)
        clearok(curscr, TRUE);
    u->force_redraw = false;
    refresh();
}

/* Milliseconds to the next second, so the clock ticks on time. */
static int ms_to_next_second(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return 1000 - (int)(ts.tv_nsec / 1000000) + 5;
}

/* The signals the loop waits for; they are blocked except while it waits, so one arriving
 * between the flag check and the wait still ends the wait at once. */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Lets signals that came in while blocked run their handlers now. (pselect delivers them
 * only when they interrupt it, not when input is ready at the same moment.) */
static void deliver_pending(const sigset_t *waiting_mask)
{
    sigset_t blocked;
    sigprocmask(SIG_SETMASK, waiting_mask, &blocked);
    sigprocmask(SIG_SETMASK, &blocked, NULL);
}

/* The terminal hung up: input reads as ready forever, and no key ever comes. */
static bool terminal_gone(void)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Whether input waits to be read (a key to handle before any work ahead). */
static bool input_waiting(void)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    return poll(&p, 1, 0) != 0;
}

/* The next key: one curses already holds, else whatever arrives within ms; -1 for none (a
 * tick, a signal, a resize still to be read, or news on data_fd: the database says the data
 * changed, and the next poll reads it). */
static int next_key(int ms, int data_fd, const sigset_t *waiting_mask, int *code)
{
    if (ui_read_key(code) == 0)
        return 0;
    fd_set in;
    FD_ZERO(&in);
    FD_SET(STDIN_FILENO, &in);
    if (data_fd >= 0 && data_fd < FD_SETSIZE)
        FD_SET(data_fd, &in);
    else
        data_fd = -1;
    int nfds = (data_fd > STDIN_FILENO ? data_fd : STDIN_FILENO) + 1;
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    int ready = got_signal ? 0 : pselect(nfds, &in, NULL, NULL, &ts, waiting_mask);
    deliver_pending(waiting_mask);
    if (ready <= 0 || got_signal || !FD_ISSET(STDIN_FILENO, &in))
        return -1;
    if (ui_read_key(code) == 0)
        return 0;
    if (terminal_gone())
        got_signal = SIGHUP;
    return -1;
}

/* A change refused because another process holds the write lock (a long import) is tried
 * again at each tick, the edit kept on screen, until it goes through or a key is pressed.
 * Only the screens whose changes are one transaction (not the invoice's: a push talks to Zoho). */
static void retry_if_busy(ui *u, ui_frame top, ui_action a, int code)
{
    const ui_screen *s = top.screen;
    bool busy = u->msg_error && !strncmp(u->msg, STORE_BUSY, strlen(STORE_BUSY)) &&
                (s == &ui_grid_screen || s == &ui_edit_screen || s == &ui_entries_screen ||
                 s == &ui_form_screen);
    u->retry.frame = busy ? top : (ui_frame){ NULL, NULL };
    u->retry.a = a;
    u->retry.code = code;
    if (busy)
        snprintf(u->msg, sizeof u->msg, "waiting: another tock is writing (an import?); your "
                 "change is kept and tried again each second (any key stops)");
}

static void retry_tick(ui *u)
{
    ui_frame top = u->stack[u->depth - 1];
    if (!u->retry.frame.screen || u->retry.frame.screen != top.screen ||
        u->retry.frame.st != top.st)
        return;
    u->msg[0] = '\0';
    u->msg_error = false;
    top.screen->key(u, top.st, u->retry.a, u->retry.code);
    retry_if_busy(u, top, u->retry.a, u->retry.code);
    ui_reap(u);
}

static void handle_key(ui *u, int code)
{
    ui_frame top = u->stack[u->depth - 1];
    if (u->lay.too_small) {
        if (code == 'q')
            u->quit = true;
        return;
    }
    ui_action a = ui_key_action(top.screen->bit, code);
    u->msg[0] = '\0';
    u->msg_error = false;
    u->retry.frame = (ui_frame){ NULL, NULL };
    if (a == UI_ACT_REDRAW) {
        u->force_redraw = true;
    } else {
        top.screen->key(u, top.st, a, code);
        retry_if_busy(u, top, a, code);
        ui_reap(u);
    }
}

static void run(ui *u)
{
    sigset_t waiting;
    block_signals(&waiting);
    timeout(0); /* curses never waits; pselect does, so a signal ends the wait */
    while (!u->quit && !got_signal) {
        ui_poll(u);
        frame(u);
        /* While no key waits: the weeks before and after, loaded ahead for [ and ]. */
        while (!got_signal && !input_waiting() && ui_prefetch(u))
            ;
        int code;
        if (next_key(ms_to_next_second(), app_data_fd(u->app), &waiting, &code) < 0 ||
            code == UI_FKEY(KEY_RESIZE)) {
            retry_tick(u);
            continue; /* a tick, a signal, or a new size for the next frame */
        }
        handle_key(u, code);
    }
    sigprocmask(SIG_SETMASK, &waiting, NULL);
}

static int ui_main(tk_app *app, bool pick)
{
    if (terminal_usable())
        return EXIT_USER;
    ui_keys_init();
    ui u;
    ui_init(&u, app);
    ui_push(&u, &ui_grid_screen, NULL);
    /* The first load happens before the screen is taken: a database that cannot be read is
     * refused with the CLI's one line, not shown as an empty week. */
    if (ui_reload(&u)) {
        int rc = cli_errorf("%s", u.msg);
        ui_free(&u);
        return rc;
    }
    catch_signals();
    if (start_curses(app)) {
        ui_free(&u);
        return EXIT_USER;
    }
    /* Never freeze on another process's write: fail fast, say so, try again (retry_if_busy). */
    app_interactive(app);
    if (pick)
        ui_picker_open(&u, true);
    run(&u);
    endwin();
    delscreen(screen);
    screen = NULL;
    if (u.picked)
        printf("%s\n", u.picked);
    free(u.picked);
    u.picked = NULL;
    ui_free(&u);
    /* Killed (Ctrl-C, SIGTERM, SIGHUP): the shell's convention, 128 + the signal. */
    return got_signal ? 128 + got_signal : EXIT_OK;
}

int cmd_ui(tk_app *app)
{
    return ui_main(app, false);
}

/* tock pick: the grid's client/project picker alone (tmux opens it in a popup); picking starts
 * the timer on that row and quits. */
int cmd_pick(tk_app *app, const cli_args *args)
{
    (void)args;
    return ui_main(app, true);
}
