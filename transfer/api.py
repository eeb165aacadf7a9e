"""REST API of the transfer app."""

from ninja import Router

router = Router(tags=["transfer"])
