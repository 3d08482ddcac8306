"""E-mail addresses: one pattern, the domain-typo table, and one parser.

:data:`EMAIL_PATTERN` is the kit's only definition of the form of an address:
a local part of letters, digits and ``._%+-``; one ``@``; a domain of labels
(letters, digits, ``-``) joined by dots, ending in a top-level domain of two or
more letters. **Case does not matter**: the pattern accepts upper- and
lower-case letters alike, and :func:`parse_email` gives the address in
lower case (the form in which the kit stores and compares addresses).

:func:`parse_email` reads one written address: width and surrounding spaces
are formatting (NFKC, stripped), well-known domain typos are corrected
(:data:`DOMAIN_TYPOS`, and only those: any other domain may be real), and an
address that cannot be read gets the reason, checked in this order:
``"empty"``, ``"no @"``, ``"more than one @"``, ``"has spaces"``, ``"malformed"``.

>>> parse_email(" Li.Wei@GMIAL.com ")
ParsedEmail(address='li.wei@gmail.com', reason=None, note='domain typo fixed')
>>> is_email("LI.WEI@163.COM"), is_email("li@163")
(True, False)
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from labkit.formats.text import normalise
from labkit.i18n import N_

__all__ = [
    "DOMAIN_TYPOS",
    "EMAIL_PATTERN",
    "ParsedEmail",
    "is_email",
    "parse_email",
]

#: The form of an e-mail address, either case (use with ``fullmatch``).
EMAIL_PATTERN = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_EMAIL = re.compile(EMAIL_PATTERN)

#: Common misspellings of e-mail domains and the domain meant. Only these are
#: corrected: any other domain is kept as written (it may be real).
DOMAIN_TYPOS: dict[str, str] = {
    "gmial.com": "gmail.com",
    "gmal.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.con": "gmail.com",
    "hotmial.com": "hotmail.com",
    "hotmai.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "yahooo.com": "yahoo.com",
    "yaho.com": "yahoo.com",
    "outlok.com": "outlook.com",
    "outlook.co": "outlook.com",
    "icloud.co": "icloud.com",
    "iclod.com": "icloud.com",
    "163.cm": "163.com",
    "163.con": "163.com",
    "126.cm": "126.com",
    "162.com": "126.com",
    "qq.con": "qq.com",
    "qq.cm": "qq.com",
    "sina.cm": "sina.com",
    "foxmial.com": "foxmail.com",
}


class ParsedEmail(NamedTuple):
    """One written e-mail address, read."""

    #: The address in lower case, domain typo corrected; None when it cannot be read.
    address: str | None
    #: Why it cannot be read (see the module docstring); None when it can.
    reason: str | None
    #: ``"domain typo fixed"`` when a domain of :data:`DOMAIN_TYPOS` was corrected.
    note: str | None


def parse_email(value: Any) -> ParsedEmail:
    """Read one written e-mail address: lower case, domain typo fixed, or the reason not.

    Parameters
    ----------
    value : str or None
        The address as written.

    Returns
    -------
    ParsedEmail
        ``(address, reason, note)``. Never raises.

    Examples
    --------
    >>> parse_email("li@@163.com").reason, parse_email("li@qq.con").address
    ('more than one @', 'li@qq.com')
    """
    text = normalise(value)
    if text is None:
        return ParsedEmail(None, N_("empty"), None)
    text = text.lower()
    ats = text.count("@")
    if ats == 0:
        return ParsedEmail(None, N_("no @"), None)
    if ats > 1:
        return ParsedEmail(None, N_("more than one @"), None)
    if re.search(r"\s", text):
        return ParsedEmail(None, N_("has spaces"), None)
    local, _, domain = text.partition("@")
    fixed = DOMAIN_TYPOS.get(domain)
    address = f"{local}@{fixed or domain}"
    if not _EMAIL.fullmatch(address):
        return ParsedEmail(None, N_("malformed"), None)
    return ParsedEmail(address, None, None if fixed is None else N_("domain typo fixed"))


def is_email(value: Any) -> bool:
    """Whether a value reads as an e-mail address (its form only; either case).

    ``li@gmial.com`` is an address in form (and :func:`parse_email` corrects its
    domain); whether it is the customer's address is a question of fact that no
    rule about form can answer.

    Parameters
    ----------
    value : str or None
        The address as written.

    Returns
    -------
    bool
        ``parse_email(value).reason is None``.

    Examples
    --------
    >>> is_email("a_b+c@mail.example.org"), is_email("li @163.com"), is_email(None)
    (True, False, False)
    """
    return parse_email(value).reason is None
