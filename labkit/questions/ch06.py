"""Chapter 06 · Analysing business accounts; the analysis methods: questions.

Every expected answer is computed from the learner's own world with pandas, so the
questions work for any seed, size and locale. The lesson works on all accounts, all
deals and all consumers; the questions ask the same methods on other slices (a size
band, an industry, the store channel, another year), so no answer can be copied from
the lesson's printed numbers.

Consumer revenue is the value of completed orders: sum(quantity × unit_price) ×
(1 - discount); cancelled and returned orders are left out. Invoices "due" are those
whose due date is on or before ``as_of``; a late invoice is paid late, overdue or
written off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.questions import AnyOf, Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

STAGES = ["prospecting", "qualification", "proposal", "negotiation", "won"]
LATE = ["paid_late", "overdue", "written_off"]
SIZE_BANDS = ["micro", "small", "medium", "large"]
HOLD_OUT = 3
CANCELLED = "Leave out cancelled orders (and returned ones): they never became revenue."


# ----------------------------------------------------------------------------- business
def _win_rate(world: World, band: str = "small", *, with_open: bool = False,
              against_lost: bool = False) -> float:
    sizes = world["accounts"].set_index("account_id")["size_band"]
    opps = world["opportunities"]
    opps = opps[opps["account_id"].map(sizes) == band]
    won = int((opps["stage"] == "won").sum())
    lost = int((opps["stage"] == "lost").sum())
    if with_open:
        return won / len(opps)
    return won / lost if against_lost else won / (won + lost)


def _conversion(world: World, *, with_open: bool = False, cumulative: bool = False) -> pd.Series:
    opps = world["opportunities"]
    big = opps[opps["amount"] >= opps["amount"].median()]
    if not with_open:
        big = big[big["stage"].isin(["won", "lost"])]
    furthest = big["lost_at_stage"].where(big["stage"] == "lost", big["stage"])
    position = furthest.map({stage: i for i, stage in enumerate(STAGES)})
    funnel = pd.Series({s: int((position >= i).sum()) for i, s in enumerate(STAGES)})
    rates = funnel / funnel.iloc[0] if cumulative else funnel / funnel.shift(1)
    return rates.iloc[1:].rename("conversion")


def _cycle(world: World, *, closed_all: bool = False, expected: bool = False) -> pd.Series:
    opps = world["opportunities"]
    deals = opps[opps["stage"].isin(["won", "lost"])] if closed_all else opps[
        opps["stage"] == "won"]
    end = deals["expected_close"] if expected else deals["closed_at"]
    days = (end - deals["created_at"]).dt.days
    industry = deals["account_id"].map(world["accounts"].set_index("account_id")["industry"])
    return days.groupby(industry).median().rename("median_cycle_days").rename_axis("industry")


def _invoiced(world: World, *, both_years: bool = False, paid_only: bool = False
              ) -> pd.DataFrame:
    inv = world["invoices"]
    if not both_years:
        inv = inv[inv["issued_at"].dt.year == world.as_of.year - 1]
    if paid_only:
        inv = inv[inv["paid_at"].notna()]
    band = inv["account_id"].map(world["accounts"].set_index("account_id")["size_band"])
    table = inv.groupby(band).agg(invoices=("invoice_id", "size"), revenue=("amount", "sum"))
    return table.rename_axis("size_band")


# ----------------------------------------------------------------------------- operating
def _ratios(world: World) -> pd.DataFrame:
    fin = world["account_financials"].sort_values(["account_id", "year"]).copy()
    fin["debt_ratio"] = fin["total_liabilities"] / fin["total_assets"]
    fin["net_margin"] = fin["net_profit"] / fin["revenue"]
    fin["asset_turnover"] = fin["revenue"] / fin["total_assets"]
    fin["inventory_turnover"] = fin["cost_of_sales"] / fin["inventory"]
    fin["current_ratio"] = fin["current_assets"] / fin["current_liabilities"]
    return fin


def _worsening(world: World, *, span: int = 1, either: bool = False) -> set[int]:
    fin = _ratios(world)
    last = fin["year"].max()
    now = fin[fin["year"] == last].set_index("account_id")
    then = fin[fin["year"] == last - span].set_index("account_id")
    common = now.index.intersection(then.index)
    now, then = now.loc[common], then.loc[common]
    fell = now["net_margin"] < then["net_margin"]
    rose = now["debt_ratio"] > then["debt_ratio"]
    flagged = (fell | rose) if either else (fell & rose)
    return {int(i) for i in common[flagged.to_numpy()]}


def _turnovers(world: World, *, all_years: bool = False, inverted: bool = False
               ) -> pd.DataFrame:
    fin = _ratios(world)
    if not all_years:
        fin = fin[fin["year"] == fin["year"].max()]
    if inverted:
        fin["asset_turnover"] = 1 / fin["asset_turnover"]
        fin["inventory_turnover"] = 1 / fin["inventory_turnover"]
    industry = fin["account_id"].map(world["accounts"].set_index("account_id")["industry"])
    cols = ["asset_turnover", "inventory_turnover"]
    return fin.groupby(industry)[cols].median().rename_axis("industry")


# ----------------------------------------------------------------------------- credit
def _due(world: World) -> pd.DataFrame:
    inv = world["invoices"]
    return inv[inv["due_date"] <= world.as_of]


def _days_late(world: World, *, from_issue: bool = False, late_only: bool = False
               ) -> pd.Series:
    paid = world["invoices"]
    paid = paid[paid["paid_at"].notna()]
    start = paid["issued_at"] if from_issue else paid["due_date"]
    days = (paid["paid_at"] - start).dt.days
    if late_only:
        days = days[days > 0]
    band = paid["account_id"].map(world["accounts"].set_index("account_id")["size_band"])
    return days.groupby(band.loc[days.index]).mean().rename("mean_days_late").rename_axis(
        "size_band")


def _collection(world: World, *, all_invoices: bool = False, by_count: bool = False
                ) -> pd.Series:
    inv = world["invoices"] if all_invoices else _due(world)
    paid = inv["paid_at"].notna()
    industry = inv["account_id"].map(world["accounts"].set_index("account_id")["industry"])
    if by_count:
        rate = paid.groupby(industry).mean()
    else:
        rate = inv["amount"].where(paid, 0).groupby(industry).sum() / inv.groupby(industry)[
            "amount"].sum()
    return rate.rename("collection_rate").rename_axis("industry")


def _late_ratio(world: World, *, against_all: bool = False, overdue_only: bool = False
                ) -> float:
    latest = _ratios(world)
    latest = latest[latest["year"] == latest["year"].max()].set_index("account_id")
    heavy_ids = latest.index[latest["debt_ratio"] > 0.6]
    inv = _due(world)
    late = inv["status"].isin(["overdue", "written_off"] if overdue_only else LATE)
    heavy = inv["account_id"].isin(heavy_ids)
    return float(late[heavy].mean() / (late.mean() if against_all else late[~heavy].mean()))


def _grades(world: World, *, window_days: int | None = 365) -> pd.Series:
    """The lesson's scorecard, on invoices due in the window up to as_of (None: all due)."""
    due = _due(world)
    if window_days is not None:
        due = due[due["due_date"] > world.as_of - pd.Timedelta(days=window_days)]
    per = due.assign(late=due["status"].isin(LATE),
                     off=due["status"] == "written_off").groupby("account_id")
    credit = pd.DataFrame({"late_share": per["late"].mean(), "written_off": per["off"].sum()})
    fin = _ratios(world)
    latest = fin[fin["year"] == fin["year"].max()].set_index("account_id")
    credit = credit.join(latest[["debt_ratio", "current_ratio"]])
    points = (40 * (1 - credit["late_share"]) + 20 * (credit["written_off"] == 0)
              + 20 * (credit["current_ratio"] >= 1.2) + 20 * (credit["debt_ratio"] <= 0.6))
    return pd.cut(points, [-1, 40, 60, 80, 101], right=False, labels=["D", "C", "B", "A"])


