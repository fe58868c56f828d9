"""A participant of a study visit: who they are, how to reach them, their private link."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from programme.models import StudyVisit
from programme.sorting import name_key
from registrations.domain.addresses import email_key
from registrations.domain.search import searchable
from registrations.models.invitation import DelegationInvitation
from registrations.models.querysets import ParticipantQuerySet


def new_manage_token() -> str:
    """256 random bits, URL-safe: the participant's private link. Never derived from an id."""
    return secrets.token_urlsafe(32)


class DietaryRequirement(models.TextChoices):
    NONE = "", _("No particular requirement")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    NO_PORK = "no_pork", _("No pork")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    LACTOSE_FREE = "lactose_free", _("Lactose-free")
    ALLERGY = "allergy", _("Allergy (please describe)")
    OTHER = "other", _("Other (please describe)")


SEARCHED = {"first_name", "last_name", "email", "organisation"}


def sort_name(last_name: str, first_name: str) -> str:
    return f"{name_key(last_name)[0]}\t{name_key(first_name)[0]}"


class Participant(models.Model):
    visit = models.ForeignKey(
        StudyVisit,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("study visit"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), max_length=254)
    # The address as compared (see registrations/domain/addresses.py); kept in step with `email`
    # by save().
    email_key = models.CharField(_("e-mail address as compared"), max_length=320, editable=False)
    # Names, address and organisation without accents, case-folded: what the admin's search
    # matches, the same way on SQLite and PostgreSQL (see registrations/domain/search.py).
    search_text = models.CharField(max_length=800, editable=False, default="")
    # Last name then first name, without accents and case: the order of the exports, "Ñúñez"
    # among the N's (programme/sorting.py), kept here so that a list of any length streams.
    sort_name = models.CharField(max_length=420, editable=False, default="")
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Every form that asks the country shows this, not "---------", until one is chosen.
    country = CountryField(_("country"), blank=True, blank_label=_("Choose a country"))
    is_delegation = models.BooleanField(
        _("member of the partner delegation"),
        default=False,
        help_text=_(
            "Confirmed by an organiser. Delegation members take the places reserved for the "
            "partners first."
        ),
    )
    # Ticked on the public form by anyone; only an organiser turns it into membership (and
    # reserved places): see services.set_delegation.
    delegation_claimed = models.BooleanField(
        _("says they belong to the delegation"),
        default=False,
        help_text=_("Ticked on the registration form; an organiser confirms the membership."),
    )
    # The delegation invitation they registered through, if any: they were members at once.
    invitation = models.ForeignKey(
        DelegationInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="participants",
        verbose_name=_("delegation invitation"),
    )
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    dietary_requirement = models.CharField(
        _("dietary requirement"),
        max_length=20,
        choices=DietaryRequirement.choices,
        blank=True,
    )
    dietary_notes = models.CharField(_("dietary details"), max_length=500, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    consented_at = models.DateTimeField(_("consented to the privacy notice at"))
    consent_given_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given to the organiser"),
        help_text=_("Empty: given on the registration form."),
    )
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    manage_token = models.CharField(
        _("private link key"), max_length=64, unique=True, default=new_manage_token, editable=False
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            # One participant per mailbox and visit, however the address is spelt; erased
            # participants keep no address.
            models.UniqueConstraint(
                fields=["visit", "email_key"],
                condition=Q(erased_at__isnull=True),
                name="one_participant_per_mailbox_and_visit",
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return str(_("Erased participant #%(id)s") % {"id": self.pk})
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.email_key = email_key(self.email) if self.email else ""
        self.search_text = searchable(*(getattr(self, name) for name in SEARCHED))
        self.sort_name = sort_name(self.last_name, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"email_key"} if "email" in update_fields else set()
            derived |= {"search_text"} if SEARCHED & set(update_fields) else set()
            derived |= {"sort_name"} if {"first_name", "last_name"} & set(update_fields) else set()
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    # Deliberately not get_absolute_url: the admin's "view on site" would hand the private link
    # to any staff account.
    def manage_path(self) -> str:
        """The private page where the participant sees and changes their registration."""
        return reverse(
            "registrations:manage", kwargs={"visit": self.visit.slug, "token": self.manage_token}
        )
