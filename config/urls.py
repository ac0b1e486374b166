"""Site URLs: every app's pages under one explicit prefix, the API under /api/v1/."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from taizhang.api.api import api
from taizhang.dashboard import views as dashboard_views
from taizhang.web import views as web_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", web_views.health, name="health"),
    path("readyz", web_views.ready, name="ready"),
    # LoginView names the site after the request's host; the page names taizhang as every other page does.
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                extra_context={"site_name": settings.TAIZHANG_SITE_NAME}), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("org/", include("taizhang.orgs.urls")),
    path("audit/", include("taizhang.audit.urls")),
    path("security/", include("taizhang.security.urls")),
    path("campaigns/", include("taizhang.campaigns.urls")),
    path("ledger/", include("taizhang.ledger.urls")),
    path("research/", include("taizhang.research.urls")),
    path("study/", include("taizhang.study.urls")),
    path("matters/", include("taizhang.matters.urls")),
    path("institutions/", include("taizhang.institutions.urls")),
    path("materials/", include("taizhang.materials.urls")),
    path("similarity/", include("taizhang.similarity.urls")),
    path("dossier/", include("taizhang.dossier.urls")),
    path("stats/", include("taizhang.stats.urls")),
    path("notifications/", include("taizhang.notifications.urls")),
    path("supervision/", include("taizhang.supervision.urls")),
    path("reports/", include("taizhang.reports.urls")),
    path("excel/", include("taizhang.imports.urls")),
    path("quality/", include("taizhang.quality.urls")),
    path("search/", include("taizhang.search.urls")),
    path("", include("taizhang.opinions.urls")),
]

handler400 = "taizhang.web.views.bad_request"
handler403 = "taizhang.web.views.permission_denied"
handler404 = "taizhang.web.views.page_not_found"
handler500 = "taizhang.web.views.server_error"
