"""The REST API under /api/v1/: every router registers here; auth is required on all of it.

Authentication: a bearer token (``manage.py api_token``) or the signed-in browser session.
The OpenAPI schema (/api/v1/openapi.json) needs the same authentication; the interactive docs
page is off, because ninja's loads Swagger UI from a CDN and offices run on closed networks.
"""

from ninja import NinjaAPI

from accounts.api import router as accounts_router
from accounts.api_auth import BearerTokenAuth, SessionAuth, require_api_auth
from admission.api import router as admission_router
from audit.api import router as audit_router
from coordination.api import router as coordination_router
from core import api_errors, db_unavailable
from documents.api import router as documents_router
from inspections.api import router as inspections_router
from jobs.api import router as jobs_router
from orgs.api import router as orgs_router
from people.api import router as people_router
from positions.api import router as positions_router
from reports.api import router as reports_router
from transfer.api import router as transfer_router
from travel.api import router as travel_router
from vetting.api import router as vetting_router
from vetting.api_steps import router as vetting_steps_router

api = NinjaAPI(
    title="hoso API",
    version="1",
    description="Hồ sơ — API cho công tác bảo vệ chính trị nội bộ.",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
    docs_url=None,
    openapi_url="/openapi.json",
    docs_decorator=require_api_auth,
)
api_errors.install(api)
db_unavailable.install(api)
api.add_router("/people", people_router)
api.add_router("/orgs", orgs_router)
api.add_router("/coordination", coordination_router)
api.add_router("/inspections", inspections_router)
api.add_router("/documents", documents_router)
api.add_router("/admission", admission_router)
api.add_router("/vetting", vetting_router)
api.add_router("/vetting", vetting_steps_router)
api.add_router("/positions", positions_router)
api.add_router("/travel", travel_router)
api.add_router("/reports", reports_router)
api.add_router("/transfer", transfer_router)
api.add_router("/jobs", jobs_router)
api.add_router("/accounts", accounts_router)
api.add_router("/audit", audit_router)
