"""Contact persons and the rights of the people behind them: export and erasure, and the
retention rule.

Erasure rule (what a legal basis keeps):
- A contact record is *kept* when it has a legal basis (already on the record, or given to the
  erasure) and its "keep until" date has not passed (no date: kept until the retention rule
  below applies). A kept record loses its e-mail and phone and keeps only what a basis such as
  Bogføringsloven needs: the name, title, organisation and project (who acted for which party);
  the basis is written on the record and in the erasure event.
- Every other record is anonymised: name "Anonymiseret", e-mail, phone and title blank,
  anonymised_at set.
- The audit trail is always redacted: the basis needs the record, not its history.
- A user account with the e-mail is deactivated and renamed; invitations to the e-mail lose it.
- Files are removed (row and stored file) when they are about one of the person's contact
  records, or were uploaded by the person's user account and marked as containing personal
  data; the audit events of those files lose the file name and title. Other files the person
  uploaded (a project's final report) are the project's records and stay.

Retention rule: a contact whose project is closed (completed, cancelled, rejected) is
anonymised once ACTIONPLAN_CONTACT_RETENTION_DAYS (default 5 years, the period of
Bogføringsloven § 10 that grant accounts follow) have passed since the project's end and its
own "keep until" date, if any, has passed too; files about the contact are removed with it.
"""

import datetime as dt
import logging
import operator
import os
import re
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.accounts.models import Invitation, LoginFailure, Membership
from actionplan.attachments.models import Attachment
from actionplan.attachments.services import attachments_erase
from actionplan.core import services as core
from actionplan.core import version
from actionplan.core.models import AuditEvent
from actionplan.core.search import Fold, fold
from actionplan.core.services import Actor
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project, ProjectStatus

from .models import ContactPerson

log = logging.getLogger("actionplan.security")

ANONYMISED_NAME = "Anonymiseret"
REDACTED = "[anonymiseret]"
ERASURE, RETENTION = "erasure", "retention"
CLOSED_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED, ProjectStatus.REJECTED)
DEFAULT_RETENTION_DAYS = 5 * 365
CONTACT_TYPE = ContactPerson._meta.label_lower
PERSONAL_FIELDS = {"name", "email", "phone", "title", "filename", "file"}
USER_FIELDS = {"username", "email", "first_name", "last_name"}


def retention_days() -> int:
    value = getattr(settings, "ACTIONPLAN_CONTACT_RETENTION_DAYS", None)
    if value is None:
        value = os.environ.get("ACTIONPLAN_CONTACT_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS
    return int(value)


# -- contact persons -----------------------------------------------------------------------


def contact_create(
    *,
    actor: Actor,
    project: Project,
    name: str,
    email: str = "",
    phone: str = "",
    title: str = "",
    organisation: Organisation | None = None,
    legal_basis: str = "",
    retain_until: dt.date | None = None,
) -> ContactPerson:
    return core.create(
        ContactPerson(
            project=project,
            name=name,
            email=email,
            phone=phone,
            title=title,
            organisation=organisation,
            legal_basis=legal_basis,
            retain_until=retain_until,
        ),
        actor=actor,
    )


def contact_update(*, actor: Actor, contact: ContactPerson, **values: Any) -> ContactPerson:
    return core.update(contact, actor=actor, **values)


def contact_delete(*, actor: Actor, contact: ContactPerson) -> None:
    core.delete(contact, actor=actor)


# -- the person behind the records ---------------------------------------------------------


def _check_actor(actor: Actor) -> None:
    """Export and erasure reach every project: only the system (the CLI) or a superuser."""
    core.require_actor(actor)
    if core.is_system(actor):
        return
    if getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser:
        return
    raise PermissionDenied(_("Only an administrator of the installation may do this."))


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(email)s” is not an e-mail address.") % {"email": email}
        ) from exc
    return email


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    # "+45 12 34 56 78" and "12345678" are the same number: allow separators between digits.
    return r"(?<!\d)" + r"[\s.\-]*".join(digits[-8:]) + r"(?!\d)"


