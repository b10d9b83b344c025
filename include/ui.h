/* ui.h — the full-screen UI: its state, the one shape every screen has, and what the ui_*.c
 * files share. No curses in this header (only src/ui_*.c include <curses.h>) and no SQL
 * anywhere in the UI: it calls app_* functions. */
#ifndef TOCK_UI_H
#define TOCK_UI_H

#include <stdbool.h>
#include "app.h"
#include "app_billing.h"
#include "app_rules.h"
#include "week_grid.h"
#include "app_cell.h"
#include "app_targets.h"
#include "retainer_view.h"
#include "ui_actions.h"
#include "undo.h"

#define UI_MIN_COLS 60
#define UI_MIN_ROWS 12

typedef struct ui ui;

/* One screen (tig's view_ops): its open function (ui_*_open) builds its state and pushes it;
 * draw draws it over what is below, key takes the keys while it is on top, free releases the
 * state when the screen leaves the stack (NULL: the state is not the screen's, e.g. a
 * sub-screen's view of the screen below). key() gets the action bound to the key on this
 * screen (UI_ACT_NONE when none) and the key code (a character, or UI_FKEY(curses key)). */
typedef struct ui_screen {
    int bit;                                   /* UI_SC_BIT_* */
    void (*draw)(ui *u, void *st);
    void (*key)(ui *u, void *st, ui_action a, int code);
    void (*free)(void *st);
} ui_screen;

/* A screen on the stack, with its state. */
typedef struct ui_frame {
    const ui_screen *screen;
    void *st;
} ui_frame;

#define UI_STACK_MAX 6
/* Weeks loaded on one biller before it starts again (on its rules): bounds the retainer
 * periods it holds when the user pages through months of history. */
#define UI_BILLER_LOADS 26

/* Curses function keys, moved above Unicode so one int holds a character or a key. */
#define UI_FKEY(k) ((k) + 0x110000)
#define UI_IS_FKEY(c) ((c) >= 0x110000)

/* Colour roles: R(id, colour fg, colour bg, colour attrs, monochrome attrs). The attribute
 * names are ui_draw.c's (A_BOLD…); the colours are curses' COLOR_* without the prefix, or
 * DEFAULT for the terminal's own. */
#define UI_ROLES(R) \
    R(NORMAL, DEFAULT, DEFAULT, 0, 0) \
    R(HEADER, WHITE, BLUE, A_BOLD, A_REVERSE | A_BOLD) \
    R(HEADER_TIMER, YELLOW, BLUE, A_BOLD, A_REVERSE | A_BOLD) \
    R(COLUMNS, DEFAULT, DEFAULT, A_BOLD, A_BOLD) \
    R(TODAY, YELLOW, DEFAULT, A_BOLD, A_BOLD | A_UNDERLINE) \
    R(CELL, DEFAULT, DEFAULT, 0, 0) \
    R(CELL_EMPTY, BLUE, DEFAULT, A_DIM, A_DIM) \
    R(CELL_LOCKED, MAGENTA, DEFAULT, 0, A_DIM | A_UNDERLINE) \
    R(ROW_NONBILL, CYAN, DEFAULT, A_DIM, A_DIM) \
    R(ROW_RUNNING, GREEN, DEFAULT, A_BOLD, A_BOLD) \
    R(CURSOR, BLACK, CYAN, 0, A_REVERSE) \
    R(TOTALS, DEFAULT, DEFAULT, A_BOLD, A_BOLD) \
    R(RULE, BLUE, DEFAULT, 0, A_DIM) \
    R(BAR, GREEN, DEFAULT, 0, 0) \
    R(FOOTER, BLACK, WHITE, 0, A_REVERSE) \
    R(FOOTER_KEY, BLUE, WHITE, A_BOLD, A_REVERSE | A_BOLD) \
    R(STATUS_INFO, GREEN, DEFAULT, 0, 0) \
    R(STATUS_ERROR, WHITE, RED, A_BOLD, A_BOLD | A_REVERSE) \
    R(RETAINER_OK, GREEN, DEFAULT, 0, A_REVERSE) \
    R(RETAINER_ALERT, YELLOW, DEFAULT, A_BOLD, A_REVERSE | A_UNDERLINE) \
    R(RETAINER_OVER, RED, DEFAULT, A_BOLD, A_REVERSE | A_BOLD | A_BLINK) \
    R(BOX, DEFAULT, DEFAULT, 0, 0) \
    R(BOX_TITLE, YELLOW, DEFAULT, A_BOLD, A_BOLD) \
    R(KEY, YELLOW, DEFAULT, A_BOLD, A_BOLD) \
    R(INPUT, BLACK, YELLOW, 0, A_REVERSE | A_UNDERLINE)

