"""The trainee roster (花名册, SPEC §6), one module per job:

- ``columns``  the one declaration of every column (header, kind, required, help, width, model field,
  export heading) that everything below is driven by;
- ``values``   cell values (text, vocabularies, dates, years, levels) and the name and phone rules the
  registration form shares;
- ``reader``   a workbook (.xlsx or .xls, through ``core.spreadsheets``' limits) into parsed rows;
- ``rows``     one row's cells into engine facts and reasons, within the model fields' limits;
- ``judge``    the whole file under the programme's policy, duplicates, the database's objections;
- ``template`` the downloadable template and its guide sheet;
- ``rejected`` the rejected rows back as a workbook with a reasons column.

This is the ONE roster path: the browser import, the saving import, ``manage.py import_roster`` and the
registration form all go through ``read_roster``/``parse_row`` then ``validate_roster``, so a row accepted
in one place is accepted everywhere. The import workflow (preview, commit, jobs) is ``import_reports``.
"""

from .columns import BY_HEADER, CERTIFICATE_GROUP, COLUMNS, EXPORTED, ROSTER_HEADER, Column, Kind
from .judge import ACCEPTED, REJECTED, KnownEnrolments, RosterReport, RowResult, validate_roster
from .reader import RosterError, RosterSource, read_roster
from .rejected import REASONS_COLUMN, rejected_rows_name, rejected_rows_workbook
from .rows import RosterRow, parse_row
from .template import roster_template_xlsx

__all__ = [
    "ACCEPTED",
    "BY_HEADER",
    "CERTIFICATE_GROUP",
    "COLUMNS",
    "EXPORTED",
    "REASONS_COLUMN",
    "REJECTED",
    "ROSTER_HEADER",
    "Column",
    "Kind",
    "KnownEnrolments",
    "RosterError",
    "RosterReport",
    "RosterRow",
    "RosterSource",
    "RowResult",
    "parse_row",
    "read_roster",
    "rejected_rows_name",
    "rejected_rows_workbook",
    "roster_template_xlsx",
    "validate_roster",
]
