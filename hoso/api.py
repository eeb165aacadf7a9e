"""The REST API under /api/v1/: every router registers here; auth is required on all of it."""

from ninja import NinjaAPI

from accounts.api_auth import BearerTokenAuth, SessionAuth

api = NinjaAPI(
    title="hoso API",
    version="1",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
