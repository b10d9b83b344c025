/* ui_actions.h — every action of the full-screen UI, once: its name, default keys, the screens
 * it works on, its footer label and its help line. Key dispatch (ui_keys.c), the `?` overlay
 * (ui_help.c), the footer (ui_grid.c) and the man page's key list (tools/keydoc.c) all come
 * from this table. No curses here: keys are named ("q", "<Left>", "<C-l>") and ui_keys.c turns
 * the names into key codes.
 *
 * Key names: one character; <Left> <Right> <Up> <Down> <PgUp> <PgDn> <Home> <End> <Enter>
 * <Esc> <Space> <Tab> <BTab> <BS> <Del>; <C-x> for Ctrl-x; <digit> for 0-9 and '.'. */
#ifndef TOCK_UI_ACTIONS_H
#define TOCK_UI_ACTIONS_H

#include <stdio.h>

/* Screens: S(id, title, takes_text). A screen that takes text (the cell editor, the entry form,
 * the picker's filter) gets printable characters before any binding, so its single-character
 * keys are not listed for it. */
#define UI_SCREENS(S) \
    S(GRID, "Weekly grid", 0) \
    S(EDIT, "Cell editor (type 1:30, 90m or 1.5h)", 1) \
    S(ENTRIES, "Entries of a cell", 0) \
    S(FORM, "Entry form (time: 1:30 or 09:00-10:30)", 1) \
    S(INVOICE, "Invoice preview", 0) \
    S(INVLINE, "Entries behind an invoice line", 0) \
    S(INVEDIT, "Invoice description, date and terms", 1) \
    S(INVSEND, "Confirm sending to Zoho", 0) \
    S(SUBMIT, "Submit the week", 0) \
    S(APPROVALS, "Approvals (leads)", 0) \
    S(REASON, "Reason for rejecting or reopening", 1) \
    S(PICKER, "Add a row (type to filter)", 1) \
    S(HELP, "This help", 0)

enum ui_screen_bit {
#define UI_SCREEN_BIT(id, title, text) UI_SC_BIT_##id,
    UI_SCREENS(UI_SCREEN_BIT)
#undef UI_SCREEN_BIT
    UI_SC_COUNT
};

#define UI_SC_GRID (1u << UI_SC_BIT_GRID)
#define UI_SC_EDIT (1u << UI_SC_BIT_EDIT)
#define UI_SC_ENTRIES (1u << UI_SC_BIT_ENTRIES)
#define UI_SC_FORM (1u << UI_SC_BIT_FORM)
#define UI_SC_PICKER (1u << UI_SC_BIT_PICKER)
#define UI_SC_HELP (1u << UI_SC_BIT_HELP)
#define UI_SC_INVOICE (1u << UI_SC_BIT_INVOICE)
#define UI_SC_INVLINE (1u << UI_SC_BIT_INVLINE)
#define UI_SC_INVEDIT (1u << UI_SC_BIT_INVEDIT)
#define UI_SC_INVSEND (1u << UI_SC_BIT_INVSEND)
#define UI_SC_SUBMIT (1u << UI_SC_BIT_SUBMIT)
#define UI_SC_APPROVALS (1u << UI_SC_BIT_APPROVALS)
#define UI_SC_REASON (1u << UI_SC_BIT_REASON)
#define UI_SC_LISTS (UI_SC_ENTRIES | UI_SC_PICKER | UI_SC_HELP | UI_SC_INVLINE | UI_SC_APPROVALS)
#define UI_SC_TEXT (UI_SC_EDIT | UI_SC_FORM | UI_SC_PICKER | UI_SC_INVEDIT | UI_SC_REASON)
#define UI_SC_ALL ((1u << UI_SC_COUNT) - 1)

