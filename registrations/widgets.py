"""A country list that is built once per language, not at each page.

Django renders each <option> of a select through a template: 250 countries cost more CPU than
the rest of the registration form together. The list's HTML depends only on the language, the
value chosen and the attributes, so it is kept, for a few recent combinations, in the process.
"""

from collections import OrderedDict
from threading import Lock

from django.utils.translation import get_language
from django_countries.widgets import LazySelect

RENDERINGS_KEPT = 32


class CountrySelect(LazySelect):
    """The same HTML as django-countries' own select, rendered once per language and value."""

    renderings: OrderedDict = OrderedDict()
    lock = Lock()

    def render(self, name, value, attrs=None, renderer=None):
        key = (get_language(), name, str(value), tuple(sorted((attrs or {}).items())))
        with self.lock:
            html = self.renderings.get(key)
            if html is not None:
                self.renderings.move_to_end(key)
                return html
        html = super().render(name, value, attrs, renderer)
        with self.lock:
            self.renderings[key] = html
            while len(self.renderings) > RENDERINGS_KEPT:
                self.renderings.popitem(last=False)
        return html