@dataclass
class Person:
    """What identifies one person in free text."""

    email: str
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    usernames: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        parts = [re.escape(self.email)] if self.email else []
        parts += [
            r"\b" + re.escape(n) + r"\b"
            for n in sorted(self.names | self.usernames)
            if len(n) >= 3 and n != ANONYMISED_NAME
        ]
        parts += [p for p in (_phone_pattern(ph) for ph in sorted(self.phones)) if p]
        # With nothing to look for, match nothing (an empty pattern would match everything).
        self.pattern = re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)

    def mentioned_in(self, value: Any) -> bool:
        if isinstance(value, str):
            return bool(self.pattern.search(value))
        if isinstance(value, list | tuple):
            return any(self.mentioned_in(v) for v in value)
        if isinstance(value, dict):
            return any(self.mentioned_in(v) for v in value.values())
        return False

    def redact(self, value: Any) -> Any:
        """A JSON value with every string that mentions the person replaced whole."""
        if isinstance(value, str):
            return REDACTED if self.pattern.search(value) else value
        if isinstance(value, list | tuple):
            return [self.redact(v) for v in value]
        if isinstance(value, dict):
            return {k: self.redact(v) for k, v in value.items()}
        return value

    def redact_text(self, text: str) -> str:
        return self.pattern.sub(REDACTED, text)

    def redact_within(self, value: Any) -> Any:
        """A JSON value with the person cut out of every string (the rest kept)."""
        if isinstance(value, str):
            return self.redact_text(value)
        if isinstance(value, list | tuple):
            return [self.redact_within(v) for v in value]
        if isinstance(value, dict):
            return {k: self.redact_within(v) for k, v in value.items()}
        return value

    def search_terms(self) -> list[str]:
        """Plain substrings every mention contains one of (for the database to narrow by)."""
        terms = [self.email] if self.email else []
        terms += [n for n in self.names | self.usernames if len(n) >= 3 and n != ANONYMISED_NAME]
        terms += [re.sub(r"\D", "", phone)[-4:] for phone in self.phones if _phone_pattern(phone)]
        return [t for t in terms if t]


def _person(email: str, contacts: list[ContactPerson], users: list) -> Person:
    person = Person(email=email)
    for contact in contacts:
        person.names.add(contact.name.strip())
        if contact.phone:
            person.phones.add(contact.phone)
    for user in users:
        if user.get_full_name().strip():
            person.names.add(user.get_full_name().strip())
        person.usernames.add(user.get_username())
    person.names.discard("")
    person.__post_init__()
    return person


def _contacts(email: str):
    return ContactPerson.objects.filter(email__iexact=email).select_related(
        "project", "organisation"
    )


def _users(email: str):
    return get_user_model().objects.filter(email__iexact=email)


def _own_events(contact_ids, user_ids) -> set[tuple[str, str]]:
    user_type = get_user_model()._meta.label_lower
    return {(CONTACT_TYPE, str(i)) for i in contact_ids} | {(user_type, str(i)) for i in user_ids}


