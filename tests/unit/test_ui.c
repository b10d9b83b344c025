#include "test.h"
#include "ui.h"
#include "text.h"
#include "retainer_view.h"

#include <string.h>

/* The pure parts of the TUI: the action table, key labels, layout, the retainer bar. */

TEST(ui_action_keys_from_table)
{
    char buf[64];
    CHECK_STR(ui_action_keys(UI_ACT_LEFT, UI_SC_BIT_GRID, buf, sizeof buf), "h ←");
    CHECK_STR(ui_action_keys(UI_ACT_EDIT_CELL, UI_SC_BIT_GRID, buf, sizeof buf), "0-9 e =");
    /* Screens that take text do not list single characters: they are typed. */
    CHECK_STR(ui_action_keys(UI_ACT_UP, UI_SC_BIT_PICKER, buf, sizeof buf), "↑ Ctrl-P");
    CHECK_STR(ui_action_keys(UI_ACT_CLOSE, UI_SC_BIT_FORM, buf, sizeof buf), "Esc");
    CHECK_STR(ui_action_keys(UI_ACT_CLOSE, UI_SC_BIT_HELP, buf, sizeof buf), "Esc q");
}

TEST(ui_actions_every_one_documented)
{
    for (int a = 0; a < UI_ACT_COUNT; a++) {
        CHECK(ui_actions[a].name && *ui_actions[a].name);
        CHECK(ui_actions[a].keys && *ui_actions[a].keys);
        CHECK(ui_actions[a].help && *ui_actions[a].help);
        CHECK(ui_actions[a].screens != 0);
    }
}

TEST(ui_keys_dispatch)
{
    ui_keys_init();
    CHECK_INT(ui_key_action(UI_SC_BIT_GRID, 'q'), UI_ACT_QUIT);
    CHECK_INT(ui_key_action(UI_SC_BIT_GRID, '7'), UI_ACT_EDIT_CELL);
    CHECK_INT(ui_key_action(UI_SC_BIT_GRID, ' '), UI_ACT_TIMER);
    CHECK_INT(ui_key_action(UI_SC_BIT_GRID, '['), UI_ACT_WEEK_PREV);
    CHECK_INT(ui_key_action(UI_SC_BIT_GRID, 'L'), UI_ACT_WEEK_NEXT);
    CHECK_INT(ui_key_action(UI_SC_BIT_ENTRIES, 'a'), UI_ACT_ENTRY_ADD);
    CHECK_INT(ui_key_action(UI_SC_BIT_ENTRIES, '\r'), UI_ACT_ENTRY_EDIT);
    CHECK_INT(ui_key_action(UI_SC_BIT_PICKER, 'q'), UI_ACT_NONE); /* typed into the filter */
    CHECK_INT(ui_key_action(UI_SC_BIT_PICKER, 27), UI_ACT_CLOSE);
    CHECK_INT(ui_key_action(UI_SC_BIT_FORM, '\t'), UI_ACT_FIELD_NEXT);
    CHECK_INT(ui_key_action(UI_SC_BIT_EDIT, 127), UI_ACT_ERASE);
}

TEST(ui_line_utf8_erase)
{
    ui_line l = { 0 };
    ui_line_set(&l, "");
    ui_line_key(&l, UI_ACT_NONE, 0x6771); /* 東 */
    ui_line_key(&l, UI_ACT_NONE, 'a');
    CHECK_STR(ui_line_str(&l), "東a");
    ui_line_key(&l, UI_ACT_ERASE, 127);
    ui_line_key(&l, UI_ACT_ERASE, 127);
    CHECK_STR(ui_line_str(&l), "");
    ui_line_key(&l, UI_ACT_ERASE, 127);
    CHECK_INT(l.text.len, 0);
    ui_line_free(&l);
}

