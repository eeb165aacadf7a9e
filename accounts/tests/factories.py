"""Builders for users in tests."""

from accounts.choices import Role
from accounts.models import User
from core.choices import Classification

PASSWORD = "mat-khau-thu-nghiem-42"


def make_user(username: str, unit, role: str = Role.OFFICER,
              clearance: int = Classification.MAT, **extra) -> User:
    user = User(username=username, full_name=extra.pop("full_name", username), role=role,
                clearance=clearance, org_unit=unit, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user
