"""The grid keeps each client's billing rules (rates, projects, retainers) between refreshes
while the data does not change, so moving between weeks reads no client again; a change made
elsewhere still shows at the next poll, in this week and in the others."""
from test_tui import TuiCase


class RulesKept(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("add", "acme", "2026-11-24", "2h")
        self.t.ok("add", "acme", "2026-11-17", "1h")

    def test_a_rate_set_elsewhere_shows_in_every_week(self):
        pane = self.open(cols=170)   # wide enough for the amounts
        pane.wait("200.00 EUR")
        pane.keys("[")               # the week before, billed on the rules already read
        pane.wait("100.00 EUR")
        pane.keys("]")
        pane.wait("200.00 EUR")
        self.t.ok("rate", "set", "acme", "standard", "150", "--from", "2026-11-01")
        pane.wait("300.00 EUR", what="the new rate at the next poll")
        pane.keys("[")
        pane.wait("150.00 EUR", what="the new rate in the week before")
        pane.wait_gone("100.00 EUR")


class DrawsKept(TuiCase):
    """The grid also keeps its retainer draws between weeks (which entry drew the prepaid
    hours, which one is overage): a change elsewhere draws the period again."""
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("retainer", "set", "acme", "--hours", "2", "--fee", "200",
                  "--overage-rate", "120", "--from", "2026-11-01")
        self.t.ok("add", "acme", "2026-11-17", "2h")   # draws the two prepaid hours
        self.t.ok("add", "acme", "2026-11-24", "1h")   # overage: 120.00

    def test_an_earlier_entry_removed_elsewhere_frees_the_hours(self):
        pane = self.open(cols=170)
        pane.wait("+1:00 over")
        pane.wait("120.00 EUR")
        pane.keys("[")               # the week before: the same period, drawn already
        pane.wait("Week 47")
        pane.keys("]")
        pane.wait("Week 48")
        pane.wait("120.00 EUR")
        (first,) = [e for e in self.t.json("log", "--from", "2026-11-16", "--to", "2026-11-22")
                    if e["date"] == "2026-11-17"]
        self.t.ok("rm", str(first["id"]))
        pane.wait("1:00 left", what="the panel drawn again at the next poll")
        pane.wait_gone("120.00 EUR")
        pane.keys("[")
        pane.wait("Week 47")
        pane.keys("]")
        pane.wait("Week 48")
        pane.wait("1:00 left")
        pane.wait_gone("120.00 EUR")
