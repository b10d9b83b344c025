/* invoice_line.h — private to invoice*.c: adding lines to an invoice under construction. */
#ifndef TOCK_INVOICE_LINE_H
#define TOCK_INVOICE_LINE_H

#include "invoice.h"

/* Entry ids of a line while it is being built. */
typedef TK_VEC(int64_t) inv_ids;

/* Appends an empty line of this kind taking ownership of description; returns it (valid until
 * the next inv_add_line). */
tk_inv_line *inv_add_line(tk_invoice *inv, inv_line_kind kind, char *description);

/* Adds one entry's share to a line: seconds, hundredths, amount, its id and its day. -1 on
 * overflow. */
int inv_line_take(tk_inv_line *l, inv_ids *ids, int64_t entry_id, tk_day day, int64_t seconds,
                  int64_t centi, int64_t amount);

/* Sets what Zoho is sent, sorted unique ids (taking ids' memory), and adds the amount to the
 * total (a fee: quantity 100, amount its rate). -1 with err on overflow. */
int inv_line_finish(tk_invoice *inv, tk_inv_line *l, inv_ids *ids, tk_err *err);

/* The retainer lines of one period: fee, included, overage. entries are the period's. */
int inv_build_retainer(tk_invoice *inv, const tk_retainer_status *s,
                       const tk_inv_entry *const *entries, size_t n, tk_err *err);

/* The hourly lines, grouped. entries are billable, in chronological order. */
int inv_build_hourly(tk_invoice *inv, inv_grouping g, int exponent,
                     const tk_inv_entry *const *entries, size_t n, tk_err *err);

#endif