/* A(id, name, keys, screens, footer label or NULL, help) — footer labels appear in table order. */
#define UI_ACTIONS(A) \
    A(QUIT, "quit", "q", UI_SC_GRID, "quit", "quit (a running timer keeps running)") \
    A(HELP, "help", "?", UI_SC_GRID | UI_SC_ENTRIES | UI_SC_HELP | UI_SC_INVOICE | UI_SC_APPROVALS, "help", "show or hide this help") \
    A(TIMER, "timer", "<Space> s", UI_SC_GRID, "timer", "start or stop the timer on this row") \
    A(EDIT_CELL, "edit-cell", "<digit> e =", UI_SC_GRID, "set", "set this cell's total: type 1:30, 90m or 1.5h") \
    A(CELL_ENTRIES, "entries", "<Enter>", UI_SC_GRID, "cell", "list this cell's entries (add, edit, delete)") \
    A(ADD_ROW, "add-row", "a", UI_SC_GRID, "add", "add a client/project row (picker)") \
    A(INVOICE, "invoice", "i", UI_SC_GRID, "invoice", "preview the invoice of this row's client (this month)") \
    A(UNDO, "undo", "u", UI_SC_GRID | UI_SC_ENTRIES, "undo", "undo the last change: a cell, an entry, a timer start or stop") \
    A(SUBMIT, "submit", "S", UI_SC_GRID, NULL, "submit this week for approval (asks first; it locks)") \
    A(APPROVALS, "approvals", "A", UI_SC_GRID, NULL, "the team's weeks: approve, reject, open a member's grid (leads)") \
    A(WEEK_PREV, "week-prev", "[ H", UI_SC_GRID | UI_SC_APPROVALS, "prev", "previous week") \
    A(WEEK_NEXT, "week-next", "] L", UI_SC_GRID | UI_SC_APPROVALS, "next", "next week") \
    A(TODAY, "today", "t", UI_SC_GRID, "today", "jump to today") \
    A(LEFT, "left", "h <Left>", UI_SC_GRID, NULL, "previous day") \
    A(RIGHT, "right", "l <Right>", UI_SC_GRID, NULL, "next day") \
    A(UP, "up", "k <Up> <C-p>", UI_SC_GRID | UI_SC_LISTS | UI_SC_INVOICE, NULL, "previous row") \
    A(DOWN, "down", "j <Down> <C-n>", UI_SC_GRID | UI_SC_LISTS | UI_SC_INVOICE, NULL, "next row") \
    A(PAGE_UP, "page-up", "<PgUp> <C-b>", UI_SC_GRID | UI_SC_LISTS | UI_SC_INVOICE, NULL, "a page up") \
    A(PAGE_DOWN, "page-down", "<PgDn> <C-f>", UI_SC_GRID | UI_SC_LISTS | UI_SC_INVOICE, NULL, "a page down") \
    A(FIRST, "first", "g <Home>", UI_SC_GRID | UI_SC_LISTS, NULL, "first row") \
    A(LAST, "last", "G <End>", UI_SC_GRID | UI_SC_LISTS, NULL, "last row") \
    A(ENTRY_ADD, "entry-add", "a", UI_SC_ENTRIES, NULL, "add an entry on this cell") \
    A(ENTRY_EDIT, "entry-edit", "<Enter> e", UI_SC_ENTRIES, NULL, "edit the entry (time, tier, note)") \
    A(ENTRY_DELETE, "entry-delete", "d x <Del>", UI_SC_ENTRIES, NULL, "delete the entry") \
    A(INV_TOGGLE, "inv-toggle", "<Space> x", UI_SC_INVOICE, NULL, "leave the line out of the invoice, or put it back") \
    A(INV_DESC, "inv-describe", "e", UI_SC_INVOICE, NULL, "edit the line's description") \
    A(INV_GROUP, "inv-group", "g", UI_SC_INVOICE, NULL, "group lines by project+tier, project, tier, day, entry or ticket") \
    A(INV_RANGE, "inv-range", "r", UI_SC_INVOICE, NULL, "this month, last month, the current or the last sprint") \
    A(INV_TERMS, "inv-terms", "d", UI_SC_INVOICE, NULL, "set the invoice date and payment terms") \
    A(INV_ENTRIES, "inv-entries", "<Enter>", UI_SC_INVOICE, NULL, "list the entries behind the line") \
    A(INV_SUBMIT, "inv-submit", "S", UI_SC_INVOICE, NULL, "send the invoice to Zoho (asks first)") \
    A(MARGIN, "margin", "m", UI_SC_GRID | UI_SC_INVOICE, NULL, "margin of the row's project this month, or of the invoice's client") \
    A(INV_YES, "inv-yes", "y Y", UI_SC_INVSEND, NULL, "yes, create the invoice in Zoho") \
    A(INV_NO, "inv-no", "n N", UI_SC_INVSEND, NULL, "no, send nothing") \
    A(SUBMIT_YES, "submit-yes", "y Y", UI_SC_SUBMIT, NULL, "yes, submit the week") \
    A(SUBMIT_NO, "submit-no", "n N", UI_SC_SUBMIT, NULL, "no, keep it open") \
    A(APPROVE, "approve", "a", UI_SC_APPROVALS, NULL, "approve the member's submitted week") \
    A(REJECT, "reject", "r", UI_SC_APPROVALS, NULL, "reject it, with a reason") \
    A(REOPEN, "reopen", "o", UI_SC_APPROVALS, NULL, "reopen a submitted or approved week, with a reason") \
    A(VIEW_GRID, "view-grid", "<Enter>", UI_SC_APPROVALS, NULL, "open the member's grid, read-only (q comes back)") \
    A(PICK, "pick", "<Enter>", UI_SC_PICKER, NULL, "add the chosen row") \
    A(PICK_TIER, "pick-tier", "<Tab>", UI_SC_PICKER, NULL, "cycle the row's tier") \
    A(FIELD_NEXT, "field-next", "<Tab> <Down>", UI_SC_FORM | UI_SC_INVEDIT, NULL, "next field") \
    A(FIELD_PREV, "field-prev", "<BTab> <Up>", UI_SC_FORM | UI_SC_INVEDIT, NULL, "previous field") \
    A(CONFIRM, "confirm", "<Enter>", UI_SC_EDIT | UI_SC_FORM | UI_SC_INVEDIT | UI_SC_REASON, NULL, "save") \
    A(ERASE, "erase", "<BS>", UI_SC_TEXT, NULL, "erase the character before the cursor") \
    A(ERASE_NEXT, "erase-next", "<Del> <C-d>", UI_SC_TEXT, NULL, "erase the character under the cursor") \
    A(CURSOR_LEFT, "cursor-left", "<Left>", UI_SC_TEXT, NULL, "move the cursor left (a long field scrolls sideways, cut ends marked)") \
    A(CURSOR_RIGHT, "cursor-right", "<Right>", UI_SC_TEXT, NULL, "move the cursor right") \
    A(LINE_START, "line-start", "<Home> <C-a>", UI_SC_EDIT | UI_SC_FORM | UI_SC_INVEDIT, NULL, "cursor to the start of the field") \
    A(LINE_END, "line-end", "<End> <C-e>", UI_SC_EDIT | UI_SC_FORM | UI_SC_INVEDIT, NULL, "cursor to the end of the field") \
    A(CLEAR, "clear", "<C-u>", UI_SC_TEXT, NULL, "clear the field") \
    A(CLOSE, "close", "<Esc> q", UI_SC_ENTRIES | UI_SC_HELP | UI_SC_TEXT | UI_SC_INVOICE | UI_SC_INVLINE | UI_SC_INVSEND | UI_SC_SUBMIT | UI_SC_APPROVALS, NULL, "close or cancel") \
    A(REDRAW, "redraw", "<C-l>", UI_SC_ALL, NULL, "redraw the screen")

typedef enum ui_action {
#define UI_ACTION_ENUM(id, name, keys, screens, footer, help) UI_ACT_##id,
    UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
    UI_ACT_COUNT,
    UI_ACT_NONE = -1
} ui_action;

typedef struct ui_action_info {
    const char *name, *keys;
    unsigned screens;
    const char *footer, *help;
} ui_action_info;

typedef struct ui_screen_info {
    const char *title;
    int takes_text;
} ui_screen_info;

extern const ui_action_info ui_actions[UI_ACT_COUNT];
extern const ui_screen_info ui_screens[UI_SC_COUNT];

/* Writes how a key name reads on screen and in the docs ("<Left>" → "←", "<C-u>" → "Ctrl-U",
 * "<digit>" → "0-9"). Returns buf (size ≥ 16). */
const char *ui_key_label(const char *name, size_t len, char *buf, size_t size);
/* The keys of action a that work on screen bit s, as labels joined by " ", into buf.
 * Single characters are left out on screens that take text. Returns buf. */
const char *ui_action_keys(ui_action a, int screen_bit, char *buf, size_t size);
/* The key list in man(7) form, for tock.1 (tools/keydoc.c puts it between the KEYS markers). */
void ui_actions_write_man(FILE *f);

#endif
