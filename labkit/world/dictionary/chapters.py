"""What each chapter's analyses rely on in the world, with the strength measured.

Each row names an analysis of the chapter, the planted structure it needs, its strength
on the default worlds (seed 2026, 5,000 customers; en_US / zh_CN) and the test that
asserts it on seeds 2026, 7 and 11 in both locales. The README renders it as "Chapter NN
relies on" (:func:`labkit.world.dictionary.render.render_data_dictionary`).

>>> RELIES_ON["05"].title
'Analysing consumers'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RELIES_ON", "Reliance"]

CONSUMERS = "tests/test_world_consumers.py"
ACCOUNTS = "tests/test_ch06_claims.py"
MINING = "tests/test_ch08_claims.py"
CLAIMS_09 = "tests/test_ch09_claims.py"
FEEDBACK = "tests/test_ch10_claims.py"
FACTS = "tests/test_stylised_facts.py"
PORTRAITS = "tests/test_portrait.py"


@dataclass(frozen=True)
class Reliance:
    """A chapter's analyses and what each relies on: (analysis, structure, strength, test)."""

    title: str
    rows: tuple[tuple[str, str, str, str], ...]
    note: str = ""


RELIES_ON: dict[str, Reliance] = {
    "05": Reliance(
        "Analysing consumers",
        (
            ("consumption behaviour: festivals (1.1)",
             "festival days lift orders over a median day of their year",
             "orders ÷ median day, median over the years: Black Friday 3.45, Cyber Monday "
             "3.48 / 双11 3.02, 618 2.25, 双12 1.50; asserted: the main festival ≥ 2.5, every "
             "festival ≥ 1.3, 双12 the weakest; the online lift ÷ the stores' lift is a "
             "stylised fact (double_11_online_lift, cyber_monday_online_lift)",
             f"{CONSUMERS}, {FACTS}"),
            ("characteristics: lifestyle (2)",
             "pet owners spend on pet supplies, the others hardly at all",
             "pet supplies' share of spending: owners 27.1% vs others 0.1% / 25.3% vs 0.1% "
             "(owners 24-30% over the seeds); asserted ≥ 15% vs ≤ 1%",
             CONSUMERS),
            ("loyalty: repurchase (3)",
             "a minority of buyers come back",
             "repurchase rate over the whole window 46.0% / 44.3%; the 12-month repurchase "
             "rate and the one-time buyers' share are stylised facts (repurchase_12m, "
             "one_time_buyers)",
             FACTS),
            ("loyalty: NPS by member tier (3)",
             "no reliable NPS difference between member tiers (what the chapter says)",
             "gold + platinum minus bronze: +7.6 / +5.6 points, within 2 standard errors "
             "(±14.0 / ±14.3; -3.6 to +7.6 over the seeds); asserted within 2 standard errors",
             CONSUMERS),
            ("attention: browsing predicts the next purchase (4)",
             "the category viewed most in the 7 days before an online order's day is in it",
             "hit rate 89.2% vs 21.5% guessing the most viewed category (186 orders) / 91.6% "
             "vs 30.2% (179 orders); asserted ≥ 75% and ≥ 2.5× the guess",
             f"{CONSUMERS}, tests/test_world_marketing.py"),
            ("value: Pareto curve (5), questions 05.q18-q19",
             "the top 20% of buyers bring about four fifths of revenue",
             "81.4% / 84.8% (80.9-86.0% over the seeds); asserted 80-90%, so the 80/20 "
             "answer is True and ranking orders (57-64%) gives False",
             CONSUMERS),
            ("judgement: the channel with the largest orders, questions 05.q16-q17",
             "online orders are the largest, store orders the most numerous",
             "online's average order value ÷ the next channel's 1.20 / 1.08 (≥ 1.05 over the "
             "seeds); store orders ÷ the next channel's 1.14 / 1.16; asserted ≥ 1.03 and "
             "≥ 1.05",
             CONSUMERS),
        ),
    ),
    "06": Reliance(
        "Analysing business accounts; analysis methods",
        (
            ("business status: win rate",
             "opportunities won ÷ closed, by account size",
             "28.9% / 29.6% of closed deals won; small accounts 15% to 45% on every tested world",
             f"{ACCOUNTS}, {FACTS}"),
            ("operating status: deteriorating accounts",
             "truth/credit.financial_trend = declining: revenue and margin fall, debt ratio rises",
             "the three-signs rule finds 98% / 96% of declining accounts, 90% / 89% of those it "
             "flags decline, no growing account flagged",
             ACCOUNTS),
            ("credit status: credit quality → late payment",
             "truth/credit.credit_score drives late payment and write-offs",
             "weaker half of accounts late 2.30 / 2.95 times as often as the stronger half "
             "(71.8% vs 31.2%; 54.6% vs 18.5%); debt ratio > 0.6 late 1.21 / 1.43 times as often",
             f"{ACCOUNTS}, tests/test_world_business.py"),
            ("correlation: income ↔ spending",
             "hidden wealth raises both income and spending",
             "Pearson r of the logs 0.419 / 0.422 (tested range 0.3 to 0.6)",
             ACCOUNTS),
            ("correlation is not causation",
             "the behavioural segment (truth/segments) drives both income and spending",
             "within segments r falls to 0.177 / 0.193, less than half",
             ACCOUNTS),
            ("prediction: seasonality and festivals",
             "calendar day weights: festivals and holiday seasons",
             "largest seasonal index 1.17 in December (en_US), 1.31 in January (zh_CN, Spring "
             "Festival); a festival month peaks on every tested world",
             ACCOUNTS),
        ),
        note="The confounder for \"correlation is not causation\" is today the behavioural "
        "segment, which only the answer key (truth/segments) shows; an observable confounder is "
        "to be planted by the world.",
    ),
    "07": Reliance(
        "Customer portraits",
        (
            ("characteristic analysis: clusters recover the segments (2.3), questions "
             "07.q6-q8",
             "truth/segments: five behavioural segments that differ in spend, channel, "
             "discount and browsing",
             "k-means (k = 5) on the ten behaviour features of the customers with 2+ orders, "
             "log and scaled: adjusted Rand index 0.748 / 0.805 (0.68-0.81 over seeds 2026, 7, 11 "
             "and 13); "
             "asserted ≥ 0.65 on seeds 2026, 7 and 11 in both locales",
             PORTRAITS),
            ("why RFM alone does not find them (2.3)",
             "bargain, occasional and browser segments share recency, frequency and spend",
             "k-means on recency, frequency and monetary alone: adjusted Rand index 0.075 / "
             "0.078 (0.071-0.087 over the seeds); asserted ≤ 0.15 and under a fifth of the "
             "behaviour features' index",
             PORTRAITS),
            ("reading the clusters: one signature feature each (2.3)",
             "each segment has its own mark: spend, store orders, discounts, phone orders, "
             "browsing",
             "the cluster named by its signature holds mostly its planted segment on every "
             "tested world (VIP → vip, store regular → loyal, deal hunter → bargain, phone "
             "buyer → occasional, web browser → browser)",
             PORTRAITS),
        ),
    ),
    "08": Reliance(
        "Data mining",
        (
            ("segmentation: methods compared (1)",
             "truth/segments: five behavioural segments, visible in RFM, order mix, channels "
             "and browsing",
             "adjusted Rand index on customers with 2+ orders: k-means 0.748 / 0.805, "
             "hierarchical (Ward) 0.579 / 0.785, Gaussian mixture (diag) 0.536 / 0.429, "
             "chapter 05's RFM rules 0.029 / 0.029 (k-means 0.68-0.81, RFM ≤ 0.03 over the "
             "seeds); asserted k-means ≥ 0.6, RFM < 0.15",
             f"{MINING}, tests/test_world.py"),
            ("behaviour prediction: churn (2)",
             "truth/churn.churned and the ceilings reachable_probability, "
             "segment_known_probability, rates_known_probability, churn_probability",
             "logistic regression trained at as_of - 90 days, scored at as_of: AUC 0.795 / "
             "0.783 against the reachable ceiling (the same data, the world's law known) 0.805 "
             "/ 0.789 (gap 0.006-0.026 over the seeds); knowing the segment 0.823 / 0.809, each "
             "customer's own rates 0.852 / 0.840, who has dropped out 0.936 / 0.932; the leaky "
             "recency gives a validation AUC of 1.00; asserted AUC ≥ 0.75, reachable - 0.05 ≤ "
             "AUC ≤ reachable + 0.01 and reachable < segment < rates < hidden known",
             f"{MINING}, tests/test_ceilings.py, tests/test_world.py"),
            ("precision marketing: uplift by recency (3)",
             "truth/uplift: campaigns move the customers lapsed 3-6 months most",
             "contacted minus held-out purchase rate, last order 91-180 days before the "
             "campaign: +8.4 / +9.7 points (planted 8.7 / 10.4), the largest band on every "
             "tested world, as planted; asserted the measured and planted rankings agree",
             f"{MINING}, tests/test_world_marketing.py"),
            ("association rules: bundles (4)",
             "truth/bundles: five product bundles bought together",
             "smallest lift inside each bundle ≥ 6.9 on every tested world (default worlds "
             "8.0-79.6 / 7.6-21.8); the rule recommender's hit rate (top 3) 0.221 / 0.250 "
             "vs the most popular products' 0.175 / 0.176; asserted every bundle ≥ 3 and "
             "rules > popularity",
             f"{MINING}, tests/test_world.py"),
        ),
        note="The churn ceilings below the hidden state are posterior churn chances under the "
        "world's law for what each knows (labkit.world.generator.ceilings); they are "
        "calibrated (tested against a simulation of the purchase process and on a "
        "40,000-customer world). The "
        "model is 0.006-0.026 below the reachable ceiling on the eight tested worlds and "
        "-0.002-0.032 on eight more.",
    ),
    "09": Reliance(
        "Lifecycle, value and loyalty",
        (
            ("lifecycle stages and their transitions (1)",
             "most customers of a nine-year-old business have stopped buying; a minority buys "
             "often",
             "stages at as_of: lost 4,002 / 4,014 of 5,000, loyal 130 / 127 below active 519 / "
             "506; over one year loyal stay loyal or active 0.78 / 0.76 (0.63-0.81 over the "
             "seeds; asserted >= 0.6), new become lost 0.66 / 0.67 (asserted >= 0.6), lost stay "
             "lost 0.98 / 0.98 (asserted >= 0.97)",
             CLAIMS_09),
            ("cohort retention (2), question 09.q4",
             "drop-out is possible at the first purchase (MBG/NBD)",
             "last year's sign-ups: month 0 0.518 / 0.496, month 1 0.178 / 0.186 (ratio 2.5-2.9 "
             "over the seeds; asserted >= 2)",
             CLAIMS_09),
            ("simple CLV and the loyalty incentive (3.1, 4)",
             "loyal customers keep buying (low planted drop-out of the loyal and vip segments)",
             "yearly retention by stage a year ago: new 0.34 / 0.33, active 0.28 / 0.28, loyal "
             "0.78 / 0.76 (loyal first on every seed); a 3% points incentive needs +0.016 / "
             "+0.016 retention (0.015-0.018; asserted 0.005-0.03)",
             CLAIMS_09),
            ("BG/NBD forecast and P(alive) (3.2), questions 09.q7-q11",
             "truth/clv: MBG/NBD purchase rates and drop-out probabilities per customer",
             "one-year hold-out: forecast ÷ actual 1.12 / 1.11 (0.96-1.16; asserted within "
             "20%); fitted mean drop-out 0.25 / 0.20 and rate 2.24 / 2.08 a year below the "
             "planted 0.50 and 3.02 / 3.04 (asserted below); P(alive) AUC among repeat buyers "
             "0.87 / 0.88 (asserted >= 0.75); one-time buyers truly alive 12.5% / 13.6% "
             "(asserted <= 20%) where BG/NBD says 100%, so 09.q10 is False",
             CLAIMS_09),
            ("BG/NBD against MBG/NBD (3.2), question 09.q15",
             "drop-out is possible at the first purchase (MBG/NBD), in a mixture of five segments",
             "same calibration summary: log-likelihood -12192.1 / -11981.1 (BG/NBD) against "
             "-12187.0 / -11976.5 (MBG/NBD; higher on every seed, by 0.3-6.5; asserted); mean "
             "drop-out 0.25 / 0.20 against 0.41 / 0.37 (0.31-0.42 over the seeds), planted "
             "0.50 (asserted closer for MBG/NBD); mean rate 2.24 / 2.08 against 3.80 / 3.33 a "
             "year, planted 3.02 / 3.04; one-time buyers' P(alive) 1 against 0.22 / 0.23 "
             "(0.22-0.34), truly alive 0.13 / 0.14; forecast ÷ actual 1.12 / 1.11 against "
             "1.09 / 1.11. Fitted on the whole history, MBG/NBD's drop-out is 0.45 / 0.45 for "
             "09.q15 (BG/NBD 0.24 / 0.22)",
             CLAIMS_09),
            ("expected CLV by RFM segment (3.2), question 09.q13",
             "the vip and loyal segments buy often and stay",
             "champions' mean expected CLV ÷ the next segment's 6.4 / 6.9 (6 months; 4.6-6.9 "
             "over the seeds); asserted >= 4 at 12 months, and champions first in total",
             CLAIMS_09),
        ),
    ),
    "10": Reliance(
        "Feedback and experience",
        (
            ("sentiment: a trained model against a word list (3.2-3.3), questions 10.q9-q10",
             "feedback texts composed clause by clause from the writer's expressed score; the "
             "hand-coded labels (truth/feedback) from the hidden score",
             "TF-IDF + logistic regression trained on seed 7, tested on seed 2026: accuracy "
             "0.841 / 0.848, macro-F1 0.747 / 0.758; lexicon 0.513 / 0.478 (macro-F1 0.461 / "
             "0.438); always positive 0.620 / 0.604. Over the tested worlds (each trained on "
             "another seed) model 0.82-0.86, lexicon 0.45-0.55; asserted model 0.78-0.92, "
             "lexicon at least 0.2 below in accuracy and macro-F1, below always-positive in "
             "accuracy, under 10% of test texts seen verbatim",
             f"{FEEDBACK}, tests/test_world_voice.py"),
            ("the model's errors (3.4)",
             "texts a little milder or harsher than the writer's feeling (TEXT_NOISE); 'but' "
             "clauses",
             "neutral recalled worst on every tested world; error rate with a 'but' 0.375 vs "
             "0.124 / 0.222 vs 0.126 (asserted 1.2 times or more); the stars agree with the "
             "labels as often as the model (0.833 / 0.838, asserted within 0.05)",
             FEEDBACK),
            ("topic classification (3.5)",
             "the topic is the aspect of the clause that carries the sentiment",
             "accuracy 0.732 / 0.730 (0.73-0.76 over the seeds) vs 0.28 for the commonest "
             "topic; asserted 0.65-0.85 and more than twice the commonest",
             FEEDBACK),
            ("handling metrics (2), questions 10.q3-q7",
             "first-contact resolution and resolution times by topic and priority; tickets "
             "left open",
             "complaints' first-contact resolution 0.524 / 0.571, the lowest topic on every "
             "tested world; SLA compliance of high priority 0.872 / 0.856, the lowest; 57 / 70 "
             "tickets open, median age 601 / 812 days; asserted: the backlog grows over the "
             "last year and its median age exceeds 180 days",
             FEEDBACK),
            ("service trouble and churn (5), questions 10.q12-q13",
             "complaints and negative feedback of the last 180 days and open tickets raise "
             "the logit of defection (DEFECTION_LOGIT)",
             "odds ratio of trouble, raw 0.22 / 0.34 (troubled buyers churn less: they buy), "
             "controlled for recency, orders and tenure 2.19 / 3.12 (1.24-3.57 over the "
             "seeds); asserted raw below 1, controlled above 1.1",
             FEEDBACK),
        ),
        note="The service tickets record opening and resolution only: the response time is "
        "known for tickets solved at the first contact, not for the others.",
    ),
}
