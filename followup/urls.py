"""Goals, indicators, periods, reports and their workflow."""

from django.urls import include, path

from followup import views

app_name = "followup"

# /uppfoljning/rapporter/<pk>/
report_urls = [
    path("", views.report_detail, name="report-detail"),
    path("redigera/", views.report_edit, name="report-edit"),
    path("granska/", views.report_review, name="report-review"),
    path("godkann/", views.report_approve, name="report-approve"),
    path("skicka-tillbaka/", views.report_return, name="report-return"),
    path("oppna-igen/", views.report_reopen, name="report-reopen"),
]

# /uppfoljning/oversikt/
dashboard_urls = [
    path("", views.dashboard_index, name="dashboard-index"),
    path("fullstandighet/", views.completeness_dashboard, name="dashboard-completeness"),
    path("indikatorer/", views.indicators_dashboard, name="dashboard-indicators"),
    path("mal/", views.goals_dashboard, name="dashboard-goals"),
    path("tackning/", views.coverage_dashboard, name="dashboard-coverage"),
    path("rackvidd/", views.reach_dashboard, name="dashboard-reach"),
    path("ekonomi/", views.economy_dashboard, name="dashboard-economy"),
    path("arbetssatt/", views.self_assessment_dashboard, name="dashboard-self-assessment"),
    path("varden/", views.values_export, name="values-export"),
    path(
        "regionjamforelse/",
        views.regional_comparison_dashboard,
        name="dashboard-regional",
    ),
]

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("rapporter/ny/", views.report_create, name="report-create"),
    path("rapporter/<int:pk>/", include(report_urls)),
    path("mal/", views.goal_list, name="goal-list"),
    path("mal/ny/", views.goal_create, name="goal-create"),
    path("mal/<int:pk>/redigera/", views.goal_edit, name="goal-edit"),
    path("indikatorer/", views.indicator_list, name="indicator-list"),
    path("indikatorer/ny/", views.indicator_create, name="indicator-create"),
    path("indikatorer/<int:pk>/redigera/", views.indicator_edit, name="indicator-edit"),
    path("perioder/", views.period_list, name="period-list"),
    path("perioder/ny/", views.period_create, name="period-create"),
    path("perioder/<int:pk>/redigera/", views.period_edit, name="period-edit"),
    path("perioder/<int:pk>/las/", views.period_lock, name="period-lock"),
    path("perioder/<int:pk>/las-upp/", views.period_unlock, name="period-unlock"),
    path("oversikt/", include(dashboard_urls)),
    path("arsrapport/", views.annual_report_index, name="annual-report-index"),
    path(
        "arsrapport/<slug:kind>/<int:pk>/<int:year>/",
        views.annual_report,
        name="annual-report",
    ),
]
