"""A branch's filled-in customers template with planted problems, for the import exercise.

:func:`messy_upload` rebuilds, from a world alone, the same ten rows every time: the
exercise of chapter 03 and its check both import it into a freshly built database and
compare what :func:`~labkit.database.imports.import_file` rejects, and why.

>>> import labkit
>>> world = labkit.make_world(seed=1, n_customers=200)
>>> upload = messy_upload(world)
>>> len(upload), upload["customer_id"].is_unique
(10, False)
"""

from __future__ import annotations

import pandas as pd

from labkit.database.tables import table_spec
from labkit.world import World

__all__ = ["PLANTED", "messy_upload"]

#: What is wrong with each row of :func:`messy_upload` (row position → problems).
#: Rows 0, 1 and 9 are good; row 6 has two problems; row 7 repeats row 0's new key.
PLANTED: dict[int, tuple[str, ...]] = {
    2: ("customer_id of a customer already in the database",),
    3: ("name left empty (required)",),
    4: ("birth_date 1990-02-30, a day that does not exist",),
    5: ("member_tier 'diamond', not an allowed tier",),
    6: ("name left empty (required)", "member_tier 'diamond', not an allowed tier"),
    7: ("customer_id repeated from row 0 of the same file",),
    8: ("phone '12345', too short to be a phone number",),
}
_ROWS = 10


def _new_phone(phone: str, taken: set[str], step: int) -> str:
    """A phone of the same shape as ``phone`` whose last four digits make it unused."""
    head, tail = phone[:-4], int(phone[-4:])
    for k in range(1, 10_000):
        candidate = f"{head}{(tail + k * step) % 10_000:04d}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free phone number of the shape {head}XXXX")  # pragma: no cover


def messy_upload(world: World) -> pd.DataFrame:
    """Ten new customers as a branch fills in the template, seven of them with problems.

    The rows are copies of the last complete customers of ``world`` (no empty
    optional cell, so a missing cell always means a planted problem), given new
    keys (above the largest ``customer_id``), unused phone numbers of the same
    shape and e-mail addresses of their own. Then :data:`PLANTED` problems are
    written in: a key already in the database, a key repeated within the file, an
    empty required name (twice, once together with a second problem), an
    impossible date, a tier that does not exist and a phone that is too short.
    The same world gives the same rows, in the column order of the template.

    Parameters
    ----------
    world : World
        The world whose ``customers`` the rows are modelled on (at least ten
        customers without an empty cell).

    Returns
    -------
    pandas.DataFrame
        Ten rows with the columns of table ``customers``, dates as
        ``YYYY-MM-DD`` text, ready for ``to_csv(path, index=False)`` and
        :func:`~labkit.database.import_file`.

    Raises
    ------
    ValueError
        If the world has fewer than ten complete customers.

    Examples
    --------
    >>> import labkit
    >>> upload = messy_upload(labkit.make_world(seed=1, n_customers=200))
    >>> upload.loc[[3, 4, 5], ["name", "birth_date", "member_tier"]].isna().sum().tolist()
    [1, 0, 0]
    >>> upload.loc[4, "birth_date"], upload.loc[5, "member_tier"]
    ('1990-02-30', 'diamond')
    """
    customers = world["customers"]
    columns = table_spec("customers").column_names
    complete = customers[columns].dropna()
    if len(complete) < _ROWS:
        raise ValueError(
            f"the world has {len(complete)} customers without an empty cell; the upload needs "
            f"{_ROWS}: make a larger world"
        )
    rows = complete.tail(_ROWS).reset_index(drop=True).copy()
    first_new = int(customers["customer_id"].max()) + 1
    rows["customer_id"] = range(first_new, first_new + _ROWS)
    taken = set(customers["phone"].dropna().astype(str))
    phones = []
    for position, phone in enumerate(rows["phone"].astype(str)):
        phones.append(_new_phone(phone, taken, step=7919 + position))
        taken.add(phones[-1])
    rows["phone"] = phones
    rows["email"] = [f"branch.upload{n + 1}@example.com" for n in range(_ROWS)]
    for column in columns:
        if pd.api.types.is_datetime64_any_dtype(rows[column]):
            rows[column] = rows[column].dt.strftime("%Y-%m-%d")
    rows = rows.astype({"name": object, "birth_date": object, "member_tier": object})
    rows.loc[2, "customer_id"] = int(customers["customer_id"].iloc[0])
    rows.loc[[3, 6], "name"] = None
    rows.loc[4, "birth_date"] = "1990-02-30"
    rows.loc[[5, 6], "member_tier"] = "diamond"
    rows.loc[7, "customer_id"] = first_new
    rows.loc[8, "phone"] = "12345"
    return rows[columns]
