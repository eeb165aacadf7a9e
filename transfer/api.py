"""REST API of the transfer app."""

from ninja import Router

from transfer.exporting.api import router as export_router

router = Router(tags=["transfer"])
router.add_router("", export_router)
