"""Goals, indicators, periods, reports and their workflow."""

from django.urls import include, path

from followup.views import annual, dashboards, reports, setup

app_name = "followup"

# /uppfoljning/rapporter/<pk>/
report_urls = [
    path("", reports.report_detail, name="report-detail"),
    path("redigera/", reports.report_edit, name="report-edit"),
    path("granska/", reports.report_review, name="report-review"),
    path("godkann/", reports.report_approve, name="report-approve"),
    path("skicka-tillbaka/", reports.report_return, name="report-return"),
    path("oppna-igen/", reports.report_reopen, name="report-reopen"),
]

# /uppfoljning/oversikt/
dashboard_urls = [
    path("", dashboards.dashboard_index, name="dashboard-index"),
    path("fullstandighet/", dashboards.completeness_dashboard, name="dashboard-completeness"),
    path("indikatorer/", dashboards.indicators_dashboard, name="dashboard-indicators"),
    path("mal/", dashboards.goals_dashboard, name="dashboard-goals"),
    path("tackning/", dashboards.coverage_dashboard, name="dashboard-coverage"),
    path("rackvidd/", dashboards.reach_dashboard, name="dashboard-reach"),
    path("ekonomi/", dashboards.economy_dashboard, name="dashboard-economy"),
    path("arbetssatt/", dashboards.self_assessment_dashboard, name="dashboard-self-assessment"),
    path("varden/", dashboards.values_export, name="values-export"),
    path(
        "regionjamforelse/",
        dashboards.regional_comparison_dashboard,
        name="dashboard-regional",
    ),
]

urlpatterns = [
    path("", reports.report_list, name="report-list"),
    path("rapporter/ny/", reports.report_create, name="report-create"),
    path("rapporter/<int:pk>/", include(report_urls)),
    path("mal/", setup.goal_list, name="goal-list"),
    path("mal/ny/", setup.goal_create, name="goal-create"),
    path("mal/<int:pk>/redigera/", setup.goal_edit, name="goal-edit"),
    path("indikatorer/", setup.indicator_list, name="indicator-list"),
    path("indikatorer/ny/", setup.indicator_create, name="indicator-create"),
    path("indikatorer/<int:pk>/redigera/", setup.indicator_edit, name="indicator-edit"),
    path("perioder/", setup.period_list, name="period-list"),
    path("perioder/ny/", setup.period_create, name="period-create"),
    path("perioder/<int:pk>/redigera/", setup.period_edit, name="period-edit"),
    path("perioder/<int:pk>/las/", setup.period_lock, name="period-lock"),
    path("perioder/<int:pk>/las-upp/", setup.period_unlock, name="period-unlock"),
    path("oversikt/", include(dashboard_urls)),
    path("arsrapport/", annual.annual_report_index, name="annual-report-index"),
    path(
        "arsrapport/<slug:kind>/<int:pk>/<int:year>/",
        annual.annual_report,
        name="annual-report",
    ),
]
