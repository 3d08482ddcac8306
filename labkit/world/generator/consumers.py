"""Consumers (B2C): who they are and how they buy.

The purchase process is BG/NBD-style: after signing up (and, for most, a
first order on the signup day) each customer makes repeat purchases as a
Poisson process with their own rate ``lam`` (orders per day), modulated by
the shopping calendar, and after each repeat purchase drops out for good with
probability ``p``. The process runs past ``as_of`` for the churn window, so
``churned`` (no order in the 90 days after ``as_of``) is an honest future the
learner never sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import calendar, pools
from . import parameters as P


@dataclass
class Timeline:
    """Days of the simulation and their cumulative calendar weight."""

    start: pd.Timestamp
    as_of: pd.Timestamp
    end: pd.Timestamp
    days: pd.DatetimeIndex
    cum: np.ndarray  # cum[k] = total weight of days before day k; len = n_days + 1
    as_of_idx: int

    @classmethod
    def make(cls, as_of: pd.Timestamp, locale: str) -> Timeline:
        start = (as_of - pd.DateOffset(years=P.HISTORY_YEARS)) + pd.Timedelta(days=1)
        end = as_of + pd.Timedelta(days=P.CHURN_WINDOW_DAYS)
        days, w = calendar.day_weights(start, end, locale)
        cum = np.concatenate([[0.0], np.cumsum(w)])
        return cls(start, as_of, end, days, cum, int((as_of - start).days))

    def sample_days(
        self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray | int
    ) -> np.ndarray:
        """Day indices drawn from the calendar weights on ``[lo, hi)`` (day indices).

        ``hi`` may be one whole number for every row (no big array for a constant).
        """
        base = self.cum[lo]
        u = rng.random(len(lo))
        u *= self.cum[hi] - base
        u += base
        del base
        d = np.searchsorted(self.cum, u, side="right") - 1
        del u
        np.clip(d, lo, np.asarray(hi) - 1, out=d)
        return d

    def stamp(self, rng: np.random.Generator, day: np.ndarray, hour_cdf: np.ndarray) -> np.ndarray:
        """datetime64[s] values on the given days at hours drawn from ``hour_cdf``."""
        hour = np.searchsorted(hour_cdf, rng.random(len(day)), side="right")
        secs = hour * 3600 + rng.integers(0, 3600, size=len(day))
        base = self.days.values.astype("datetime64[s]")[day]
        return base + secs.astype("timedelta64[s]")


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _choice_by_group(rng: np.random.Generator, group: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One draw per element from ``table[group]`` without building a big matrix."""
    out = np.zeros(len(group), np.int64)
    for g in range(len(table)):
        idx = np.flatnonzero(group == g)
        if len(idx):
            out[idx] = rng.choice(table.shape[1], size=len(idx), p=table[g] / table[g].sum())
    return out