def _events_about(
    person: Person, own: set[tuple[str, str]], user_ids: set[int], *, only_own: bool = False
):
    """Audit events that mention the person, are about their records, or were made by them."""
    events = AuditEvent.objects.only(
        "id",
        "at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
    )
    if only_own:
        events = events.filter(
            Q(pk__in=[]) | reduce(operator.or_, (Q(object_type=t, object_id=i) for t, i in own))
        )
    for event in events.order_by("id").iterator(chunk_size=2000):
        if (
            (event.object_type, event.object_id) in own
            or event.actor_id in user_ids
            or event.actor_label in person.usernames
            or person.mentioned_in(event.object_repr)
            or person.mentioned_in(event.changes)
        ):
            yield event


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_export(*, actor: Actor, email: str) -> dict[str, Any]:
    """Everything the installation holds about the person with this e-mail, JSON-ready."""
    _check_actor(actor)
    email = _clean_email(email)
    contacts = list(_contacts(email))
    users = list(_users(email))
    person = _person(email, contacts, users)
    user_ids = {u.pk for u in users}
    own = _own_events([c.pk for c in contacts], user_ids)
    memberships = Membership.objects.filter(user__in=users).select_related(
        "organisation", "plan", "project"
    )
    invitations = Invitation.objects.filter(email__iexact=email).select_related(
        "organisation", "plan", "project"
    )
    log.info("personal data export contacts=%s users=%s", len(contacts), len(users))
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "contacts": [
            {
                "id": c.pk,
                "project": {"id": c.project_id, "title": c.project.title, "slug": c.project.slug},
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "title": c.title,
                "organisation": c.organisation.name if c.organisation else None,
                "legal_basis": c.legal_basis,
                "retain_until": _iso(c.retain_until),
                "anonymised_at": _iso(c.anonymised_at),
                "created_at": _iso(c.created_at),
                "updated_at": _iso(c.updated_at),
            }
            for c in contacts
        ],
        "users": [
            {
                "id": u.pk,
                "username": u.get_username(),
                "email": u.email,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "is_active": u.is_active,
                "is_staff": u.is_staff,
                "date_joined": _iso(u.date_joined),
                "last_login": _iso(u.last_login),
            }
            for u in users
        ],
        "memberships": [
            {"user_id": m.user_id, "role": m.role, "scope": str(m.scope)} for m in memberships
        ],
        "invitations": [
            {
                "role": i.role,
                "scope": str(i.scope),
                "created_at": _iso(i.created_at),
                "expires_at": _iso(i.expires_at),
                "accepted_at": _iso(i.accepted_at),
            }
            for i in invitations
        ],
        "attachments": [
            {
                "id": a.pk,
                "project_id": a.project_id,
                "filename": a.filename,
                "title": a.title,
                "about_contact_id": a.about_id,
                "uploaded_by_id": a.uploaded_by_id,
                "personal_data": a.personal_data,
                "created_at": _iso(a.created_at),
            }
            for a in Attachment.objects.filter(
                Q(about__in=contacts) | Q(uploaded_by__in=users)
            ).order_by("pk")
        ],
        "audit_events": [
            {
                "id": e.pk,
                "at": _iso(e.at),
                "who": e.actor_label,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object": e.object_repr,
                "changes": e.changes,
            }
            for e in _events_about(person, own, user_ids)
        ],
    }


@dataclass
class ErasurePlan:
    """What an erasure will do; shown before the CLI asks for confirmation."""

    email: str
    anonymise: list[ContactPerson]
    keep: list[ContactPerson]
    users: list
    legal_basis: str
    # Free text that names the person, rows per "model.field": found before the erasure,
    # redacted by it.
    mentions: dict[str, int] = field(default_factory=dict)
    attachments: list = field(default_factory=list)  # files to remove


def _personal_files(contacts, users) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            Q(about__in=contacts) | Q(uploaded_by__in=users, personal_data=True)
        ).order_by("pk")
    )


def _keeps(contact: ContactPerson, legal_basis: str, today: dt.date) -> bool:
    basis = legal_basis.strip() or contact.legal_basis.strip()
    return bool(basis) and (contact.retain_until is None or contact.retain_until >= today)


def erasure_plan(*, actor: Actor, email: str, legal_basis: str = "") -> ErasurePlan:
    _check_actor(actor)
    email = _clean_email(email)
    today = timezone.localdate()
    contacts = list(_contacts(email).filter(anonymised_at__isnull=True))
    users = list(_users(email))
    return ErasurePlan(
        email=email,
        anonymise=[c for c in contacts if not _keeps(c, legal_basis, today)],
        keep=[c for c in contacts if _keeps(c, legal_basis, today)],
        users=users,
        legal_basis=legal_basis.strip(),
        mentions=free_text_mentions(_person(email, list(_contacts(email)), users)),
        attachments=_personal_files(list(_contacts(email)), users),
    )


def _anonymise_contacts(ids: list[int], now: dt.datetime) -> None:
    ContactPerson.objects.filter(pk__in=ids).update(
        name=ANONYMISED_NAME,
        email="",
        phone="",
        title="",
        retain_until=None,
        anonymised_at=now,
        updated_at=now,
    )


