"""Reads of certificates: scoped to the user's organisation (another base's or city's is a 404)."""

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from accounts.scoping import NOTHING, org_scope_q
from trainees.models import Enrollment
from trainees.privacy import full_view_q

from .models import Certificate, PassersList


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(org_scope_q(user, "base__organisation")).select_related(
        "program__policy", "base__organisation", "issuer"
    )


def with_full_view(certificates: QuerySet[Certificate], user) -> QuerySet[Certificate]:
    """Annotated ``full_view``: whether the user sees the certified person's name and ID in full (the
    trainees' one rule, trainees.privacy)."""
    rule = full_view_q(user)
    if rule == NOTHING:
        return certificates.annotate(full_view=Value(False, output_field=BooleanField()))
    shown = Enrollment.objects.filter(rule, pk=OuterRef("enrollment_id"))
    return certificates.annotate(full_view=Exists(shown))


def certificates_search(
    user, *, program=None, status: str = "", q: str = "", base=None
) -> QuerySet[Certificate]:
    certificates = with_full_view(certificates_visible_to(user), user).order_by("-number")
    if program:
        certificates = certificates.filter(program=program)
    if base:
        certificates = certificates.filter(base=base)
    if status:
        certificates = certificates.filter(status=status)
    if q := (q or "").strip():
        certificates = certificates.filter(
            Q(number__startswith=q) | Q(name=q) | Q(base__organisation__name__icontains=q)
        )
    return certificates


def passers_lists_of(program) -> QuerySet[PassersList]:
    return PassersList.objects.filter(program=program).order_by("created_at", "id")


def public_lookup(number: str, name: str) -> Certificate | None:
    """The certificate with this number whose holder has this name (both must match, so numbers cannot
    be enumerated); None when there is none."""
    return (
        Certificate.objects.filter(number=number.strip(), name=name.strip()).select_related("program").first()
    )
