/* retainer_draw.c — how billed entries draw on a period's prepaid hours, first in first out,
 * and what their overage costs: each entry's share of the retainer invoice. */
#include "retainer.h"

int retainer_tier_cover(const tk_retainer *r, const tk_rate_card *card, const char *tier,
                        tk_tier_cover *out, tk_err *err)
{
    int32_t m = rate_card_permille(card, tier);
    if (m <= 0)
        m = 1000;
    out->covered = true;
    out->draw_permille = m;
    if (tk_muldiv_round(r->overage_minor, m, 1000, &out->overage_rate_minor))
        return tk_fail(err, "retainer: overage rate too large for tier %s", tier);
    return 0;
}

/* One part's draw: included and drawn hundredths, from *left. */
static int draw_part(tk_bill_part *p, const tk_tier_cover *c, int64_t *left, int64_t *drawn)
{
    int64_t need = 0, inc = 0;
    if (c->covered && p->quantity_centi > 0 &&
        tk_muldiv_round(p->quantity_centi, c->draw_permille, 1000, &need))
        return -1;
    if (!c->covered || p->quantity_centi <= 0)
        inc = 0;
    else if (need <= *left) {
        inc = p->quantity_centi;
    } else {
        /* What the rest pays for, rounded down: never more than it covers. */
        __extension__ typedef __int128 i128;
        inc = c->draw_permille > 0 ? (int64_t)((i128)*left * 1000 / c->draw_permille) : 0;
        if (inc > p->quantity_centi)
            inc = p->quantity_centi;
        need = *left;
    }
    if (inc == 0)
        need = 0;
    *left -= need;
    *drawn += need;
    p->included_centi = inc;
    p->drawn_centi = need;
    p->overage_rate_minor = c->overage_rate_minor;
    return tk_muldiv_round(c->overage_rate_minor, p->quantity_centi - inc, 100, &p->amount_minor);
}

int retainer_draw(tk_bill *const *bills, size_t n, tk_day period, retainer_cover_fn cover,
                  void *ctx, int64_t *left_centi, int64_t *drawn_centi, tk_err *err)
{
    int64_t drawn = 0;
    for (size_t i = 0; i < n; i++) {
        tk_bill *b = bills[i];
        if (!b->billable)
            continue;
        b->retainer = true;
        b->period = period;
        b->amount_minor = 0;
        for (int j = 0; j < b->nparts; j++) {
            tk_tier_cover c;
            if (cover(ctx, b->parts[j].tier, &c, err))
                return -1;
            if (draw_part(&b->parts[j], &c, left_centi, &drawn) ||
                tk_add64(b->amount_minor, b->parts[j].amount_minor, &b->amount_minor))
                return tk_fail(err, "retainer: overage too large");
        }
    }
    if (drawn_centi && tk_add64(*drawn_centi, drawn, drawn_centi))
        return tk_fail(err, "retainer: too many hours");
    return 0;
}