def _redact_events(
    person: Person, own: set[tuple[str, str]], renamed: dict[str, str], *, only_own: bool = False
) -> int:
    """Rewrite the audit events that hold the person's values. The trail is otherwise never
    edited; erasure is the one exception the law makes."""
    count = 0
    for event in _events_about(person, own, set(), only_own=only_own):
        is_own = (event.object_type, event.object_id) in own
        fields = PERSONAL_FIELDS | USER_FIELDS if is_own else set()
        changes = {
            name: (
                [REDACTED if v not in (None, "") else v for v in pair]
                if name in fields and isinstance(pair, list)
                else person.redact(pair)
            )
            for name, pair in event.changes.items()
        }
        object_repr = REDACTED if is_own else person.redact_text(event.object_repr)
        actor_label = renamed.get(event.actor_label, event.actor_label)
        if (changes, object_repr, actor_label) != (
            event.changes,
            event.object_repr,
            event.actor_label,
        ):
            AuditEvent.objects.filter(pk=event.pk).update(
                changes=changes, object_repr=object_repr[:300], actor_label=actor_label
            )
            count += 1
    return count


def _free_text_fields():
    """Every text column of the domain's tables where a person can be named in passing
    (descriptions, status-update narratives, assessments, milestones, drafts, snapshots of
    the memo ...), besides the records erasure rewrites itself. Slugs and choices are codes,
    not prose."""
    from django.apps import apps

    handled = {ContactPerson, AuditEvent, LoginFailure, Invitation, get_user_model()}
    for model in apps.get_models():
        if not model.__module__.startswith("actionplan.") or model in handled:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not isinstance(f, models.SlugField)
            and not f.choices
            and not f.primary_key
        ]
        if fields:
            yield model, fields


def _mentions(person: Person, model, column):
    """(pk, value) of the rows whose field mentions the person: narrowed by the database
    (folded, so "Østergaard" finds "østergaard" on SQLite too), decided by the pattern."""
    rows = model._base_manager.all()
    terms = person.search_terms()
    if not terms:
        return
    if not isinstance(column, models.JSONField):
        rows = rows.annotate(_folded=Fold(column.attname)).filter(
            reduce(operator.or_, (Q(_folded__contains=fold(t)) for t in terms))
        )
    for pk, value in rows.values_list("pk", column.attname).iterator(chunk_size=2000):
        if person.mentioned_in(value):
            yield pk, value


def _redact_free_text(person: Person) -> dict[str, int]:
    """Cut the person out of every free text; how many rows changed, per model and field."""
    found: dict[str, int] = {}
    for model, fields in _free_text_fields():
        for column in fields:
            changed = 0
            for pk, value in list(_mentions(person, model, column)):
                model._base_manager.filter(pk=pk).update(
                    **{column.attname: person.redact_within(value)}
                )
                changed += 1
            if changed:
                found[f"{model._meta.label_lower}.{column.name}"] = changed
    return found


def free_text_mentions(person: Person) -> dict[str, int]:
    """Where free text names the person, per model and field (rows), changing nothing."""
    found: dict[str, int] = {}
    for model, fields in _free_text_fields():
        for column in fields:
            count = sum(1 for _ in _mentions(person, model, column))
            if count:
                found[f"{model._meta.label_lower}.{column.name}"] = count
    return found


def _record(*, actor: Actor, action: str, object_id: str, changes: dict) -> AuditEvent:
    # The summary event names record ids and counts only, never the person's values.
    version.changed()
    return AuditEvent.objects.create(
        **core._actor_fields(actor),
        action=action,
        object_type=CONTACT_TYPE,
        object_id=object_id[:64],
        object_repr=ANONYMISED_NAME,
        changes=changes,
    )


