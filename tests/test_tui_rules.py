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
