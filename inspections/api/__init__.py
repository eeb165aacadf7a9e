"""REST API of inspections and supervisions (/api/v1/inspections).

- ``programmes``: yearly programmes (list, detail, create);
- ``inspections``: list with filters, detail, create, update (409 on a stale version), the
  workflow step, the extension, overdue remediation, the report counts;
- ``parts``: an inspection's subjects, team, documents, conclusions, appeals and remediation.

Reads through visible_to(user) / get_visible_or_404; input through inspections.forms (the
same validation as the pages); writes through inspections.services (audited).
"""

# Import order is route order: the fixed paths (/programmes…) come before /{inspection_id},
# whose string converter would take "programmes" for an id.
# isort: off
from inspections.api import programmes  # noqa: F401 - adds its routes
from inspections.api import inspections, parts  # noqa: F401 - add their routes
from inspections.api.common import router
# isort: on

__all__ = ["router"]