/* A line keeps every character however long, and edits at its cursor. */
TEST(ui_line_long_and_cursor)
{
    ui_line l = { 0 };
    strbuf want = { 0 };
    for (int i = 0; i < 300; i++)
        sb_add(&want, "ü");
    ui_line_set(&l, sb_str(&want));
    CHECK_INT(l.text.len, 600);
    ui_line_key(&l, UI_ACT_NONE, 'x');                 /* at the end */
    sb_addc(&want, 'x');
    CHECK_STR(ui_line_str(&l), sb_str(&want));
    ui_line_key(&l, UI_ACT_LINE_START, 0);
    ui_line_key(&l, UI_ACT_CURSOR_RIGHT, 0);
    ui_line_key(&l, UI_ACT_NONE, 0x6771);              /* ü東ü… */
    ui_line_key(&l, UI_ACT_ERASE_NEXT, 0);             /* drops the second ü, whole */
    CHECK_INT(l.text.len, 600 - 2 + 3 + 1);
    CHECK(!strncmp(ui_line_str(&l), "ü東üü", 9));
    ui_line_key(&l, UI_ACT_ERASE, 127);
    CHECK(!strncmp(ui_line_str(&l), "üüü", 6));
    CHECK(text_valid_utf8(ui_line_str(&l)));
    /* Shown in 10 columns: the cursor stays inside, with "…" where text is cut. */
    bool cut;
    int col;
    ui_line_key(&l, UI_ACT_LINE_END, 0);
    const char *s = ui_line_visible(&l, 10, &cut, &col);
    CHECK(cut);
    CHECK_INT(col, 9);
    CHECK_INT(text_width(s), 8);
    ui_line_key(&l, UI_ACT_LINE_START, 0);
    s = ui_line_visible(&l, 10, &cut, &col);
    CHECK(!cut);
    CHECK_INT(col, 0);
    for (int i = 0; i < 20; i++)
        ui_line_key(&l, UI_ACT_CURSOR_RIGHT, 0);
    s = ui_line_visible(&l, 10, &cut, &col);
    CHECK(cut);
    CHECK(col >= 1 && col <= 8);
    sb_free(&want);
    ui_line_free(&l);
}

TEST(ui_layout_sizes)
{
    static ui u; /* zeroed: no rows, no retainers */
    ui_layout_compute(&u, 10, 40);
    CHECK(u.lay.too_small);
    ui_layout_compute(&u, 24, 80);
    CHECK(!u.lay.too_small);
    CHECK(!u.lay.panel);
    CHECK(u.lay.grid_w <= 80);
    CHECK(u.lay.bars_y < u.lay.status_y);
    CHECK_INT(u.lay.footer_y, 23);
    retainer_view v[1] = { { 0 } };
    u.rv.items = v;
    u.rv.len = 1;
    ui_layout_compute(&u, 40, 120);
    CHECK(u.lay.panel && u.lay.panel_beside);
    CHECK(u.lay.grid_w < u.lay.panel_x);
    ui_layout_compute(&u, 24, 80);
    CHECK(u.lay.panel && !u.lay.panel_beside);
    CHECK(u.lay.panel_y > u.lay.bars_y);
    CHECK(u.lay.panel_y + u.lay.panel_h <= u.lay.status_y);
    u.rv.items = NULL;
    u.rv.len = 0;
    /* Wide: money per row, and a side panel (notes) even without retainers, using every column. */
    ui_layout_compute(&u, 50, 200);
    CHECK(u.lay.wide && u.lay.money_w > 0);
    CHECK(u.lay.panel && u.lay.panel_beside);
    CHECK_INT(u.lay.panel_x + u.lay.panel_w, 200);
    CHECK_INT(u.lay.grid_w + 2, u.lay.panel_x);
    ui_layout_compute(&u, 24, 80);
    CHECK(!u.lay.wide && !u.lay.money_w && !u.lay.panel);
}

TEST(ui_retainer_bar_split)
{
    int used, over;
    retainer_view half = { .prepaid = 20 * 3600, .used = 10 * 3600, .remaining = 10 * 3600 };
    ui_retainer_bar(&half, 20, &used, &over);
    CHECK_INT(used, 10);
    CHECK_INT(over, 0);
    retainer_view tiny = { .prepaid = 100 * 3600, .used = 60 };
    ui_retainer_bar(&tiny, 20, &used, &over);
    CHECK_INT(used, 1); /* any use shows */
    retainer_view beyond = { .prepaid = 10 * 3600, .used = 15 * 3600, .overage = 5 * 3600 };
    ui_retainer_bar(&beyond, 30, &used, &over);
    CHECK_INT(used, 20);
    CHECK_INT(over, 10);
    retainer_view none = { 0 };
    ui_retainer_bar(&none, 30, &used, &over);
    CHECK_INT(used + over, 0);
}