def _no_credit(world: World, *, window_days: int | None = 365, grades=("C", "D")) -> int:
    return int(_grades(world, window_days=window_days).isin(grades).sum())


# ----------------------------------------------------------------------------- consumers
def _orders(world: World, *, statuses=("completed",), gross: bool = False) -> pd.DataFrame:
    return valued_orders(world, statuses, discount=not gross)


def _monthly(world: World, *, channel: str | None = None, **kwargs) -> pd.Series:
    orders = _orders(world, **kwargs)
    if channel is not None:
        orders = orders[orders["channel"] == channel]
    return orders.set_index("ordered_at")["value"].resample("MS").sum()


def _yoy(world: World, **kwargs) -> pd.Series:
    orders = _orders(world, **kwargs)
    year = orders["ordered_at"].dt.year
    quarterly = orders.groupby([year, orders["ordered_at"].dt.quarter])["value"].sum()
    this, last = quarterly.loc[world.as_of.year], quarterly.loc[world.as_of.year - 1]
    return (this / last - 1).rename("growth").rename_axis("quarter")


def _pairs(world: World, min_orders: int, *, statuses=("completed",)) -> pd.DataFrame:
    orders = _orders(world, statuses=statuses)
    start = world["orders"]["ordered_at"].min().normalize()
    customers = world["customers"].set_index("customer_id")
    spend = orders.groupby("customer_id")["value"].agg(["size", "sum"])
    spend = spend[spend["size"] >= min_orders]
    since = customers.loc[spend.index, "signup_date"].clip(lower=start)
    months = ((world.as_of - since).dt.days / 30.4).clip(lower=1)
    return pd.DataFrame({"monthly_income": customers.loc[spend.index, "income"] / 12,
                         "monthly_spending": spend["sum"] / months,
                         "signup_channel": customers.loc[spend.index, "signup_channel"]})


