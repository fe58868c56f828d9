"""gunicorn's logger, with private links masked (see kiss_visit.log_filters).

gunicorn.conf.py names it as `logger_class`. gunicorn writes its access log itself, from
"atoms" (request line, path, query, referer, any header or environ variable): those that
access_log_format uses are masked before the line is formatted, whatever it asks for. Only
those: gunicorn makes an atom of every header and environ variable of the request, and masking
them all cost 0.13 ms a request, a quarter of a cached page. Its error log ("Error handling
request <uri>") gets the same filter as Django's loggers.
"""

import re

from gunicorn.glogging import Logger

from kiss_visit.logs.log_filters import MaskPrivateLinks, mask_private_links

# %(name)s in access_log_format: h, r, {referer}i, {path_info}e...
FORMAT_ATOM = re.compile(r"%\(([^)]+)\)")


def atoms_used(access_log_format: str) -> frozenset[str]:
    """The atoms a format names, as gunicorn looks them up (a header or variable in braces is
    looked up in lower case)."""
    names = FORMAT_ATOM.findall(access_log_format)
    return frozenset(name.lower() if name.startswith("{") else name for name in names)


class PrivateLinksLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        self.masked_atoms = atoms_used(cfg.access_log_format)
        # setup() runs again on every configuration reload: one filter is enough.
        if not any(isinstance(f, MaskPrivateLinks) for f in self.error_log.filters):
            self.error_log.addFilter(MaskPrivateLinks())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in self.masked_atoms:
            value = atoms.get(name)
            if isinstance(value, str):
                atoms[name] = mask_private_links(value)
        return atoms
