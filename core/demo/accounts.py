"""Demo accounts: one per persona of the access policy, with a printed development password."""

from dataclasses import dataclass

from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from core.choices import Classification
from orgs.choices import OrgKind
from orgs.models import OrgUnit

# Development only: printed by `manage.py demo_accounts` so anyone trying hoso can sign in.
DEMO_PASSWORD = "hoso-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    clearance: int
    province: str | None  # None = the national root (Trung ương)
    superuser: bool = False


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", Role.ADMIN, Classification.TUYET_MAT, None,
                superuser=True),
    DemoAccount("lanhdao.hanoi", "Nguyễn Văn Lãnh", Role.LEADER, Classification.TOI_MAT, "Hà Nội"),
    DemoAccount("canbo.hanoi", "Trần Thị Hoà", Role.OFFICER, Classification.MAT, "Hà Nội"),
    DemoAccount("canbo.haiphong", "Đặng Văn Thủy", Role.OFFICER, Classification.MAT, "Hải Phòng"),
    DemoAccount("xem.hanoi", "Lê Thị Xuân", Role.VIEWER, Classification.THUONG, "Hà Nội"),
    DemoAccount("kiemtra", "Đỗ Minh Kiểm", Role.AUDITOR, Classification.TUYET_MAT, None),
]


def _unit_for(province: str | None) -> OrgUnit:
    units = OrgUnit.objects.active()
    if province is None:
        return units.filter(kind=OrgKind.TW).order_by("id").first()
    return units.filter(kind=OrgKind.TINH_THANH, name__endswith=province).order_by("id").first()


@transaction.atomic
def ensure_demo_accounts() -> list[tuple[User, DemoAccount]]:
    """Create or reset the demo accounts (idempotent); the org tree must exist (manage.py demo)."""
    result = []
    for account in ACCOUNTS:
        unit = _unit_for(account.province)
        if unit is None:
            raise LookupError(account.province or "Trung ương")
        user, _created = User.objects.get_or_create(username=account.username)
        user.full_name = account.full_name
        user.role = account.role
        user.clearance = account.clearance
        user.org_unit = unit
        user.include_subunits = True
        user.is_superuser = user.is_staff = account.superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        result.append((user, account))
    return result
