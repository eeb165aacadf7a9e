"""REST API of trips abroad and foreign contacts (/api/v1/travel).

- ``trips``: list (with the overdue filters), detail with approvals and flags, request, edit
  while a draft, workflow moves, a committee's opinion, the passport handed back;
- ``records``: incoming visits, contact reports, declared foreign elements (list, detail,
  create, edit).

Reads through visible_to(user); input through travel.forms; writes through travel.services
(audited); a classified record's detail needs ?reason= and the read is logged.
"""

from travel.api import records, trips  # noqa: F401 - they add the routes
from travel.api.common import router

__all__ = ["router"]
