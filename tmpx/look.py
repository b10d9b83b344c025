import sys, time
sys.path.insert(0, "/work/wt/tui14/tests")
from tockenv import Tock
from test_tui import Pane
t = Tock(now="2026-11-25T15:00:00")
t.ok("client", "add", "acme", "--name", "Acme Corporation International")
t.ok("project", "add", "acme/web", "--name", "Website relaunch")
t.ok("rate", "set", "acme", "standard", "150")
t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "120", "--from", "2026-11-01")
t.ok("client", "add", "zürich-ag", "--name", "Zürich AG")
t.ok("sprint", "add", "acme", "Sprint 12 long name", "--from", "2026-11-16", "--to", "2026-11-29")
for d, n in (("23", "design review of the checkout flow with the whole team"), ("24", "implementing the payment provider integration"), ("25", "bug fixing")):
    t.ok("add", "acme/web", f"2026-11-{d}", "2h", "-m", n)
t.ok("add", "zürich-ag", "2026-11-24", "1h")
t.ok("start", "zürich-ag", "--at", "14:00")
cols, rows = int(sys.argv[1]), int(sys.argv[2])
p = Pane(t, cols=cols, rows=rows)
p.wait("Total", timeout=10)
keys = sys.argv[3:]
for k in keys:
    if k.startswith("type:"):
        p.type(k[5:])
    else:
        p.keys(k)
    time.sleep(0.4)
print(p.screen())
p.kill()
t.cleanup()