@transaction.atomic
def person_erase(*, actor: Actor, email: str, legal_basis: str = "") -> ErasurePlan:
    """Anonymise the person with this e-mail everywhere, the audit trail included."""
    plan = erasure_plan(actor=actor, email=email, legal_basis=legal_basis)
    now = timezone.now()
    every_contact = list(_contacts(plan.email))
    person = _person(plan.email, every_contact, plan.users)
    own = _own_events([c.pk for c in every_contact], {u.pk for u in plan.users})

    _anonymise_contacts([c.pk for c in plan.anonymise], now)
    for contact in plan.keep:
        ContactPerson.objects.filter(pk=contact.pk).update(
            email="",
            phone="",
            legal_basis=plan.legal_basis or contact.legal_basis,
            updated_at=now,
        )
    renamed = {}
    for user in plan.users:
        renamed[user.get_username()] = f"anonymised-{user.pk}"
        user.set_unusable_password()
        type(user).objects.filter(pk=user.pk).update(
            username=f"anonymised-{user.pk}",
            email="",
            first_name="",
            last_name="",
            is_active=False,
            password=user.password,
        )
    # An open invitation to the address would recreate the account: it expires now.
    invitations = Invitation.objects.filter(email__iexact=plan.email)
    invitations.filter(accepted_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitations.update(email="")
    LoginFailure.objects.filter(username__in=[plan.email, *renamed]).delete()
    removed_files = attachments_erase(attachments=plan.attachments)
    own |= {(Attachment._meta.label_lower, str(pk)) for pk in removed_files}
    redacted = _redact_events(person, own, renamed)
    plan.mentions = _redact_free_text(person)

    ids = ",".join(str(c.pk) for c in plan.anonymise + plan.keep)
    _record(
        actor=actor,
        action=ERASURE,
        object_id=ids or "-",
        changes={
            "contacts_anonymised": [None, [c.pk for c in plan.anonymise]],
            "contacts_kept": [None, [c.pk for c in plan.keep]],
            "legal_basis": [None, plan.legal_basis or sorted({c.legal_basis for c in plan.keep})],
            "users_anonymised": [None, [u.pk for u in plan.users]],
            "attachments_removed": [None, removed_files],
            "audit_events_redacted": [None, redacted],
            "free_text_redacted": [None, plan.mentions],
        },
    )
    log.info(
        "personal data erasure contacts=%s kept=%s users=%s files=%s events=%s free_text=%s",
        len(plan.anonymise),
        len(plan.keep),
        len(plan.users),
        len(removed_files),
        redacted,
        sum(plan.mentions.values()),
    )
    return plan


# -- retention -----------------------------------------------------------------------------


@dataclass
class RetentionResult:
    anonymised: list[ContactPerson]
    closed_without_end: list[Project]
    days: int


def contacts_due(today: dt.date | None = None, days: int | None = None):
    today = today or timezone.localdate()
    days = retention_days() if days is None else days
    return (
        ContactPerson.objects.filter(
            anonymised_at__isnull=True,
            project__status__in=CLOSED_STATUSES,
            project__end__lt=today - dt.timedelta(days=days),
        )
        .exclude(retain_until__gte=today)
        .select_related("project")
    )


@transaction.atomic
def retention_run(*, actor: Actor, today: dt.date | None = None) -> RetentionResult:
    """Anonymise the contacts the retention rule says are due; running it again does nothing."""
    _check_actor(actor)
    days = retention_days()
    due = list(contacts_due(today, days))
    closed_without_end = list(
        Project.objects.filter(
            status__in=CLOSED_STATUSES, end__isnull=True, contacts__anonymised_at__isnull=True
        ).distinct()
    )
    if due:
        now = timezone.now()
        removed_files = attachments_erase(
            attachments=Attachment.objects.filter(about__in=due).order_by("pk")
        )
        files_own = {(Attachment._meta.label_lower, str(pk)) for pk in removed_files}
        for contact in due:
            # Only this record's own history: the same person may be a contact elsewhere.
            person = _person(contact.email, [contact], [])
            own = _own_events([contact.pk], []) | files_own
            _redact_events(person, own, {}, only_own=True)
        _anonymise_contacts([c.pk for c in due], now)
        _record(
            actor=actor,
            action=RETENTION,
            object_id=",".join(str(c.pk) for c in due),
            changes={
                "contacts_anonymised": [None, [c.pk for c in due]],
                "attachments_removed": [None, removed_files],
                "retention_days": [None, days],
            },
        )
    return RetentionResult(due, closed_without_end, days)
