"""gunicorn's logger, with private links masked (see kiss_visit.log_filters).

gunicorn.conf.py names it as `logger_class`. gunicorn writes its access log itself, from
"atoms" (request line, path, query, referer, any header or environ variable): each is masked
before the line is formatted, whatever access_log_format asks for. Its error log ("Error handling
request <uri>") gets the same filter as Django's loggers.
"""

from gunicorn.glogging import Logger

from kiss_visit.logs.log_filters import MaskPrivateLinks, mask_private_links


class PrivateLinksLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # setup() runs again on every configuration reload: one filter is enough.
        if not any(isinstance(f, MaskPrivateLinks) for f in self.error_log.filters):
            self.error_log.addFilter(MaskPrivateLinks())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: mask_private_links(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