typedef enum ui_role {
#define UI_ROLE_ENUM(id, fg, bg, attr, mono) UI_ROLE_##id,
    UI_ROLES(UI_ROLE_ENUM)
#undef UI_ROLE_ENUM
    UI_ROLE_COUNT
} ui_role;

/* Where everything goes; computed from the terminal size in one place (ui_layout.c). */
typedef struct ui_layout {
    int rows, cols;
    bool too_small;
    int label_w, cell_w, total_w, money_w, grid_w; /* money_w 0: no money column */
    bool wide;                   /* room for money and the selected cell's notes */
    int columns_y;               /* the day names */
    int body_y, body_h;          /* the rows (the part that scrolls) */
    int rule_y, totals_y, bars_y;
    bool panel, panel_beside;    /* the retainer panel, when there are retainers */
    int panel_y, panel_x, panel_w, panel_h;
    int status_y, footer_y;
} ui_layout;

/* A line being typed: UTF-8 of any length, edited at a cursor; drawn scrolled sideways so
 * the cursor shows, with "…" where more text is cut off. Zero-initialised is empty. */
typedef struct ui_line {
    strbuf text;
    size_t cur;                  /* the cursor: a byte offset on a character boundary */
    size_t view;                 /* the first byte shown */
} ui_line;

/* A row the user added with the picker: kept for the session, shown even while empty. */
typedef struct ui_pinned {
    int64_t client_id, project_id;
    char *client, *project, *tier;
    bool billable;
} ui_pinned;

/* A week loaded ahead (ui_prefetch) or left behind, for the keys that move to it: valid
 * while the data does not change, for the same owner and, with a timer running (its row
 * counts to the minute), in the same minute. */
typedef struct ui_near {
    bool have;
    int64_t owner, version, at;
    week_grid g;                 /* g.start: the week */
} ui_near;
#define UI_NEAR 3

/* What every screen shares: the week on screen and its selection, the timer, the retainer
 * panel, messages and the screen stack. A screen's own state is its own (ui_frame). */
struct ui {
    tk_app *app;
    int64_t now;                 /* this frame's clock */
    tk_day today, week;          /* the week shown starts on `week` */
    week_grid g;
    int64_t loaded_at;           /* the `now` the grid was loaded with */
    int64_t data_version;        /* store_data_version at the last load */
    /* The biller (its rules cache, retainer period draws and bill memo), built at data_version
     * biller_version and kept while it does not move; biller_loads: weeks loaded on it. */
    app_biller *biller;
    int64_t biller_version;
    int biller_loads;
    bool loaded;                 /* g was loaded (for g_owner at data_version g_version) */
    int64_t g_owner, g_version;
    ui_near near[UI_NEAR];       /* neighbouring weeks, loaded ahead while waiting for a key */
    int64_t near_failed;         /* a prefetch failed at this data_version: not again */
    bool link_down;              /* the database's connection is lost (ui_poll) */
    bool have_timer;
    tk_timer timer;              /* the running timer, when have_timer */
    retainer_views rv;           /* the current period's balances, as of today */
    int64_t rv_version;          /* data_version, day and time they were computed for */
    tk_day rv_day;
    int64_t rv_at;
    int row, col, top;           /* selection (row index into g.rows, day 0..6), scroll */
    struct { ui_pinned *items; size_t len, cap; } pinned;
    undo_stack undo;
    char msg[512];
    bool msg_error;
    /* A change refused while another process writes: tried again each second (ui_main.c) */
    struct { ui_frame frame; ui_action a; int code; } retry;
    ui_frame stack[UI_STACK_MAX];
    int depth;
    ui_frame popped[UI_STACK_MAX]; /* left the stack during this key; freed after it */
    int npopped;
    ui_layout lay;
    bool quit;
    bool force_redraw;
    char *picked;                /* tock pick: what was started, for the shell */

