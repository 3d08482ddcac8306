"""The customer database (客户数据库) of chapters 03–04: build, import, maintain, secure.

Everything here uses the standard library's :mod:`sqlite3` (an embedded database,
no server). One specification, :data:`SPEC`, describes every table; the SQL
definitions (keys, NOT NULL and CHECK constraints, indexes) *and* the row
validation of :func:`import_file` are both generated from it, so the two cannot
disagree. Its categorical columns allow exactly the values of
:mod:`labkit.vocabularies`, the sets the generator draws from.

>>> import tempfile, labkit
>>> from labkit import database
>>> world = labkit.make_world(seed=1, n_customers=200)
>>> folder = tempfile.mkdtemp()
>>> path = database.build_database(world, f"{folder}/xudong.db")
>>> database.verify(path)["integrity"]
'ok'

Modules, one concern each
-------------------------
* :mod:`~labkit.database.tables` — the specification: :class:`Col`, :class:`Rule`,
  :class:`Table`, :data:`SPEC`, :data:`TABLE_NAMES`
* :mod:`~labkit.database.ddl` — SQL definitions generated from it:
  :func:`create_statements` (CREATE TABLE with CHECK constraints, keys, indexes)
* :mod:`~labkit.database.connection` — :func:`connect` (foreign keys, secure
  delete, the per-connection audit user), using a connection or opening a path
* :mod:`~labkit.database.build` — :func:`build_database` from a world
* :mod:`~labkit.database.values` — one cell value: parsing (numbers, booleans in
  English and Chinese, date formats) and the column rule it breaks; phone and
  e-mail comparison
* :mod:`~labkit.database.csv_files` — reading a file to import (encodings, line ends,
  long cells, broken quotes as reasons) and writing a rejects file that never
  overwrites anything
* :mod:`~labkit.database.imports` — the import template workflow (下载模板 → 填写内容 →
  上传文件): :func:`template`, :func:`import_file`, :class:`ImportReport`,
  :class:`ImportAborted`
* :mod:`~labkit.database.maintenance` — :func:`upsert_customers` (with history),
  :func:`backup`, :func:`restore`, :func:`verify`, :func:`compare_counts`
* :mod:`~labkit.database.access` — least privilege: :func:`connect_readonly`,
  :class:`ReadOnlyConnection`, :func:`create_marketing_view`
* :mod:`~labkit.database.audit` — :func:`install_audit_log` (append-only),
  :func:`set_session_user` (per connection)
* :mod:`~labkit.database.erasure` — privacy duties: :func:`customer_record`,
  :func:`customer_footprint`, :func:`erase_customer` (staging records found by
  record linkage, audit copies, secure delete; pseudonymisation, masking and
  encryption live in :mod:`labkit.privacy`)

The package sits above :mod:`labkit.linkage` in the layers: erasure finds a
person's staging records with the kit's record linkage.
"""

from __future__ import annotations

from labkit.database.access import ReadOnlyConnection, connect_readonly, create_marketing_view
from labkit.database.audit import install_audit_log, set_session_user
from labkit.database.build import build_database
from labkit.database.connection import connect
from labkit.database.ddl import create_statements
from labkit.database.erasure import customer_footprint, customer_record, erase_customer
from labkit.database.imports import ImportAborted, ImportReport, import_file, template
from labkit.database.maintenance import backup, compare_counts, restore, upsert_customers, verify
from labkit.database.tables import SPEC, TABLE_NAMES, Col, Rule, Table
from labkit.database.uploads import messy_upload

__all__ = [
    "SPEC",
    "TABLE_NAMES",
    "Col",
    "ImportAborted",
    "ImportReport",
    "ReadOnlyConnection",
    "Rule",
    "Table",
    "backup",
    "build_database",
    "compare_counts",
    "connect",
    "connect_readonly",
    "create_marketing_view",
    "create_statements",
    "customer_footprint",
    "customer_record",
    "erase_customer",
    "import_file",
    "install_audit_log",
    "messy_upload",
    "restore",
    "set_session_user",
    "template",
    "upsert_customers",
    "verify",
]
