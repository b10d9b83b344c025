"""The invoice screen of a taxed client shows the preview's net, tax and gross (issue 13)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_tui import TMUX  # noqa: E402
from test_tui_invoice import InvoiceScreen, money  # noqa: E402


@unittest.skipUnless(TMUX, "tmux is not installed")
class TaxedInvoiceScreen(InvoiceScreen):
    def test_total_row_shows_tax_and_gross(self):
        self.t.ok("tax", "add", "vat19", "--percent", "19", "--zoho-id", "460000000070001")
        self.t.ok("tax", "set", "acme", "vat19")
        doc = self.preview()
        self.assertGreater(doc["tax_minor"], 0)
        p = self.open_preview()
        self.wait_matches(p, doc, f"tax {money(doc['tax_minor'])}, gross {money(doc['gross_minor'])}")


# Only the test above here: the inherited ones run in test_tui_invoice.
for _name in [n for n in dir(InvoiceScreen) if n.startswith("test_")]:
    setattr(TaxedInvoiceScreen, _name, None)
del InvoiceScreen