def _choice_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a probability matrix."""
    c = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * c[:, -1:]
    return (u > c).sum(axis=1)


def make_customers(
    rng: np.random.Generator, n: int, locale: str, tl: Timeline, faker_seed: int
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The customers table and each customer's latent traits.

    Returns
    -------
    customers : pandas.DataFrame
    latent : dict of numpy arrays
        ``segment, wealth, lam, p, favourite, frailty, buyer, signup_day``.
    """
    B = P.SEGMENT_BEHAVIOUR
    seg = rng.choice(len(P.SEGMENTS), size=n, p=P.SEGMENT_SHARE)
    wealth = B["wealth_mean"][seg] + rng.normal(size=n)
    mean_rate = B["orders_per_year"][seg] / 365.0
    shape = B["gamma_shape"][seg]
    lam = rng.gamma(shape, mean_rate / shape)
    p = rng.beta(B["dropout_a"][seg], B["dropout_b"][seg])
    favourite = _choice_by_group(rng, seg, B["category_pref"])
    frailty = rng.gamma(2.0, 0.5, size=n)
    buyer = rng.random(n) >= P.NEVER_BUY_SHARE

    # signups grow over time: density proportional to exp(g * t)
    n_hist = tl.as_of_idx + 1
    g = np.log1p(P.ACQUISITION_GROWTH) / 365.0
    dens = np.exp(g * np.arange(n_hist))
    cdf = np.cumsum(dens) / dens.sum()
    signup_day = np.searchsorted(cdf, rng.random(n), side="right")
    signup_day = np.minimum(signup_day, tl.as_of_idx)
    order = np.argsort(signup_day, kind="stable")  # customer ids follow signup order
    seg, wealth, lam, p = seg[order], wealth[order], lam[order], p[order]
    favourite, frailty, buyer, signup_day = (
        favourite[order],
        frailty[order],
        buyer[order],
        signup_day[order],
    )

    people = pools.sample_people(rng, n, locale)
    reg = pools.regions(locale)
    where = rng.choice(len(reg), size=n, p=reg["weight"].to_numpy())
    age = np.clip(18 + rng.gamma(4.0, 5.2, size=n), 18, 88)
    birth = tl.as_of - pd.to_timedelta((age * 365.25).astype(np.int64), unit="D")
    birth = birth.normalize()
    phone = pools.phones(rng, reg["area_code"].to_numpy()[where], locale)
    email = pools.emails(
        rng,
        people["surname"].to_numpy(),
        people["given_name"].to_numpy(),
        birth.year.to_numpy(),
        locale,
    )
    email = np.where(rng.random(n) < 0.06, None, email)  # some never gave an e-mail

    z = (wealth - wealth.mean()) / wealth.std()
    rho = P.INCOME_WEALTH_RHO
    log_inc = rho * z + np.sqrt(1 - rho**2) * rng.normal(size=n)
    log_inc += 0.25 * np.clip((age - 45) / 15, -1.5, 1) - 0.25 * (age < 24)
    median = 96_000 if locale == "zh_CN" else 61_000
    income = np.round(median * np.exp(0.55 * log_inc), -2)
    income = np.where(rng.random(n) < 0.09, np.nan, income)  # not disclosed

    edu_levels = np.array(["high_school", "associate", "bachelor", "master", "doctorate"])
    edu_logits = np.stack([-0.8 * z, 0 * z, 0.5 * z + 0.3, 0.9 * z - 1.0, 1.2 * z - 3.0], axis=1)
    education = edu_levels.astype(object)[_choice_rows(rng, _softmax_rows(edu_logits))]
    married = rng.random(n) < np.clip((age - 22) / 14, 0.05, 0.78)
    marital = np.where(married, "married", "single").astype(object)
    later = age > 45
    marital[later & (rng.random(n) < 0.10)] = "divorced"
    marital[(age > 65) & (rng.random(n) < 0.18)] = "widowed"
    marital = pools.shared(marital)
    jobs = pools.faker_pool(locale, faker_seed, "jobs")
    occupation = rng.choice(jobs.astype(object), size=n)
    occupation[age > 64] = "retired" if locale == "en_US" else "退休"

    signup_code = _choice_by_group(rng, seg, B["signup_mix"])
    signup_channel = np.array(P.SIGNUP_CHANNELS, dtype=object)[signup_code]
    consent = rng.random(n) < np.where(signup_channel == "online", 0.72, 0.55)

    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "name": people["name"].to_numpy(),
            "surname": people["surname"].to_numpy(),
            "given_name": people["given_name"].to_numpy(),
            "gender": people["gender"].to_numpy(),
            "birth_date": birth.values.astype("datetime64[s]"),
            "phone": phone,
            "email": email,
            "province": reg["province"].to_numpy()[where],
            "city": reg["city"].to_numpy()[where],
            "address": pools.addresses(rng, n, locale, faker_seed),
            "postcode": reg["postcode"].to_numpy()[where],
            "income": income,
            "occupation": occupation,
            "education": education,
            "marital_status": marital,
            "signup_date": tl.days.values.astype("datetime64[s]")[signup_day],
            "signup_channel": signup_channel,
            "marketing_consent": consent,
        }
    )
    latent = dict(
        segment=seg,
        wealth=wealth,
        lam=lam,
        p=p,
        favourite=favourite,
        frailty=frailty,
        buyer=buyer,
        signup_day=signup_day,
        signup_code=signup_code,
        z_wealth=z,
    )
    return customers, latent


def simulate_orders(
    rng: np.random.Generator,
    latent: dict[str, np.ndarray],
    tl: Timeline,
) -> pd.DataFrame:
    """Every order of every customer, history and churn window together.

    Returns a frame with ``customer_idx, day, is_first, channel_code, ordered_at``
    sorted by customer and time, plus the number of possible repeats before
    drop-out in ``latent['max_repeats']`` (added in place).
    """
    n = len(latent["lam"])
    end_idx = len(tl.days)
    s = latent["signup_day"]
    lam = latent["lam"]
    buyer = latent["buyer"]
    # repeat purchases: Poisson count on (signup day, end], times from the calendar
    expo = lam * (tl.cum[end_idx] - tl.cum[s + 1])
    m = np.where(buyer, rng.poisson(expo), 0)
    max_rep = rng.geometric(latent["p"])  # dies right after this many repeat purchases
    latent["max_repeats"] = max_rep
    cust = np.repeat(np.arange(n, dtype=np.int64), m)
    day = tl.sample_days(rng, s[cust] + 1, end_idx)
    # sort each customer's purchases in time with one integer key: customer, day
    span = 1 << int(end_idx).bit_length()
    key = np.sort(cust * span + day)
    del cust, day
    cust, day = key // span, key % span
    starts = np.concatenate([[0], np.cumsum(m)[:-1]])
    rank = np.arange(len(cust)) - starts[cust]
    keep = rank < max_rep[cust]
    del rank
    # merge in the first orders (on the signup day, before any repeat purchase)
    first = np.flatnonzero(buyer)
    key = np.sort(np.concatenate([(first * span + s[first]) * 2, key[keep] * 2 + 1]))
    del cust, day, keep
    is_first = key % 2 == 0
    key //= 2
    all_cust, all_day = key // span, key % span
    del key

    seg = latent["segment"][all_cust]
    ch = _choice_by_group(rng, seg, P.SEGMENT_BEHAVIOUR["channel_mix"])
    first_ch = np.array([1, 0, 2, 0])[latent["signup_code"][all_cust]]  # store, online, call, ref
    ch = np.where(is_first, first_ch, ch).astype(np.int8)
    ordered_at = np.empty(len(all_cust), dtype="datetime64[s]")
    for k, name in enumerate(P.ORDER_CHANNELS):
        sel = ch == k
        ordered_at[sel] = tl.stamp(rng, all_day[sel], calendar.hour_cdf(name))
    return pd.DataFrame(
        {
            "customer_idx": all_cust,
            "day": all_day,
            "is_first": is_first,
            "channel_code": ch,
            "ordered_at": ordered_at,
        }
    )


