"""Whose roles govern the personal data kept on projects (accounts.permissions asks)."""

from actionplan.accounts.permissions import register

from .models import ContactPerson


def register_rules() -> None:
    register(ContactPerson, lambda obj: ("project", obj.project))
