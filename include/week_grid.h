/* week_grid.h — a week of entries as rows (client/project/tier, billable or not) × 7 days.
 * Pure. */
#ifndef TOCK_WEEK_GRID_H
#define TOCK_WEEK_GRID_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"
#include "util.h"

typedef struct week_row {
    char *client, *project, *tier;  /* project "" = none; tier "" = by the clock/standard */
    int64_t client_id, project_id;
    bool billable;                  /* a row holds billable or non-billable time, never both */
    bool running;                   /* the running timer is on this row */
    unsigned locked_days;           /* bit d: day d holds a locked (invoiced) entry */
    int64_t seconds[7];
    int64_t total;
    int64_t billed_seconds, amount_minor; /* filled by billing; 0 until then */
    char *currency;
    uint32_t hash, client_ix;       /* week_grid.c's own: its key's hash, its client's place */
} week_row;

typedef struct week_grid_client week_grid_client;   /* week_grid.c's own */

typedef struct week_grid {
    tk_day start;
    week_row **rows;                /* each row the grid's; in order after week_grid_sort */
    size_t nrows, cap;
    int64_t totals[7], total;
    int64_t billed_seconds, amount_minor;
    unsigned locked_days;           /* bit d: day d is in a submitted/approved week */
    int64_t bounds[8];              /* local midnights: day d is [bounds[d], bounds[d + 1]) */
    /* week_grid.c's own: */
    uint32_t *slots;                /* rows by client/project/tier: row index + 1, 0 = free */
    size_t nslots;
    uint64_t slots_era;             /* counts every change of slots (a week_grid_spot's check) */
    week_grid_client *clients;      /* the rows' clients, each once, in the order they came */
    size_t nclients, clients_cap;
    uint32_t *client_slots;         /* clients by id: their index + 1, 0 = free */
    size_t nclient_slots;
    TK_VEC(week_row *) blocks;      /* the rows, in blocks that never move */
    size_t block_size, block_left;  /* the last block's rows, and those still free */
    TK_VEC(char *) interned;        /* week_grid_intern's strings */
    str_pool strings;               /* the rows' strings (a busy week has thousands) */
} week_grid;

void week_grid_init(week_grid *g, tk_day start);
void week_grid_free(week_grid *g);
/* Adds an entry's seconds to its row, split across local days; time outside the week is
 * ignored. Returns the row. */
week_row *week_grid_add(week_grid *g, const tk_entry *e);
/* Where week_grid_find looked: week_grid_open of the same entry starts there while the
 * grid's index is as it was (else it looks again). */
typedef struct week_grid_spot {
    uint32_t hash;
    size_t slot;
    uint64_t era;
} week_grid_spot;
/* The three steps of week_grid_add, for a caller that names an entry only when its row is
 * new: the row of e's client, project, tier and billability, or NULL when there is none yet
 * (spot: where it looked); e's row made, named client and project (NULL or "": none), when
 * there is none (spot: week_grid_find's of e, or NULL); e's time added to its row r. */
week_row *week_grid_find(week_grid *g, const tk_entry *e, week_grid_spot *spot);
week_row *week_grid_open(week_grid *g, const tk_entry *e, const week_grid_spot *spot,
                         const char *client, const char *project);
void week_grid_put(week_grid *g, week_row *r, const tk_entry *e);
/* Adds the running timer's time from its start until now. */
week_row *week_grid_add_timer(week_grid *g, const tk_timer *t, int64_t now);
/* Finds a row of client/project/tier (billable or not), or creates a non-billable one (for an
 * empty row the user added). */
week_row *week_grid_row(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                        const char *project, const char *tier);
/* A copy of s owned by the grid (freed with it). */
char *week_grid_strdup(week_grid *g, const char *s);
/* s as the grid holds it once (freed with it): the same pointer for equal strings, e.g. a
 * row's currency (a week has a few currencies over a thousand rows). */
char *week_grid_intern(week_grid *g, const char *s);
/* The currency of r's client that week_grid_set_currency kept for another of its rows, or
 * NULL. */
char *week_grid_currency_of(const week_grid *g, const week_row *r);
/* Sets r's currency to s, interned, and keeps it for the other rows of r's client (a client
 * bills in one currency: a busy week's thousand rows of 200 clients look it up 200 times). */
void week_grid_set_currency(week_grid *g, week_row *r, const char *s);
/* Sorts rows by client, project, tier, billable before non-billable. */
void week_grid_sort(week_grid *g);
/* Appends a row's name as every view shows it: client[/project][ [tier]][ (non-billable)]. The
 * mark is in the words, not only in a colour, so the two rows of one project differ on any
 * terminal. */
void week_row_label(const week_row *r, strbuf *sb);

#endif