def order_details(
    rng: np.random.Generator,
    orders: pd.DataFrame,
    latent: dict[str, np.ndarray],
    products: pd.DataFrame,
    bundles: pd.DataFrame,
    tl: Timeline,
    locale: str,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Discounts and order lines for every order.

    Returns
    -------
    discount : numpy.ndarray
        One rate per order.
    items : pandas.DataFrame
        ``order_pos, product_idx, quantity`` (order_pos indexes ``orders`` rows).
    """
    B = P.SEGMENT_BEHAVIOUR
    no = len(orders)
    cust = orders["customer_idx"].to_numpy()
    seg = latent["segment"][cust]
    _, w = calendar.day_weights(tl.start, tl.end, locale)
    festive = w[orders["day"].to_numpy()] > 1.8
    share = np.clip(B["discount_share"][seg] + 0.35 * festive, 0, 0.97)
    has = rng.random(no) < share
    steps = 1 + rng.poisson(B["discount_mean"][seg] / 0.05 - 1 + 1.0 * festive)
    discount = np.where(has, np.minimum(steps, 10) * 0.05, 0.0).round(2)

    lines = 1 + rng.poisson(B["extra_lines"][seg])
    pos = np.repeat(np.arange(no, dtype=np.int64), lines)
    lc = cust[pos].astype(np.int32)
    cat = _choice_by_group(rng, latent["segment"][lc], B["category_pref"]).astype(np.int8)
    fav = rng.random(len(pos)) < P.FAVOURITE_SHARE
    cat[fav] = latent["favourite"][lc[fav]]
    zw = latent["z_wealth"][lc].astype(np.float32)
    del lc, fav
    # price tier: cheap / mid / premium, the wealthy lean premium (softmax of 3 logits)
    e_cheap, e_prem = np.exp(-1.1 * zw), np.exp(1.1 * zw - 0.4)
    u = rng.random(len(zw)) * (e_cheap + 1.0 + e_prem)
    tier = (u >= e_cheap).astype(np.int8) + (u >= e_cheap + 1.0)
    del e_cheap, e_prem, u, zw
    # products by (category, tier): pick uniformly inside the cell
    pc = products["category_idx"].to_numpy() * 3 + products["tier"].to_numpy() - 1
    cell_order = np.argsort(pc, kind="stable")
    cell_start = np.searchsorted(pc[cell_order], np.arange(24))
    cell_count = np.bincount(pc, minlength=24)
    cell = cat.astype(np.int16) * 3 + tier
    # a cell could be empty in principle: fall back to the mid tier
    empty = cell_count[cell] == 0
    cell[empty] = cat[empty] * 3 + 1
    k = (rng.random(len(pos)) * cell_count[cell]).astype(np.int64)
    prod = cell_order[cell_start[cell] + k]
    del k, cell, tier
    qty_mean = np.where((cat == 4) | (cat == 7), 0.8, 0.2)  # food and office in multiples
    qty = np.minimum(1 + rng.poisson(qty_mean), 20)
    del qty_mean, cat

    # planted bundles: some orders contain every product of one bundle
    bundle_ids = bundles["bundle_idx"].to_numpy()
    bundle_prod = bundles["product_idx"].to_numpy()
    nb = bundle_ids.max() + 1
    with_b = np.flatnonzero(rng.random(no) < P.BUNDLE_RATE)
    which = rng.integers(0, nb, size=len(with_b))
    sizes = np.bincount(bundle_ids, minlength=nb)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    bpos = np.repeat(with_b, sizes[which])
    offs = np.arange(len(bpos)) - np.repeat(np.cumsum(sizes[which]) - sizes[which], sizes[which])
    bprod = bundle_prod[np.repeat(starts[which], sizes[which]) + offs]

    # one integer per line: order, product, quantity; sorting it groups repeated products
    key = np.concatenate([(pos * 128 + prod) * 64 + qty, (bpos * 128 + bprod) * 64 + 1])
    del pos, prod, qty
    key.sort()
    line, q = key // 64, key % 64
    del key
    new = np.flatnonzero(np.concatenate([[True], line[1:] != line[:-1]]))
    q = np.add.reduceat(q, new)
    line = line[new]
    items = pd.DataFrame({"order_pos": line // 128, "product_idx": line % 128, "quantity": q})
    return discount, items