    struct {                     /* the selected cell's entries, for the side panel (wide) */
        tk_entry_list list;
        int64_t client_id, project_id, version;
        char *tier;
        bool billable;
        tk_day day;
        bool loaded;
    } notes;
    struct {                     /* the selected row's margin for its month (ui_margin.c) */
        int64_t client_id, project_id, version;
        tk_day month;
        char *line;              /* NULL: none to show (costs hidden from this user, a failure) */
        bool loaded;
    } margin;
    struct {                     /* team mode (ui_team.c): whose week the grid shows */
        int64_t view_user;       /* 0: your own grid; else a member's, read-only */
        char *view_login;
        store_week state;        /* the shown week's state, for its owner */
    } team;
    struct {                     /* the header's sprint, for the selected row's client */
        int64_t client_id, version;
        tk_day day;
        char *label;             /* NULL: none */
    } sprint;
};

/* ui_state.c — loading and selection (no curses). ui_init leaves the stack empty: the
 * caller pushes the first screen. */
void ui_init(ui *u, tk_app *app);
void ui_free(ui *u);
int ui_reload(ui *u);                         /* the week, the timer, the panel; keeps the selection */
void ui_poll(ui *u);                          /* reloads when another process changed the data */
void ui_goto_week(ui *u, tk_day week_start);
bool ui_prefetch(ui *u);                      /* loads a neighbouring week ahead: false when none is due */
week_row *ui_row(ui *u);                      /* the selected row, or NULL */
/* 1 and a reason in why (size ≥ 64) when the selected cell may not change. */
int ui_cell_locked(const ui *u, const week_row *r, int day, char *why, size_t size);
void ui_pin(ui *u, const app_target *t, const char *tier);
void ui_select(ui *u, int64_t client_id, int64_t project_id, const char *tier);
void ui_undo(ui *u);
void ui_msg(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_fail(ui *u, const tk_err *err);
/* Puts s on top with its state st (freed by s->free when it leaves the stack). */
void ui_push(ui *u, const ui_screen *s, void *st);
/* Takes the top screen off; its state lives until the key being handled is done. */
void ui_pop(ui *u);
void ui_reap(ui *u);                          /* frees the states of the screens popped */
/* The tiers a row can have: "" (standard / by the clock), then the configured ones. */
size_t ui_tier_count(const ui *u);
const char *ui_tier_name(const ui *u, size_t i);
const char *ui_weekday(tk_day day);          /* "Mon" … "Sun" */
/* "Sprint 3 (2026-11-16 – 2026-11-29)" for the selected row's client, or NULL. Cached. */
const char *ui_sprint_label(ui *u);

/* ui_layout.c — the only place that knows the terminal size. */
void ui_layout_compute(ui *u, int rows, int cols);
void ui_layout_cell_pos(const ui *u, int *y, int *x);  /* the selected cell, on screen */

/* ui_line.c — a typed line (no curses). 1 when the key was taken. */
int ui_line_key(ui_line *l, ui_action a, int code);
void ui_line_set(ui_line *l, const char *s);   /* the cursor goes to the end */
const char *ui_line_str(const ui_line *l);     /* never NULL */
void ui_line_free(ui_line *l);
/* Where a field of w columns starts showing l (moves l->view so the cursor shows), whether
 * text is cut before it, and the cursor's column. */
const char *ui_line_visible(ui_line *l, int w, bool *cut_left, int *cursor_col);

/* ui_keys.c — key names to codes and back to actions. */
void ui_keys_init(void);
ui_action ui_key_action(int screen_bit, int code);
int ui_key_is_text(int code);                 /* a printable character */
int ui_read_key(int *code);                   /* 0 and a code, or -1 when the wait timed out */

/* ui_draw.c — colour roles and width-aware drawing. */
void ui_colors_init(bool want_color);
void ui_role_on(ui_role r);
/* Draws s cut/padded to w columns at y,x in role r; align_right pads on the left. */
void ui_put(int y, int x, int w, ui_role r, const char *s, int align_right);
void ui_fill(int y, int x, int w, ui_role r);
/* text over at most n lines of w columns, broken between words, every character kept but on
 * the last line (cut with "…"). Returns the lines used. */
int ui_put_wrapped(int y, int x, int w, int n, ui_role r, const char *text);
/* A framed box with a title; the inside is cleared. */
void ui_box(int y, int x, int h, int w, const char *title);
/* A centred box of about want_w × want_h inside the screen; returns its geometry. */
void ui_box_centre(const ui *u, int want_h, int want_w, int *y, int *x, int *h, int *w);
/* A field: its text in INPUT role, ending at the visible cursor when focused. */
void ui_draw_line(int y, int x, int w, ui_line *l, bool focus);
/* "key word" hints for a screen's main actions, from the action table. */
void ui_draw_hints(int y, int x, int w, int screen_bit, const ui_action *acts, size_t n);
/* A screen's own key bar on the footer line: " key word" pairs of acts in order, those that fit;
 * the last (help, which lists every key) always shows. */
void ui_draw_keybar(const ui *u, int screen_bit, const ui_action *acts, size_t n);
/* Shows text in a box at once (before a blocking call): the frame is not redrawn meanwhile. */
void ui_busy(const ui *u, const char *text);
/* The text cursor: hidden unless a focused field was drawn this frame. */
void ui_cursor_reset(void);
void ui_cursor_place(void);

/* Screens: each opens itself over the stack. */
extern const ui_screen ui_grid_screen, ui_edit_screen, ui_entries_screen, ui_form_screen,
    ui_picker_screen, ui_help_screen, ui_invoice_screen, ui_invline_screen, ui_invedit_screen,
    ui_invsend_screen;
void ui_edit_open(ui *u, int first_code);
void ui_entries_open(ui *u);                           /* the selected cell's */
/* The margin of spec in [from, to], or of a grid row's client/project in its week's month,
 * in the message line (ui_margin.c). */
void ui_margin_show(ui *u, const char *spec, tk_day from, tk_day to);
void ui_margin_row(ui *u, const week_row *r);
/* The selected row's margin line for the side panel, looked up again only when the row, the
 * month or the data change; NULL when there is none to show. */
const char *ui_row_margin(ui *u);
/* Over the entries screen, on its list (ui_entlist.h), which stays the entries screen's:
 * e, or a new entry on the cell when e is NULL. */
typedef struct ui_entlist ui_entlist;
void ui_form_open(ui *u, ui_entlist *ent, const tk_entry *e);
/* start: picking starts the timer and quits (tock pick; u->picked says what started). */
void ui_picker_open(ui *u, bool start);
void ui_help_open(ui *u);
void ui_invoice_open(ui *u);                           /* the selected row's client */
/* Over the invoice preview, on its draft (ui_invdraft.h), which stays the preview's. */
typedef struct ui_invdraft ui_invdraft;
void ui_invline_open(ui *u, ui_invdraft *inv);            /* the selected line's entries */
void ui_invedit_open(ui *u, ui_invdraft *inv, bool desc); /* its description, or date and terms */
void ui_invsend_open(ui *u, ui_invdraft *inv);            /* prepared: ask, then send */

/* The selected cell's entries (cached until the cell or the data change), or NULL. */
const tk_entry_list *ui_cell_notes(ui *u);

/* ui_team.c, ui_approvals.c — team mode: the week's state in the header, submitting it, and
 * a lead's approvals view with a member's grid read-only. */
extern const ui_screen ui_submit_screen, ui_approvals_screen, ui_reason_screen,
    ui_member_screen;
/* The approvals view, over the grid, for the week shown (the view owns its state). */
void ui_approvals_open(ui *u);
/* A member's week containing day on the grid, read-only, over the approvals view. */
void ui_member_open(ui *u, int64_t user_id, const char *login, tk_day day);
/* Whose grid is shown (you, or the member opened from the approvals view). */
int64_t ui_team_owner(const ui *u);
const char *ui_team_owner_login(const ui *u);
/* After a reload: the shown week's state and reason. */
void ui_team_reload(ui *u);
/* " · submitted (locked)", " · rejected: REASON", " · bob (read-only)" for the header. */
void ui_team_header(const ui *u, strbuf *sb);
/* The grid's keys in team mode: 1 when taken (submit, approvals, the read-only guard). */
int ui_team_grid_key(ui *u, ui_action a);
void ui_team_free(ui *u);

/* ui_retainer.c — the retainer-balance panel (and, when wide, the cell's notes below it). */
void ui_retainer_draw(ui *u);
/* Splits a bar of width w: cells of prepaid time used, and cells of overage. */
void ui_retainer_bar(const retainer_view *v, int w, int *used_cells, int *over_cells);

#endif
