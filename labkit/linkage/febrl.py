"""FEBRL dataset 4: a public record-linkage benchmark, to check linkage on data that is not ours.

The FEBRL project (Freely Extensible Biomedical Record Linkage, Peter Christen,
Australian National University) generated synthetic person records with
realistic errors. Dataset 4 has 5,000 original records (``dataset4a``) and one
corrupted duplicate of each (``dataset4b``): given name, surname, street
number, two address lines, suburb, postcode, state, birth date and social
security number, with typos, missing values and swapped fields. Put together,
the 10,000 records hold 5,000 true pairs, identified by the number in
``rec_id`` (``rec-1070-org`` / ``rec-1070-dup-0``).

The two files are kept, unmodified but gzip-compressed, in
``tests/data/febrl4/`` of the kit's folder (origin and licence in the README
there), so the tests and ``benchmarks/bench_dedup.py`` read them without a
network. :func:`load_febrl4` reads them as text.

:data:`FEBRL4_COMPARE` names each column's kind; that is all the configuration
:func:`labkit.linkage.find_duplicates` gets on this data.

>>> sorted(set(FEBRL4_COMPARE.values()))
['date', 'exact', 'name', 'text']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labkit.i18n import _
from labkit.settings import project_root

__all__ = ["FEBRL4_COMPARE", "FEBRL4_FILES", "febrl4_folder", "load_febrl4"]

#: The kind of each compared column of FEBRL dataset 4 (the dict form of ``compare``).
FEBRL4_COMPARE: dict[str, str] = {
    "given_name": "name",
    "surname": "name",
    "street_number": "exact",
    "address_1": "text",
    "address_2": "text",
    "suburb": "text",
    "postcode": "exact",
    "state": "exact",
    "date_of_birth": "date",
    "soc_sec_id": "exact",
}
#: The two files of dataset 4, originals first.
FEBRL4_FILES = ("dataset4a.csv.gz", "dataset4b.csv.gz")


def febrl4_folder() -> Path | None:
    """Where the FEBRL dataset 4 files are: ``tests/data/febrl4/`` of the kit's folder.

    Returns
    -------
    pathlib.Path or None
        None when the package runs outside a copy of the kit
        (:func:`labkit.settings.project_root`).

    Examples
    --------
    >>> folder = febrl4_folder()
    >>> folder is None or folder.parts[-3:] == ("tests", "data", "febrl4")
    True
    """
    root = project_root()
    return None if root is None else root / "tests" / "data" / "febrl4"


def load_febrl4(folder: str | Path | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """FEBRL dataset 4 (both files, 10,000 records) and the true entity of each record.

    Parameters
    ----------
    folder : path, optional
        The folder holding :data:`FEBRL4_FILES`; default :func:`febrl4_folder`.

    Returns
    -------
    records : pandas.DataFrame
        ``rec_id`` and the ten fields, all as text (missing values as NaN).
    truth : pandas.Series
        ``entity``: the original record's number, one per record (same index).

    Raises
    ------
    FileNotFoundError
        If the files are not in the folder.

    Examples
    --------
    >>> records, truth = load_febrl4()  # doctest: +SKIP
    >>> len(records), truth.nunique()  # doctest: +SKIP
    (10000, 5000)
    """
    where = Path(folder) if folder is not None else febrl4_folder()
    paths = [where / name for name in FEBRL4_FILES] if where is not None else []
    missing = [str(path) for path in paths if not path.is_file()]
    if not paths or missing:
        raise FileNotFoundError(
            _(
                "FEBRL dataset 4 is kept in tests/data/febrl4/ of the kit's folder; "
                "not found: {missing}"
            ).format(missing=", ".join(missing) or _("no copy of the kit around this package"))
        )
    parts = [pd.read_csv(path, dtype=str, skipinitialspace=True) for path in paths]
    records = pd.concat(parts, ignore_index=True)
    truth = records["rec_id"].str.extract(r"^rec-(\d+)-", expand=False).astype(int)
    return records, truth.rename("entity")
