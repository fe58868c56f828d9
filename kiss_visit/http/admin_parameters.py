"""The admin's own parameters, checked before its views hand them to a query or a widget.

Django's admin trusts a few values that its own pages put in their links and forms, and fails
with a 500 when they hold anything else:
- any id in a list filter (`?visit=<n>`): SQLite's driver refuses to even send an integer beyond
  64 bits (OverflowError), and the admin does not check the range first;
- the rows an action applies to (`_selected_action`): `filter(pk__in=...)` raises on "abc";
- the field a popup links by (`_to_field`): an empty one is looked up as a field named "";
- the initial values of an add form (`?day=3`): an autocomplete widget looks any text up as a
  key, and the date-and-time widget cannot split a text into a date and a time.
One middleware checks them for every model admin, django.contrib.auth's included, rather than a
mixin in each of ours: it reaches the admin through the `model_admin` attribute Django gives each
admin view. Values that cannot be right are dropped, so the page says what it says when they are
missing ("Items must be selected…", an empty field).
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

# Ids are 64-bit signed integers, on SQLite and PostgreSQL alike.
DATABASE_INTEGERS = range(-(2**63), 2**63)


class AdminParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is None:
            return None
        adding = (request.resolver_match.url_name or "").endswith("_add")
        request.GET = checked_query(request.GET, model_admin.model, adding=adding)
        if request.method == "POST":
            request.POST = checked_form(request.POST, model_admin.model)
        return None


def checked_query(query, model, *, adding: bool):
    """The query without ids beyond 64 bits (a search is text: it keeps its digits), an empty
    `_to_field`, and (on an add page) the initial values the form cannot show."""
    kept = query.copy()
    for name, values in list(kept.lists()):
        usable = [v for v in values if name == SEARCH_VAR or not beyond_database_integers(v)]
        kept.setlist(name, usable)
        empty_to_field = name == TO_FIELD_VAR and usable == [""]
        if not usable or empty_to_field or (adding and not shown_as_initial(model, name, usable)):
            del kept[name]
    kept._mutable = False
    return kept


def checked_form(form, model):
    """The form with only the selected rows that are rows of the model, and without an empty
    `_to_field`. Other fields are the forms' to check: they say what is wrong, keeping input."""
    if ACTION_CHECKBOX_NAME not in form and form.get(TO_FIELD_VAR) != "":
        return form
    kept = form.copy()
    if kept.get(TO_FIELD_VAR) == "":
        del kept[TO_FIELD_VAR]
    selected = kept.getlist(ACTION_CHECKBOX_NAME)
    if selected:
        kept.setlist(ACTION_CHECKBOX_NAME, usable_keys(model._meta.pk, selected))
    kept._mutable = False
    return kept


def usable_keys(field, values: list[str]) -> list[str]:
    """The values that can be keys of the field's model (which it may or may not hold)."""
    kept = []
    for value in values:
        try:
            field.to_python(value)
        except ValidationError:
            continue
        if not beyond_database_integers(value):
            kept.append(value)
    return kept


def shown_as_initial(model, name: str, values: list[str]) -> bool:
    """Whether the add form can show the (last) value as the field's initial value."""
    value = values[-1]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True  # not a field: the add form ignores it
    if isinstance(field, models.DateTimeField):
        return False
    if field.is_relation and field.concrete:
        values = value.split(",") if field.many_to_many else [value]
        return usable_keys(field.target_field, values) == values
    return True


def beyond_database_integers(value: str) -> bool:
    """An integer as Django reads one (int(): signs, spaces, any script's digits), too big for
    a database column."""
    try:
        return int(value) not in DATABASE_INTEGERS
    except ValueError:
        return False