def _spearman(world: World, *, method: str = "spearman", fill: bool = False) -> float:
    pairs = _pairs(world, 5)
    if fill:
        pairs["monthly_income"] = pairs["monthly_income"].fillna(0)
    pairs = pairs.dropna()
    return float(pairs["monthly_income"].corr(pairs["monthly_spending"], method=method))


def _fisher(world: World, *, z_value: float = 1.96, logs: bool = True) -> list[float]:
    pairs = _pairs(world, 3).dropna()
    pairs = pairs[pairs["signup_channel"] == "store"]
    x, y = pairs["monthly_income"], pairs["monthly_spending"]
    r = np.log(x).corr(np.log(y)) if logs else x.corr(y)
    half = z_value / np.sqrt(len(pairs) - 3)
    return [float(np.tanh(np.arctanh(r) - half)), float(np.tanh(np.arctanh(r) + half))]


# ----------------------------------------------------------------------------- forecasts
def _experience_mape(world: World, *, on_training: bool = False, over_forecast: bool = False,
                     **kwargs) -> float:
    monthly = _monthly(world, channel="store", **kwargs)
    train = monthly.iloc[:-HOLD_OUT]
    growth = train.iloc[-12:].sum() / train.iloc[-24:-12].sum()
    months = train.index[-HOLD_OUT:] if on_training else monthly.index[-HOLD_OUT:]
    forecast = monthly.shift(12).loc[months] * growth
    actual = monthly.loc[months]
    return float(((forecast - actual).abs() / (forecast if over_forecast else actual)).mean())


def _seasonal_index(world: World, *, years: int = 3, **kwargs) -> pd.Series:
    monthly = _monthly(world, **kwargs)
    full = [world.as_of.year - k for k in range(years, 0, -1)]
    ratios = [monthly[monthly.index.year == y] / monthly[monthly.index.year == y].mean()
              for y in full]
    stacked = pd.concat([r.set_axis(r.index.month) for r in ratios], axis=1)
    return stacked.mean(axis=1).rename("seasonal_index").rename_axis("month")


METHODS = ["naive", "experience", "analogy", "inertia", "logical"]
FESTIVAL_MONTHS = {"zh_CN": [6, 11], "en_US": [11, 12]}


def _month_design(index: pd.DatetimeIndex, start: pd.Timestamp) -> np.ndarray:
    steps = (index.year - start.year) * 12 + index.month - start.month
    dummies = pd.get_dummies(index.month).reindex(columns=range(1, 13), fill_value=0)
    return np.column_stack([steps, dummies.to_numpy(dtype=float)])


def _forecasts(world: World, monthly: pd.Series, months: pd.DatetimeIndex) -> pd.DataFrame:
    """The lesson's four methods and the naive baseline, each fitted on the months of
    ``monthly`` before ``months`` (consecutive, within one year, not January) and forecasting
    them."""
    from sklearn.linear_model import LinearRegression  # only when a check needs it

    train = monthly[monthly.index < months.min()]
    out = pd.DataFrame(index=months)
    out["naive"] = train.iloc[-1]
    growth = train.iloc[-12:].sum() / train.iloc[-24:-12].sum()
    out["experience"] = monthly.shift(12).loc[months] * growth
    earlier = [monthly[monthly.index.year == y] for y in sorted(set(train.index.year))[:-1]]
    shape = np.mean([y.loc[y.index.month.isin(months.month)].to_numpy()
                     / y[y.index.month == months.month[0] - 1].iloc[0] for y in earlier], axis=0)
    out["analogy"] = train.iloc[-1] * shape
    inertia = LinearRegression(fit_intercept=False)
    inertia.fit(_month_design(train.index, train.index[0]), np.log(train))
    out["inertia"] = np.exp(inertia.predict(_month_design(months, train.index[0])))
    members = world["customers"]["signup_date"].sort_values()
    drivers = pd.DataFrame(index=monthly.index)
    drivers["members"] = members.searchsorted(drivers.index)
    drivers["festival"] = drivers.index.month.isin(FESTIVAL_MONTHS[world.locale]).astype(int)
    drivers["weekend_days"] = [int((pd.date_range(m, m + pd.offsets.MonthEnd(0)).day_of_week
                                    >= 5).sum()) for m in drivers.index]
    logic = LinearRegression().fit(drivers.loc[train.index], train)
    out["logical"] = logic.predict(drivers.loc[months])
    return out


