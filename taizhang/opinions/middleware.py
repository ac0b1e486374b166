"""On a public host name (settings.OPINIONS_PUBLIC_HOSTS) only the public 征求意见 pages and static files answer."""

from django.conf import settings
from django.http import HttpResponseNotFound

PUBLIC_PREFIXES = ("/o/", "/static/")


class PublicHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hosts = settings.OPINIONS_PUBLIC_HOSTS
        if hosts and request.get_host().split(":")[0].lower() in {h.lower() for h in hosts} \
                and not request.path.startswith(PUBLIC_PREFIXES):
            return HttpResponseNotFound("<!doctype html><title>404</title><p>页面不存在</p>",
                                        content_type="text/html; charset=utf-8")
        return self.get_response(request)
