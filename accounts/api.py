"""REST API of the signed-in user's own profile (read-only): who the caller is to hoso."""

from ninja import Router, Schema

from accounts.forms import confirmed_totp_device

router = Router(tags=["accounts"])


class UnitRef(Schema):
    id: int
    name: str


class ProfileOut(Schema):
    """The caller's role, clearance and scope: what the API will show and let them do."""

    id: int
    username: str
    full_name: str
    email: str
    role: str
    role_label: str
    clearance: int
    clearance_label: str
    org_unit: UnitRef | None
    include_subunits: bool
    otp_enabled: bool


@router.get("/me", summary="Thông tin tài khoản của tôi",
            response=ProfileOut)
def me(request):
    """The caller's own profile; nobody reads another user's through the API."""
    user = request.user
    return {"id": user.pk, "username": user.username, "full_name": user.full_name,
            "email": user.email, "role": user.role, "role_label": str(user.get_role_display()),
            "clearance": user.clearance,
            "clearance_label": str(user.get_clearance_display()),
            "org_unit": user.org_unit, "include_subunits": user.include_subunits,
            "otp_enabled": confirmed_totp_device(user) is not None}
