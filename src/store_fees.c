/* store_fees.c — which retainer periods' fees an invoice bills (schema step 6). */
#include "store_impl.h"

int store_invoice_fees_set(store *st, int64_t invoice_id, const tk_day *periods, size_t n,
                           tk_err *err)
{
    static const char del[] = "DELETE FROM invoice_fees WHERE invoice_id = ?1";
    static const char ins[] = "INSERT OR IGNORE INTO invoice_fees(invoice_id, period) VALUES (?1, ?2)";
    sqlite3_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, invoice_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, err, "recording an invoice's retainer fees");
    for (size_t i = 0; i < n; i++) {
        if (!(s = store_prep(st, ins, err)))
            return -1;
        sqlite3_bind_int64(s, 1, invoice_id);
        store_bind_day(s, 2, periods[i]);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return store_fail(st, err, "recording an invoice's retainer fees");
    }
    return 0;
}
