"""What each chapter's analyses rely on in the world: rendered at the end of datasets/README.md.

One entry per chapter: ``(analysis, planted structure, strength on the default worlds)``.
The strengths are measured on the default worlds (seed 2026, 5,000 customers, en_US / zh_CN)
and asserted on several seeds and both locales by ``tests/test_ch06_claims.py``.

>>> RELIES_ON["06"][0][0]
'Business status: win rate'
"""

from __future__ import annotations

__all__ = ["NOTES", "RELIES_ON"]

RELIES_ON: dict[str, list[tuple[str, str, str]]] = {
    "06": [
        ("Business status: win rate",
         "opportunities won ÷ closed, by account size",
         "28.9% / 29.6% of closed deals won; small accounts 15% to 45% on every tested world"),
        ("Operating status: deteriorating accounts",
         "truth/credit.financial_trend = declining: revenue and margin fall, debt ratio rises",
         "the three-signs rule finds 98% / 96% of declining accounts, 90% / 89% of those it "
         "flags decline, no growing account flagged"),
        ("Credit status: credit quality → late payment",
         "truth/credit.credit_score drives late payment and write-offs",
         "weaker half of accounts late 2.30 / 2.95 times as often as the stronger half "
         "(71.8% vs 31.2%; 54.6% vs 18.5%); debt ratio > 0.6 late 1.21 / 1.43 times as often"),
        ("Correlation: income ↔ spending",
         "hidden wealth raises both income and spending",
         "Pearson r of the logs 0.419 / 0.422 (tested range 0.3 to 0.6)"),
        ("Correlation is not causation",
         "the behavioural segment (truth/segments) drives both income and spending",
         "within segments r falls to 0.177 / 0.193, less than half"),
        ("Prediction: seasonality and festivals",
         "calendar day weights: festivals and holiday seasons",
         "largest seasonal index 1.17 in December (en_US), 1.31 in January (zh_CN, Spring "
         "Festival); a festival month peaks on every tested world"),
    ],
}

NOTES: dict[str, str] = {
    "06": "The confounder for \"correlation is not causation\" is today the behavioural "
    "segment, which only the answer key (truth/segments) shows; an observable confounder is "
    "to be planted by the world.",
}


def render_relies(add) -> None:
    """Append one section per chapter: each analysis, its planted structure and strength."""
    for chapter, rows in RELIES_ON.items():
        add(f"## Chapter {chapter} relies on")
        add("")
        add("Measured on the default worlds (seed 2026, 5,000 customers), en_US / zh_CN.")
        add("")
        add("| analysis | planted structure | strength |")
        add("|---|---|---|")
        for row in rows:
            add("| " + " | ".join(row) + " |")
        add("")
        if chapter in NOTES:
            add(NOTES[chapter])
            add("")
