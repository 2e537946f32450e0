from django.urls import include, path

from coordination import views

app_name = "coordination"

urlpatterns = [
    # /samordning/uppdrag/
    path(
        "uppdrag/",
        include(
            [
                path("", views.my_assignments, name="my-assignments"),
                path("alla/", views.assignment_list, name="assignment-list"),
                path("ny/", views.assignment_create, name="assignment-create"),
                path("<int:pk>/avsluta/", views.assignment_end_view, name="assignment-end"),
            ]
        ),
    ),
    # /samordning/styrgrupper/
    path(
        "styrgrupper/",
        include(
            [
                path("", views.steering_group_list, name="steering-group-list"),
                path("ny/", views.steering_group_create, name="steering-group-create"),
                path("<int:pk>/", views.steering_group_detail, name="steering-group-detail"),
                path("<int:pk>/andra/", views.steering_group_edit, name="steering-group-edit"),
            ]
        ),
    ),
    # /samordning/moten/
    path(
        "moten/",
        include(
            [
                path("", views.meeting_list, name="meeting-list"),
                path("ny/", views.meeting_create, name="meeting-create"),
                path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
                path("<int:pk>/andra/", views.meeting_edit, name="meeting-edit"),
            ]
        ),
    ),
    path("beslut/<int:pk>/status/", views.decision_status, name="decision-status"),
    # /samordning/dilemman/
    path(
        "dilemman/",
        include(
            [
                path("", views.dilemma_list, name="dilemma-list"),
                path("ny/", views.dilemma_create, name="dilemma-create"),
                path("<int:pk>/", views.dilemma_detail, name="dilemma-detail"),
                path("<int:pk>/andra/", views.dilemma_edit, name="dilemma-edit"),
            ]
        ),
    ),
    # /samordning/kompetensutveckling/
    path(
        "kompetensutveckling/",
        include(
            [
                path("", views.training_list, name="training-list"),
                path("ny/", views.training_create, name="training-create"),
                path("<int:pk>/", views.training_detail, name="training-detail"),
                path("<int:pk>/andra/", views.training_edit, name="training-edit"),
            ]
        ),
    ),
    # /samordning/avtal/
    path(
        "avtal/",
        include(
            [
                path("", views.agreement_list, name="agreement-list"),
                path("ny/", views.agreement_create, name="agreement-create"),
                path("<int:pk>/", views.agreement_detail, name="agreement-detail"),
                path("<int:pk>/andra/", views.agreement_edit, name="agreement-edit"),
                path("<int:pk>/dokument/", views.agreement_document, name="agreement-document"),
                path("<int:pk>/budget/", views.agreement_budget_edit, name="agreement-budget"),
                path("<int:pk>/kostnader/ny/", views.cost_create, name="cost-create"),
            ]
        ),
    ),
    # /samordning/kostnader/
    path(
        "dokument/",
        include(
            [
                path("", views.document_list, name="document-list"),
                path("ny/", views.document_create, name="document-create"),
                path("<int:pk>/", views.document_detail, name="document-detail"),
                path("<int:pk>/fil/", views.document_file, name="document-file"),
                path("<int:pk>/andra/", views.document_edit, name="document-edit"),
                path("<int:pk>/ta-bort/", views.document_delete, name="document-delete"),
            ]
        ),
    ),
    path("kostnader/<int:pk>/andra/", views.cost_edit, name="cost-edit"),
    path("kostnader/<int:pk>/ta-bort/", views.cost_delete, name="cost-delete"),
]
