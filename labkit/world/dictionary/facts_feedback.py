"""Stylised facts about service, feedback and surveys (see :mod:`labkit.world.dictionary.facts`).

Star ratings are J-shaped, feedback is posted when people are online, NPS
answers are skewed to the top with heaps on round numbers and come in during a
fieldwork window, most tickets are solved at the first contact, high priority
is resolved faster, and nobody phones the service centre at night.

>>> sorted(fact.key for fact in FACTS)[:2]
['feedback_evening_share', 'first_contact_resolution']
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from labkit.world.dictionary.stylised import Measure, StylisedFact

__all__ = ["FACTS", "nps_heaping_ratio"]

Tables = Mapping[str, pd.DataFrame]

#: The round answers people favour on a 0-10 scale, with their neighbours.
ROUND_ANSWERS = {0: (1,), 5: (4, 6), 8: (7, 9), 10: (9,)}


def _rating_share(stars: int) -> Measure:
    """The share of feedback with ``stars`` stars, as a measurement."""

    def measure(tables: Tables, as_of: pd.Timestamp) -> float:
        return float((tables["feedback"]["rating"] == stars).mean())

    return measure


def _evening_share(tables: Tables, as_of: pd.Timestamp) -> float:
    posts = tables["feedback"]
    public = posts[posts["channel"].isin(["app_review", "social_media"])]
    return float(public["created_at"].dt.hour.between(19, 22).mean())


def _nps(tables: Tables, as_of: pd.Timestamp) -> float:
    scores = tables["surveys"]["nps"]
    return float(100 * ((scores >= 9).mean() - (scores <= 6).mean()))


def _round_answer_share(tables: Tables, as_of: pd.Timestamp) -> float:
    return float(tables["surveys"]["nps"].isin(list(ROUND_ANSWERS)).mean())


def nps_heaping_ratio(scores: pd.Series) -> float:
    """The smallest ratio, over the round answers 0, 5, 8 and 10, of their count to
    the mean count of their neighbours on the 0-10 scale.

    Above 1 when every round answer is a heap (a local peak).

    Examples
    --------
    >>> scores = pd.Series([0, 0, 1, 4, 5, 5, 6, 7, 8, 8, 9, 10, 10])
    >>> nps_heaping_ratio(scores)
    2.0
    """
    counts = scores.value_counts().reindex(range(11), fill_value=0)
    ratios = []
    for answer, neighbours in ROUND_ANSWERS.items():
        around = counts[list(neighbours)].mean()
        ratios.append(float(counts[answer] / around) if around else float("inf"))
    return min(ratios)


def _heaping(tables: Tables, as_of: pd.Timestamp) -> float:
    return nps_heaping_ratio(tables["surveys"]["nps"])


def _fieldwork_days(tables: Tables, as_of: pd.Timestamp) -> float:
    answered = tables["surveys"]["answered_at"]
    return float((answered.quantile(0.95) - answered.quantile(0.05)) / pd.Timedelta(days=1))


def _first_contact_share(tables: Tables, as_of: pd.Timestamp) -> float:
    return float(tables["service_tickets"]["first_contact_resolved"].mean())


def _escalated_hours(tables: Tables) -> pd.DataFrame:
    tickets = tables["service_tickets"]
    escalated = tickets[~tickets["first_contact_resolved"] & tickets["resolved_at"].notna()]
    hours = (escalated["resolved_at"] - escalated["opened_at"]).dt.total_seconds() / 3600
    return pd.DataFrame({"priority": escalated["priority"], "hours": hours})


def _priority_ratio(tables: Tables, as_of: pd.Timestamp) -> float:
    median = _escalated_hours(tables).groupby("priority")["hours"].median()
    return float(median["high"] / median["low"])


def _resolution_tail(tables: Tables, as_of: pd.Timestamp) -> float:
    hours = _escalated_hours(tables)["hours"]
    return float(hours.mean() / hours.median())


def _night_phone_share(tables: Tables, as_of: pd.Timestamp) -> float:
    tickets = tables["service_tickets"]
    hour = tickets.loc[tickets["channel"] == "phone", "opened_at"].dt.hour
    return float(((hour >= 22) | (hour < 7)).mean())


#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = [
    StylisedFact(
        key="rating_five_star_share",
        topic="feedback",
        statement="Share of feedback rated 5 stars (the tall arm of the J-shaped rating "
        "distribution).",
        low=0.40,
        high=0.70,
        unit="share",
        source="Hu, Pavlou & Zhang (2009), Overcoming the J-shaped distribution of product "
        "reviews, Communications of the ACM 52(10); Woolf (2014), Reviewing reviews: more than "
        "half of 1.2 million Amazon electronics ratings are 5 stars",
        measure=_rating_share(5),
    ),
    StylisedFact(
        key="rating_one_star_share",
        topic="feedback",
        statement="Share of feedback rated 1 star (the short arm of the J: more than 2 or 3 "
        "stars, far fewer than 5).",
        low=0.06,
        high=0.20,
        unit="share",
        source="Hu, Pavlou & Zhang (2009), Overcoming the J-shaped distribution of product "
        "reviews, Communications of the ACM 52(10): mostly 5-star ratings, some 1-star, few "
        "in between",
        measure=_rating_share(1),
    ),
    StylisedFact(
        key="feedback_evening_share",
        topic="feedback",
        statement="Share of app reviews and social-media posts written between 19:00 and 22:59 "
        "(a quarter of a uniform day would be 17%).",
        low=0.25,
        high=0.45,
        unit="share",
        source="Compete (2011), It's 10PM; do you know where your shoppers are?: visits to "
        "retail sites peak at 20:00-22:00 and are lowest at 3:00-5:00; Shopgate Mobile Commerce "
        "Index (2014): mobile orders peak at 19:00-21:00",
        measure=_evening_share,
    ),
    StylisedFact(
        key="nps_retail",
        topic="surveys",
        statement="Net Promoter Score of the yearly survey: % promoters (9-10) minus % "
        "detractors (0-6).",
        low=15.0,
        high=40.0,
        unit="points",
        source="Qualtrics XM Institute (2022), U.S. consumer NPS benchmark study: retail has "
        "the highest industry average, 28.4",
        measure=_nps,
    ),
    StylisedFact(
        key="nps_round_answers_share",
        topic="surveys",
        statement="Share of NPS answers on the round numbers 0, 5, 8 or 10 (4 of the 11 "
        "points of the scale).",
        low=0.50,
        high=0.75,
        unit="share",
        source="Holbrook et al. (2014), Response heaping in interviewer-administered surveys, "
        "Public Opinion Quarterly 78(3): answers heap on round numbers; published NPS "
        "answer distributions peak at 10 and 8",
        measure=_round_answer_share,
    ),
    StylisedFact(
        key="nps_heaping_ratio",
        topic="surveys",
        statement="Smallest ratio, over the answers 0, 5, 8 and 10, of their count to the mean "
        "count of their neighbouring answers (above 1: each is a heap).",
        low=1.2,
        high=100.0,
        unit="ratio",
        source="Holbrook et al. (2014), Response heaping in interviewer-administered surveys, "
        "Public Opinion Quarterly 78(3); Kroh (2007), Measuring left-right political "
        "orientation, Public Opinion Quarterly 71(2): 0-10 scales heap at 0, 5 and 10",
        measure=_heaping,
    ),
    StylisedFact(
        key="survey_fieldwork_days",
        topic="surveys",
        statement="Days between the 5th and the 95th percentile of the survey's answer times "
        "(the fieldwork window).",
        low=7.0,
        high=31.0,
        unit="days",
        source="Dillman, Smyth & Christian (2014), Internet, Phone, Mail, and Mixed-Mode "
        "Surveys: The Tailored Design Method, 4th ed.: an invitation and reminders over two to "
        "four weeks",
        measure=_fieldwork_days,
    ),
    StylisedFact(
        key="first_contact_resolution",
        topic="service",
        statement="Share of service tickets solved at the first contact (first_contact_resolved).",
        low=0.60,
        high=0.80,
        unit="share",
        source="SQM Group (2022), Call center FCR benchmark: industry average about 70%, 70-79% "
        "counts as good",
        measure=_first_contact_share,
    ),
    StylisedFact(
        key="priority_resolution_ratio",
        topic="service",
        statement="Median hours to resolve a high-priority ticket not solved at first contact, "
        "divided by the median for low priority.",
        low=0.1,
        high=0.8,
        unit="ratio",
        source="AXELOS (2019), ITIL Foundation, ITIL 4 edition: priority sets the target "
        "resolution time, hours for high priority, days for low",
        measure=_priority_ratio,
    ),
    StylisedFact(
        key="resolution_time_tail",
        topic="service",
        statement="Mean over median of the hours to resolve tickets not solved at first contact "
        "(a long right tail, as in log-normal times).",
        low=1.3,
        high=4.0,
        unit="ratio",
        source="Brown et al. (2005), Statistical analysis of a telephone call center: a "
        "queueing-science perspective, JASA 100(469): service times are log-normal",
        measure=_resolution_tail,
    ),
    StylisedFact(
        key="phone_tickets_at_night",
        topic="service",
        statement="Share of phone tickets opened between 22:00 and 06:59, when the service "
        "centre's lines are closed.",
        low=0.0,
        high=0.02,
        unit="share",
        source="Brown et al. (2005), Statistical analysis of a telephone call center, JASA "
        "100(469): calls are served only in the centre's opening hours, with daytime peaks",
        measure=_night_phone_share,
    ),
]