def _best_method(world: World, *, back_test: bool = False) -> AnyOf:
    """The store channel's method with the lowest MAPE on the 3 hold-out months (ties: all)."""
    monthly = _monthly(world, channel="store")
    span = monthly.iloc[-2 * HOLD_OUT:-HOLD_OUT] if back_test else monthly.iloc[-HOLD_OUT:]
    source = monthly.iloc[:-HOLD_OUT] if back_test else monthly
    forecasts = _forecasts(world, source, span.index)
    mape = forecasts.sub(span, axis=0).abs().div(span, axis=0).mean().round(3)
    return AnyOf(tuple(mape.index[mape == mape.min()]))


QUESTIONS = [
    Question(
        id="06.q1",
        prompt="What is the win rate of the deals of small accounts (share, 3 decimals)?",
        expected=_win_rate,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Keep the opportunities of accounts whose size_band is 'small'; the win rate is "
        "won deals ÷ closed deals (won + lost).",
        mistakes=(
            Mistake(lambda w: _win_rate(w, with_open=True),
                    "You divided by every deal, open ones included. An open deal is neither "
                    "won nor lost yet: divide by the closed deals (won + lost)."),
            Mistake(lambda w: _win_rate(w, against_lost=True),
                    "That is won ÷ lost (odds), not won ÷ (won + lost)."),
        ),
    ),
    Question(
        id="06.q2",
        prompt="Stage-to-stage conversion rates of big closed deals (Series, 3 decimals)?",
        expected=_conversion,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of conversion rates indexed by stage",
        hint="Median over all opportunities' amount; keep the closed deals at or above it. A won "
        "deal reached every stage, a lost one the stage in lost_at_stage. Count the deals "
        "reaching each stage and divide each count by the previous stage's.",
        mistakes=(
            Mistake(lambda w: _conversion(w, with_open=True),
                    "You counted the open deals too. An open deal has not had its chance to "
                    "pass its stage yet: keep the closed deals (won or lost)."),
            Mistake(lambda w: _conversion(w, cumulative=True),
                    "Those are shares of the first stage (cumulative). A stage's conversion "
                    "rate divides by the deals that reached the stage just before it."),
        ),
    ),
    Question(
        id="06.q3",
        prompt="Median sales cycle of won deals, by industry (Series, whole or half days)?",
        expected=_cycle,
        kind="series",
        atol=0.01,
        answer_kind="a Series of median days indexed by industry",
        hint="Keep the won deals; days = (closed_at - created_at).dt.days; map each deal's "
        "account to its industry and take the median per industry.",
        mistakes=(
            Mistake(lambda w: _cycle(w, closed_all=True),
                    "You included lost deals. The sales cycle is the time to *win* a deal."),
            Mistake(lambda w: _cycle(w, expected=True),
                    "You used expected_close, the salesperson's guess at creation; use "
                    "closed_at, when the deal was really won."),
        ),
    ),
    Question(
        id="06.q4",
        prompt="Invoices and amount per size band, the year before (DataFrame, exact)?",
        expected=_invoiced,
        kind="frame",
        rtol=1e-6,
        answer_kind="a DataFrame indexed by size_band with columns invoices and revenue",
        hint="Keep the invoices with issued_at.dt.year == world.as_of.year - 1; map account_id "
        "to size_band; per band count the invoices and sum their amount.",
        mistakes=(
            Mistake(lambda w: _invoiced(w, both_years=True),
                    "You used every invoice in the table (two years); keep the calendar year "
                    "before as_of's year."),
            Mistake(lambda w: _invoiced(w, paid_only=True),
                    "You kept only paid invoices. Sales are what was invoiced, paid or not."),
        ),
    ),
    Question(
        id="06.q5",
        prompt="Which accounts' net margin fell and debt ratio rose last year (exact set)?",
        expected=_worsening,
        kind="set",
        answer_kind="a set of account numbers",
        hint="Compute net_margin = net_profit / revenue and debt_ratio = total_liabilities / "
        "total_assets; compare the latest year with the year before, for accounts with both.",
        mistakes=(
            Mistake(lambda w: _worsening(w, either=True),
                    "You counted accounts with either sign (OR); the question asks for both "
                    "at once (AND)."),
            Mistake(lambda w: _worsening(w, span=2),
                    "You compared with two years earlier; compare with the year before."),
        ),
    ),
    Question(
        id="06.q6",
        prompt="Median asset and inventory turnover per industry (DataFrame, 3 digits)?",
        expected=_turnovers,
        kind="frame",
        rtol=5e-3,
        answer_kind="a DataFrame indexed by industry with asset_turnover and inventory_turnover",
        hint="asset_turnover = revenue / total_assets; inventory_turnover = cost_of_sales / "
        "inventory; keep the latest year; map account_id to industry; take medians.",
        mistakes=(
            Mistake(lambda w: _turnovers(w, all_years=True),
                    "You pooled every year's statements; keep the latest year only."),
            Mistake(lambda w: _turnovers(w, inverted=True),
                    "Your ratios are upside down: turnover is revenue (or cost of sales) "
                    "divided by assets (or inventory)."),
        ),
    ),
    Question(
        id="06.q7",
        prompt="Mean days from due date to payment, by size band (Series, 2 decimals)?",
        expected=_days_late,
        kind="series",
        atol=5e-3,
        answer_kind="a Series of mean days indexed by size_band",
        hint="Keep invoices with a paid_at; days = (paid_at - due_date).dt.days, early payments "
        "negative; map account_id to size_band and average.",
        mistakes=(
            Mistake(lambda w: _days_late(w, from_issue=True),
                    "You counted from the issue date, which mixes the payer's habit with the "
                    "terms Xudong granted; count from due_date."),
            Mistake(lambda w: _days_late(w, late_only=True),
                    "You kept only the late payments; early and on-time payments count too "
                    "(early ones as negative days)."),
        ),
    ),
    Question(
        id="06.q8",
        prompt="Collection rate of the invoices due by as_of, by industry (Series, 3 "
        "decimals)?",
        expected=_collection,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of collection rates indexed by industry",
        hint="Keep invoices with due_date <= as_of; per industry, the amount of those with a "
        "paid_at divided by the amount of all of them.",
        mistakes=(
            Mistake(lambda w: _collection(w, all_invoices=True),
                    "You included invoices not yet due. An open invoice cannot have been "
                    "collected yet: keep due_date <= as_of."),
            Mistake(lambda w: _collection(w, by_count=True),
                    "You counted invoices; the collection rate weighs them by amount."),
        ),
    ),
    Question(
        id="06.q9",
        prompt="Late share of indebted accounts ÷ that of the others (number, 2 decimals)?",
        expected=_late_ratio,
        kind="number",
        atol=5e-3,
        answer_kind="a ratio of two late shares",
        hint="Late = status paid_late, overdue or written_off, among invoices with due_date <= "
        "as_of. Divide the late share of the heavily indebted accounts' invoices by the rest's.",
        mistakes=(
            Mistake(lambda w: _late_ratio(w, against_all=True),
                    "You compared with all accounts, the indebted ones included; compare with "
                    "the other accounts (debt ratio 0.6 or less)."),
            Mistake(lambda w: _late_ratio(w, overdue_only=True),
                    "Invoices paid after their due date (paid_late) are late too."),
        ),
    ),
    Question(
        id="06.q10",
        prompt="How many graded accounts pay before delivery, 365-day window (exact)?",
        expected=_no_credit,
        kind="count",
        answer_kind="a whole number of accounts",
        hint="grade_on(365) in the exercise gives the grades; the policy refuses credit to "
        "grades C and D: count both.",
        mistakes=(
            Mistake(lambda w: _no_credit(w, window_days=None),
                    "You graded on every invoice ever due; the question looks at the 365 days "
                    "up to as_of."),
            Mistake(lambda w: _no_credit(w, grades=("D",)),
                    "Grade C gets no credit either: count C and D."),
        ),
    ),
    Question(
        id="06.q11",
        prompt="Year-over-year revenue growth per quarter of as_of's year (Series, 3 "
        "decimals)?",
        expected=_yoy,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of growth rates indexed by quarter",
        hint="Revenue = completed orders' sum(quantity × unit_price) × (1 - discount). Sum by "
        "year and quarter; growth = this year's quarter ÷ last year's - 1.",
        mistakes=(
            Mistake(lambda w: _yoy(w, statuses=("completed", "cancelled", "returned")),
                    CANCELLED),
            Mistake(lambda w: _yoy(w, gross=True),
                    "You left out the discount: an order's value is the lines' total × "
                    "(1 - discount)."),
        ),
    ),
    Question(
        id="06.q12",
        prompt="Spearman correlation of income and spending, 5+ orders (3 decimals)?",
        expected=_spearman,
        kind="number",
        atol=5e-4,
        answer_kind="a correlation between -1 and 1",
        hint="Build the lesson's pairs with 5 instead of 3 orders, drop missing incomes, then "
        "pairs.corr(method='spearman').",
        mistakes=(
            Mistake(lambda w: _spearman(w, method="pearson"),
                    "That is Pearson's r on the raw, heavy-tailed values; the question asks "
                    "for Spearman's rho (method='spearman')."),
            Mistake(lambda w: _spearman(w, fill=True),
                    "You counted a missing income as 0. An income that was not stated is "
                    "unknown, not zero: drop those customers."),
        ),
    ),
    Question(
        id="06.q13",
        prompt="95% Fisher-z interval of r (logs), store sign-ups, 3+ orders (3 decimals)?",
        expected=_fisher,
        kind="sequence",
        atol=5e-4,
        answer_kind="a list [low, high]",
        hint="r of the logs; z = arctanh(r); half = 1.96 / sqrt(n - 3); the interval is "
        "tanh(z - half), tanh(z + half).",
        mistakes=(
            Mistake(lambda w: _fisher(w, z_value=1.645),
                    "1.645 gives a 90% interval; a 95% interval uses 1.96."),
            Mistake(lambda w: _fisher(w, logs=False),
                    "You used Pearson's r of the raw values; the question asks for the logs."),
        ),
    ),
    Question(
        id="06.q14",
        prompt="Hold-out MAPE of the experience method, store channel (3 decimals)?",
        expected=_experience_mape,
        kind="number",
        atol=5e-4,
        answer_kind="a MAPE (0.1 = 10%)",
        hint="Monthly revenue of completed store orders; growth = last 12 training months ÷ "
        "the 12 before; forecast = same month a year earlier × growth; MAPE = mean of "
        "|forecast - actual| / actual over the 3 held-out months.",
        mistakes=(
            Mistake(lambda w: _experience_mape(w, on_training=True),
                    "You scored the method on the last training months; the error that counts "
                    "is on the 3 months it never saw."),
            Mistake(lambda w: _experience_mape(w, statuses=("completed", "cancelled")),
                    CANCELLED),
            Mistake(lambda w: _experience_mape(w, over_forecast=True),
                    "You divided by the forecast; MAPE divides by the actual value."),
        ),
    ),
    Question(
        id="06.q15",
        prompt="Seasonal index of each calendar month, three full years (Series, 3 decimals)?",
        expected=_seasonal_index,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of 12 indices indexed by month",
        hint="Monthly revenue of completed orders; for each of the years as_of.year - 3 … - 1 "
        "divide each month by that year's mean month; average the three per calendar month.",
        mistakes=(
            Mistake(lambda w: _seasonal_index(w, years=1),
                    "You used one year only; average the three full years."),
            Mistake(lambda w: _seasonal_index(w, statuses=("completed", "cancelled", "returned")),
                    CANCELLED),
        ),
    ),
    Question(
        id="06.q16",
        prompt="Which method would you use for the store's next quarter, by hold-out MAPE "
        "(name)?",
        expected=_best_method,
        kind="text",
        answer_kind="a method name: naive, experience, analogy, inertia or logical",
        hint="Monthly revenue of completed store orders; fit the lesson's five forecasts "
        "(naive, experience, analogy, inertia, logical) on all but the last 3 months, score "
        "each by its MAPE on those 3 months and name the lowest (ties of 3 decimals all count).",
        mistakes=(
            Mistake(lambda w: _best_method(w, back_test=True),
                    "You judged the methods on the last training months (July to September). "
                    "The quarter to forecast is unseen, so judge each method on the 3 months it "
                    "never saw: the hold-out."),
        ),
    ),
]
